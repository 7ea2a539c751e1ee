/**
 * Seeded synthetic traffic: realistic CaptureEvent sequences, each a labelled case that says which
 * requests/connections form a channel and which pattern that channel must end up with.
 *
 * The events have exactly the shapes the hook emits (src/hook): a fetch/XHR is request-start ->
 * response -> chunk(s) -> request-end; a network error or an abort before the headers is
 * request-start -> request-end with error and no response (that is "status 0": the hook never
 * sees a status); SSE over fetch/XHR has its `sse` events parsed from the chunks with the chunk's
 * time; an EventSource's `sse` events carry `retry: null` (the page cannot see `retry:`); a
 * WebSocket reconnect is a new socket (new id) to the same URL, an EventSource reconnect is the
 * same id going es-error(readyState 0) -> es-open.
 *
 * Parameters are realistic first. Where a random draw would make the ground truth genuinely
 * ambiguous (four clicks that happen to be evenly spaced, a long-poll whose news always arrives in
 * a few ms), the generator rejects that draw and says so in a comment: the corpus measures the
 * classifier on cases a human expert would label the same way, not on coin flips.
 */
import { utf8Length } from '../../src/core/text/bytes';
import type { Pattern } from '../../src/core/classify/types';
import { fnv1a } from '../../src/core/text/hash';
import { PREVIEW_CAP, textPreview } from '../../src/core/text/preview';
import type { CaptureEvent, Header, Preview, SourceInfo } from '../../src/core/protocol';
import { SseParser } from '../../src/core/text/sse-parser';
import { Rng, seedOf } from './random';

/* ------------------------------------------------------------------ case shape */

export interface Expectation {
  /** Request / connection ids (event `id`s) that belong to one channel. */
  readonly connectionIds: readonly string[];
  readonly pattern: Pattern;
}

export interface Case {
  /** `family/variant#n`, unique in the corpus. */
  readonly name: string;
  readonly family: Family;
  readonly variant: string;
  readonly seed: number;
  readonly source: SourceInfo;
  readonly events: readonly CaptureEvent[];
  readonly expect: readonly Expectation[];
  /** A case that must stay one-off everywhere (no periodic or held traffic in it). */
  readonly negative: boolean;
}

export type Family =
  | 'polling'
  | 'long-polling'
  | 'socketio-polling'
  | 'eventsource'
  | 'fetch-sse'
  | 'streaming'
  | 'websocket'
  | 'transition'
  | 'negative'
  | 'mixed';

/** What a scenario generator returns; buildCorpus adds the name, family, variant and seed. */
type Body = Omit<Case, 'name' | 'seed' | 'family' | 'variant'>;

/** The fixed master seed of the corpus. Change it only on purpose: results are compared over time. */
export const MASTER_SEED = 0x9017e157;

/* ------------------------------------------------------------------ trace builder */

const EPOCH_BASE = 1_700_000_000_000;
const ORIGIN = 'https://app.example.com';
const FRAME_ORIGIN = 'https://widgets.example.net';

const round = (t: number): number => Math.round(t * 1000) / 1000;

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  304: 'Not Modified',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

type Transport = 'fetch' | 'xhr';

/** Collects one document's events; `events()` returns them in time order (stable for ties). */
class Trace {
  private readonly list: CaptureEvent[] = [];
  private n = 0;
  private readonly prefix: string;
  readonly source: SourceInfo;
  readonly origin: string;
  readonly t0: number;
  /**
   * The page origin's `nextHopProtocol` (derived from the source id, so it costs no draw). The hook
   * reports it on responses and es-open once a resource of that origin has completed; cross-origin
   * hosts here send no Timing-Allow-Origin, so theirs stays ''.
   */
  protocol: string;

  constructor(
    readonly rng: Rng,
    pagePath: string,
    frame = false,
  ) {
    this.prefix = rng.token(6);
    this.origin = frame ? FRAME_ORIGIN : ORIGIN;
    this.source = {
      sourceId: rng.token(12),
      frameId: frame ? rng.int(1, 40) : 0,
      url: `${this.origin}${pagePath}`,
      top: !frame,
    };
    this.t0 = round(EPOCH_BASE + rng.uniform(0, 3e10));
    this.protocol = ['h2', 'h2', 'h2', 'http/1.1', 'h3'][seedOf(this.source.sourceId) % 5] as string;
    this.page(this.t0, 'visible', 'install');
  }

  url(pathAndQuery: string): string {
    return `${this.origin}${pathAndQuery}`;
  }

  id(): string {
    return `${this.prefix}${(++this.n).toString(36)}`;
  }

  push(ev: CaptureEvent): void {
    this.list.push({ ...ev, t: round(ev.t) } as CaptureEvent);
  }

  page(t: number, visibility: 'visible' | 'hidden', reason: 'install' | 'visibility'): void {
    this.push({ kind: 'page', t, url: this.source.url, top: this.source.top, visibility, reason });
  }

  events(): CaptureEvent[] {
    const sorted = this.list
      .map((ev, i) => ({ ev, i }))
      .sort((a, b) => a.ev.t - b.ev.t || a.i - b.i)
      .map((x) => x.ev);
    // Fill in `protocol` as the hook does: known for the page's origin once one of its requests
    // has completed.
    const originOf = (url: string): string => /^[a-z]+:\/\/[^/]+/i.exec(url)?.[0] ?? '';
    const requestOrigin = new Map<string, string>();
    let known = false;
    return sorted.map((ev) => {
      if (ev.kind === 'request-start') requestOrigin.set(ev.id, originOf(ev.url));
      if (ev.kind === 'request-end' && ev.error === '' && requestOrigin.get(ev.id) === this.origin) known = true;
      if (ev.kind === 'response' && known && originOf(ev.url) === this.origin) return { ...ev, protocol: this.protocol };
      if (ev.kind === 'es-open') return { ...ev, protocol: known && this.esOrigin.get(ev.id) === this.origin ? this.protocol : '' };
      return ev;
    });
  }

  /** EventSource id -> origin of its URL (for es-open's protocol). */
  readonly esOrigin = new Map<string, string>();

}

/* ------------------------------------------------------------------ bodies */

/** A JSON body of about `size` characters, fully determined by `salt` (same salt, same body). */
function payload(salt: string, size: number): string {
  const r = new Rng(seedOf(salt));
  let s = `{"ok":true,"rev":"${fnv1a(salt)}","items":[`;
  let first = true;
  while (s.length < size - 2) {
    s += `${first ? '' : ','}{"id":${r.int(1, 99999)},"name":"${r.token(r.int(3, 12))}","n":${r.int(0, 500)}}`;
    first = false;
  }
  return `${s}]}`;
}

function base64Junk(rng: Rng, chars: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let s = '';
  for (let i = 0; i < chars; i++) s += alphabet[rng.int(0, 63)];
  return s;
}

const textPrev = (text: string): Preview => textPreview(text, PREVIEW_CAP);

/* ------------------------------------------------------------------ HTTP requests */

interface RequestSpec {
  readonly transport: Transport;
  readonly method?: string;
  readonly url: string;
  readonly start: number;
  readonly requestHeaders?: readonly Header[];
  readonly requestBodySize?: number;
}

interface Done {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

function defaultRequestHeaders(rng: Rng, transport: Transport, accept = 'application/json'): Header[] {
  const h: Header[] = [['accept', accept]];
  if (transport === 'xhr' && rng.chance(0.5)) h.push(['x-requested-with', 'XMLHttpRequest']);
  return h;
}

function begin(tr: Trace, spec: RequestSpec): string {
  const id = tr.id();
  tr.push({
    kind: 'request-start',
    id,
    t: spec.start,
    transport: spec.transport,
    method: spec.method ?? 'GET',
    url: spec.url,
    requestHeaders: spec.requestHeaders ?? defaultRequestHeaders(tr.rng, spec.transport),
    requestBodySize: spec.requestBodySize ?? 0,
  });
  return id;
}

function respond(tr: Trace, id: string, t: number, url: string, status: number, contentType: string, extra: readonly Header[] = []): void {
  const headers: Header[] = contentType ? [['content-type', contentType], ...extra] : [...extra];
  tr.push({
    kind: 'response',
    id,
    t,
    status,
    statusText: STATUS_TEXT[status] ?? '',
    url,
    redirected: false,
    headers,
    contentType,
    protocol: '',
  });
}

/** A request that never got headers: network error, abort, or XHR timeout ("status 0"). */
function failed(tr: Trace, spec: RequestSpec, after: number, error: 'error' | 'abort' | 'timeout'): Done {
  const id = begin(tr, spec);
  const end = spec.start + Math.max(0.5, after);
  tr.push({ kind: 'request-end', id, t: end, bodySize: 0, preview: null, hash: '', error, note: '' });
  return { id, start: spec.start, end };
}

interface SimpleResponse {
  /** Time to headers. */
  readonly ttfb: number;
  readonly status?: number;
  readonly contentType?: string;
  /** null: no body (204, 304). */
  readonly body: string | null;
  readonly responseHeaders?: readonly Header[];
}

/** A request answered at once with a complete (small) body. */
function simple(tr: Trace, spec: RequestSpec, res: SimpleResponse): Done {
  const rng = tr.rng;
  const id = begin(tr, spec);
  const status = res.status ?? 200;
  const ct = res.body === null ? '' : (res.contentType ?? 'application/json');
  const size = res.body === null ? 0 : utf8Length(res.body);
  const extra: Header[] = [...(res.responseHeaders ?? [])];
  if (res.body !== null) extra.push(['content-length', String(size)]);
  let t = spec.start + Math.max(1, res.ttfb);
  respond(tr, id, t, spec.url, status, ct, extra);
  if (size > 0) {
    // Bodies past 64 KiB arrive in a few reads a few ms apart; the usual small JSON in one.
    let left = size;
    while (left > 0) {
      const piece = Math.min(left, 65536);
      t += rng.uniform(0.2, 2) + piece / 20000;
      tr.push({ kind: 'chunk', id, t, size: piece });
      left -= piece;
    }
  }
  t += rng.uniform(0.05, 0.6);
  let preview: Preview | null;
  let hash: string;
  if (res.body === null) {
    // fetch: a null body is not read at all. XHR: responseText is ''.
    preview = spec.transport === 'xhr' ? textPrev('') : null;
    hash = preview ? fnv1a(preview.data) : '';
  } else {
    preview = textPrev(res.body);
    hash = fnv1a(preview.data);
  }
  tr.push({ kind: 'request-end', id, t, bodySize: size, preview, hash, error: '', note: '' });
  return { id, start: spec.start, end: t };
}

interface Piece {
  readonly t: number;
  readonly text: string;
}

/**
 * A text body delivered over time. An event-stream body also yields one `sse` event per record,
 * stamped with the arrival of the piece that completed it (as the hook's BodyAccumulator does).
 */
function streamedText(
  tr: Trace,
  spec: RequestSpec,
  ttfb: number,
  contentType: string,
  pieces: readonly Piece[],
  end: { readonly t: number; readonly error: '' | 'abort' | 'error' },
  responseHeaders: readonly Header[] = [],
): Done {
  const id = begin(tr, spec);
  const tResp = spec.start + Math.max(1, ttfb);
  respond(tr, id, tResp, spec.url, 200, contentType, [['cache-control', 'no-cache'], ...responseHeaders]);
  const parser = /event-stream/i.test(contentType) ? new SseParser() : null;
  let text = '';
  let last = tResp;
  for (const p of pieces) {
    const t = Math.max(p.t, last + 0.05);
    last = t;
    const size = utf8Length(p.text);
    tr.push({ kind: 'chunk', id, t, size });
    text += p.text;
    if (parser) {
      for (const ev of parser.push(p.text)) {
        tr.push({
          kind: 'sse',
          id,
          t,
          event: ev.event,
          lastEventId: ev.lastEventId,
          retry: ev.retry,
          size: utf8Length(ev.data),
          preview: textPrev(ev.data),
        });
      }
    }
  }
  const tEnd = Math.max(end.t, last + 0.1);
  const preview = textPrev(text);
  tr.push({ kind: 'request-end', id, t: tEnd, bodySize: utf8Length(text), preview, hash: fnv1a(preview.data), error: end.error, note: '' });
  return { id, start: spec.start, end: tEnd };
}

/** A binary body delivered over time (downloads). */
function streamedBinary(
  tr: Trace,
  spec: RequestSpec,
  ttfb: number,
  contentType: string,
  chunks: readonly { t: number; size: number }[],
  responseHeaders: readonly Header[],
): Done {
  const id = begin(tr, spec);
  const tResp = spec.start + ttfb;
  respond(tr, id, tResp, spec.url, 200, contentType, responseHeaders);
  let total = 0;
  let last = tResp;
  for (const c of chunks) {
    const t = Math.max(c.t, last + 0.05);
    last = t;
    total += c.size;
    tr.push({ kind: 'chunk', id, t, size: c.size });
  }
  const data = base64Junk(tr.rng, 96);
  const preview: Preview = { encoding: 'base64', data, truncated: total > 72 };
  const tEnd = last + tr.rng.uniform(0.1, 2);
  tr.push({ kind: 'request-end', id, t: tEnd, bodySize: total, preview, hash: fnv1a(data), error: '', note: '' });
  return { id, start: spec.start, end: tEnd };
}

/* ------------------------------------------------------------------ WebSocket and EventSource */

interface WsMessage {
  readonly t: number;
  readonly dir: 'up' | 'down';
  /** Text frame content, or null for a binary frame of `size` bytes. */
  readonly text: string | null;
  readonly size?: number;
}

function wsCreate(tr: Trace, t: number, url: string, protocols: readonly string[]): string {
  const id = tr.id();
  tr.push({ kind: 'ws-create', id, t, url, protocols });
  return id;
}

function wsOpen(tr: Trace, id: string, t: number, protocol: string): void {
  tr.push({ kind: 'ws-open', id, t, protocol, extensions: tr.rng.chance(0.7) ? 'permessage-deflate; client_max_window_bits' : '' });
}

function wsMessages(tr: Trace, id: string, messages: readonly WsMessage[]): void {
  for (const m of messages) {
    if (m.text !== null) {
      tr.push({ kind: 'ws-message', id, t: m.t, dir: m.dir, binary: false, size: utf8Length(m.text), preview: textPrev(m.text) });
    } else {
      const size = m.size ?? 64;
      const data = base64Junk(tr.rng, Math.min(Math.ceil(size / 3) * 4, 128));
      tr.push({ kind: 'ws-message', id, t: m.t, dir: m.dir, binary: true, size, preview: { encoding: 'base64', data, truncated: size > 96 } });
    }
  }
}

function wsClose(tr: Trace, id: string, t: number, code: number, withError: boolean): void {
  if (withError) tr.push({ kind: 'ws-error', id, t: t - 0.2 });
  tr.push({ kind: 'ws-close', id, t, code, reason: code === 1000 ? (tr.rng.chance(0.5) ? 'bye' : '') : '', wasClean: code !== 1006 });
}

/* ------------------------------------------------------------------ helpers */

type Group = Expectation;
const group = (connectionIds: readonly string[], pattern: Pattern): Group => ({ connectionIds: [...connectionIds], pattern });

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? 0 : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const PAGES = ['/dashboard', '/inbox', '/orders', '/admin/jobs', '/app', '/projects/42/board', '/live', '/chat'];

/**
 * What a page does on load before the interesting traffic: a handful of one-shot requests to
 * distinct endpoints (each its own one-off channel). Returns the time the page settles.
 */
function prelude(tr: Trace, groups: Group[]): number {
  const rng = tr.rng;
  if (!rng.chance(0.5)) return tr.t0 + rng.uniform(50, 600);
  const endpoints = ['/api/me', '/api/config', '/api/flags', '/api/i18n/en', '/api/session', '/api/menu'];
  const n = rng.int(2, 5);
  let settle = tr.t0;
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    const path = rng.pick(endpoints);
    if (used.has(path)) continue;
    used.add(path);
    const transport: Transport = rng.chance(0.8) ? 'fetch' : 'xhr';
    const d = simple(
      tr,
      { transport, url: tr.url(path), start: tr.t0 + rng.uniform(30, 400) },
      { ttfb: rng.logUniform(15, 300), body: payload(`${path}:${rng.int(0, 1e6)}`, rng.int(80, 3000)) },
    );
    groups.push(group([d.id], 'one-off'));
    settle = Math.max(settle, d.end);
  }
  return settle + rng.uniform(20, 500);
}

/* ------------------------------------------------------------------ polling */

export type PollNoise = 'fail' | 'abort' | 'slow' | 'backoff' | 'hidden' | 'hidden-intensive' | 'etag';

interface PollOptions {
  readonly transport: Transport;
  /** interval: setInterval (start to start). timeout: setTimeout after each response (end to start). */
  readonly style: 'interval' | 'timeout';
  readonly noise: readonly PollNoise[];
}

const POLL_ENDPOINTS: readonly { path: string; method: string }[] = [
  { path: '/api/status', method: 'GET' },
  { path: '/api/notifications/count', method: 'GET' },
  { path: '/api/jobs/4812/progress', method: 'GET' },
  { path: '/api/feed/latest', method: 'GET' },
  { path: '/api/v1/metrics', method: 'GET' },
  { path: '/api/presence', method: 'GET' },
  { path: '/api/queue/position', method: 'GET' },
  { path: '/api/sync', method: 'POST' },
];

/** Chrome runs timers of a hidden page on whole-second wake-ups (and, after 5 min, once a minute). */
function throttle(due: number, hiddenSince: number, intensive: boolean): number {
  const align = intensive && due - hiddenSince >= 5 * 60_000 ? 60_000 : 1000;
  return Math.ceil(due / align) * align;
}

function polling(rng: Rng, o: PollOptions): Body {
  const tr = new Trace(rng, rng.pick(PAGES), rng.chance(0.1));
  const groups: Group[] = [];
  const t = prelude(tr, groups);
  const has = (n: PollNoise): boolean => o.noise.includes(n);

  const ep = rng.pick(POLL_ENDPOINTS);
  // The interval: 250 ms ... 60 s, log-uniform. Intensive throttling only shows for pollers slower
  // than a few seconds that stay hidden > 5 min; a slow response only stands out in a fast poll.
  const I = has('hidden-intensive') ? rng.uniform(20_000, 45_000) : has('slow') ? rng.logUniform(250, 3000) : rng.logUniform(250, 60_000);
  // The server's usual answer time: short next to the cycle (that is what makes it polling).
  const H = Math.min(rng.logUniform(8, 400), 0.25 * I);
  const buster = rng.pick(['none', 'none', 'underscore', 'counter'] as const);
  const stable = rng.chance(0.25) ? rng.pick(['room=lobby', 'scope=team', 'v=2', 'include=summary']) : '';
  const urlFor = (k: number, at: number): string => {
    const q: string[] = [];
    if (stable) q.push(stable);
    if (buster === 'underscore') q.push(`_=${Math.floor(at)}`);
    if (buster === 'counter') q.push(`t=${k}`);
    return tr.url(q.length ? `${ep.path}?${q.join('&')}` : ep.path);
  };
  const reqBody = ep.method === 'POST' ? rng.int(20, 300) : 0;
  const size = rng.int(40, 6000);
  const pChange = rng.uniform(0, 0.15);
  const salt = `${ep.path}:${rng.int(0, 1e9)}`;

  // How many regular requests, and where the noise goes.
  let n1 = 0;
  let nh = 0;
  let total: number;
  if (has('hidden') || has('hidden-intensive')) {
    n1 = rng.int(5, 10);
    nh = has('hidden-intensive') ? 0 : rng.int(3, 12); // intensive: by time, see below
    total = n1 + (has('hidden-intensive') ? 0 : nh) + rng.int(5, 10);
  } else {
    // A backoff episode needs enough regular traffic around it to still read as a poller.
    total = has('backoff') ? rng.int(14, 40) : rng.int(8, 40);
  }
  const pickIndex = (lo: number, hi: number): number => rng.int(Math.min(lo, hi), hi);
  const failAt = new Set<number>();
  if (has('fail')) {
    const k = rng.int(1, 2);
    for (let i = 0; i < k; i++) failAt.add(pickIndex(2, total - 2));
  }
  const abortAt = has('abort') ? pickIndex(2, total - 2) : -1;
  const slowAt = has('slow') ? pickIndex(2, total - 2) : -1;
  const backoffAt = has('backoff') ? pickIndex(5, total - 7) : -1;

  const ids: string[] = [];
  let version = 0;
  let etag = '';
  let hidden = false;
  let hiddenSince = 0;
  let hiddenDone = false;
  let hiddenCount = 0;
  let throttledMinute = 0;
  const minuteTarget = rng.int(2, 4);
  let prevStart = t;
  let prevEnd = t;
  let due = t + rng.uniform(0, Math.min(I, 2000));

  for (let k = 0; k < total; k++) {
    // Visibility changes sit between two timer firings.
    if ((has('hidden') || has('hidden-intensive')) && !hidden && !hiddenDone && k === n1) {
      const hideAt = rng.uniform(prevEnd + 1, Math.max(prevEnd + 2, due));
      tr.page(hideAt, 'hidden', 'visibility');
      hidden = true;
      hiddenSince = hideAt;
    }
    let fire = due;
    if (hidden) {
      fire = throttle(due, hiddenSince, has('hidden-intensive')) + rng.uniform(0, 4);
      const enough = has('hidden-intensive') ? fire - hiddenSince > 5 * 60_000 + 60_000 && throttledMinute >= minuteTarget : hiddenCount >= nh;
      if (enough) {
        // Back to visible before this firing: a pending timer then runs on time (or at once).
        const showAt = rng.uniform(prevEnd + 1, Math.max(prevEnd + 2, fire));
        tr.page(showAt, 'visible', 'visibility');
        hidden = false;
        hiddenDone = true;
        fire = Math.max(due, showAt + rng.uniform(0.5, 4));
      } else {
        hiddenCount++;
        if (fire - hiddenSince >= 5 * 60_000) throttledMinute++;
        if (has('hidden-intensive')) total++; // the hidden stretch is counted by time, not requests
      }
    }
    const start = Math.max(fire, prevStart + 0.5);
    const url = urlFor(k, start);
    const spec: RequestSpec = {
      transport: o.transport,
      method: ep.method,
      url,
      start,
      requestBodySize: reqBody,
      requestHeaders: [
        ...defaultRequestHeaders(rng, o.transport),
        ...(reqBody ? ([['content-type', 'application/json']] as Header[]) : []),
        ...(has('etag') && etag ? ([['if-none-match', etag]] as Header[]) : []),
      ],
    };
    let d: Done;
    let retries = 0;
    if (failAt.has(k)) {
      d = rng.chance(0.6)
        ? failed(tr, spec, rng.uniform(5, 300), 'error')
        : simple(tr, spec, { ttfb: rng.uniform(5, 200), status: rng.pick([500, 502, 503]), body: '{"error":"unavailable"}' });
    } else if (k === abortAt) {
      // The page gives up on a hung request (AbortSignal.timeout / abort before the next one).
      d = failed(tr, spec, Math.min(Math.max(0.8 * I, 100), 10_000), 'abort');
    } else if (k === backoffAt) {
      // A failure, 1-3 retries after 1, 2, 4 s (the last succeeds), then the normal schedule.
      d = failed(tr, spec, rng.uniform(5, 300), 'error');
      ids.push(d.id);
      retries = rng.int(1, 3);
      const base = rng.pick([1000, 1000, 2000, Math.max(500, I / 2)]);
      let at = d.end;
      for (let r = 0; r < retries; r++) {
        at += base * 2 ** r * rng.uniform(0.9, 1.1);
        const rs: RequestSpec = { ...spec, start: at, url: urlFor(k, at) };
        d = r < retries - 1 ? failed(tr, rs, rng.uniform(5, 300), 'error') : pollAnswer(rs);
        if (r < retries - 1) ids.push(d.id);
        at = d.end;
      }
    } else {
      d = pollAnswer(spec, k === slowAt ? H * rng.uniform(5, 10) : undefined);
    }
    ids.push(d.id);
    prevStart = d.start;
    prevEnd = d.end;
    const gap = rng.jitter(I, 0.3);
    due = o.style === 'interval' ? (retries ? d.start : fire) + gap : d.end + gap;
    if (o.style === 'interval' && !retries) due = Math.max(due, start + 1);
  }
  groups.push(group(ids, 'polling'));
  return { source: tr.source, events: tr.events(), expect: groups, negative: false };

  function pollAnswer(spec: RequestSpec, hold?: number): Done {
    if (rng.chance(pChange)) version++;
    const body = payload(`${salt}:${version}`, size);
    const tag = `"${fnv1a(body)}"`;
    const ttfb = hold ?? Math.max(2, H * rng.logUniform(0.6, 1.6));
    if (has('etag') && etag === tag) {
      return simple(tr, spec, { ttfb, status: 304, body: null, responseHeaders: [['etag', tag]] });
    }
    etag = tag;
    return simple(tr, spec, { ttfb, body, responseHeaders: has('etag') ? [['etag', tag]] : [] });
  }
}

/* ------------------------------------------------------------------ long-polling */

interface LongPollOptions {
  readonly transport: Transport;
  readonly noise: 'none' | 'timeouts' | 'error';
}

const LONG_POLL_ENDPOINTS: readonly { path: string; method: string; query: (k: number, cursor: number) => string }[] = [
  { path: '/api/updates', method: 'GET', query: (_k, c) => `since=${c}` },
  { path: '/api/longpoll', method: 'GET', query: () => 'channel=orders' },
  { path: '/poll', method: 'GET', query: () => '' },
  { path: '/cometd/connect', method: 'POST', query: () => '' },
  { path: '/api/v1/events/wait', method: 'GET', query: (_k, c) => `timeout=10&seq=${c}` },
  { path: '/api/chat/rooms/17/messages/wait', method: 'GET', query: (k) => `_=${k}` },
];

function longPolling(rng: Rng, o: LongPollOptions): Body {
  const tr = new Trace(rng, rng.pick(PAGES), rng.chance(0.1));
  const groups: Group[] = [];
  let t = prelude(tr, groups);
  const ep = rng.pick(LONG_POLL_ENDPOINTS);
  const T = rng.pick([5000, 8000, 10_000]);
  const n = o.noise === 'error' ? rng.int(6, 20) : rng.int(3, 20);
  // Mean wait for news. Holds are min(news, timeout): some short, many at the timeout.
  // A long-poll whose news nearly always arrives in < 1 s is indistinguishable from a sequential
  // loader, so draws whose median hold is under 1 s are rejected (the label would not be defined).
  const M = o.noise === 'timeouts' ? rng.uniform(15_000, 40_000) : rng.uniform(2000, 20_000);
  let holds: number[] = [];
  for (let attempt = 0; attempt < 100; attempt++) {
    holds = Array.from({ length: n }, () => Math.min(rng.exponential(M), T) + rng.uniform(2, 40));
    if (median(holds) >= 1000) break;
  }
  const errorAt = o.noise === 'error' ? rng.int(2, n - 3) : -1;
  const ids: string[] = [];
  let cursor = rng.int(1000, 90_000);
  t += rng.uniform(10, 300);
  for (let k = 0; k < n; k++) {
    const q = ep.query(k, cursor);
    const spec: RequestSpec = {
      transport: o.transport,
      method: ep.method,
      url: tr.url(q ? `${ep.path}?${q}` : ep.path),
      start: t,
      requestBodySize: ep.method === 'POST' ? rng.int(60, 200) : 0,
    };
    let d: Done;
    let next: number;
    if (k === errorAt) {
      // The connection drops mid-hold (proxy, Wi-Fi); the client backs off 1-5 s, then goes on.
      d = rng.chance(0.5)
        ? failed(tr, spec, rng.uniform(300, T), 'error')
        : simple(tr, spec, { ttfb: rng.uniform(300, T), status: 502, contentType: 'text/html', body: '<html><body>502 Bad Gateway</body></html>' });
      next = d.end + rng.uniform(1000, 5000);
    } else {
      const hold = holds[k] as number;
      const timedOut = hold >= T;
      let body: string | null;
      let status = 200;
      if (timedOut) {
        if (rng.chance(0.5)) {
          status = 204;
          body = null;
        } else body = '{"events":[]}';
      } else {
        const events = rng.int(1, 4);
        body = `{"events":[${Array.from({ length: events }, (_, i) => `{"id":${cursor + i + 1},"type":"${rng.pick(['created', 'updated', 'deleted'])}","ref":"${rng.token(8)}"}`).join(',')}],"cursor":${cursor + events}}`;
        cursor += events;
      }
      d = simple(tr, spec, { ttfb: hold, status, body });
      // The next request goes out at once: 5-250 ms after the previous answer.
      next = d.end + rng.logUniform(5, 250);
    }
    ids.push(d.id);
    t = next;
  }
  groups.push(group(ids, 'long-polling'));
  return { source: tr.source, events: tr.events(), expect: groups, negative: false };
}

/* ------------------------------------------------------------------ Engine.IO / Socket.IO */

function engineIoSid(rng: Rng): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let s = '';
  for (let i = 0; i < 20; i++) s += alphabet[rng.int(0, 63)];
  return s;
}

/** engine.io-client's `t=` cache buster (yeast): a short base-64 timestamp string. */
function yeast(rng: Rng): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  let s = '';
  for (let i = 0; i < 7; i++) s += alphabet[rng.int(0, 63)];
  return s;
}

interface EngineSession {
  readonly sid: string;
  readonly pingInterval: number;
  /** Held GET ids (the long-polling channel; the handshake GET without `sid` is not included). */
  readonly getIds: string[];
  /** POST ids (client-to-server packets: connect, pongs, emits) - a sparse, irregular channel. */
  readonly postIds: string[];
  /** The GET still in flight at `end` (its response is scheduled by the caller), if any. */
  end: number;
}

/**
 * Engine.IO v4 over long-polling: handshake GET (no sid), POST "40" (connect), a GET answered at
 * once with the CONNECT ack, then GETs held until the server has a packet or sends its ping
 * ("2", every pingInterval), each followed immediately by the next GET. A ping is answered by a
 * POST "3"; the app's emits are POSTs "42[...]".
 */
function engineIoPolling(tr: Trace, transport: Transport, start: number, heldGets: number, pingInterval: number, lastGetHeldUntil?: (t: number) => number): EngineSession {
  const rng = tr.rng;
  const sid = engineIoSid(rng);
  const base = tr.url('/socket.io/?EIO=4&transport=polling');
  const textCt = 'text/plain; charset=UTF-8';
  const session: EngineSession = { sid, pingInterval, getIds: [], postIds: [], end: start };
  const hs = simple(tr, { transport, url: `${base}&t=${yeast(rng)}`, start }, {
    ttfb: rng.uniform(15, 120),
    contentType: textCt,
    body: `0{"sid":"${sid}","upgrades":["websocket"],"pingInterval":${pingInterval},"pingTimeout":20000,"maxPayload":1000000}`,
  });
  const post = (at: number, packet: string): number => {
    const d = simple(
      tr,
      { transport, method: 'POST', url: `${base}&t=${yeast(rng)}&sid=${sid}`, start: at, requestBodySize: utf8Length(packet), requestHeaders: [['content-type', 'text/plain;charset=UTF-8']] },
      { ttfb: rng.uniform(10, 80), contentType: 'text/html', body: 'ok' },
    );
    session.postIds.push(d.id);
    return d.end;
  };
  post(hs.end + rng.uniform(1, 5), '40');
  let t = hs.end + rng.uniform(2, 8);
  const ack = simple(tr, { transport, url: `${base}&t=${yeast(rng)}&sid=${sid}`, start: t }, { ttfb: rng.uniform(20, 90), contentType: textCt, body: `40{"sid":"${engineIoSid(rng)}"}` });
  session.getIds.push(ack.id);
  t = ack.end + rng.uniform(1, 15);
  let nextPing = hs.end + pingInterval;
  const meanNews = rng.uniform(2000, 30_000);
  let nextNews = t + rng.exponential(meanNews);
  let nextEmit = t + rng.exponential(rng.uniform(5000, 60_000));
  for (let k = 0; k < heldGets; k++) {
    const spec: RequestSpec = { transport, url: `${base}&t=${yeast(rng)}&sid=${sid}`, start: t };
    // Client emits go out as POSTs while the GET is held.
    while (nextEmit < Math.min(nextPing, nextNews)) {
      if (nextEmit > t) post(nextEmit, `42["action",{"n":${rng.int(1, 99)}}]`);
      nextEmit += rng.exponential(rng.uniform(5000, 60_000));
    }
    if (k === heldGets - 1 && lastGetHeldUntil) {
      // Held until the upgrade completes; then the server answers with a noop packet "6".
      const until = lastGetHeldUntil(t);
      const d = simple(tr, spec, { ttfb: until - t, contentType: textCt, body: '6' });
      session.getIds.push(d.id);
      session.end = d.end;
      return session;
    }
    const ping = nextPing <= nextNews;
    const answerAt = Math.max(t + 5, (ping ? nextPing : nextNews) + rng.uniform(1, 20));
    const body = ping ? '2' : `42["update",{"id":${rng.int(1, 1e6)},"v":"${rng.token(6)}"}]`;
    const d = simple(tr, spec, { ttfb: answerAt - t, contentType: textCt, body });
    session.getIds.push(d.id);
    if (ping) {
      post(d.end + rng.uniform(1, 6), '3');
      nextPing += pingInterval;
    } else nextNews = d.end + rng.exponential(meanNews);
    t = d.end + rng.logUniform(2, 40);
    session.end = d.end;
  }
  return session;
}

/** Median start-to-end time of the requests with these ids. */
function medianHold(events: readonly CaptureEvent[], ids: readonly string[]): number {
  const want = new Set(ids);
  const start = new Map<string, number>();
  const holds: number[] = [];
  for (const e of events) {
    if (e.kind === 'request-start' && want.has(e.id)) start.set(e.id, e.t);
    if (e.kind === 'request-end' && start.has(e.id)) holds.push(e.t - (start.get(e.id) as number));
  }
  return median(holds);
}

/**
 * Re-draws a scenario (from forks of `rng`, so still deterministic) until its long-polling
 * channels have a median hold of at least 1 s: the same well-definedness rule as longPolling().
 * An Engine.IO session whose news keeps arriving within a few ms is a run of short back-to-back
 * requests, and nobody could call that long-polling from the traffic alone.
 */
function withHeldLongPolls(rng: Rng, make: (r: Rng) => Body): Body {
  const ok = (b: Body): boolean => b.expect.every((g) => g.pattern !== 'long-polling' || medianHold(b.events, g.connectionIds) >= 1000);
  let body = make(rng.fork('draw0'));
  for (let i = 1; i < 100 && !ok(body); i++) body = make(rng.fork(`draw${i}`));
  return body;
}

function socketIoPolling(rng: Rng, transport: Transport): Body {
  return withHeldLongPolls(rng, (r) => socketIoPollingDraw(r, transport));
}

function socketIoPollingDraw(rng: Rng, transport: Transport): Body {
  const tr = new Trace(rng, rng.pick(PAGES));
  const groups: Group[] = [];
  const t = prelude(tr, groups);
  // `transports: ['polling']`: no upgrade. The POST channel (pongs after each ping, emits at random)
  // carries no expectation: it is the upstream half of the session, not a pattern of its own.
  const s = engineIoPolling(tr, transport, t, rng.int(3, 20), rng.pick([10_000, 20_000, 25_000]));
  groups.push(group(s.getIds, 'long-polling'));
  return { source: tr.source, events: tr.events(), expect: groups, negative: false };
}

/* ------------------------------------------------------------------ transitions */

/**
 * Engine.IO long-polling, then the upgrade to WebSocket on the same sid. Real clients usually
 * upgrade within a second (two GETs: too few for any label); `delayed` holds the upgrade back
 * (the WebSocket probe waited on a slow proxy) so the long-polling phase has 4-12 held GETs and a
 * defined label. `quick` is the usual fast upgrade and asserts only the WebSocket.
 */
function transition(rng: Rng, transport: Transport, mode: 'delayed' | 'quick'): Body {
  return withHeldLongPolls(rng, (r) => transitionDraw(r, transport, mode));
}

function transitionDraw(rng: Rng, transport: Transport, mode: 'delayed' | 'quick'): Body {
  const tr = new Trace(rng, rng.pick(PAGES));
  const groups: Group[] = [];
  const t0 = prelude(tr, groups);
  const pingInterval = rng.pick([10_000, 20_000, 25_000]);
  let wsId = '';
  let wsStart = 0;
  let opened = 0;
  const held = mode === 'delayed' ? rng.int(4, 12) : 1;
  const s = engineIoPolling(tr, transport, t0, held, pingInterval, (getStart) => {
    // The probe starts while this GET is held.
    wsStart = getStart + rng.uniform(mode === 'quick' ? 2 : 200, mode === 'quick' ? 50 : 3000);
    return wsStart + rng.uniform(60, 400);
  });
  // The WebSocket with the same sid: probe, upgrade, then the session's traffic.
  const url = `wss://${tr.origin.replace(/^https:\/\//, '')}/socket.io/?EIO=4&transport=websocket&sid=${s.sid}`;
  wsId = wsCreate(tr, wsStart, url, []);
  opened = wsStart + rng.uniform(20, 150);
  wsOpen(tr, wsId, opened, '');
  const msgs: WsMessage[] = [];
  let t = opened + rng.uniform(1, 5);
  msgs.push({ t, dir: 'up', text: '2probe' });
  t += rng.uniform(10, 80);
  msgs.push({ t, dir: 'down', text: '3probe' });
  t = Math.max(t, s.end) + rng.uniform(1, 10);
  msgs.push({ t, dir: 'up', text: '5' });
  const endAt = t + rng.uniform(20_000, 300_000);
  let nextPing = t + pingInterval;
  let nextNews = t + rng.exponential(rng.uniform(500, 20_000));
  const meanNews = rng.uniform(500, 20_000);
  let nextEmit = t + rng.exponential(rng.uniform(3000, 60_000));
  for (;;) {
    const nt = Math.min(nextPing, nextNews, nextEmit);
    if (nt > endAt || msgs.length > 300) break;
    if (nt === nextPing) {
      msgs.push({ t: nt, dir: 'down', text: '2' });
      msgs.push({ t: nt + rng.uniform(1, 8), dir: 'up', text: '3' });
      nextPing += pingInterval;
    } else if (nt === nextNews) {
      msgs.push({ t: nt, dir: 'down', text: `42["update",{"id":${rng.int(1, 1e6)}}]` });
      nextNews += rng.exponential(meanNews);
    } else {
      msgs.push({ t: nt, dir: 'up', text: `42["action",{"n":${rng.int(1, 99)}}]` });
      nextEmit += rng.exponential(rng.uniform(3000, 60_000));
    }
  }
  msgs.sort((a, b) => a.t - b.t);
  wsMessages(tr, wsId, msgs);
  const last = msgs[msgs.length - 1]?.t ?? opened;
  if (rng.chance(0.5)) wsClose(tr, wsId, Math.max(endAt, last + 1), 1000, false);
  if (mode === 'delayed') groups.push(group(s.getIds, 'long-polling'));
  groups.push(group([wsId], 'websocket'));
  return { source: tr.source, events: tr.events(), expect: groups, negative: false };
}

/* ------------------------------------------------------------------ SSE */

type EsVariant = 'plain' | 'reconnect' | 'quiet' | 'closed';

function eventSource(rng: Rng, variant: EsVariant): Body {
  const tr = new Trace(rng, rng.pick(PAGES), rng.chance(0.1));
  const groups: Group[] = [];
  const t0 = prelude(tr, groups);
  const url = rng.pick([
    tr.url('/api/events'),
    tr.url('/sse/notifications?topic=orders'),
    'https://stream.example.com/v1/stream?channel=prices',
    tr.url('/api/jobs/9931/events'),
  ]);
  const id = tr.id();
  tr.push({ kind: 'es-create', id, t: t0, url, withCredentials: rng.chance(0.2) });
  tr.esOrigin.set(id, /^https:\/\/[^/]+/.exec(url)?.[0] ?? '');
  let t = t0 + rng.uniform(20, 400);
  tr.push({ kind: 'es-open', id, t, readyState: 1 });
  const n = variant === 'quiet' ? rng.int(0, 2) : rng.int(3, 120);
  const gap = rng.logUniform(200, 20_000);
  const names = rng.chance(0.5) ? ['message'] : ['message', 'update', 'price', 'notification'];
  const withIds = rng.chance(0.7);
  let lastId = rng.int(0, 5000);
  const drops = new Set<number>();
  if (variant === 'reconnect' || variant === 'closed') {
    const k = rng.int(1, 3);
    for (let i = 0; i < k; i++) drops.add(rng.int(1, Math.max(1, n - 1)));
  }
  const retry = rng.chance(0.5) ? 3000 : rng.pick([1000, 2000, 5000, 10_000]);
  for (let i = 0; i < n; i++) {
    t += rng.exponential(gap);
    if (drops.has(i)) {
      // Connection lost: readyState 0 (CONNECTING), then the browser reconnects after `retry`.
      tr.push({ kind: 'es-error', id, t, readyState: 0 });
      t += retry + rng.uniform(20, 400);
      tr.push({ kind: 'es-open', id, t, readyState: 1 });
      t += rng.uniform(5, 200);
    }
    const data = `{"seq":${i},"value":${rng.int(0, 10_000)},"at":"${rng.token(6)}"}`;
    if (withIds) lastId++;
    tr.push({
      kind: 'sse',
      id,
      t,
      event: rng.pick(names),
      lastEventId: withIds ? String(lastId) : '',
      retry: null,
      size: utf8Length(data),
      preview: textPrev(data),
    });
  }
  // A quiet stream still lives for a while (comments/heartbeats are invisible to EventSource).
  t += variant === 'quiet' ? rng.uniform(5000, 120_000) : rng.uniform(100, 10_000);
  if (variant === 'closed') tr.push({ kind: 'es-error', id, t, readyState: 2 });
  else if (rng.chance(0.5)) tr.push({ kind: 'es-close', id, t, readyState: 2 });
  groups.push(group([id], 'sse'));
  return { source: tr.source, events: tr.events(), expect: groups, negative: false };
}

type FetchSseVariant = 'get' | 'llm' | 'reconnect' | 'xhr';

function sseRecord(id: number | null, event: string | null, data: string): string {
  let s = '';
  if (id !== null) s += `id: ${id}\n`;
  if (event) s += `event: ${event}\n`;
  s += `data: ${data}\n\n`;
  return s;
}

/** Splits a text into pieces at random points (network reads do not respect record boundaries). */
function splitText(rng: Rng, text: string, t: number, spread: number): Piece[] {
  if (text.length < 16 || !rng.chance(0.2)) return [{ t, text }];
  const cut = rng.int(1, text.length - 1);
  return [
    { t, text: text.slice(0, cut) },
    { t: t + rng.uniform(0.1, spread), text: text.slice(cut) },
  ];
}

function fetchSse(rng: Rng, variant: FetchSseVariant): Body {
  const tr = new Trace(rng, rng.pick(PAGES), rng.chance(0.1));
  const groups: Group[] = [];
  let t = prelude(tr, groups);
  const ids: string[] = [];
  const ct = rng.pick(['text/event-stream', 'text/event-stream; charset=utf-8']);
  if (variant === 'llm') {
    // POST chat completions streamed as SSE (fetch-event-source / OpenAI style), 1-4 prompts.
    const prompts = rng.int(1, 4);
    for (let p = 0; p < prompts; p++) {
      const spec: RequestSpec = {
        transport: 'fetch',
        method: 'POST',
        url: tr.url('/api/chat/completions'),
        start: t,
        requestBodySize: rng.int(200, 3000),
        requestHeaders: [['accept', 'text/event-stream'], ['content-type', 'application/json']],
      };
      const ttfb = rng.uniform(200, 1500);
      let at = t + ttfb;
      const pieces: Piece[] = [];
      const tokens = rng.int(20, 300);
      for (let i = 0; i < tokens; i++) {
        at += rng.logUniform(10, 120);
        pieces.push({ t: at, text: sseRecord(null, null, `{"choices":[{"delta":{"content":"${rng.token(rng.int(1, 6))}"}}]}`) });
      }
      at += rng.uniform(5, 50);
      pieces.push({ t: at, text: 'data: [DONE]\n\n' });
      const d = streamedText(tr, spec, ttfb, ct, pieces, { t: at + rng.uniform(0.5, 5), error: '' });
      ids.push(d.id);
      t = d.end + rng.exponential(rng.uniform(5000, 40_000)) + 1000;
    }
  } else {
    const transport: Transport = variant === 'xhr' ? 'xhr' : 'fetch';
    const url = rng.pick([tr.url('/api/stream?topic=orders'), tr.url('/events'), tr.url('/graphql/stream'), 'https://push.example.com/sse']);
    const method = url.endsWith('/graphql/stream') ? 'POST' : 'GET';
    const connections = variant === 'reconnect' ? rng.int(2, 4) : 1;
    let lastId = rng.int(0, 10_000);
    const gap = rng.logUniform(200, 10_000);
    for (let c = 0; c < connections; c++) {
      const headers: Header[] = [['accept', 'text/event-stream'], ['cache-control', 'no-cache']];
      if (c > 0) headers.push(['last-event-id', String(lastId)]);
      const spec: RequestSpec = { transport, method, url, start: t, requestHeaders: headers, requestBodySize: method === 'POST' ? rng.int(80, 600) : 0 };
      const ttfb = rng.uniform(20, 300);
      let at = t + ttfb;
      const pieces: Piece[] = [];
      pieces.push({ t: at + rng.uniform(0.5, 5), text: rng.chance(0.5) ? `retry: ${rng.pick([1000, 3000, 5000])}\n\n` : ': connected\n\n' });
      const duration = rng.uniform(5000, 300_000);
      let nextKeepalive = at + 15_000;
      const xhrMin = transport === 'xhr' ? 50 : 0; // XHR progress events fire at most every 50 ms
      for (;;) {
        at += Math.max(xhrMin, rng.exponential(gap));
        while (nextKeepalive < at) {
          pieces.push({ t: nextKeepalive, text: ': keep-alive\n\n' });
          nextKeepalive += 15_000;
        }
        if (at - t > duration) break;
        lastId++;
        const rec = sseRecord(lastId, rng.chance(0.5) ? rng.pick(['update', 'tick', 'status']) : null, `{"n":${lastId},"v":${rng.int(0, 999)}}`);
        pieces.push(...(transport === 'xhr' ? [{ t: at, text: rec }] : splitText(rng, rec, at, 5)));
      }
      pieces.sort((a, b) => a.t - b.t);
      const lastConn = c === connections - 1;
      const endT = (pieces[pieces.length - 1]?.t ?? at) + rng.uniform(5, 3000);
      // Dropped (reconnect variant) or, at the end, closed by the server or aborted by the page.
      const error = !lastConn ? 'error' : rng.pick(['', 'abort'] as const);
      const d = streamedText(tr, spec, ttfb, ct, pieces, { t: endT, error });
      ids.push(d.id);
      t = d.end + rng.uniform(1000, 3000);
    }
  }
  groups.push(group(ids, 'sse'));
  return { source: tr.source, events: tr.events(), expect: groups, negative: false };
}

/* ------------------------------------------------------------------ streaming */

type StreamVariant = 'ndjson' | 'json' | 'text' | 'xhr' | 'chat' | 'watch' | 'abort';

/**
 * Pieces spread over 2-60 s with 100 ms - 5 s pauses (at least 5 pieces: "several chunks").
 */
function streamPieces(rng: Rng, start: number, line: (i: number) => string, minMs = 2000, maxMs = 60_000): Piece[] {
  const D = rng.uniform(minMs, maxMs);
  const maxPause = Math.max(150, Math.min(5000, D / 5));
  const pieces: Piece[] = [];
  let t = start;
  for (let i = 0; ; i++) {
    t += rng.logUniform(100, maxPause);
    pieces.push({ t, text: line(i) });
    if (t - start >= D && pieces.length >= 5) break;
  }
  return pieces;
}

function streaming(rng: Rng, variant: StreamVariant): Body {
  const tr = new Trace(rng, rng.pick(PAGES), rng.chance(0.1));
  const groups: Group[] = [];
  let t = prelude(tr, groups);
  const ids: string[] = [];
  const ndjsonLine = (i: number): string => `{"type":"${rng.pick(['progress', 'row', 'log'])}","i":${i},"v":${rng.int(0, 9999)}}\n`;
  if (variant === 'chat') {
    // A chat UI: each prompt streams an NDJSON answer; prompts come at human pace.
    const prompts = rng.int(2, 4);
    for (let p = 0; p < prompts; p++) {
      const spec: RequestSpec = { transport: 'fetch', method: 'POST', url: tr.url('/api/chat'), start: t, requestBodySize: rng.int(100, 2000) };
      const ttfb = rng.uniform(150, 1200);
      const pieces = streamPieces(rng, t + ttfb, ndjsonLine, 2000, 15_000);
      const d = streamedText(tr, spec, ttfb, 'application/x-ndjson', pieces, { t: (pieces[pieces.length - 1] as Piece).t + rng.uniform(1, 50), error: '' });
      ids.push(d.id);
      t = d.end + 2000 + rng.exponential(20_000);
    }
  } else if (variant === 'watch') {
    // Kubernetes-style watch: a long NDJSON stream the server ends after a timeout; the client
    // re-opens it at once with the latest resourceVersion.
    let rv = rng.int(100_000, 900_000);
    const streams = rng.int(2, 5);
    for (let s = 0; s < streams; s++) {
      const spec: RequestSpec = { transport: 'fetch', url: tr.url(`/api/v1/namespaces/default/pods?watch=true&resourceVersion=${rv}`), start: t };
      const ttfb = rng.uniform(20, 200);
      const pieces = streamPieces(rng, t + ttfb, (i) => `{"type":"MODIFIED","object":{"metadata":{"resourceVersion":"${rv + i + 1}"}}}\n`, 5000, 60_000);
      rv += pieces.length;
      const d = streamedText(tr, spec, ttfb, 'application/json', pieces, { t: (pieces[pieces.length - 1] as Piece).t + rng.uniform(10, 3000), error: '' });
      ids.push(d.id);
      t = d.end + rng.logUniform(5, 100);
    }
  } else {
    const transport: Transport = variant === 'xhr' ? 'xhr' : 'fetch';
    const kinds: Record<Exclude<StreamVariant, 'chat' | 'watch'>, { ct: string; path: string }> = {
      ndjson: { ct: 'application/x-ndjson', path: '/api/export/progress' },
      json: { ct: 'application/json', path: '/api/reports/run' },
      text: { ct: 'text/plain; charset=utf-8', path: '/api/builds/3321/log' },
      xhr: { ct: 'application/x-ndjson', path: '/api/import/status' },
      abort: { ct: rng.pick(['application/x-ndjson', 'application/json']), path: '/api/search/stream' },
    };
    const k = kinds[variant];
    const spec: RequestSpec = { transport, method: variant === 'json' ? 'POST' : 'GET', url: tr.url(k.path), start: t, requestBodySize: variant === 'json' ? rng.int(50, 500) : 0 };
    const ttfb = rng.uniform(30, 800);
    let line: (i: number) => string = ndjsonLine;
    if (variant === 'json') line = (i) => `${i === 0 ? '[' : ','}{"row":${i},"total":${rng.int(0, 1e6)}}`;
    if (variant === 'text') line = () => `[${rng.pick(['info', 'info', 'warn'])}] step ${rng.token(5)} ok (${rng.int(1, 999)} ms)\n`;
    const pieces = streamPieces(rng, t + ttfb, line);
    if (variant === 'json') pieces.push({ t: (pieces[pieces.length - 1] as Piece).t + rng.uniform(100, 2000), text: ']' });
    const lastT = (pieces[pieces.length - 1] as Piece).t;
    const d = streamedText(tr, spec, ttfb, k.ct, pieces, variant === 'abort' ? { t: lastT + rng.uniform(100, 3000), error: 'abort' } : { t: lastT + rng.uniform(1, 100), error: '' });
    ids.push(d.id);
  }
  groups.push(group(ids, 'streaming'));
  return { source: tr.source, events: tr.events(), expect: groups, negative: false };
}

/* ------------------------------------------------------------------ WebSocket */

type WsVariant = 'chat' | 'binary' | 'graphql' | 'cable' | 'idle' | 'reconnect' | 'first-fails';

function websocket(rng: Rng, variant: WsVariant): Body {
  const tr = new Trace(rng, rng.pick(PAGES), rng.chance(0.1));
  const groups: Group[] = [];
  let t = prelude(tr, groups);
  const host = tr.origin.replace(/^https:\/\//, '');
  let url: string;
  let protocols: string[] = [];
  if (variant === 'binary') url = `wss://feed.example.com/stream?token=${rng.token(16)}`;
  else if (variant === 'graphql') {
    url = `wss://${host}/graphql`;
    protocols = ['graphql-transport-ws'];
  } else if (variant === 'cable') {
    url = `wss://${host}/cable`;
    protocols = ['actioncable-v1-json', 'actioncable-unsupported'];
  } else url = rng.pick([`wss://${host}/ws`, `wss://${host}/realtime`, `wss://rt.example.com/v2/socket`]);

  const ids: string[] = [];
  const connections = variant === 'reconnect' ? rng.int(2, 4) : variant === 'first-fails' ? 2 : 1;
  const meanDown = rng.logUniform(100, 10_000);
  for (let c = 0; c < connections; c++) {
    const connUrl = variant === 'binary' && c > 0 ? url.replace(/token=\w+/, `token=${rng.token(16)}`) : url;
    const id = wsCreate(tr, t, connUrl, protocols);
    ids.push(id);
    if (variant === 'first-fails' && c === 0) {
      // Refused / blocked: error then close 1006 without ever opening; the app retries.
      const end = t + rng.uniform(50, 3000);
      wsClose(tr, id, end, 1006, true);
      t = end + rng.uniform(1000, 5000);
      continue;
    }
    const opened = t + rng.uniform(20, 300);
    wsOpen(tr, id, opened, protocols[0] ?? '');
    const life = variant === 'idle' ? rng.uniform(30_000, 300_000) : rng.uniform(10_000, 600_000);
    const endAt = opened + life;
    const msgs: WsMessage[] = [];
    let at = opened + rng.uniform(1, 20);
    if (variant === 'graphql') {
      msgs.push({ t: at, dir: 'up', text: '{"type":"connection_init","payload":{}}' });
      msgs.push({ t: at + rng.uniform(10, 80), dir: 'down', text: '{"type":"connection_ack"}' });
      msgs.push({ t: at + rng.uniform(90, 120), dir: 'up', text: `{"id":"${rng.token(8)}","type":"subscribe","payload":{"query":"subscription { orderUpdated { id status } }"}}` });
    } else if (variant === 'cable') {
      msgs.push({ t: at, dir: 'down', text: '{"type":"welcome"}' });
      msgs.push({ t: at + rng.uniform(5, 50), dir: 'up', text: '{"command":"subscribe","identifier":"{\\"channel\\":\\"ChatChannel\\",\\"room\\":\\"lobby\\"}"}' });
      // ActionCable pings every 3 s.
      for (let p = at + 3000; p < endAt; p += 3000) msgs.push({ t: p + rng.uniform(0, 5), dir: 'down', text: `{"type":"ping","message":${Math.floor(p / 1000)}}` });
    } else if (variant === 'binary') {
      msgs.push({ t: at, dir: 'up', text: null, size: rng.int(12, 60) });
    } else if (variant !== 'idle') {
      msgs.push({ t: at, dir: 'up', text: `{"type":"hello","token":"${rng.token(12)}"}` });
    }
    if (variant !== 'idle') {
      // App heartbeat (every 20-30 s) and the server's answer.
      if (variant !== 'cable' && variant !== 'graphql' && rng.chance(0.6)) {
        const hb = rng.uniform(20_000, 30_000);
        for (let p = at + hb; p < endAt; p += hb) {
          msgs.push({ t: p, dir: 'up', text: variant === 'binary' ? null : '{"type":"ping"}', size: 2 });
          msgs.push({ t: p + rng.uniform(5, 80), dir: 'down', text: variant === 'binary' ? null : '{"type":"pong"}', size: 2 });
        }
      }
      const upShare = rng.uniform(0.05, 0.4);
      for (;;) {
        at += rng.exponential(variant === 'binary' ? Math.min(meanDown, 1000) : meanDown);
        if (at > endAt || msgs.length > 300) break;
        const up = rng.chance(upShare);
        if (variant === 'binary') msgs.push({ t: at, dir: up ? 'up' : 'down', text: null, size: rng.int(20, 2000) });
        else if (variant === 'graphql') msgs.push({ t: at, dir: 'down', text: `{"id":"s1","type":"next","payload":{"data":{"orderUpdated":{"id":${rng.int(1, 999)},"status":"${rng.pick(['paid', 'shipped'])}"}}}}` });
        else if (variant === 'cable') msgs.push({ t: at, dir: up ? 'up' : 'down', text: `{"identifier":"{\\"channel\\":\\"ChatChannel\\"}","message":{"body":"${rng.token(rng.int(4, 40))}"}}` });
        else msgs.push({ t: at, dir: up ? 'up' : 'down', text: `{"type":"${up ? 'send' : 'event'}","data":"${rng.token(rng.int(4, 80))}"}` });
      }
    }
    msgs.sort((a, b) => a.t - b.t);
    wsMessages(tr, id, msgs);
    const lastMsg = msgs[msgs.length - 1]?.t ?? opened;
    const closeAt = Math.max(endAt, lastMsg + 1);
    const lastConn = c === connections - 1;
    if (!lastConn) {
      // Network drop: error + close 1006; the app reconnects after a backoff.
      wsClose(tr, id, closeAt, 1006, true);
      t = closeAt + rng.uniform(1000, 10_000);
    } else if (rng.chance(0.6)) {
      wsClose(tr, id, closeAt, rng.pick([1000, 1001]), false);
    }
  }
  groups.push(group(ids, 'websocket'));
  return { source: tr.source, events: tr.events(), expect: groups, negative: false };
}

/* ------------------------------------------------------------------ negatives */

type NegVariant = 'burst-one' | 'burst-mixed' | 'clicks' | 'retries' | 'download' | 'paginated' | 'single';

/**
 * At most half the intervals within ±30% of their median, and the longest at least 3x the
 * shortest. Used to reject click sequences that happen to come out evenly spaced: those look
 * exactly like a poller and have no well-defined label.
 */
function irregular(starts: readonly number[]): boolean {
  const iv = starts.slice(1).map((s, i) => s - (starts[i] as number));
  const m = median(iv);
  const near = iv.filter((x) => Math.abs(x - m) <= 0.3 * m).length;
  return near <= iv.length / 2 && Math.max(...iv) >= 3 * Math.min(...iv);
}

function negative(rng: Rng, variant: NegVariant): Body {
  const tr = new Trace(rng, rng.pick(PAGES), rng.chance(0.1));
  const groups: Group[] = [];
  let t = tr.t0 + rng.uniform(20, 300);
  const transport: Transport = rng.chance(0.8) ? 'fetch' : 'xhr';
  const answer = (hold: number, salt: string): SimpleResponse => ({ ttfb: hold, body: payload(salt, rng.int(60, 4000)) });

  if (variant === 'burst-one') {
    // 10-50 requests for items within 2 s: all at once (HTTP/2, or HTTP/1.1 where only 6 are
    // on the wire at a time and the rest queue in the browser), or one after the other.
    const n = rng.int(10, 50);
    const mode = rng.pick(['h2', 'h1', 'sequential'] as const);
    if (mode === 'h1') tr.protocol = 'http/1.1';
    if (mode === 'h2' && tr.protocol === 'http/1.1') tr.protocol = 'h2';
    const ids: string[] = [];
    const base = rng.pick(['/api/items/', '/api/users/', '/api/products/', '/api/v2/docs/']);
    const itemId = (): string => (rng.chance(0.8) ? String(rng.int(1, 99_999)) : `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`);
    if (mode === 'sequential') {
      // for...of with await: each starts as the previous ends. Holds are short (a loop over
      // fast endpoints); the whole burst stays within 2 s.
      const hold = Math.min(rng.logUniform(15, 120), 1900 / n);
      for (let i = 0; i < n; i++) {
        const d = simple(tr, { transport, url: tr.url(`${base}${itemId()}`), start: t }, answer(hold * rng.uniform(0.6, 1.5), `${base}${i}`));
        ids.push(d.id);
        t = d.end + rng.uniform(0.2, 4);
      }
    } else {
      const lanes = mode === 'h1' ? 6 : n;
      const laneFree = Array.from({ length: lanes }, () => t);
      for (let i = 0; i < n; i++) {
        const start = t + i * rng.uniform(0.05, 1);
        const lane = i % lanes;
        const queued = Math.max(start, laneFree[lane] as number);
        const hold = rng.logUniform(20, mode === 'h1' ? 250 : 900);
        const d = simple(tr, { transport, url: tr.url(`${base}${itemId()}`), start }, answer(queued - start + hold, `${base}${i}`));
        laneFree[lane] = d.end;
        ids.push(d.id);
      }
    }
    groups.push(group(ids, 'one-off'));
  } else if (variant === 'burst-mixed') {
    // A page load: each singleton endpoint once (twice when two components or a StrictMode
    // double mount ask for it), the rest to templated endpoints (one request per item shown),
    // fired in a few waves as then() chains resolve; everything within 2 s.
    const singletons = ['/api/me', '/api/config', '/api/feature-flags', '/api/notifications', '/api/search/suggest', '/api/menu'];
    const templated = ['/api/projects/:id', '/api/teams/:id/members', '/api/comments?post=:id', '/api/users/:id/profile'];
    const total = rng.int(10, 50);
    const byChannel = new Map<string, string[]>();
    const end0 = t + 2000;
    const plan: string[] = [];
    for (const ep of singletons) {
      if (rng.chance(0.7)) plan.push(ep);
      if (rng.chance(0.2)) plan.push(ep);
    }
    const used = templated.filter(() => rng.chance(0.7));
    if (used.length === 0) used.push(rng.pick(templated));
    while (plan.length < total) plan.push(rng.pick(used));
    plan.forEach((ep, i) => {
      const path = ep.replace(':id', String(rng.int(1, 9999)));
      const wave = rng.int(0, 3);
      const start = Math.min(end0 - 300, t + wave * rng.uniform(100, 400) + rng.uniform(0, 30));
      const d = simple(tr, { transport, url: tr.url(path), start }, answer(rng.logUniform(15, 280), `${ep}:${i}`));
      const list = byChannel.get(ep) ?? [];
      list.push(d.id);
      byChannel.set(ep, list);
    });
    for (const list of byChannel.values()) groups.push(group(list, 'one-off'));
  } else if (variant === 'clicks') {
    // A user clicking: 4-15 requests, exponential gaps with mean 3-30 s (at least 0.4 s: a
    // human). A draw that comes out evenly spaced is rejected: it would look like a poller.
    const n = rng.int(4, 15);
    const mean = rng.uniform(3000, 30_000);
    let starts: number[] = [];
    for (let attempt = 0; attempt < 200; attempt++) {
      starts = [t];
      for (let i = 1; i < n; i++) starts.push((starts[i - 1] as number) + 400 + rng.exponential(mean));
      if (irregular(starts)) break;
    }
    const ep = rng.pick([
      { method: 'POST', path: () => '/api/cart/items' },
      { method: 'GET', path: () => `/api/search?q=${rng.token(rng.int(3, 9))}` },
      { method: 'GET', path: () => `/api/items/${rng.int(1, 99_999)}` },
      { method: 'POST', path: () => '/api/messages' },
      { method: 'PUT', path: () => `/api/todos/${rng.int(1, 500)}` },
    ]);
    const ids = starts.map((s, i) => {
      const body = ep.method === 'GET' ? 0 : rng.int(30, 800);
      return simple(tr, { transport, method: ep.method, url: tr.url(ep.path()), start: s, requestBodySize: body }, answer(rng.logUniform(20, 600), `click:${i}`)).id;
    });
    groups.push(group(ids, 'one-off'));
  } else if (variant === 'retries') {
    // A request that fails fast (refused, 5xx) and is retried after 1, 2, 4, 8 s, then given up
    // or successful. Failures are fast on purpose: ten-second timeouts would make 11, 12, 14, 18 s
    // intervals, which no one could tell from a slow jittered poller.
    const n = rng.int(3, 5);
    const base = rng.pick([1000, 1000, 1000, 500, 2000]);
    const ids: string[] = [];
    const spec = { transport, method: rng.pick(['GET', 'POST']), url: tr.url(rng.pick(['/api/orders', '/api/upload/commit', '/api/profile'])) };
    const succeeds = rng.chance(0.5);
    for (let i = 0; i < n; i++) {
      const last = i === n - 1;
      const s: RequestSpec = { ...spec, start: t, requestBodySize: spec.method === 'POST' ? 200 : 0 };
      const d =
        last && succeeds
          ? simple(tr, s, answer(rng.logUniform(30, 400), 'ok'))
          : rng.chance(0.5)
            ? failed(tr, s, rng.uniform(5, 300), 'error')
            : simple(tr, s, { ttfb: rng.uniform(5, 300), status: rng.pick([500, 502, 503]), body: '{"error":"try again"}' });
      ids.push(d.id);
      t = d.end + base * 2 ** i * rng.uniform(0.9, 1.1);
    }
    groups.push(group(ids, 'one-off'));
  } else if (variant === 'download') {
    // One file: bytes arrive continuously (every few ms for fetch; XHR progress fires every 50 ms)
    // for several seconds; Content-Length known, served as an attachment.
    const xhr = transport === 'xhr';
    const duration = rng.uniform(2000, 10_000);
    const ttfb = rng.uniform(30, 400);
    const chunks: { t: number; size: number }[] = [];
    const rate = rng.logUniform(1e6, 50e6) / 1000; // bytes per ms
    let at = t + ttfb;
    while (at - t - ttfb < duration) {
      const dt = xhr ? rng.uniform(50, 60) : rng.uniform(1, 8);
      at += dt;
      chunks.push({ t: at, size: Math.max(1024, Math.round(rate * dt)) });
    }
    const total = chunks.reduce((a, c) => a + c.size, 0);
    const ct = rng.pick(['application/octet-stream', 'application/zip']);
    const name = ct === 'application/zip' ? 'export.zip' : 'backup.bin';
    const d = streamedBinary(tr, { transport, url: tr.url(`/api/files/${rng.int(1, 9999)}/download`), start: t }, ttfb, ct, chunks, [
      ['content-length', String(total)],
      ['content-disposition', `attachment; filename="${name}"`],
    ]);
    groups.push(group([d.id], 'one-off'));
  } else if (variant === 'paginated') {
    // Load all pages: ?page=1..N one after the other, each starting as the previous ends.
    // Page answers take 30-600 ms (a loop over a normal endpoint, not a server that holds).
    const n = rng.int(3, 20);
    const style = rng.pick(['page', 'offset', 'cursor'] as const);
    const limit = rng.pick([20, 50, 100]);
    const ids: string[] = [];
    const path = rng.pick(['/api/orders', '/api/logs', '/api/contacts']);
    for (let i = 0; i < n; i++) {
      const q = style === 'page' ? `page=${i + 1}` : style === 'offset' ? `offset=${i * limit}&limit=${limit}` : i === 0 ? `limit=${limit}` : `limit=${limit}&cursor=${rng.token(12)}`;
      const d = simple(tr, { transport, url: tr.url(`${path}?${q}`), start: t }, answer(rng.logUniform(30, 600), `${path}:${i}`));
      ids.push(d.id);
      t = d.end + rng.uniform(1, 20);
    }
    groups.push(group(ids, 'one-off'));
  } else {
    const d = simple(tr, { transport, method: rng.pick(['GET', 'POST']), url: tr.url(rng.pick(['/api/report', '/api/export', '/api/me'])), start: t }, answer(rng.logUniform(20, 3000), 'single'));
    groups.push(group([d.id], 'one-off'));
  }
  return { source: tr.source, events: tr.events(), expect: groups, negative: true };
}

/* ------------------------------------------------------------------ several at once */

/**
 * One page doing several things at once (a dashboard with a poller, a live socket and a user
 * clicking around): 2-3 scenarios merged into one document, started a few seconds apart. Hidden-
 * tab variants are left out (one scenario's visibility changes would be wrong for the others),
 * and the components use distinct endpoints, as one app's features do.
 */
function mixed(rng: Rng): Body {
  const makers: readonly ((r: Rng) => Body)[] = [
    (r) => polling(r, { transport: r.pick(['fetch', 'xhr'] as const), style: r.pick(['interval', 'timeout'] as const), noise: r.pick([[], ['fail'], ['etag'], ['slow']] as PollNoise[][]) }),
    (r) => longPolling(r, { transport: r.pick(['fetch', 'xhr'] as const), noise: 'none' }),
    (r) => eventSource(r, r.pick(['plain', 'reconnect'] as const)),
    (r) => fetchSse(r, 'llm'),
    (r) => websocket(r, r.pick(['chat', 'reconnect', 'graphql'] as const)),
    (r) => streaming(r, r.pick(['ndjson', 'chat'] as const)),
    (r) => negative(r, 'clicks'),
    (r) => negative(r, 'paginated'),
  ];
  const k = rng.int(2, 3);
  const chosen = new Set<number>();
  while (chosen.size < k) chosen.add(rng.int(0, makers.length - 1));
  const parts = [...chosen].map((i) => (makers[i] as (r: Rng) => Body)(rng.fork(`part${i}`)));
  const first = parts[0] as Body;
  const t0 = (first.events[0] as CaptureEvent).t;
  const events: CaptureEvent[] = [...first.events];
  const expect: Expectation[] = [...first.expect];
  for (const part of parts.slice(1)) {
    const shift = t0 + rng.uniform(0, 5000) - (part.events[0] as CaptureEvent).t;
    for (const ev of part.events) if (ev.kind !== 'page') events.push({ ...ev, t: round(ev.t + shift) } as CaptureEvent);
    expect.push(...part.expect);
  }
  const sorted = events
    .map((ev, i) => ({ ev, i }))
    .sort((a, b) => a.ev.t - b.ev.t || a.i - b.i)
    .map((x) => x.ev);
  return { source: first.source, events: sorted, expect, negative: false };
}

/* ------------------------------------------------------------------ the corpus */

interface Recipe {
  readonly family: Family;
  readonly variant: string;
  readonly count: number;
  readonly make: (rng: Rng) => Body;
}

const POLL_NOISES: readonly (readonly PollNoise[])[] = [
  [],
  [],
  ['fail'],
  ['abort'],
  ['slow'],
  ['backoff'],
  ['hidden'],
  ['hidden-intensive'],
  ['etag'],
  ['fail', 'hidden'],
  ['slow', 'fail', 'etag'],
];

function recipes(): Recipe[] {
  const list: Recipe[] = [];
  for (const transport of ['fetch', 'xhr'] as const) {
    for (const style of ['interval', 'timeout'] as const) {
      POLL_NOISES.forEach((noise, i) => {
        const name = noise.length ? noise.join('+') : i === 0 ? 'clean' : 'clean2';
        list.push({ family: 'polling', variant: `${transport}/${style}/${name}`, count: 5, make: (rng) => polling(rng, { transport, style, noise }) });
      });
    }
    for (const noise of ['none', 'timeouts', 'error'] as const) {
      list.push({ family: 'long-polling', variant: `${transport}/${noise}`, count: 12, make: (rng) => longPolling(rng, { transport, noise }) });
    }
    list.push({ family: 'socketio-polling', variant: transport, count: 12, make: (rng) => socketIoPolling(rng, transport) });
    list.push({ family: 'transition', variant: `${transport}/delayed`, count: 12, make: (rng) => transition(rng, transport, 'delayed') });
    list.push({ family: 'transition', variant: `${transport}/quick`, count: 4, make: (rng) => transition(rng, transport, 'quick') });
  }
  for (const v of ['plain', 'reconnect', 'quiet', 'closed'] as const) {
    list.push({ family: 'eventsource', variant: v, count: v === 'plain' || v === 'reconnect' ? 12 : 8, make: (rng) => eventSource(rng, v) });
  }
  for (const v of ['get', 'llm', 'reconnect', 'xhr'] as const) {
    list.push({ family: 'fetch-sse', variant: v, count: 9, make: (rng) => fetchSse(rng, v) });
  }
  for (const v of ['ndjson', 'json', 'text', 'xhr', 'chat', 'watch', 'abort'] as const) {
    list.push({ family: 'streaming', variant: v, count: 8, make: (rng) => streaming(rng, v) });
  }
  for (const v of ['chat', 'binary', 'graphql', 'cable', 'idle', 'reconnect', 'first-fails'] as const) {
    list.push({ family: 'websocket', variant: v, count: v === 'reconnect' ? 15 : 8, make: (rng) => websocket(rng, v) });
  }
  list.push({ family: 'mixed', variant: 'page', count: 30, make: mixed });
  const negCounts: Record<NegVariant, number> = { 'burst-one': 30, 'burst-mixed': 25, clicks: 35, retries: 25, download: 25, paginated: 25, single: 12 };
  for (const [v, count] of Object.entries(negCounts) as [NegVariant, number][]) {
    list.push({ family: 'negative', variant: v, count, make: (rng) => negative(rng, v) });
  }
  return list;
}

/** One case, reproducible from its recipe name (`family/variant`) and seed. */
export function generateCase(family: Family, variant: string, seed: number, index = 0): Case {
  const recipe = recipes().find((r) => r.family === family && r.variant === variant);
  if (!recipe) throw new Error(`no recipe ${family}/${variant}`);
  return { name: `${family}/${variant}#${index}`, family, variant, seed, ...recipe.make(new Rng(seed)) };
}

/** The whole corpus from the master seed: every recipe `count` times, each with its own seed. */
export function buildCorpus(masterSeed = MASTER_SEED): Case[] {
  const master = new Rng(masterSeed);
  const out: Case[] = [];
  for (const r of recipes()) {
    for (let i = 0; i < r.count; i++) {
      const seed = Math.floor(master.float() * 4294967296) >>> 0;
      out.push({ name: `${r.family}/${r.variant}#${i}`, family: r.family, variant: r.variant, seed, ...r.make(new Rng(seed)) });
    }
  }
  return out;
}
