/**
 * Capture events -> HAR 1.2. The events are what both the CLI recorder and the panel hold, so
 * both export through here. Standard fields follow Chrome DevTools' export (a Chrome or any HAR
 * viewer opens the file); `_polltergeist` fields keep what HAR cannot say, so `fromHar` rebuilds
 * the very same events (see types.ts).
 *
 * Decisions:
 * - Open requests and connections (no end yet when exported) end at the capture's last event:
 *   `time` and `timings` cover what was observed. Not -1: HAR requires `time` >= 0 and Chrome's
 *   importer computes the end as start + time, so -1 would draw a bar ending before it starts.
 *   Our own field (`end` absent) still says "open", so an import keeps it open.
 * - timings: `blocked`, `dns`, `connect`, `ssl` are -1 (the page never sees them), `send` 0,
 *   `wait` start -> response headers (or -> the end without a response), `receive` headers -> end.
 * - Headers go through redactHeaders again (idempotent; they were redacted at capture), so a file
 *   never carries Authorization, Cookie or Set-Cookie values. Cookie arrays stay empty.
 * - `redact: true` also leaves out payloads (bodies, SSE data, WebSocket frames) but keeps sizes,
 *   times and body hashes: a capture that can be shared and still classifies the same.
 */
import {
  unhandledEvent,
  type CaptureEvent,
  type EventSourceCreateEvent,
  type EventSourceStateEvent,
  type Header,
  type RequestEndEvent,
  type RequestStartEvent,
  type ResponseEvent,
  type ChunkEvent,
  type SourceInfo,
  type SseMessageEvent,
  type WebSocketCloseEvent,
  type WebSocketCreateEvent,
  type WebSocketErrorEvent,
  type WebSocketMessageEvent,
  type WebSocketOpenEvent,
} from '../protocol';
import { redactHeaders } from '../text/redact';
import { analyze } from '../report/report';
import type { CaptureSource } from '../store/capture-source';
import { queryStringOf } from './query-string';
import {
  MSG_OTHER_ENCODING,
  MSG_PLACED,
  MSG_TRUNCATED,
  PG_FORMAT,
  type Har,
  type HarEntry,
  type HarEventSourceMessage,
  type HarNameValue,
  type HarPage,
  type HarResponse,
  type HarWebSocketMessage,
  type PgEntry,
  type PgMessage,
  type PgPage,
} from './types';
import { httpVersionOf, isoTime, roundMs, span } from './units';

export const CREATOR_NAME = 'Polltergeist';

export interface ToHarInput {
  readonly sources: readonly CaptureSource[];
  /** The page the capture is of (the tab): titles its top-level HAR page. */
  readonly page?: { readonly url: string; readonly title?: string; readonly startedAt?: number };
  readonly creatorVersion: string;
  /** Leave out bodies and message payloads (sizes, times and hashes stay). */
  readonly redact?: boolean;
}

/** One request or connection, its events grouped by kind in captured order. */
interface Conn {
  readonly source: number;
  readonly seq: number;
  readonly start: RequestStartEvent | EventSourceCreateEvent | WebSocketCreateEvent;
  order: string;
  /** Events recorded for it, the start included (for the source's order runs). */
  count: number;
  entryIndex: number;
  response?: ResponseEvent;
  readonly chunks: ChunkEvent[];
  end?: RequestEndEvent;
  readonly sse: SseMessageEvent[];
  readonly states: EventSourceStateEvent[];
  open?: WebSocketOpenEvent;
  readonly frames: WebSocketMessageEvent[];
  readonly errors: WebSocketErrorEvent[];
  close?: WebSocketCloseEvent;
}

/** A source's events in captured order: a connection, or null for a page event. */
type Trace = (Conn | null)[];

export function toHar(input: ToHarInput): Har {
  const redact = input.redact ?? false;
  const conns: Conn[] = [];
  const traces: Trace[] = [];
  let first = Infinity;
  let last = -Infinity;
  input.sources.forEach((s, si) => {
    const trace: Trace = [];
    traces.push(trace);
    const live = new Map<string, Conn>();
    const kept = (e: CaptureEvent, c: Conn | null): void => {
      trace.push(c);
      if (Number.isFinite(e.t)) {
        first = Math.min(first, e.t);
        last = Math.max(last, e.t);
      }
    };
    for (const e of s.events) {
      if (e.kind === 'page') {
        kept(e, null);
        continue;
      }
      if (e.kind === 'request-start' || e.kind === 'es-create' || e.kind === 'ws-create') {
        const c = newConn(si, conns.length, e);
        conns.push(c);
        live.set(e.id, c);
        kept(e, c);
        continue;
      }
      const c = live.get(e.id);
      // Events of a request whose start we never saw say nothing the classifier uses: dropped.
      if (c && record(c, e)) {
        c.count++;
        kept(e, c);
      }
    }
  });
  // The end of what we observed (of the events the file keeps): where open requests stop.
  const captureEnd = Number.isFinite(last) ? last : 0;

  conns.sort((a, b) => a.start.t - b.start.t || a.source - b.source || a.seq - b.seq);
  const entries: HarEntry[] = conns.map((c, i) => {
    c.entryIndex = i;
    return entryOf(c, captureEnd, redact);
  });

  const pages = input.sources.map((s, si) => pageOf(s, si, traces[si]!, input.page, titledSource(input), first));
  if (pages.length === 0 && input.page) {
    pages.push({
      startedDateTime: isoTime(input.page.startedAt ?? 0),
      id: 'page_1',
      title: input.page.title ?? input.page.url,
      pageTimings: { onContentLoad: -1, onLoad: -1 },
    });
  }
  return {
    log: {
      version: '1.2',
      creator: { name: CREATOR_NAME, version: input.creatorVersion },
      pages,
      entries,
      _polltergeist: analyze(input.sources),
    },
  };
}

function newConn(source: number, seq: number, start: Conn['start']): Conn {
  return { source, seq, start, order: '', count: 1, entryIndex: -1, chunks: [], sse: [], states: [], frames: [], errors: [] };
}

/**
 * Files an event under its connection; false when it does not belong there (a kind of another
 * transport, or a second response/end/open/close, which the hook never sends).
 */
function record(c: Conn, e: Exclude<CaptureEvent, { kind: 'page' }>): boolean {
  const transport = c.start.kind === 'request-start' ? 'http' : c.start.kind === 'es-create' ? 'es' : 'ws';
  switch (e.kind) {
    case 'response':
      if (transport !== 'http' || c.response) return false;
      c.response = e;
      c.order += 'R';
      return true;
    case 'chunk':
      if (transport !== 'http') return false;
      c.chunks.push(e);
      c.order += 'C';
      return true;
    case 'request-end':
      if (transport !== 'http' || c.end) return false;
      c.end = e;
      c.order += 'E';
      return true;
    case 'sse':
      if (transport === 'ws') return false;
      c.sse.push(e);
      c.order += 'M';
      return true;
    case 'es-open':
    case 'es-error':
    case 'es-close':
      if (transport !== 'es') return false;
      c.states.push(e);
      c.order += 'T';
      return true;
    case 'ws-open':
      if (transport !== 'ws' || c.open) return false;
      c.open = e;
      c.order += 'O';
      return true;
    case 'ws-message':
      if (transport !== 'ws') return false;
      c.frames.push(e);
      c.order += 'M';
      return true;
    case 'ws-error':
      if (transport !== 'ws') return false;
      c.errors.push(e);
      c.order += 'X';
      return true;
    case 'ws-close':
      if (transport !== 'ws' || c.close) return false;
      c.close = e;
      c.order += 'Z';
      return true;
    case 'request-start':
    case 'es-create':
    case 'ws-create':
      return false; // a start opens a Conn of its own (toHar)
    default:
      unhandledEvent(e);
      return false;
  }
}

/* ------------------------------------------------------------------ entries */

function entryOf(c: Conn, captureEnd: number, redact: boolean): HarEntry {
  const s = c.start;
  if (s.kind === 'request-start') return httpEntry(c, s, captureEnd, redact);
  if (s.kind === 'es-create') return eventSourceEntry(c, s, captureEnd, redact);
  return webSocketEntry(c, s, captureEnd, redact);
}

/** Common shape: start, when the answer came (null: never), when it ended (open: the capture's end). */
function timed(start: number, answeredAt: number | null, endedAt: number): Pick<HarEntry, 'startedDateTime' | 'time' | 'timings'> {
  const wait = span(start, answeredAt ?? endedAt);
  const receive = answeredAt === null ? 0 : span(answeredAt, endedAt);
  return {
    startedDateTime: isoTime(start),
    time: roundMs(wait + receive),
    timings: { blocked: -1, dns: -1, connect: -1, send: 0, wait, receive, ssl: -1 },
  };
}

function httpEntry(c: Conn, s: RequestStartEvent, captureEnd: number, redact: boolean): HarEntry {
  const r = c.response;
  const e = c.end;
  const endedAt = e ? e.t : Math.max(captureEnd, s.t);
  const httpVersion = httpVersionOf(r?.protocol ?? '');
  const headers = r ? namesValues(r.headers) : [];
  const streamed = c.chunks.reduce((n, ch) => n + ch.size, 0);
  const response: HarResponse = {
    status: r?.status ?? 0,
    statusText: r?.statusText ?? '',
    httpVersion,
    cookies: [],
    headers,
    content: { size: e ? e.bodySize : streamed, mimeType: r?.contentType || 'x-unknown' },
    redirectURL: headers.find((h) => h.name.toLowerCase() === 'location')?.value ?? '',
    headersSize: -1,
    bodySize: e ? e.bodySize : -1,
  };
  if (e?.preview && !redact) {
    response.content.text = e.preview.data;
    if (e.preview.encoding === 'base64') response.content.encoding = 'base64';
  }
  if (e?.error) response._error = e.error;

  const pg: PgEntry = { v: PG_FORMAT, transport: s.transport, id: s.id, start: s.t, order: c.order };
  if (s.headersUnknown) pg.requestHeadersUnknown = true;
  if (r) {
    pg.response = { t: r.t, url: r.url, redirected: r.redirected, contentType: r.contentType, protocol: r.protocol };
    if (r.headersUnknown) pg.response.headersUnknown = true;
  }
  if (c.chunks.length) pg.chunks = c.chunks.map((ch) => [ch.t, ch.size]);
  if (e) {
    pg.end = {
      t: e.t,
      bodySize: e.bodySize,
      hash: e.hash,
      error: e.error,
      note: e.note,
      preview: e.preview && !redact ? e.preview.encoding : 'none',
      truncated: e.preview?.truncated ?? false,
    };
  }
  const entry: HarEntry = {
    pageref: pageId(c.source),
    ...timed(s.t, r ? r.t : null, endedAt),
    request: {
      method: s.method,
      url: s.url,
      httpVersion,
      cookies: [],
      headers: namesValues(s.requestHeaders),
      queryString: queryStringOf(s.url),
      headersSize: -1,
      bodySize: s.requestBodySize,
    },
    response,
    cache: {},
    _resourceType: s.transport,
  };
  if (c.sse.length) {
    entry._eventSourceMessages = c.sse.map((m) => sseMessage(m, redact));
    pg.messages = c.sse.map(sseNumbers);
  }
  entry._polltergeist = pg;
  return entry;
}

function eventSourceEntry(c: Conn, s: EventSourceCreateEvent, captureEnd: number, redact: boolean): HarEntry {
  const opened = c.states.find((st) => st.kind === 'es-open');
  // The browser gave up (error with readyState CLOSED) or the page closed it: the stream is over.
  const ended = c.states.find((st) => st.kind === 'es-close' || (st.kind === 'es-error' && st.readyState === 2));
  const protocol = c.states.find((st) => st.kind === 'es-open' && st.protocol)?.protocol ?? '';
  const httpVersion = httpVersionOf(protocol);
  const response: HarResponse = {
    status: opened ? 200 : 0,
    statusText: opened ? 'OK' : '',
    httpVersion,
    cookies: [],
    headers: [],
    content: { size: c.sse.reduce((n, m) => n + m.size, 0), mimeType: 'text/event-stream' },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
  };
  if (ended?.kind === 'es-error') response._error = 'error';
  const pg: PgEntry = {
    v: PG_FORMAT,
    transport: 'eventsource',
    id: s.id,
    start: s.t,
    order: c.order,
    withCredentials: s.withCredentials,
    states: c.states.map((st) => {
      const kind = st.kind === 'es-open' ? 'open' : st.kind === 'es-error' ? 'error' : 'close';
      return st.protocol === undefined ? [kind, st.t, st.readyState] : [kind, st.t, st.readyState, st.protocol];
    }),
  };
  if (c.sse.length) pg.messages = c.sse.map(sseNumbers);
  return {
    pageref: pageId(c.source),
    ...timed(s.t, opened ? opened.t : null, ended ? ended.t : Math.max(captureEnd, s.t)),
    request: {
      method: 'GET',
      url: s.url,
      httpVersion,
      cookies: [],
      headers: [],
      queryString: queryStringOf(s.url),
      headersSize: -1,
      bodySize: 0,
    },
    response,
    cache: {},
    _resourceType: 'eventsource',
    _eventSourceMessages: c.sse.map((m) => sseMessage(m, redact)),
    _polltergeist: pg,
  };
}

function webSocketEntry(c: Conn, s: WebSocketCreateEvent, captureEnd: number, redact: boolean): HarEntry {
  const open = c.open;
  const close = c.close;
  // The handshake headers are not visible to the page, but these two are implied by the API:
  // the protocols asked for in `new WebSocket(url, protocols)` and the ones the server chose.
  const requestHeaders: HarNameValue[] = s.protocols.length ? [{ name: 'Sec-WebSocket-Protocol', value: s.protocols.join(', ') }] : [];
  const responseHeaders: HarNameValue[] = [];
  if (open?.protocol) responseHeaders.push({ name: 'Sec-WebSocket-Protocol', value: open.protocol });
  if (open?.extensions) responseHeaders.push({ name: 'Sec-WebSocket-Extensions', value: open.extensions });
  const response: HarResponse = {
    status: open ? 101 : 0,
    statusText: open ? 'Switching Protocols' : '',
    httpVersion: '',
    cookies: [],
    headers: responseHeaders,
    content: { size: 0, mimeType: 'x-unknown' },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
  };
  if (close && !close.wasClean) response._error = `closed ${close.code}`;
  const pg: PgEntry = { v: PG_FORMAT, transport: 'websocket', id: s.id, start: s.t, order: c.order, protocols: [...s.protocols] };
  if (open) pg.open = [open.t, open.protocol, open.extensions];
  if (c.frames.length) pg.messages = c.frames.map(frameNumbers);
  if (c.errors.length) pg.errors = c.errors.map((e) => e.t);
  if (close) pg.close = [close.t, close.code, close.reason, close.wasClean];
  return {
    pageref: pageId(c.source),
    ...timed(s.t, open ? open.t : null, close ? close.t : Math.max(captureEnd, s.t)),
    request: {
      method: 'GET',
      url: s.url,
      httpVersion: '',
      cookies: [],
      headers: requestHeaders,
      queryString: queryStringOf(s.url),
      headersSize: -1,
      bodySize: 0,
    },
    response,
    cache: {},
    _resourceType: 'websocket',
    _webSocketMessages: c.frames.map((m) => webSocketMessage(m, redact)),
    _polltergeist: pg,
  };
}

function namesValues(headers: readonly Header[]): HarNameValue[] {
  return redactHeaders(headers).map(([name, value]) => ({ name, value }));
}

function sseMessage(m: SseMessageEvent, redact: boolean): HarEventSourceMessage {
  return { time: m.t / 1000, eventName: m.event, eventId: m.lastEventId, data: redact ? '' : m.preview.data };
}

function sseNumbers(m: SseMessageEvent): PgMessage {
  const flags =
    (m.preview.truncated ? MSG_TRUNCATED : 0) | (m.preview.encoding === 'text' ? 0 : MSG_OTHER_ENCODING) | (m.placed ? MSG_PLACED : 0);
  return m.retry === null ? [m.t, m.size, flags] : [m.t, m.size, flags, m.retry];
}

/** Exactly Chrome DevTools' shape: seconds since the epoch, opcode 1 text / 2 binary as base64. */
function webSocketMessage(m: WebSocketMessageEvent, redact: boolean): HarWebSocketMessage {
  return { type: m.dir === 'up' ? 'send' : 'receive', time: m.t / 1000, opcode: m.binary ? 2 : 1, data: redact ? '' : m.preview.data };
}

function frameNumbers(m: WebSocketMessageEvent): PgMessage {
  const usual = m.binary ? 'base64' : 'text';
  return [m.t, m.size, (m.preview.truncated ? MSG_TRUNCATED : 0) | (m.preview.encoding === usual ? 0 : MSG_OTHER_ENCODING)];
}

/* ------------------------------------------------------------------ pages */

export function pageId(sourceIndex: number): string {
  return `page_${sourceIndex + 1}`;
}

/** The source that gets the tab's title: the top document at the page's URL, else the first top one. */
function titledSource(input: ToHarInput): number {
  if (!input.page) return -1;
  const url = input.page.url;
  const exact = input.sources.findIndex((s) => s.source.top && s.source.url === url);
  return exact >= 0 ? exact : input.sources.findIndex((s) => s.source.top);
}

function pageOf(
  s: CaptureSource,
  si: number,
  trace: Trace,
  page: ToHarInput['page'],
  titled: number,
  captureStart: number,
): HarPage {
  let startedAt = Infinity;
  for (const e of s.events) if (Number.isFinite(e.t) && e.t < startedAt) startedAt = e.t;
  if (!Number.isFinite(startedAt)) startedAt = page?.startedAt ?? (Number.isFinite(captureStart) ? captureStart : 0);
  const info: SourceInfo = s.source;
  const pg: PgPage = {
    v: PG_FORMAT,
    sourceId: info.sourceId,
    frameId: info.frameId,
    url: info.url,
    top: info.top,
    events: s.events.flatMap((e) =>
      e.kind === 'page' ? [{ t: e.t, url: e.url, top: e.top, visibility: e.visibility, reason: e.reason }] : [],
    ),
    order: runs(trace),
  };
  return {
    startedDateTime: isoTime(startedAt),
    id: pageId(si),
    title: si === titled && page ? (page.title ?? info.url) : info.url,
    pageTimings: { onContentLoad: -1, onLoad: -1 },
    _polltergeist: pg,
  };
}

/** The trace as [entry index (-1: page event), count] pairs. */
function runs(trace: Trace): number[] {
  const out: number[] = [];
  for (const c of trace) {
    const index = c ? c.entryIndex : -1;
    const n = out.length;
    if (n && out[n - 2] === index) out[n - 1] = out[n - 1]! + 1;
    else out.push(index, 1);
  }
  return out;
}
