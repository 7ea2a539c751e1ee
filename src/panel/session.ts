import type { Classifier } from '../core/classify/classifier';
import { toHar } from '../core/har/export';
import { fromHar } from '../core/har/import';
import { readHarStream } from '../core/har/read-stream';
import type { Har } from '../core/har/types';
import { PROTOCOL_VERSION, type BackgroundToPanel, type TabSummary } from '../core/protocol';
import { SeqTracker } from './seq-tracker';
import { FrameBatch } from '../core/protocol/frames';
import { Capture } from '../core/store/capture';
import { exportSources } from '../core/store/export-events';
import type { MessageStore } from '../core/store/message-store';
import { TopNavigation } from './channels/preserve';
import type { PanelTransport } from './transport';

/**
 * The panel's side of the protocol: subscribes to one tab, asks every source for what it has not
 * seen, applies each event exactly once, and survives the background restarting.
 */
export class PanelSession {
  /** What the panel holds of the tab (or of an imported file): every batch goes through `capture.ingest`. */
  get capture(): Capture {
    return this.current;
  }
  private current: Capture;
  /** Set while the panel shows an imported HAR instead of the live tab. */
  imported: { readonly name: string; readonly warnings: readonly string[]; readonly events: number } | null = null;
  private readonly trackers = new Map<string, SeqTracker>();
  private readonly dropped = new Map<string, number>();
  private readonly missed = new Map<string, number>();
  private readonly panelId = Math.random().toString(36).slice(2);
  tabs: readonly TabSummary[] = [];
  paused = false;
  /** Keep the capture across top-frame navigations ("Preserve log"); the App sets it from the prefs. */
  preserveLog = false;
  private readonly navigation = new TopNavigation();

  constructor(
    private readonly transport: PanelTransport,
    private readonly tabId: number | null,
    private readonly onChange: () => void,
    /** Messages kept (the options page's capacity). */
    private readonly capacity = 1_000_000,
  ) {
    this.current = new Capture({ capacity });
  }

  /** Channels and their patterns (rows look their channel up by key); a new one after a clear. */
  get classifier(): Classifier {
    return this.capture.classifier;
  }

  /**
   * Every message (WebSocket frame, SSE event, stream chunk) in columns, for the timeline and the
   * list, joined with every request and connection (`store.connections`), for the Requests table and details.
   */
  get store(): MessageStore {
    return this.capture.messages;
  }

  private reset(): void {
    this.capture.clear();
  }

  start(): void {
    this.transport.start(
      (m) => this.receive(m),
      () => {
        if (this.tabId === null) this.transport.send({ type: 'list-tabs' });
        else this.transport.send({ type: 'subscribe', v: PROTOCOL_VERSION, tabId: this.tabId, panelId: this.panelId, frames: true });
      },
    );
  }

  refreshTabs(): void {
    this.transport.send({ type: 'list-tabs' });
  }

  openTab(url: string): void {
    this.transport.send({ type: 'open-tab', url });
  }

  /** Events this panel will never get: evicted by the page's ring, or by a relay before a replay reached them. */
  get droppedAtSource(): number {
    let n = 0;
    for (const d of this.dropped.values()) n += d;
    for (const d of this.missed.values()) n += d;
    return n;
  }

  clear(): void {
    this.reset();
    this.onChange();
  }

  /** The capture as HAR 1.2 with our analysis under `log._polltergeist`. */
  exportHar(creatorVersion: string): Har {
    const sources = exportSources(this.capture);
    const top = sources.find((s) => s.source.top) ?? sources[0];
    return toHar({ sources, page: top ? { url: top.source.url } : undefined, creatorVersion });
  }

  /**
   * Shows a HAR file instead of the live tab (live events are held back until `backToLive`).
   * Throws HarError, with a message for the user, when the file cannot be read at all.
   */
  importHar(name: string, text: string): void {
    const { sources, warnings } = fromHar(text);
    this.reset();
    this.capture.ingestSources(sources);
    let events = 0;
    for (const s of sources) events += s.events.length;
    this.imported = { name, warnings, events };
    this.onChange();
  }

  /**
   * Shows a HAR file read from its bytes as they arrive (a file too big to parse whole): into a
   * capture of its own, so the current view stays until the file is read, and stays when it
   * cannot be (the error). `progress` runs after each chunk; the caller yields to the UI there.
   * Throws ReadWhole/ScanError when the file must be read whole (`importHar`), HarError when it is
   * not a HAR.
   */
  async importHarStream(name: string, chunks: AsyncIterable<Uint8Array>, progress: (bytes: number) => Promise<void>): Promise<void> {
    const capture = new Capture({ capacity: this.capacity });
    let events = 0;
    const read = await readHarStream(
      chunks,
      (source, batch) => {
        capture.ingest(source, batch);
        events += batch.length;
      },
      { progress },
    );
    capture.ingestSources(read.collected);
    for (const s of read.collected) events += s.events.length;
    this.current = capture;
    this.imported = { name, warnings: read.warnings, events };
    this.onChange();
  }

  /** Leaves an imported file: the live tab again, replayed from what its pages still hold. */
  backToLive(): void {
    this.imported = null;
    this.reset();
    const known = [...this.trackers.keys()];
    this.trackers.clear();
    this.missed.clear();
    for (const sourceId of known) this.transport.send({ type: 'replay', sourceId, after: 0 });
    this.onChange();
  }

  private receive(msg: BackgroundToPanel): void {
    switch (msg.type) {
      case 'tabs':
        this.tabs = msg.tabs;
        this.onChange();
        break;
      case 'source': {
        const after = this.tracker(msg.source.sourceId).resumeAfter;
        this.transport.send({ type: 'replay', sourceId: msg.source.sourceId, after });
        break;
      }
      case 'events':
        this.receiveEvents(msg);
        break;
      case 'subscribed':
        break;
    }
  }

  private receiveEvents(msg: Extract<BackgroundToPanel, { type: 'events' }>): void {
    const id = msg.source.sourceId;
    this.dropped.set(id, msg.dropped);
    const tracker = this.tracker(id);
    let events = msg.events;
    let frames: FrameBatch | undefined;
    if (msg.frames !== undefined) {
      const read = FrameBatch.read(msg.frames, events.length);
      // A malformed batch is a bug on our side of the port: keep its other events, say what was wrong.
      if (typeof read === 'string') console.warn(`Polltergeist: WebSocket messages of a batch ignored: ${read}`);
      else if (read.length > 0) frames = read;
    }
    const total = events.length + (frames ? frames.length : 0);
    if (total === 0) return;
    if (msg.missed) {
      // The gap can never be filled: count it once and stop asking for it.
      this.missed.set(id, (this.missed.get(id) ?? 0) + msg.missed);
      tracker.skipThrough((frames ? frames.seqAt(events, 0) : events[0]!.seq) - 1);
    }
    const keep = new Uint8Array(total);
    let rejected = 0;
    for (let k = 0; k < total; k++) {
      if (tracker.accept(frames ? frames.seqAt(events, k) : events[k]!.seq)) keep[k] = 1;
      else rejected++;
    }
    if (rejected === total || this.paused || this.imported) return;
    if (rejected > 0) {
      // Overlapping replays are rare: apply what is new as plain events.
      events = (frames ? frames.unpack(events) : events).filter((_, k) => keep[k] === 1);
      frames = undefined;
    }
    // A reload or navigation of the top frame starts over, unless the log is preserved.
    if (this.navigation.clearsOn(msg.source, events, this.preserveLog, frames?.timeAt(events, 0))) this.reset();
    this.capture.ingest(msg.source, events, frames);
    this.onChange();
  }

  private tracker(sourceId: string): SeqTracker {
    let t = this.trackers.get(sourceId);
    if (!t) {
      t = new SeqTracker();
      this.trackers.set(sourceId, t);
    }
    return t;
  }
}
