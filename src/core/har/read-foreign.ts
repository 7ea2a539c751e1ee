/**
 * Capture events from a HAR entry that is not ours (Chrome DevTools, chrome-har,
 * cypress-har-generator, Firefox...), synthesizing only what the entry honestly says:
 *
 * - fetch/xhr: request-start at startedDateTime; response at start + blocked + dns + connect +
 *   send + wait (when it got one); the body as chrome-har's `_chunks` when present (measured
 *   `dataReceived` times), else ONE chunk at the end; request-end at start + time. So an NDJSON
 *   stream from a Chrome export is one long request with one chunk: no pacing to judge, and the
 *   classifier knows it by its declared stream type and a body that took over a second.
 * - SSE events from `_eventSourceMessages`, WebSocket frames from `_webSocketMessages`, each at
 *   its own time (seconds since the epoch as Chrome writes them; milliseconds as Playwright writes
 *   them; another clock, like cypress-har-generator's monotonic seconds, is realigned so its first
 *   message falls at the response); an event-stream body without them is parsed into events
 *   with placed times (docs/har.md).
 * - EventSource: open at the response when it succeeded, then its end: a failed one ends with an
 *   error (readyState CLOSED), a working one with a close. Each Chrome entry is one connection
 *   (Chrome logs every reconnect as a new request).
 * - WebSocket: open at the 101; frames; no close, because Chrome's export does not say when or how
 *   a socket closed; a failed handshake (no 101, no frames) ends with 1006 like in the browser.
 * Request headers a page script cannot set (Cookie, Host, Sec-*, HTTP/2 pseudo-headers...) are
 * dropped: the hook never sees them, and the classifier adds its own estimate for them.
 */
import type { CaptureEvent, Header, Preview, Transport } from '../protocol';
import { utf8Length } from '../text/bytes';
import { SseParser, type ParsedSseEvent } from '../text/sse-parser';
import { fnv1a } from '../text/hash';
import { base64Length, headersOf, headerValue, isObject, num, previewOf, str, URL_CAP, type Json } from './fields';
import { DAY_MS, inFence, type TimeFence } from './time-fence';
import { protocolOf } from './units';

type ConnEvent = Exclude<CaptureEvent, { kind: 'page' }>;

export interface ForeignContext {
  /** The entry's page start (epoch ms), for chrome-har's page-relative `_chunks`. */
  readonly pageStart: number | null;
  /** The file's clock (time-fence.ts): a message time off it is placed, not believed. */
  readonly fence?: TimeFence | null;
  readonly warn: (message: string) => void;
}

/** Validated basics of an entry: its start and duration in epoch ms. */
export interface EntryTimes {
  readonly index: number;
  readonly start: number;
  readonly time: number;
}


/** Forbidden request headers (Fetch standard) and what the browser adds on its own. */
const BROWSER_REQUEST_HEADERS = /^(:|sec-|proxy-)|^(accept-charset|accept-encoding|access-control-request-headers|access-control-request-method|connection|content-length|cookie|cookie2|date|dnt|expect|host|keep-alive|origin|referer|set-cookie|te|trailer|transfer-encoding|upgrade|via|user-agent|priority)$/i;

export function eventsFromForeign(entry: Json, transport: Transport, times: EntryTimes, ctx: ForeignContext): ConnEvent[] {
  const request = isObject(entry['request']) ? entry['request'] : {};
  const response = isObject(entry['response']) ? entry['response'] : {};
  const id = `har${times.index}`;
  const url = str(request['url'], URL_CAP) ?? '';
  const status = num(response['status']) ?? 0;
  const answeredAt = Math.min(times.start + times.time, times.start + beforeResponse(entry['timings']));
  const end = times.start + times.time;
  const protocol = protocolOf(str(response['httpVersion']) ?? str(request['httpVersion']) ?? '');
  const requestHeaders = headersOf(request['headers'], (n) => !BROWSER_REQUEST_HEADERS.test(n));
  const responseHeaders = headersOf(response['headers'], (n) => !n.startsWith(':'));
  const common = {
    id,
    url,
    status,
    answeredAt,
    end,
    protocol,
    requestHeaders,
    responseHeaders,
    requestHeadersUnknown: headersUnknown(request),
    responseHeadersUnknown: headersUnknown(response),
  };
  if (transport === 'websocket') return webSocket(entry, times, common, ctx);
  if (transport === 'eventsource') return eventSource(entry, times, common, ctx);
  return http(entry, transport, times, common, request, response, ctx);
}

interface Common {
  readonly id: string;
  readonly url: string;
  readonly status: number;
  readonly answeredAt: number;
  readonly end: number;
  readonly protocol: string;
  readonly requestHeaders: Header[];
  readonly responseHeaders: Header[];
  readonly requestHeadersUnknown: boolean;
  readonly responseHeadersUnknown: boolean;
}

/**
 * A request or response that lists no headers and no `headersSize` (Fiddler, some proxies, a
 * sanitised export): their bytes are unknown, not zero, and must not be estimated. The list is
 * judged before the headers a page cannot set are dropped.
 */
function headersUnknown(message: Json): boolean {
  const list = message['headers'];
  return (!Array.isArray(list) || list.length === 0) && !((num(message['headersSize']) ?? -1) >= 0);
}

/** blocked + dns + connect + send + wait (ssl is inside connect); -1 and junk count as 0. */
function beforeResponse(timings: unknown): number {
  if (!isObject(timings)) return 0;
  let ms = 0;
  for (const k of ['blocked', 'dns', 'connect', 'send', 'wait']) ms += Math.max(0, num(timings[k]) ?? 0);
  return ms;
}

/** Chrome's `_error` ("net::ERR_ABORTED", "net::ERR_TIMED_OUT") or ours ('abort', 'timeout'). */
function errorKind(x: unknown): '' | 'abort' | 'error' | 'timeout' {
  const s = str(x) ?? '';
  if (s === '') return '';
  if (/abort|cancel/i.test(s)) return 'abort';
  if (/timed?[_ ]?out/i.test(s)) return 'timeout';
  return 'error';
}

function http(
  entry: Json,
  transport: Transport,
  times: EntryTimes,
  c: Common,
  request: Json,
  response: Json,
  ctx: ForeignContext,
): ConnEvent[] {
  const { id } = c;
  const content = isObject(response['content']) ? response['content'] : {};
  const mime = str(content['mimeType']) ?? '';
  const contentType = headerValue(c.responseHeaders, 'content-type') ?? (mime === 'x-unknown' ? '' : mime);
  const text = str(content['text'], Infinity);
  const base64 = content['encoding'] === 'base64';
  const preview: Preview | null = text === undefined ? null : previewOf(text, base64 ? 'base64' : 'text');
  const bodySize = Math.max(0, num(content['size']) ?? (text === undefined ? 0 : base64 ? base64Length(text) : utf8Length(text)));
  const postText = isObject(request['postData']) ? str(request['postData']['text'], Infinity) : undefined;
  const requestBodySize = num(request['bodySize']) ?? (postText === undefined ? 0 : utf8Length(postText));
  const error = errorKind(response['_error']) || (c.status === 0 ? 'error' : '');

  const out: ConnEvent[] = [
    {
      kind: 'request-start',
      id,
      t: times.start,
      transport: transport === 'xhr' ? 'xhr' : 'fetch',
      method: str(request['method']) ?? 'GET',
      url: c.url,
      requestHeaders: c.requestHeaders,
      requestBodySize: Math.max(-1, requestBodySize),
      ...(c.requestHeadersUnknown ? { headersUnknown: true as const } : {}),
    },
  ];
  if (c.status > 0) {
    out.push({
      kind: 'response',
      id,
      t: c.answeredAt,
      status: c.status,
      statusText: str(response['statusText']) ?? '',
      url: c.url,
      redirected: false,
      headers: c.responseHeaders,
      ...(c.responseHeadersUnknown ? { headersUnknown: true as const } : {}),
      contentType,
      protocol: c.protocol,
    });
    const chunks = chromeHarChunks(entry, times, ctx);
    if (chunks) out.push(...chunks.map(([t, size]): ConnEvent => ({ kind: 'chunk', id, t, size })));
    else if (bodySize > 0) out.push({ kind: 'chunk', id, t: c.end, size: bodySize });
    const timed = sseEvents(entry, times, c, ctx);
    out.push(...(timed.length || base64 || !/event-stream/i.test(contentType) ? timed : bodySseEvents(text ?? '', c, chunks)));
  }
  out.push({
    kind: 'request-end',
    id,
    t: c.end,
    bodySize,
    preview,
    hash: preview ? fnv1a(preview.data) : '',
    error,
    note: '',
  });
  return out;
}

/** The response body as text ('' when absent or base64). */
function bodyText(entry: Json): string {
  const response = isObject(entry['response']) ? entry['response'] : {};
  const content = isObject(response['content']) ? response['content'] : {};
  return content['encoding'] === 'base64' ? '' : (str(content['text'], Infinity) ?? '');
}

/** chrome-har's `_chunks` ({ts: ms since the page's start, bytes}) as [epoch ms, size]. */
function chromeHarChunks(entry: Json, times: EntryTimes, ctx: ForeignContext): [number, number][] | null {
  const raw = entry['_chunks'];
  if (!Array.isArray(raw) || raw.length === 0 || ctx.pageStart === null) return null;
  const out: [number, number][] = [];
  for (const c of raw) {
    const ts = isObject(c) ? num(c['ts']) : undefined;
    const bytes = isObject(c) ? num(c['bytes']) : undefined;
    if (ts === undefined || bytes === undefined || bytes < 0) {
      ctx.warn(`entry ${times.index}: _chunks has an item without ts/bytes; its chunks are ignored`);
      return null;
    }
    out.push([ctx.pageStart + ts, bytes]);
  }
  return out;
}

/**
 * Message times (seconds) to epoch ms. Epoch seconds when they fall within a day of the entry's
 * start (epoch milliseconds, a writer's unit slip, likewise); else another clock
 * (cypress-har-generator writes the protocol's monotonic seconds), realigned so the first message
 * falls at the response, with a warning. The first time is the first one on a plausible clock
 * (a 0 written for an unknown time is not it).
 */
function clock(firstTime: number, times: EntryTimes, anchor: number, label: string, ctx: ForeignContext): (s: number) => number {
  if (Math.abs(firstTime * 1000 - times.start) < DAY_MS) return (s) => s * 1000;
  if (Math.abs(firstTime - times.start) < DAY_MS) {
    ctx.warn(`entry ${times.index}: ${label} times are milliseconds, not seconds, since the epoch; read as milliseconds`);
    return (s) => s;
  }
  ctx.warn(`entry ${times.index}: ${label} times are not seconds since the epoch; aligned the first one with the response`);
  return (s) => anchor + (s - firstTime) * 1000;
}

/**
 * Message times through `toMs`, each one off the file's clock (a 0 among epoch seconds, a stray
 * unit) placed at the message before it (or at `anchor` for the first), with one warning.
 */
function messageTimes(raw: readonly Json[], toMs: (s: number) => number, anchor: number, times: EntryTimes, label: string, ctx: ForeignContext): number[] {
  let last = anchor;
  let off = 0;
  const out = raw.map((m) => {
    const t = toMs(num(m['time'])!);
    if (!Number.isFinite(t) || !inFence(ctx.fence ?? null, t) || t < times.start - DAY_MS) {
      off++;
      return last;
    }
    return (last = t);
  });
  if (off) ctx.warn(`entry ${times.index}: ${off} ${label} time${off === 1 ? ' is' : 's are'} off the file's clock; placed at the message before`);
  return out;
}

/** The first message time that can anchor a clock: not 0 or negative (what writers put for "unknown"). */
function firstClockTime(raw: readonly Json[]): number {
  for (const m of raw) {
    const s = num(m['time'])!;
    if (s > 0) return s;
  }
  return num(raw[0]!['time'])!;
}

function sseEvents(entry: Json, times: EntryTimes, c: Common, ctx: ForeignContext): ConnEvent[] {
  const raw = entry['_eventSourceMessages'];
  if (!Array.isArray(raw) || raw.length === 0) return [];
  const valid = raw.filter((m): m is Json => isObject(m) && num(m['time']) !== undefined);
  if (valid.length < raw.length) ctx.warn(`entry ${times.index}: ${raw.length - valid.length} _eventSourceMessages without a time were skipped`);
  if (!valid.length) return [];
  const toMs = clock(firstClockTime(valid), times, c.answeredAt, '_eventSourceMessages', ctx);
  const at = messageTimes(valid, toMs, c.answeredAt, times, '_eventSourceMessages', ctx);
  return valid.map((m, k): ConnEvent => {
    const data = str(m['data'], Infinity) ?? '';
    return {
      kind: 'sse',
      id: c.id,
      t: at[k]!,
      event: str(m['eventName']) || 'message',
      lastEventId: str(m['eventId']) ?? '',
      retry: null,
      size: utf8Length(data),
      preview: previewOf(data, 'text'),
    };
  });
}

/**
 * The events of an event-stream body (`content.text`) for a file that has no `_eventSourceMessages`
 * (Chrome keeps a fetch stream's body; Firefox, Charles and mitmproxy keep every stream's body),
 * parsed as the hook parses a live stream. With chrome-har's chunk times, an event gets the time
 * of the chunk that completes it. Without, nothing says when each arrived: the events are spread
 * evenly over the response (from the answer to the end, the last one at the end) and marked
 * `placed`, so the panel and `--json` can say their times are not measured.
 */
function bodySseEvents(text: string, c: Common, chunks: readonly [number, number][] | null): ConnEvent[] {
  if (text === '') return [];
  const parser = new SseParser();
  const parsed: { at: number | null; e: ParsedSseEvent }[] = [];
  let rest = text;
  for (const [t, bytes] of chunks ?? []) {
    const cut = charsForBytes(rest, bytes);
    for (const e of parser.push(rest.slice(0, cut))) parsed.push({ at: t, e });
    rest = rest.slice(cut);
    if (rest === '') break;
  }
  for (const e of parser.push(rest)) parsed.push({ at: null, e });
  const untimed = parsed.filter((p) => p.at === null).length;
  let k = 0;
  return parsed.map(({ at, e }): ConnEvent => {
    const placedAt = at ?? c.answeredAt + ((c.end - c.answeredAt) * ++k) / untimed;
    return {
      kind: 'sse',
      id: c.id,
      t: placedAt,
      event: e.event,
      lastEventId: e.lastEventId,
      retry: e.retry,
      size: utf8Length(e.data),
      preview: previewOf(e.data, 'text'),
      ...(at === null ? { placed: true as const } : {}),
    };
  });
}

/** How many UTF-16 units of `s` make up its first `bytes` UTF-8 bytes (whole characters). */
function charsForBytes(s: string, bytes: number): number {
  let n = 0;
  let i = 0;
  while (i < s.length && n < bytes) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    i += pair ? 2 : 1;
  }
  return i;
}

function eventSource(entry: Json, times: EntryTimes, c: Common, ctx: ForeignContext): ConnEvent[] {
  const { id } = c;
  const opened = c.status >= 200 && c.status < 300;
  const timed = opened ? sseEvents(entry, times, c, ctx) : [];
  const messages = timed.length || !opened ? timed : bodySseEvents(bodyText(entry), c, null);
  const last = messages.reduce((t, m) => Math.max(t, m.t), c.end);
  const out: ConnEvent[] = [{ kind: 'es-create', id, t: times.start, url: c.url, withCredentials: false }];
  if (opened) out.push({ kind: 'es-open', id, t: c.answeredAt, readyState: 1, protocol: c.protocol });
  out.push(...messages);
  out.push(opened ? { kind: 'es-close', id, t: last, readyState: 2 } : { kind: 'es-error', id, t: last, readyState: 2 });
  return out;
}

function webSocket(entry: Json, times: EntryTimes, c: Common, ctx: ForeignContext): ConnEvent[] {
  const { id } = c;
  const raw = entry['_webSocketMessages'];
  const frames = Array.isArray(raw) ? raw.filter(isObject) : [];
  const timed = frames.filter((m) => num(m['time']) !== undefined);
  if (timed.length < frames.length) ctx.warn(`entry ${times.index}: ${frames.length - timed.length} _webSocketMessages without a time were skipped`);
  // Chrome logs a failed handshake as an entry with status 0 whose only frame is an 'error' one
  // (opcode -1, the reason as data): that socket never opened.
  const opened = c.status === 101 || timed.some((m) => m['type'] !== 'error');
  const requested = headerValue(c.requestHeaders, 'sec-websocket-protocol');
  const out: ConnEvent[] = [
    {
      kind: 'ws-create',
      id,
      t: times.start,
      url: c.url,
      protocols: requested ? requested.split(',').map((p) => p.trim()).filter(Boolean) : [],
    },
  ];
  if (!opened) {
    // A refused handshake: the browser reports an error and close 1006, when its error frame says.
    const failedAt = timed.length ? clock(num(timed[0]!['time'])!, times, c.end, '_webSocketMessages', ctx)(num(timed[0]!['time'])!) : c.end;
    out.push({ kind: 'ws-error', id, t: failedAt }, { kind: 'ws-close', id, t: failedAt, code: 1006, reason: '', wasClean: false });
    return out;
  }
  out.push({
    kind: 'ws-open',
    id,
    t: c.answeredAt,
    protocol: headerValue(c.responseHeaders, 'sec-websocket-protocol') ?? '',
    extensions: headerValue(c.responseHeaders, 'sec-websocket-extensions') ?? '',
  });
  if (!timed.length) return out;
  const toMs = clock(firstClockTime(timed), times, c.answeredAt, '_webSocketMessages', ctx);
  const at = messageTimes(timed, toMs, c.answeredAt, times, '_webSocketMessages', ctx);
  let control = 0;
  for (const [k, m] of timed.entries()) {
    const t = at[k]!;
    const type = m['type'];
    const opcode = m['opcode'];
    if (type === 'error') {
      out.push({ kind: 'ws-error', id, t });
      continue;
    }
    // Close, ping and pong frames are the browser's, not the page's: it never sees them.
    if (opcode !== 1 && opcode !== 2) {
      control++;
      continue;
    }
    const data = str(m['data'], Infinity) ?? '';
    const binary = opcode === 2;
    out.push({
      kind: 'ws-message',
      id,
      t,
      // 'send'/'receive' (Chrome); 'request'/'response' (older cypress-har-generator).
      dir: type === 'send' || type === 'request' ? 'up' : 'down',
      binary,
      size: binary ? base64Length(data) : utf8Length(data),
      preview: previewOf(data, binary ? 'base64' : 'text'),
    });
  }
  if (control) ctx.warn(`entry ${times.index}: ${control} WebSocket control frames (close, ping, pong) were skipped`);
  // DevTools' own export stretches `wait` to the last frame: the socket was open by the first one.
  const openAt = out.findIndex((e) => e.kind === 'ws-open');
  const first = out.find((e) => e.kind === 'ws-message');
  const open = out[openAt];
  if (open && first && first.t < open.t) out[openAt] = { ...open, t: first.t };
  return out;
}

