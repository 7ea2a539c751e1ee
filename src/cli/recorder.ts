/**
 * Recording a tab's captures through the real extension pipeline (page hook -> relay -> background
 * router -> panel port), for `polltergeist record`, classifier fixtures and e2e checks.
 *
 * The recorder is a panel without UI: an extension page (devtools/panel.html, opened in its own
 * tab) opens one more runtime port named PANEL_PORT and speaks PanelToBackground like
 * src/panel/session.ts does: `list-tabs` to find the tab, `subscribe`, a `replay` for every
 * announced `source` (from the last seq it holds without a gap, so everything the relay buffered
 * arrives, and a background restart is survived), and every `events` message is kept, deduplicated
 * by seq. The events are therefore exactly what a panel receives, nothing re-derived.
 *
 * Scripts run in the extension page as strings, not functions: under tsx, functions passed to
 * page.evaluate carry `__name(...)` helper calls that do not exist in the page.
 *
 *   const rec = await recordTab(l, 'marker=abc');   // a tab whose URL contains the marker
 *   await sleep(5000);
 *   const { sources } = await rec.stop();           // [{ source, events (by seq), dropped, missed }]
 *
 * Subscribing attaches the page's hook (full previews, every body read); what happened before was
 * kept in the hook's detached ring (1 KB previews, small bodies not read: "body not read" notes).
 * To record a page from its first request fully attached, subscribe while the tab shows another
 * page (e.g. /fixture/blank?marker=...) and navigate it afterwards: the new document is announced
 * as a new source and recorded from its install.
 */
import type { Page } from 'puppeteer-core';
import { PANEL_PORT, PROTOCOL_VERSION, type SequencedEvent, type SourceInfo, type TabSummary } from '../core/protocol';
import { gotoExtensionPage, type Launched } from './launch';
import { waitFor } from './wait';

export interface RecordedSource {
  readonly source: SourceInfo;
  /** Sorted by seq, each seq once. */
  readonly events: SequencedEvent[];
  /** Events the page's hook evicted from its ring before the relay got them (cumulative, last reported). */
  readonly dropped: number;
  /** Events the relay no longer held when the recorder asked for them. */
  readonly missed: number;
}

export interface Recording {
  readonly tabId: number;
  /** Sources (documents) in order of their first event. */
  readonly sources: RecordedSource[];
}

/** An extension page a driver (puppeteer, Playwright) can run a script expression in. */
export interface ScriptPage {
  evaluate(expression: string): Promise<unknown>;
  close(): Promise<void>;
}

/** A recording in progress, whatever drives the browser. */
export interface TabRecorder {
  readonly tabId: number;
  /** Everything recorded so far; recording continues. */
  collect(): Promise<Recording>;
  /** How many events are recorded so far, leaving out documents whose URL starts with `except` (cheap: no events cross). */
  count(except?: string): Promise<number>;
  /** Collects, then closes the port (the tab's hook detaches if no other panel is open) and the page. */
  stop(): Promise<Recording>;
}

export interface Recorder extends TabRecorder {
  /** The extension page that holds the port (and the events recorded so far). */
  readonly page: Page;
  /** Everything recorded so far; recording continues. */
  collect(): Promise<Recording>;
  /** How many events are recorded so far, leaving out documents whose URL starts with `except` (cheap: no events cross). */
  count(except?: string): Promise<number>;
  /** Collects, then closes the port (the tab's hook detaches if no other panel is open) and the page. */
  stop(): Promise<Recording>;
}

export interface RecordOptions {
  /** How long to wait for a tab whose URL contains `urlPart`. Default 20 s. */
  timeoutMs?: number;
}

/** The in-page state, kept on `window` under this name. */
const GLOBAL = '__polltergeistRecorder';

/**
 * Finds the one tab whose top document URL contains `urlPart` (as the panel's tab picker lists
 * them) and starts recording it. Throws if several tabs match.
 */
export async function recordTab(l: Launched, urlPart: string, opts: RecordOptions = {}): Promise<Recorder> {
  const page = await l.browser.newPage();
  try {
    await gotoExtensionPage(l, page, l.extensionUrl('devtools/panel.html'));
    const rec = await recordTabIn({ evaluate: (e) => page.evaluate(e), close: () => page.close() }, urlPart, opts);
    return { ...rec, page };
  } catch (e) {
    await page.close().catch(() => undefined);
    throw e;
  }
}

/** The same in an extension page (devtools/panel.html) any driver opened; the recorder closes it on stop. */
export async function recordTabIn(page: ScriptPage, urlPart: string, opts: RecordOptions = {}): Promise<TabRecorder> {
  try {
    const tabId = await waitFor(
      async () => {
        const tabs = JSON.parse((await page.evaluate(listTabsScript())) as string) as TabSummary[];
        const matching = tabs.filter((t) => t.url.includes(urlPart));
        if (matching.length > 1) {
          throw new Error(`several tabs match ${urlPart}: ${matching.map((t) => `${t.tabId} ${t.url}`).join(', ')}`);
        }
        return matching[0]?.tabId;
      },
      `a tab with ${urlPart}`,
      opts.timeoutMs ?? 20_000,
    );
    await page.evaluate(startScript(tabId));
    return {
      tabId,
      collect: () => collect(page, tabId),
      count: async (except = '') => Number(await page.evaluate(`window.${GLOBAL}.count(${JSON.stringify(except)})`)),
      async stop() {
        const recording = await collect(page, tabId);
        await page.evaluate(`window.${GLOBAL}.stop()`).catch(() => undefined);
        await page.close().catch(() => undefined);
        return recording;
      },
    };
  } catch (e) {
    await page.close().catch(() => undefined);
    throw e;
  }
}

async function collect(page: ScriptPage, tabId: number): Promise<Recording> {
  // A JSON string rather than an object: the same cost in both protocols (BiDi would otherwise
  // serialise every event as a typed remote value).
  const sources = JSON.parse((await page.evaluate(`window.${GLOBAL}.collect()`)) as string) as RecordedSource[];
  return { tabId, sources };
}

/** The runtime API of an extension page: `browser` in Firefox, `chrome` in Chromium. */
const RUNTIME = `(globalThis.browser && globalThis.browser.runtime ? globalThis.browser : globalThis.chrome).runtime`;

/** Resolves to the JSON of the router's tab summaries, over a short-lived panel port. */
function listTabsScript(): string {
  return `new Promise((resolve, reject) => {
  const port = ${RUNTIME}.connect({ name: ${JSON.stringify(PANEL_PORT)} });
  const timer = setTimeout(() => { port.disconnect(); reject(new Error('no answer to list-tabs')); }, 2000);
  port.onMessage.addListener((msg) => {
    if (msg && msg.type === 'tabs') {
      clearTimeout(timer);
      port.disconnect();
      resolve(JSON.stringify(msg.tabs));
    }
  });
  port.postMessage({ type: 'list-tabs' });
})`;
}

/**
 * Installs the recorder in the extension page and resolves once the router confirmed the
 * subscription. Mirrors PanelSession + RuntimeTransport: reconnect 100 ms after the background
 * drops the port, resubscribe, and replay each source from its last gap-free seq.
 */
function startScript(tabId: number): string {
  return `new Promise((resolve, reject) => {
  const runtime = ${RUNTIME};
  const tabId = ${JSON.stringify(tabId)};
  const panelId = 'recorder-' + Math.random().toString(36).slice(2);
  /** sourceId -> { source, bySeq: Map<seq, event>, contiguous, dropped, missed } */
  const sources = new Map();
  let port = null;
  let stopped = false;
  const timer = setTimeout(() => reject(new Error('no subscribed answer for tab ' + tabId)), 5000);

  function entry(source) {
    let s = sources.get(source.sourceId);
    if (!s) {
      s = { source, bySeq: new Map(), contiguous: 0, dropped: 0, missed: 0 };
      sources.set(source.sourceId, s);
    }
    return s;
  }

  function onMessage(msg) {
    if (!msg || stopped) return;
    if (msg.type === 'subscribed') {
      clearTimeout(timer);
      resolve(true);
    } else if (msg.type === 'source') {
      const s = entry(msg.source);
      port.postMessage({ type: 'replay', sourceId: msg.source.sourceId, after: s.contiguous });
    } else if (msg.type === 'events') {
      const s = entry(msg.source);
      s.dropped = msg.dropped;
      const first = msg.events[0];
      if (msg.missed && first) {
        // The relay no longer holds these: count them once and stop waiting for them.
        s.missed += msg.missed;
        s.contiguous = Math.max(s.contiguous, first.seq - 1);
      }
      for (const e of msg.events) if (!s.bySeq.has(e.seq)) s.bySeq.set(e.seq, e);
      while (s.bySeq.has(s.contiguous + 1)) s.contiguous += 1;
    }
  }

  function connect() {
    port = runtime.connect({ name: ${JSON.stringify(PANEL_PORT)} });
    port.onMessage.addListener(onMessage);
    port.onDisconnect.addListener(() => {
      port = null;
      if (!stopped) setTimeout(connect, 100);
    });
    port.postMessage({ type: 'subscribe', v: ${PROTOCOL_VERSION}, tabId, panelId });
  }

  window.${GLOBAL} = {
    count(except) {
      let n = 0;
      for (const s of sources.values()) if (!except || !String(s.source.url).startsWith(except)) n += s.bySeq.size;
      return n;
    },
    collect() {
      const out = [...sources.values()].map((s) => ({
        source: s.source,
        events: [...s.bySeq.values()].sort((a, b) => a.seq - b.seq),
        dropped: s.dropped,
        missed: s.missed,
      }));
      const firstT = (s) => (s.events.length > 0 ? s.events[0].t : Infinity);
      out.sort((a, b) => firstT(a) - firstT(b));
      return JSON.stringify(out);
    },
    stop() {
      stopped = true;
      if (port) port.disconnect();
      port = null;
    },
  };
  connect();
})`;
}
