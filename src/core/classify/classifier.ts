/**
 * The classifier: capture events in (from `Capture.ingest`, src/core/store/capture.ts), channels
 * with a pattern, evidence and facts out.
 * Incremental: an event touches only its own connection's channel (a Map lookup and a few
 * counters); labels are re-decided when a request or connection starts and whenever a channel is
 * read after a change. Bounded: per-channel windows are fixed, the connection index and the
 * channel table are capped.
 */
import { unhandledEvent, type CaptureEvent, type SourceInfo, type Transport } from '../protocol';
import { ChannelState, type Lifetime } from './channel';
import { parseEndpoint, type Endpoint } from './endpoint';
import { linkStreams, pathHead } from './streams';
import type { ChannelView, LogicalStream } from './types';

export interface ClassifierOptions {
  /** Channels kept; beyond it the one idle the longest goes. */
  readonly maxChannels?: number;
  /** Connection keys remembered for `channelOf` (twice the panel's 10,000 rows). */
  readonly maxIndex?: number;
}

/** A request or connection in flight (opaque outside: `Classifier.socket` hands it to the ingest path). */
export interface Live {
  readonly channel: ChannelState;
  life: Lifetime;
  status: number;
  streamed: number;
  opens: number;
  lastErrorT: number;
}

interface SourceState {
  hidden: boolean;
  readonly live: Map<string, Live>;
}

/**
 * Re-decide at every start while the channel is young (so polling shows from its 4th request,
 * long-polling from its 3rd), then every RELABEL_EVERY starts: the window is 64 wide, so a change
 * of rhythm still shows within a few requests, and the sort stays off the common path.
 */
const EAGER_STARTS = 32;
const RELABEL_EVERY = 16;

export class Classifier {
  private readonly byKey = new Map<string, ChannelState>();
  private readonly sources = new Map<string, SourceState>();
  private readonly index = new Map<string, ChannelState>();
  /** Index keys in insertion order, to evict the oldest in O(1) (Map.keys() on a churning Map is not). */
  private readonly indexOrder: string[] = [];
  private indexHead = 0;
  private readonly protocols = new Map<string, string>();
  private readonly maxChannels: number;
  private readonly maxIndex: number;
  private lastSourceId = '';
  private lastSource: SourceState | null = null;
  private streamCache: { version: number; streams: LogicalStream[] } | null = null;
  /** The batch being ingested. */
  private batch: SourceState | null = null;
  private batchId = '';
  private version = 0;
  /** Events ingested, for the benchmark and the panel's status line. */
  events = 0;

  constructor(opts: ClassifierOptions = {}) {
    this.maxChannels = opts.maxChannels ?? 2000;
    this.maxIndex = opts.maxIndex ?? 20_000;
  }

  /* ------------------------------------------------------------ ingest (Capture.ingest only) */

  /** Starts a batch of one source's events. */
  begin(source: SourceInfo): void {
    this.batch = this.source(source.sourceId);
    this.batchId = source.sourceId;
  }

  /** One event of the batch. */
  event(e: CaptureEvent): void {
    this.apply(this.batchId, this.batch!, e);
  }

  /**
   * The live connection of a socket id in this batch, for a run of its FrameColumns frames:
   * frames come in runs from one socket, so `Capture.ingest` looks it up once per run (an event
   * may end or replace a connection: it asks again after each).
   */
  socket(id: string): Live | undefined {
    return this.batch!.live.get(id);
  }

  /** One WebSocket message that came as a FrameColumns frame, on `socket(id)`'s answer. */
  frame(live: Live | undefined, t: number, up: boolean, size: number): void {
    this.events++;
    if (live) live.channel.message(live.life, t, up, size);
  }

  /** Channels, in order of first appearance. */
  channels(): ChannelView[] {
    this.linkStreams();
    const out: ChannelView[] = [];
    for (const ch of this.byKey.values()) out.push(ch.view(this.protocols.get(ch.endpoint.origin) ?? ch.protocol));
    return out;
  }

  /** The channel a request/connection (`sourceId:id`) belongs to. */
  channelOf(connectionKey: string): ChannelView | undefined {
    const ch = this.index.get(connectionKey);
    return ch ? ch.view(this.protocols.get(ch.endpoint.origin) ?? ch.protocol) : undefined;
  }

  /** The channel key of a request/connection, without building its view (for per-event use). */
  channelKeyOf(connectionKey: string): string | undefined {
    return this.index.get(connectionKey)?.key;
  }

  streams(): LogicalStream[] {
    return this.linkStreams();
  }

  get channelCount(): number {
    return this.byKey.size;
  }

  /* ------------------------------------------------------------ events */

  private source(sourceId: string): SourceState {
    if (sourceId === this.lastSourceId && this.lastSource) return this.lastSource;
    let st = this.sources.get(sourceId);
    if (!st) this.sources.set(sourceId, (st = { hidden: false, live: new Map() }));
    this.lastSourceId = sourceId;
    this.lastSource = st;
    return st;
  }

  private apply(sourceId: string, st: SourceState, e: CaptureEvent): void {
    this.events++;
    switch (e.kind) {
      case 'page':
        st.hidden = e.visibility === 'hidden';
        return;
      case 'request-start': {
        const live = this.start(sourceId, st, e.id, e.transport, e.method, e.url, e.t);
        live.channel.requestHeaders(e.requestHeaders, e.url, e.method, e.requestBodySize, e.headersUnknown === true);
        return;
      }
      case 'es-create':
        this.start(sourceId, st, e.id, 'eventsource', 'GET', e.url, e.t);
        return;
      case 'ws-create':
        this.start(sourceId, st, e.id, 'websocket', 'GET', e.url, e.t);
        return;
    }
    const live = st.live.get(e.id);
    if (!live) return; // its start came before we were listening
    const ch = live.channel;
    switch (e.kind) {
      case 'response':
        live.status = e.status;
        ch.response(live.life, e.t, e.status, e.statusText, e.headers, e.contentType, e.headersUnknown === true);
        this.learnProtocol(ch, e.protocol);
        return;
      case 'chunk':
        live.streamed += e.size;
        ch.chunk(live.life, e.t, e.size);
        return;
      case 'request-end':
        ch.requestEnd(live.life, e.t, live.status, e.bodySize, e.hash, e.error, live.streamed);
        st.live.delete(e.id);
        return;
      case 'sse':
        if (ch.transport !== 'eventsource') ch.markSse(live.life);
        ch.message(live.life, e.t, false, e.size);
        if (e.placed) ch.placedMessages++;
        return;
      case 'es-open':
        this.learnProtocol(ch, e.protocol);
        if (live.opens++ > 0) ch.reconnected(e.t - live.lastErrorT);
        ch.opened(live.life, e.t);
        live.lastErrorT = NaN;
        return;
      case 'es-error':
        if (!Number.isNaN(live.lastErrorT)) ch.retried(e.t - live.lastErrorT);
        live.lastErrorT = e.t;
        if (e.readyState === 2) {
          ch.connectionEnd(live.life, e.t, !live.life.opened, null);
          st.live.delete(e.id);
        } else {
          // The browser retries: this attempt is over, the next one starts now.
          ch.connectionEnd(live.life, e.t, false, null);
          live.life = ch.attempt(e.t, st.hidden);
        }
        return;
      case 'es-close':
        ch.connectionEnd(live.life, e.t, false, null);
        st.live.delete(e.id);
        return;
      case 'ws-open':
        ch.opened(live.life, e.t);
        return;
      case 'ws-message':
        ch.message(live.life, e.t, e.dir === 'up', e.size);
        return;
      case 'ws-error':
        return;
      case 'ws-close':
        ch.connectionEnd(live.life, e.t, !live.life.opened, e.code);
        st.live.delete(e.id);
        return;
      default:
        unhandledEvent(e);
    }
  }

  private start(
    sourceId: string,
    st: SourceState,
    id: string,
    transport: Transport,
    method: string,
    url: string,
    t: number,
  ): Live {
    const ep = parseEndpoint(url);
    const ch = this.channelFor(transport, method, ep, url, t);
    const connectionKey = `${sourceId}:${id}`;
    const life = ch.begin(connectionKey, url, ep, t, st.hidden);
    const live: Live = { channel: ch, life, status: 0, streamed: 0, opens: 0, lastErrorT: NaN };
    st.live.set(id, live);
    this.remember(connectionKey, ch);
    if (ch.connections <= EAGER_STARTS || ch.connections % RELABEL_EVERY === 0) ch.relabel(t);
    return live;
  }

  /** nextHopProtocol from a response or an EventSource open (per origin, '' or absent = unknown). */
  private learnProtocol(ch: ChannelState, protocol: string | undefined): void {
    if (!protocol) return;
    ch.protocol = protocol;
    if (ch.endpoint.origin) this.protocols.set(ch.endpoint.origin, protocol);
  }

  /** Drops the channel idle the longest (rare: only pages with thousands of endpoints get here). */
  private evictChannel(): void {
    let oldest: ChannelState | null = null;
    for (const ch of this.byKey.values()) if (!oldest || ch.lastAt < oldest.lastAt) oldest = ch;
    if (oldest) this.byKey.delete(oldest.key);
  }

  private remember(connectionKey: string, ch: ChannelState): void {
    if (this.index.has(connectionKey)) {
      this.index.set(connectionKey, ch);
      return;
    }
    this.index.set(connectionKey, ch);
    if (this.indexOrder.length < this.maxIndex) {
      this.indexOrder.push(connectionKey);
      return;
    }
    this.index.delete(this.indexOrder[this.indexHead]!);
    this.indexOrder[this.indexHead] = connectionKey;
    this.indexHead = (this.indexHead + 1) % this.maxIndex;
  }

  private channelFor(transport: Transport, method: string, ep: Endpoint, url: string, t: number): ChannelState {
    const key = `${transport} ${method} ${ep.origin}${ep.template}`;
    let ch = this.byKey.get(key);
    if (ch) return ch;
    if (this.byKey.size >= this.maxChannels) this.evictChannel();
    ch = new ChannelState(transport, method, ep, url, t);
    this.byKey.set(key, ch);
    this.version++;
    return ch;
  }

  private linkStreams(): LogicalStream[] {
    // Streams change only when channels are added or their session/labels move; cheap to redo.
    let sig = this.version;
    for (const ch of this.byKey.values()) sig += ch.version;
    if (this.streamCache && this.streamCache.version === sig) return this.streamCache.streams;
    const candidates = [];
    for (const ch of this.byKey.values()) {
      const view = ch.view(this.protocols.get(ch.endpoint.origin) ?? ch.protocol);
      candidates.push({
        key: ch.key,
        transport: ch.transport,
        pattern: view.pattern,
        host: ch.endpoint.host,
        pathHead: pathHead(ch.endpoint.template),
        sessionTokens: ch.sessionTokens,
        firstAt: ch.firstAt,
        lastAt: ch.lastAt,
        neverWorked: !ch.worked && ch.errors > 0,
      });
    }
    const streams = linkStreams(candidates);
    const of = new Map<string, string>();
    for (const s of streams) for (const step of s.steps) of.set(step.channel, s.id);
    for (const ch of this.byKey.values()) {
      const id = of.get(ch.key) ?? '';
      if (ch.stream !== id) {
        ch.stream = id;
        ch.version++;
      }
    }
    sig = this.version;
    for (const ch of this.byKey.values()) sig += ch.version;
    this.streamCache = { version: sig, streams };
    return streams;
  }
}
