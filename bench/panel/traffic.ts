/**
 * Synthetic capture for the panel benchmark: what one page's relay would replay to a panel.
 *
 * - `sockets` WebSocket connections to distinct URLs `wss://bench.example/ch/<word>-<word>` (word
 *   names, no digits, so endpoint templates keep them apart: one channel per socket), opened in the
 *   first seconds and left open (live bars);
 * - `messages` WebSocket messages spread over `spanMs` as a Poisson process, channels drawn from a
 *   Zipf(0.8) law (a few chatty channels, a long tail), 30% sent / 70% received, 2% binary;
 *   sizes 20..2,000 bytes skewed small (20 x 100^(u^3): median ~100 B, mean ~360 B); the preview
 *   of a text message is its whole text (the hook captures up to 64 KB while a panel is attached),
 *   JSON-like, or its first `previewChars` chars; binary ones carry base64 previews;
 * - `pollers` HTTP polling endpoints (`GET /api/<word>/poll?_=<ts>`, every 1–6 s with jitter, a
 *   small JSON answer, mostly unchanged): request-start, response, request-end each, for bars.
 *
 * Events come out in time order, numbered from seq 1, cut into batches of `batch` events: the
 * shape the background router streams to a panel (`BackgroundToPanel` 'events').
 * Deterministic (seeded). No DOM: runs in a worker.
 */
import { fnv1a } from '../../src/core/text/hash';
import type { CaptureEvent, SequencedEvent, SourceInfo } from '../../src/core/protocol';
import { mulberry32 } from '../../test/corpus/random';

export interface TrafficOptions {
  readonly messages: number;
  readonly sockets: number;
  readonly pollers: number;
  readonly spanMs: number;
  readonly batch: number;
  /** Epoch ms of the last event (the capture ends "now"). */
  readonly end: number;
  readonly seed: number;
  /**
   * 0 (default): a text message's preview is its whole text, as the hook captures it while a panel
   * is attached (cap 64 KB). N > 0: only its first N chars (truncated), as if the cap were N.
   */
  readonly previewChars: number;
}

export const DEFAULT_TRAFFIC: Omit<TrafficOptions, 'end'> = {
  messages: 1_000_000,
  sockets: 1_000,
  pollers: 12,
  spanMs: 10 * 60_000,
  batch: 1_000,
  seed: 42,
  previewChars: 0,
};

export const SOURCE: SourceInfo = { sourceId: 'bench-source', frameId: 0, url: 'https://bench.example/app', top: true };

const ADJECTIVES = [
  'amber', 'azure', 'bold', 'brisk', 'calm', 'cedar', 'clear', 'coral', 'crisp', 'dusky', 'eager', 'early',
  'fair', 'fleet', 'frosty', 'gentle', 'golden', 'grand', 'hazel', 'humble', 'ivory', 'jolly', 'keen', 'lively',
  'lunar', 'mellow', 'misty', 'noble', 'olive', 'pale', 'quiet', 'rapid', 'rosy', 'rustic', 'silent', 'silver',
  'solar', 'swift', 'tidal', 'velvet',
];
const NOUNS = [
  'anchor', 'badger', 'beacon', 'bramble', 'canyon', 'cinder', 'comet', 'falcon', 'fjord', 'glacier', 'harbor',
  'heron', 'lantern', 'meadow', 'orchard', 'otter', 'pebble', 'quarry', 'raven', 'ripple', 'summit', 'thistle',
  'tundra', 'willow', 'zephyr',
];
const POLL_WORDS = ['status', 'inbox', 'presence', 'quotes', 'orders', 'alerts', 'builds', 'tickets', 'scores', 'weather', 'feed', 'jobs'];
const UP_OPS = ['sub', 'ack', 'ping', 'cursor', 'typing', 'move'];
const DOWN_TYPES = ['update', 'tick', 'delta', 'snapshot', 'presence', 'chat', 'pong', 'patch'];

/** Word-like name n: adjective-noun, then a third word past 1,000 (still no digits). */
export function channelName(n: number): string {
  const a = ADJECTIVES[n % ADJECTIVES.length]!;
  const b = NOUNS[Math.floor(n / ADJECTIVES.length) % NOUNS.length]!;
  const k = Math.floor(n / (ADJECTIVES.length * NOUNS.length));
  return k === 0 ? `${a}-${b}` : `${a}-${b}-${ADJECTIVES[(k - 1) % ADJECTIVES.length]}${NOUNS[Math.floor((k - 1) / ADJECTIVES.length) % NOUNS.length]}`;
}

export function socketUrl(n: number): string {
  return `wss://bench.example/ch/${channelName(n)}`;
}

/** Deterministic PRNG: the corpus's mulberry32. */
export const rng = mulberry32;

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Plain events without seq: lifecycle and polling, merged with the messages by time. */
type Plain = CaptureEvent;

export interface TrafficPlan {
  readonly options: TrafficOptions;
  /** Events in total (messages + lifecycle + polling + the page event). */
  readonly events: number;
  readonly batches: number;
  readonly start: number;
  /** Message columns, in time order. */
  readonly time: Float64Array;
  readonly channel: Uint16Array;
  readonly size: Uint16Array;
  /** bit 0: sent (up), bit 1: binary. */
  readonly flags: Uint8Array;
  /** Other events in time order. */
  readonly other: readonly Plain[];
  /** Messages per channel (for checks). */
  readonly perChannel: Uint32Array;
  readonly requests: number;
}

/** Builds the columns and the side events (cheap: ~20 bytes per message). */
export function planTraffic(options: TrafficOptions): TrafficPlan {
  const { messages: n, sockets, pollers, spanMs, end, seed } = options;
  const rand = rng(seed);
  const start = end - spanMs;
  const other: Plain[] = [{ kind: 'page', t: start - 2_000, url: SOURCE.url, top: true, visibility: 'visible', reason: 'install' }];

  // Sockets open during the first 5 s (the messages start after 6 s).
  const openAt = new Float64Array(sockets);
  for (let s = 0; s < sockets; s++) {
    const t = start + (5_000 * s) / sockets;
    openAt[s] = t;
    other.push({ kind: 'ws-create', id: `ws${s}`, t, url: socketUrl(s), protocols: [] });
    other.push({ kind: 'ws-open', id: `ws${s}`, t: t + 20 + rand() * 30, protocol: '', extensions: 'permessage-deflate' });
  }

  // Polling: request-start, response 20–120 ms later, request-end a few ms after.
  let requests = 0;
  for (let p = 0; p < pollers; p++) {
    const period = 1_000 + (p % 6) * 1_000;
    const url = `https://bench.example/api/${POLL_WORDS[p % POLL_WORDS.length]}/poll`;
    let version = 1;
    for (let t = start + rand() * period; t < end - 200; t += period * (0.95 + rand() * 0.1)) {
      const id = `p${p}-${requests++}`;
      const rt = t + 20 + rand() * 100;
      if (rand() < 0.03) version++;
      const body = `{"changed":false,"version":${version},"items":[]}`;
      const fullUrl = `${url}?_=${Math.round(t)}`;
      other.push({
        kind: 'request-start',
        id,
        t,
        transport: 'fetch',
        method: 'GET',
        url: fullUrl,
        requestHeaders: [['accept', 'application/json']],
        requestBodySize: 0,
      });
      other.push({
        kind: 'response',
        id,
        t: rt,
        status: 200,
        statusText: 'OK',
        url: fullUrl,
        redirected: false,
        headers: [['content-type', 'application/json'], ['cache-control', 'no-store']],
        contentType: 'application/json',
        protocol: 'h2',
      });
      other.push({
        kind: 'request-end',
        id,
        t: rt + 2 + rand() * 5,
        bodySize: body.length,
        preview: { encoding: 'text', data: body, truncated: false },
        hash: fnv1a(body),
        error: '',
        note: '',
      });
    }
  }
  other.sort((a, b) => a.t - b.t);

  // Zipf(0.8) weights over a shuffled channel order (chatty channels anywhere in the list).
  const order = Array.from({ length: sockets }, (_, i) => i);
  for (let i = sockets - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const cum = new Float64Array(sockets);
  let total = 0;
  for (let r = 0; r < sockets; r++) {
    total += 1 / (r + 1) ** 0.8;
    cum[r] = total;
  }

  // Poisson arrivals over [start + 6 s, end]: exponential gaps, rescaled to fit exactly.
  const time = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += -Math.log(1 - rand());
    time[i] = acc;
  }
  const t0 = start + 6_000;
  const k = (end - t0) / acc;
  for (let i = 0; i < n; i++) time[i] = t0 + time[i]! * k;

  const channel = new Uint16Array(n);
  const size = new Uint16Array(n);
  const flags = new Uint8Array(n);
  const perChannel = new Uint32Array(sockets);
  for (let i = 0; i < n; i++) {
    const x = rand() * total;
    let lo = 0;
    let hi = sockets - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    const ch = order[lo]!;
    channel[i] = ch;
    perChannel[ch]!++;
    const u = rand();
    const up = rand() < 0.3;
    const binary = rand() < 0.02;
    size[i] = binary ? 20 + Math.floor(u * 180) : Math.round(20 * 100 ** (u * u * u));
    flags[i] = (up ? 1 : 0) | (binary ? 2 : 0);
  }
  const events = n + other.length;
  return { options, events, batches: Math.ceil(events / options.batch), start, time, channel, size, flags, other, perChannel, requests };
}

/** Cuts the plan into batches of SequencedEvents, built on demand (strings are made per message). */
export class BatchMaker {
  private mi = 0;
  private oi = 0;
  private seq = 0;
  private readonly filler: string;
  private readonly b64: string;
  private readonly names: string[];

  constructor(private readonly plan: TrafficPlan) {
    const rand = rng(plan.options.seed + 1);
    let f = '';
    for (let i = 0; i < 8192; i++) f += ALNUM[Math.floor(rand() * ALNUM.length)];
    this.filler = f;
    let b = '';
    for (let i = 0; i < 4096; i++) b += B64[Math.floor(rand() * 64)];
    this.b64 = b;
    this.names = Array.from({ length: plan.options.sockets }, (_, i) => channelName(i));
  }

  get done(): boolean {
    return this.mi >= this.plan.time.length && this.oi >= this.plan.other.length;
  }

  next(): SequencedEvent[] {
    const { time, other } = this.plan;
    const out: SequencedEvent[] = [];
    const max = this.plan.options.batch;
    while (out.length < max && !this.done) {
      const useMessage = this.mi < time.length && (this.oi >= other.length || time[this.mi]! <= other[this.oi]!.t);
      const seq = ++this.seq;
      if (useMessage) out.push(this.message(this.mi++, seq));
      else out.push({ ...other[this.oi++]!, seq } as SequencedEvent);
    }
    return out;
  }

  private message(i: number, seq: number): SequencedEvent {
    const p = this.plan;
    const ch = p.channel[i]!;
    const target = p.size[i]!;
    const fl = p.flags[i]!;
    const up = (fl & 1) !== 0;
    const t = p.time[i]!;
    if (fl & 2) {
      // base64 of `target` bytes: 4 chars per 3 bytes, 4-aligned slice of random base64.
      const chars = Math.ceil(target / 3) * 4;
      const off = (seq * 4) % (this.b64.length - chars - 4);
      const data = this.b64.slice(off - (off % 4), off - (off % 4) + chars);
      return { kind: 'ws-message', id: `ws${ch}`, t, dir: up ? 'up' : 'down', binary: true, size: target, preview: { encoding: 'base64', data, truncated: false }, seq };
    }
    const long = up
      ? `{"op":"${UP_OPS[seq % UP_OPS.length]}","n":${seq},"d":"`
      : `{"type":"${DOWN_TYPES[seq % DOWN_TYPES.length]}","ch":"${this.names[ch]}","seq":${seq},"data":"`;
    // Small messages get a compact shape, so sizes really start near 20 bytes.
    const head = target >= long.length + 2 ? long : target >= 24 ? `{"t":${seq % 100},"d":"` : `{"n":`;
    if (head === '{"n":') {
      const data = `{"n":${seq}}`;
      return { kind: 'ws-message', id: `ws${ch}`, t, dir: up ? 'up' : 'down', binary: false, size: data.length, preview: { encoding: 'text', data, truncated: false }, seq };
    }
    const pad = Math.max(0, target - head.length - 2);
    const off = (seq * 7919) % (this.filler.length - pad);
    const data = `${head}${this.filler.slice(off, off + pad)}"}`;
    const cap = p.options.previewChars;
    const preview = cap > 0 && data.length > cap ? { encoding: 'text' as const, data: data.slice(0, cap), truncated: true } : { encoding: 'text' as const, data, truncated: false };
    return { kind: 'ws-message', id: `ws${ch}`, t, dir: up ? 'up' : 'down', binary: false, size: data.length, preview, seq };
  }
}
