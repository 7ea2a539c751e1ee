import { packFrames } from '../core/protocol/frames';
import {
  CONTENT_PORT,
  PANEL_PORT,
  PROTOCOL_VERSION,
  type BackgroundToContent,
  type BackgroundToPanel,
  type ContentToBackground,
  type PanelToBackground,
  type SourceInfo,
  type TabSummary,
} from '../core/protocol';

/** The minimal port surface the router needs (a runtime.Port, or a fake in unit tests). */
export interface RouterPort {
  readonly name: string;
  readonly sender?: { readonly tab?: { readonly id?: number }; readonly frameId?: number; readonly url?: string };
  postMessage(msg: unknown): void;
  readonly onMessage: { addListener(fn: (msg: unknown) => void): void };
  readonly onDisconnect: { addListener(fn: () => void): void };
}

interface Content {
  readonly port: RouterPort;
  readonly info: SourceInfo;
}

interface Panel {
  readonly port: RouterPort;
  /** Wants WebSocket messages as FrameColumns. */
  readonly frames: boolean;
}

interface Tab {
  readonly contents: Map<string, Content>;
  readonly panels: Map<string, Panel>;
}

/**
 * Routes events per tab: each content relay to every panel of its tab (the DevTools panel and any
 * popped-out tabs). Holds nothing it cannot rebuild: after a restart, relays and panels
 * reconnect and say hello again.
 */
export class Router {
  private readonly tabs = new Map<number, Tab>();

  constructor(private readonly openTab: (url: string) => void = () => undefined) {}

  connect(port: RouterPort): void {
    if (port.name === CONTENT_PORT) this.connectContent(port);
    else if (port.name === PANEL_PORT) this.connectPanel(port);
  }

  private tab(tabId: number): Tab {
    let t = this.tabs.get(tabId);
    if (!t) {
      t = { contents: new Map(), panels: new Map() };
      this.tabs.set(tabId, t);
    }
    return t;
  }

  private forget(tabId: number): void {
    const t = this.tabs.get(tabId);
    if (t && t.contents.size === 0 && t.panels.size === 0) this.tabs.delete(tabId);
  }

  private connectContent(port: RouterPort): void {
    const tabId = port.sender?.tab?.id;
    if (tabId === undefined) return;
    const frameId = port.sender?.frameId ?? 0;
    let content: Content | null = null;
    port.onMessage.addListener((raw) => {
      const msg = raw as ContentToBackground;
      const tab = this.tab(tabId);
      if (msg.type === 'hello') {
        if (msg.v !== PROTOCOL_VERSION) return;
        content = { port, info: { ...msg.source, frameId } };
        tab.contents.set(content.info.sourceId, content);
        post<BackgroundToContent>(port, { type: 'panels', count: tab.panels.size });
        for (const panel of tab.panels.values()) post<BackgroundToPanel>(panel.port, { type: 'source', source: content.info });
      } else if (msg.type === 'events' && content) {
        const out: BackgroundToPanel = { type: 'events', source: content.info, events: msg.events, dropped: msg.dropped, missed: msg.missed ?? 0 };
        // Packed once per batch, here rather than in the relay: the relay runs on the page's thread.
        let packed: BackgroundToPanel | null = null;
        const send = (panel: Panel): void => {
          if (!panel.frames) return post(panel.port, out);
          if (!packed) {
            const { events, frames } = packFrames(msg.events);
            packed = frames ? { ...out, events, frames } : out;
          }
          post(panel.port, packed);
        };
        if (msg.to !== undefined) {
          const panel = tab.panels.get(msg.to);
          if (panel) send(panel);
        } else {
          for (const panel of tab.panels.values()) send(panel);
        }
      }
    });
    port.onDisconnect.addListener(() => {
      const tab = this.tabs.get(tabId);
      if (content && tab?.contents.get(content.info.sourceId) === content) tab.contents.delete(content.info.sourceId);
      this.forget(tabId);
    });
  }

  private connectPanel(port: RouterPort): void {
    let sub: { tabId: number; panelId: string } | null = null;
    port.onMessage.addListener((raw) => {
      const msg = raw as PanelToBackground;
      switch (msg.type) {
        case 'subscribe': {
          if (msg.v !== PROTOCOL_VERSION) return;
          if (sub) this.unsubscribe(sub.tabId, sub.panelId);
          sub = { tabId: msg.tabId, panelId: msg.panelId };
          const tab = this.tab(msg.tabId);
          tab.panels.set(msg.panelId, { port, frames: msg.frames === true });
          post<BackgroundToPanel>(port, { type: 'subscribed', v: PROTOCOL_VERSION, tabId: msg.tabId });
          this.announcePanels(tab);
          for (const c of tab.contents.values()) post<BackgroundToPanel>(port, { type: 'source', source: c.info });
          break;
        }
        case 'replay': {
          if (!sub) return;
          const c = this.tabs.get(sub.tabId)?.contents.get(msg.sourceId);
          if (c) post<BackgroundToContent>(c.port, { type: 'replay', panelId: sub.panelId, after: msg.after });
          break;
        }
        case 'list-tabs':
          post<BackgroundToPanel>(port, { type: 'tabs', tabs: this.summaries() });
          break;
        case 'open-tab':
          this.openTab(msg.url);
          break;
      }
    });
    port.onDisconnect.addListener(() => {
      if (sub) this.unsubscribe(sub.tabId, sub.panelId);
    });
  }

  private unsubscribe(tabId: number, panelId: string): void {
    const tab = this.tabs.get(tabId);
    if (!tab) return;
    tab.panels.delete(panelId);
    this.announcePanels(tab);
    this.forget(tabId);
  }

  private announcePanels(tab: Tab): void {
    for (const c of tab.contents.values()) post<BackgroundToContent>(c.port, { type: 'panels', count: tab.panels.size });
  }

  private summaries(): TabSummary[] {
    const out: TabSummary[] = [];
    for (const [tabId, tab] of this.tabs) {
      if (tab.contents.size === 0) continue;
      const topFrame = [...tab.contents.values()].find((c) => c.info.top) ?? tab.contents.values().next().value;
      out.push({ tabId, url: topFrame?.info.url ?? '', sources: tab.contents.size });
    }
    return out;
  }
}

function post<T>(port: RouterPort, msg: T): void {
  try {
    port.postMessage(msg);
  } catch {
    // Disconnected a moment ago; its onDisconnect cleans up.
  }
}
