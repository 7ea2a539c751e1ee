/**
 * One channel's running state. Ingest methods are O(1) (counters, fixed rings); everything that
 * needs sorting happens in `measure()` over a bounded window, so the cost of an event does not
 * grow with the history behind it.
 */
import type { Header, Transport } from '../protocol';
import { decide, LONG_POLL_MIN_HOLD_MS, OVERLAP_TOLERANCE_MS, type Decision, type Measures } from './decide';
import type { Endpoint } from './endpoint';
import { regularityByRegime } from './regularity';
import { ratePerMin } from './rate';
import { median, NumRing, relativeMad } from './stats';
import type { ChannelFacts, ChannelView, Evidence, Pattern, PatternChange } from './types';

/** Requests/connections kept per channel for timing (intervals, holds, gaps, overlaps). */
export const WINDOW = 64;
const HISTORY_MAX = 32;
/** Consecutive disagreeing request starts before a polling/long-polling/stream label is dropped. */
export const HYSTERESIS_STARTS = 3;
const KEYS_MAX = 16;
/** Headers a browser adds that the page cannot see (User-Agent, Accept*, Sec-*, Host, Cookie...). */
export const BROWSER_HEADER_ESTIMATE = 500;
/** Chunks at least this far apart are pauses in a stream, not a download's continuous flow. */
const PACE_GAP_MS = 100;
/** A connection that ends within this long without a message counts as failed (reconnect storms). */
const SHORT_LIVED_MS = 2000;

const STREAM_TYPE = /ndjson|jsonl|json-seq|stream\+json|x-mixed-replace|grpc|jsonlines|json-stream/i;
const DOWNLOAD_TYPE =
  /^(application\/(octet-stream|zip|x-zip|gzip|x-gzip|x-tar|x-7z|x-rar|pdf|wasm|vnd\.)|image\/|video\/|audio\/|font\/)/i;

/** One request, or one WebSocket / EventSource connection (attempt). Mutable while it lives. */
export class Lifetime {
  end = NaN;
  responseAt = NaN;
  opened = false;
  failed = false;
  messages = 0;
  chunks = 0;
  lastChunkT = NaN;
  chunkGaps = 0;
  pacedGaps = 0;
  sse = false;
  streamType = false;
  downloadType = false;
  streaming = false;
  constructor(
    readonly start: number,
    readonly hidden: boolean,
  ) {}
}

export class ChannelState {
  readonly key: string;
  url: string;
  readonly volatileKeys = new Set<string>();
  readonly sessionTokens = new Set<string>();
  protocol = '';

  private readonly window: Lifetime[] = [];
  private windowHead = 0;

  requests = 0;
  connections = 0;
  messagesUp = 0;
  messagesDown = 0;
  placedMessages = 0;
  bytesUp = 0;
  bytesDown = 0;
  errors = 0;
  firstAt: number;
  lastAt: number;
  private lastStart = NaN;

  private compared = 0;
  private identical = 0;
  private identicalBytes = 0;
  private lastHash = '';
  private lastSize = -1;
  private responsesWithValidators = 0;
  private conditionalRequests = 0;
  private notModified = 0;
  private readonly headerUp = new NumRing(WINDOW);
  private readonly headerDown = new NumRing(WINDOW);
  private readonly bodyUp = new NumRing(WINDOW);
  private readonly bodyDown = new NumRing(WINDOW);

  private hiddenStarts = 0;
  private readonly hiddenStartTimes = new NumRing(33);

  private readonly messageSizes = new NumRing(256);
  private secUp = -1;
  private countUp = 0;
  private peakUp = 0;
  private secDown = -1;
  private countDown = 0;
  private peakDown = 0;

  private readonly reconnectDelays = new NumRing(32);
  private failingStreak = 0;
  private readonly closeCodes = new NumRing(16);
  /** End of the most recent finished connection, to measure the next reconnect's delay. */
  private lastConnectionEnd = NaN;

  private everWorked = false;
  private sseSeen = false;
  private streamingSeen = false;
  private streamChunks = new NumRing(16);

  pattern: Pattern = 'one-off';
  private decision: Decision = { pattern: 'one-off', confidence: 0.5, reason: 'a single request' };
  private labelledAt: number | null = null;
  private readonly history: PatternChange[] = [];
  private contrary = 0;
  private contraryAt = -1;
  /** Bumped on every change; the view is rebuilt only when it moved. */
  version = 0;
  private labelledVersion = -1;
  private viewVersion = -1;
  private cachedView: ChannelView | null = null;
  readonly connectionKeys: string[] = [];
  stream = '';

  constructor(
    readonly transport: Transport,
    readonly method: string,
    readonly endpoint: Endpoint,
    url: string,
    t: number,
  ) {
    this.key = `${transport} ${method} ${endpoint.origin}${endpoint.template}`;
    this.url = url;
    this.firstAt = t;
    this.lastAt = t;
  }

  /* ------------------------------------------------------------ ingest */

  /** A request or connection starts. Returns its lifetime record. */
  begin(connectionKey: string, url: string, endpoint: Endpoint, t: number, hidden: boolean): Lifetime {
    this.touch(t);
    this.url = url;
    for (const k of endpoint.volatileKeys) if (this.volatileKeys.size < KEYS_MAX) this.volatileKeys.add(k);
    for (const s of endpoint.sessionTokens) if (this.sessionTokens.size < 4) this.sessionTokens.add(s);
    this.connectionKeys.push(connectionKey);
    if (this.connectionKeys.length > WINDOW) this.connectionKeys.shift();
    if (this.transport === 'fetch' || this.transport === 'xhr') this.requests++;
    this.connections++;
    if (hidden) {
      this.hiddenStarts++;
      this.hiddenStartTimes.push(t);
    }
    if (!Number.isNaN(this.lastConnectionEnd) && this.isSocketLike()) this.reconnectDelays.push(t - this.lastConnectionEnd);
    this.lastStart = t;
    const life = new Lifetime(t, hidden);
    this.pushWindow(life);
    return life;
  }

  /** `unknown`: an imported file that kept no headers: counted as not measured rather than as an estimate. */
  requestHeaders(headers: readonly Header[], url: string, method: string, bodySize: number, unknown = false): void {
    let bytes = method.length + url.length + 12 + BROWSER_HEADER_ESTIMATE;
    for (const [name, value] of headers) {
      bytes += name.length + value.length + 4;
      const n = name.toLowerCase();
      if (n === 'if-none-match' || n === 'if-modified-since') this.conditionalRequests++;
    }
    if (!unknown) this.headerUp.push(bytes);
    const body = Math.max(0, bodySize);
    this.bodyUp.push(body);
    this.bytesUp += body;
  }

  response(life: Lifetime, t: number, status: number, statusText: string, headers: readonly Header[], contentType: string, unknownHeaders = false): void {
    this.touch(t);
    life.responseAt = t;
    life.opened = true;
    let bytes = 17 + statusText.length;
    let validators = false;
    for (const [name, value] of headers) {
      bytes += name.length + value.length + 4;
      const n = name.toLowerCase();
      if (n === 'etag' || n === 'last-modified') validators = true;
      if (n === 'content-disposition' && /attachment/i.test(value)) life.downloadType = true;
    }
    if (!unknownHeaders) this.headerDown.push(bytes);
    if (validators) this.responsesWithValidators++;
    if (status === 304) this.notModified++;
    if (/text\/event-stream/i.test(contentType)) this.markSse(life);
    if (STREAM_TYPE.test(contentType)) life.streamType = true;
    if (DOWNLOAD_TYPE.test(contentType)) life.downloadType = true;
  }

  chunk(life: Lifetime, t: number, size: number): void {
    this.touch(t);
    if (!Number.isNaN(life.lastChunkT)) {
      life.chunkGaps++;
      if (t - life.lastChunkT >= PACE_GAP_MS) life.pacedGaps++;
    }
    life.lastChunkT = t;
    life.chunks++;
    this.bytesDown += size;
    // A stream's chunks are its messages (NDJSON lines, multipart parts): count them as received.
    if (life.streaming && !life.sse) this.message(life, t, false, size);
    if (!life.streaming && !life.sse && life.chunks >= 3 && isStreaming(life)) {
      life.streaming = true;
      // The chunks before we knew count too.
      for (let i = 0; i < life.chunks; i++) this.message(life, t, false, size);
      this.streamChunks.push(life.chunks);
      if (!this.streamingSeen) {
        this.streamingSeen = true;
        this.relabel(t);
      }
    }
  }

  /** A request finished (or failed). `streamedBytes`: what its chunk events already counted. */
  requestEnd(
    life: Lifetime,
    t: number,
    status: number,
    bodySize: number,
    hash: string,
    error: string,
    streamedBytes: number,
  ): void {
    this.touch(t);
    life.end = t;
    // A declared stream (NDJSON, multipart/x-mixed-replace...) whose body took over a second is a
    // stream even when we saw few chunks: HARs from other tools carry no chunk times at all.
    if (!life.streaming && !life.sse && life.streamType && t - (Number.isNaN(life.responseAt) ? life.start : life.responseAt) > 1000) {
      life.streaming = true;
      if (!this.streamingSeen) {
        this.streamingSeen = true;
        this.relabel(t);
      }
    }
    if (life.streaming) this.streamChunks.push(life.chunks);
    this.bytesDown += Math.max(0, bodySize - streamedBytes);
    if (error) {
      this.errors++;
      life.failed = true;
      return;
    }
    this.bodyDown.push(bodySize);
    const comparable = status === 304 || hash !== '';
    if (comparable && this.lastSize >= 0) {
      this.compared++;
      if (status === 304 || (hash === this.lastHash && bodySize === this.lastSize)) {
        this.identical++;
        this.identicalBytes += bodySize;
      }
    }
    if (status !== 304 && hash !== '') {
      this.lastHash = hash;
      this.lastSize = bodySize;
    } else if (status === 304 && this.lastSize < 0) {
      this.lastSize = 0;
    }
  }

  markSse(life: Lifetime): void {
    life.sse = true;
    if (!this.sseSeen) {
      this.sseSeen = true;
      this.relabel(life.start);
    }
  }

  message(life: Lifetime | undefined, t: number, up: boolean, size: number): void {
    this.touch(t);
    if (life) life.messages++;
    this.everWorked = true;
    // A sample is enough for the median size: the first 256, then every 8th (one cache miss per
    // message less on a busy page's hottest path).
    if (this.messagesUp + this.messagesDown < 256 || ((this.messagesUp + this.messagesDown) & 7) === 0) this.messageSizes.push(size);
    const sec = Math.floor(t / 1000);
    if (up) {
      this.messagesUp++;
      this.bytesUp += size;
      if (sec !== this.secUp) {
        this.secUp = sec;
        this.countUp = 0;
      }
      if (++this.countUp > this.peakUp) this.peakUp = this.countUp;
    } else {
      this.messagesDown++;
      if (this.transport !== 'fetch' && this.transport !== 'xhr') this.bytesDown += size;
      if (sec !== this.secDown) {
        this.secDown = sec;
        this.countDown = 0;
      }
      if (++this.countDown > this.peakDown) this.peakDown = this.countDown;
    }
  }

  opened(life: Lifetime, t: number): void {
    this.touch(t);
    life.opened = true;
    life.responseAt = t;
  }

  /** A WebSocket / EventSource connection (attempt) ended; `code` for WebSocket closes. */
  connectionEnd(life: Lifetime, t: number, failedByError: boolean, code: number | null): void {
    this.touch(t);
    if (!Number.isNaN(life.end)) return;
    life.end = t;
    const shortAndSilent = life.messages === 0 && t - life.start < SHORT_LIVED_MS;
    life.failed = failedByError || !life.opened || shortAndSilent;
    if (life.failed) {
      this.errors++;
      this.failingStreak++;
    } else {
      this.failingStreak = 0;
      this.everWorked = true;
    }
    if (code !== null) this.closeCodes.push(code);
    this.lastConnectionEnd = t;
  }

  /** An EventSource retries after an error: a new attempt in the same connection. */
  attempt(t: number, hidden: boolean): Lifetime {
    this.touch(t);
    const life = new Lifetime(t, hidden);
    this.pushWindow(life);
    return life;
  }

  /** An EventSource reopened after an error: one more connection. */
  reconnected(delayMs: number): void {
    this.connections++;
    this.reconnectDelays.push(delayMs);
    this.version++;
  }

  /** A failed EventSource attempt followed another one: the browser's retry delay as we see it. */
  retried(delayMs: number): void {
    this.reconnectDelays.push(delayMs);
    this.version++;
  }

  /** Some connection of this channel worked (opened and lived, or carried a message). */
  get worked(): boolean {
    return this.everWorked;
  }

  private isSocketLike(): boolean {
    return this.transport === 'websocket' || this.transport === 'eventsource';
  }

  private touch(t: number): void {
    if (t > this.lastAt) this.lastAt = t;
    this.version++;
  }

  private pushWindow(life: Lifetime): void {
    if (this.window.length < WINDOW) this.window.push(life);
    else {
      this.window[this.windowHead] = life;
      this.windowHead = (this.windowHead + 1) % WINDOW;
    }
  }

  /** Window in start order. */
  private lifetimes(): Lifetime[] {
    if (this.window.length < WINDOW) return this.window;
    return [...this.window.slice(this.windowHead), ...this.window.slice(0, this.windowHead)];
  }

  /* ------------------------------------------------------------ labelling */

  /** Re-decide the label from the evidence so far; `t` stamps a change. */
  relabel(t: number): void {
    this.labelledVersion = this.version;
    const d = decide(this.measure());
    if (d.pattern !== this.pattern && this.pattern !== 'one-off' && this.history.length > 0) {
      // Hysteresis: a periodic label survives a few contrary requests (a burst of instant answers
      // in an Engine.IO long-poll, a retry in a poll); it changes when HYSTERESIS_STARTS
      // consecutive new requests all disagree.
      if (this.contraryAt !== this.connections) {
        this.contrary++;
        this.contraryAt = this.connections;
      }
      if (this.contrary < HYSTERESIS_STARTS) return;
    }
    this.contrary = 0;
    this.decision = d;
    if (d.pattern !== this.pattern || this.labelledAt === null) {
      const changed = d.pattern !== this.pattern || this.history.length === 0;
      this.pattern = d.pattern;
      if (changed) {
        this.labelledAt = t;
        this.history.push({ t, pattern: d.pattern });
        if (this.history.length > HISTORY_MAX) this.history.shift();
      }
    }
  }

  measure(): Measures {
    const lives = this.lifetimes();
    const intervalsVisible: number[] = [];
    const intervalsHidden: number[] = [];
    const allIntervals: number[] = [];
    const holds: number[] = [];
    const gaps: number[] = [];
    for (let i = 0; i < lives.length; i++) {
      const l = lives[i]!;
      if (!Number.isNaN(l.end) && !l.failed) holds.push(l.end - l.start);
      if (i === 0) continue;
      const prev = lives[i - 1]!;
      const interval = l.start - prev.start;
      allIntervals.push(interval);
      (l.hidden || prev.hidden ? intervalsHidden : intervalsVisible).push(interval);
      if (!Number.isNaN(prev.end)) gaps.push(l.start - prev.end);
    }
    const visibleMedian = intervalsVisible.length >= 2 ? median(intervalsVisible) : null;
    const medianInterval = visibleMedian ?? median(intervalsHidden.length >= 2 ? intervalsHidden : allIntervals);
    const dispersionOf = visibleMedian !== null ? intervalsVisible : intervalsHidden.length >= 2 ? intervalsHidden : allIntervals;
    return {
      transport: this.transport,
      count: lives.length,
      sseSeen: this.sseSeen,
      streamingSeen: this.streamingSeen,
      streamChunks: median(this.streamChunks.toArray()) ?? 0,
      intervalsVisible,
      intervalsHidden,
      medianInterval,
      dispersion: relativeMad(dispersionOf),
      regular: regularityByRegime(intervalsVisible, intervalsHidden),
      holds,
      medianHold: median(holds),
      gaps,
      medianGap: median(gaps),
      maxInFlight: maxOverlap(lives),
      channelSpanMs: this.lastAt - this.firstAt,
    };
  }

  /* ------------------------------------------------------------ view */

  view(protocol: string): ChannelView {
    if (this.labelledVersion !== this.version) this.relabel(this.lastAt);
    if (this.cachedView && this.viewVersion === this.version && this.cachedView.facts.protocol === protocol) {
      return this.cachedView;
    }
    const m = this.measure();
    const ep = this.endpoint;
    const evidence = this.evidence(m);
    const view: ChannelView = {
      key: this.key,
      transport: this.transport,
      method: this.method,
      origin: ep.origin,
      template: ep.template,
      url: this.url,
      volatileKeys: [...this.volatileKeys],
      pattern: this.decision.pattern,
      confidence: round(this.decision.confidence, 2),
      reason: this.decision.reason,
      evidence,
      labelledAt: this.labelledAt,
      history: this.history.slice(),
      stream: this.stream,
      firstAt: this.firstAt,
      lastAt: this.lastAt,
      connectionKeys: this.connectionKeys.slice(),
      facts: this.facts(protocol, m),
    };
    this.cachedView = view;
    this.viewVersion = this.version;
    return view;
  }

  private evidence(m: Measures): Evidence {
    const span = this.lastAt - this.firstAt;
    const perMin = (n: number): number | null => ratePerMin(n, span, n);
    const starts = this.connections;
    const startSpan = this.lastStart - this.firstAt;
    const allIntervals = [...m.intervalsVisible, ...m.intervalsHidden];
    return {
      requests: this.requests,
      connections: this.connections,
      messages: this.messagesUp + this.messagesDown,
      messagesUp: this.messagesUp,
      messagesDown: this.messagesDown,
      placedMessages: this.placedMessages,
      medianIntervalMs: roundOrNull(m.medianInterval),
      intervalDispersion: m.dispersion === null ? null : round(m.dispersion, 3),
      regularShare: allIntervals.length ? round(regularShare(m), 3) : null,
      medianHoldMs: roundOrNull(m.medianHold),
      medianGapMs: roundOrNull(m.medianGap),
      maxInFlight: m.maxInFlight,
      requestsPerMin: ratePerMin(starts - 1, startSpan, starts),
      messagesPerMinUp: perMin(this.messagesUp),
      messagesPerMinDown: perMin(this.messagesDown),
      bytesUp: this.bytesUp,
      bytesDown: this.bytesDown,
      identicalShare: this.compared ? round(this.identical / this.compared, 3) : null,
      errors: this.errors,
      spanMs: round(span, 1),
    };
  }

  private facts(protocol: string, m: Measures): ChannelFacts {
    const hiddenTimes = this.hiddenStartTimes.toArray();
    const hiddenIntervals: number[] = [];
    for (let i = 1; i < hiddenTimes.length; i++) hiddenIntervals.push(hiddenTimes[i]! - hiddenTimes[i - 1]!);
    const lives = this.lifetimes();
    return {
      protocol,
      hiddenStarts: this.hiddenStarts,
      hiddenMedianIntervalMs: roundOrNull(median(m.intervalsHidden.length >= 2 ? m.intervalsHidden : hiddenIntervals)),
      responsesWithValidators: this.responsesWithValidators,
      conditionalRequests: this.conditionalRequests,
      notModified: this.notModified,
      compared: this.compared,
      identical: this.identical,
      identicalBytes: this.identicalBytes,
      medianHeaderBytesUp: median(this.headerUp.toArray()),
      medianHeaderBytesDown: median(this.headerDown.toArray()),
      medianBodyBytesUp: median(this.bodyUp.toArray()),
      medianBodyBytesDown: median(this.bodyDown.toArray()),
      reconnectDelaysMs: this.reconnectDelays.toArray().map((x) => round(x, 1)),
      failingStreak: this.failingStreak,
      closeCodes: this.closeCodes.toArray(),
      medianMessageBytes: median(this.messageSizes.toArray()),
      peakMessagesPerSecUp: this.peakUp,
      peakMessagesPerSecDown: this.peakDown,
      heldShare: m.holds.length ? round(m.holds.filter((h) => h >= LONG_POLL_MIN_HOLD_MS).length / m.holds.length, 3) : null,
      lifetimes: lives.map((l) => [l.start, Number.isNaN(l.end) ? null : l.end] as const),
    };
  }
}

/** Share of intervals near the median of their regime, for the evidence. */
function regularShare(m: Measures): number {
  let near = 0;
  let total = 0;
  for (const xs of [m.intervalsVisible, m.intervalsHidden]) {
    const med = median(xs);
    if (med === null || med <= 0) continue;
    for (const x of xs) if (Math.abs(x / med - 1) <= 0.35) near++;
    total += xs.length;
  }
  return total ? near / total : 0;
}

function isStreaming(l: Lifetime): boolean {
  const from = Number.isNaN(l.responseAt) ? l.start : l.responseAt;
  if (l.lastChunkT - from <= 1000) return false;
  if (l.streamType) return true;
  if (l.downloadType) return false;
  // Paced: a stream's chunks come with pauses; a download's come back to back.
  return l.pacedGaps >= 2 && l.pacedGaps >= 0.3 * l.chunkGaps;
}

/** Most lifetimes overlapping at once (by more than the tolerance); open ones run to the end. */
function maxOverlap(lives: readonly Lifetime[]): number {
  const n = lives.length;
  if (n <= 1) return n;
  const starts: number[] = [];
  const ends: number[] = [];
  for (const l of lives) {
    starts.push(l.start);
    // Our reading of a body can finish just after the page re-asked: not a real overlap.
    if (!Number.isNaN(l.end)) ends.push(Math.max(l.start, l.end - OVERLAP_TOLERANCE_MS));
  }
  starts.sort((a, b) => a - b);
  ends.sort((a, b) => a - b);
  let cur = 0;
  let max = 0;
  let j = 0;
  for (const s of starts) {
    // Strictly before: a lifetime shortened by the tolerance to zero length still counts at its start.
    while (j < ends.length && ends[j]! < s) {
      j++;
      cur--;
    }
    cur++;
    if (cur > max) max = cur;
  }
  return max;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function roundOrNull(x: number | null): number | null {
  return x === null ? null : round(x, 1);
}
