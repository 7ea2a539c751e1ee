/**
 * Rebuilds one request/connection's capture events from an entry we exported: exact times and
 * numbers from `_polltergeist`, headers, bodies and payloads from the standard fields. Anything
 * inconsistent (a hand-edited file, another tool that kept our field but changed the entry) makes
 * it answer what is wrong, and the caller reads the entry as a plain HAR entry instead.
 */
import type { CaptureEvent, Preview, Transport } from '../protocol';
import { bool, FIELD_CAP, headersOf, isObject, num, previewOf, str, URL_CAP, type Json } from './fields';
import { MSG_OTHER_ENCODING, MSG_PLACED, MSG_TRUNCATED, PG_FORMAT } from './types';

type ConnEvent = Exclude<CaptureEvent, { kind: 'page' }>;

const TRANSPORTS: ReadonlySet<string> = new Set<Transport>(['fetch', 'xhr', 'eventsource', 'websocket']);
/** The event letters each transport may use (see PgEntry.order). */
const LETTERS: Readonly<Record<Transport, RegExp>> = {
  fetch: /^[RCME]*$/,
  xhr: /^[RCME]*$/,
  eventsource: /^[TM]*$/,
  websocket: /^[OMXZ]*$/,
};
const ERRORS: ReadonlySet<string> = new Set(['', 'abort', 'error', 'timeout']);

class Damaged extends Error {}

/** The entry's events in captured order, or why our field cannot be trusted. */
export function eventsFromOurs(entry: Json, pgRaw: unknown): { events: ConnEvent[]; transport: Transport } | { damaged: string } {
  try {
    return read(entry, pgRaw);
  } catch (e) {
    if (e instanceof Damaged) return { damaged: e.message };
    throw e;
  }
}

function read(entry: Json, pgRaw: unknown): { events: ConnEvent[]; transport: Transport } {
  if (!isObject(pgRaw)) throw new Damaged('it is not an object');
  const pg = pgRaw;
  if (pg['v'] !== PG_FORMAT) throw new Damaged(`format ${String(pg['v'])} is not ${PG_FORMAT}`);
  const transport = pg['transport'];
  if (typeof transport !== 'string' || !TRANSPORTS.has(transport)) throw new Damaged('unknown transport');
  const t = transport as Transport;
  const id = need(str(pg['id'], FIELD_CAP), 'id');
  const start = need(num(pg['start']), 'start');
  const order = need(str(pg['order'], Infinity), 'order');
  if (!LETTERS[t].test(order)) throw new Damaged(`order "${order.slice(0, 20)}" does not fit ${t}`);
  const request = isObject(entry['request']) ? entry['request'] : {};
  const url = str(request['url'], URL_CAP) ?? '';
  const ctx: Ctx = { entry, pg, id, order };
  if (t === 'fetch' || t === 'xhr') return { events: http(ctx, t, start, url, request), transport: t };
  if (t === 'eventsource') return { events: eventSource(ctx, start, url), transport: t };
  return { events: webSocket(ctx, start, url), transport: t };
}

interface Ctx {
  readonly entry: Json;
  readonly pg: Json;
  readonly id: string;
  readonly order: string;
}

function need<T>(x: T | undefined, what: string): T {
  if (x === undefined) throw new Damaged(`${what} is missing or malformed`);
  return x;
}

function count(order: string, letter: string): number {
  let n = 0;
  for (let i = 0; i < order.length; i++) if (order[i] === letter) n++;
  return n;
}

/** An array field holding exactly as many items as `order` has `letter`s (absent = none). */
function list(ctx: Ctx, field: string, letter: string): unknown[] {
  const x = ctx.pg[field];
  const items = x === undefined ? [] : x;
  if (!Array.isArray(items)) throw new Damaged(`${field} is not a list`);
  if (items.length !== count(ctx.order, letter)) throw new Damaged(`${field} has ${items.length} items for ${count(ctx.order, letter)} events`);
  return items;
}

/** A single-event field (response, end, open, close): present exactly when `order` has its letter. */
function single(ctx: Ctx, field: string, letter: string): unknown {
  const n = count(ctx.order, letter);
  if (n > 1) throw new Damaged(`order has ${n} ${letter}`);
  const x = ctx.pg[field];
  if ((x !== undefined) !== (n === 1)) throw new Damaged(`${field} does not match order`);
  return x;
}

function tuple(x: unknown, what: string): unknown[] {
  if (!Array.isArray(x)) throw new Damaged(`${what} is not a list`);
  return x;
}

/** Replays the letters of `order`, taking the next item of the matching kind each time. */
function replay(order: string, makers: Readonly<Record<string, (i: number) => ConnEvent>>): ConnEvent[] {
  const next: Record<string, number> = {};
  const out: ConnEvent[] = [];
  for (const letter of order) {
    const i = next[letter] ?? 0;
    next[letter] = i + 1;
    out.push(makers[letter]!(i));
  }
  return out;
}

function http(ctx: Ctx, transport: 'fetch' | 'xhr', start: number, url: string, request: Json): ConnEvent[] {
  const { id, entry } = ctx;
  const response = isObject(entry['response']) ? entry['response'] : {};
  const content = isObject(response['content']) ? response['content'] : {};
  const resp = single(ctx, 'response', 'R');
  const end = single(ctx, 'end', 'E');
  const chunks = list(ctx, 'chunks', 'C');
  const messages = sseMessages(ctx);
  const first: ConnEvent = {
    kind: 'request-start',
    id,
    t: start,
    transport,
    method: str(request['method']) ?? 'GET',
    url,
    requestHeaders: headersOf(request['headers']),
    requestBodySize: num(request['bodySize']) ?? -1,
    ...(ctx.pg['requestHeadersUnknown'] === true ? { headersUnknown: true as const } : {}),
  };
  const makers: Record<string, (i: number) => ConnEvent> = {
    R: () => {
      if (!isObject(resp)) throw new Damaged('response is not an object');
      return {
        kind: 'response',
        id,
        t: need(num(resp['t']), 'response.t'),
        status: num(response['status']) ?? 0,
        statusText: str(response['statusText']) ?? '',
        url: str(resp['url'], URL_CAP) ?? url,
        redirected: bool(resp['redirected']) ?? false,
        headers: headersOf(response['headers']),
        ...(resp['headersUnknown'] === true ? { headersUnknown: true as const } : {}),
        contentType: str(resp['contentType']) ?? '',
        protocol: str(resp['protocol']) ?? '',
      };
    },
    C: (i) => {
      const c = tuple(chunks[i], 'a chunk');
      return { kind: 'chunk', id, t: need(num(c[0]), 'chunk time'), size: need(num(c[1]), 'chunk size') };
    },
    M: (i) => messages(i),
    E: () => {
      if (!isObject(end)) throw new Damaged('end is not an object');
      const kind = end['preview'];
      if (kind !== 'none' && kind !== 'text' && kind !== 'base64') throw new Damaged('end.preview is malformed');
      const error = str(end['error']) ?? '';
      if (!ERRORS.has(error)) throw new Damaged('end.error is malformed');
      const preview: Preview | null =
        kind === 'none' ? null : previewOf(str(content['text'], Infinity) ?? '', kind, bool(end['truncated']) ?? false);
      return {
        kind: 'request-end',
        id,
        t: need(num(end['t']), 'end.t'),
        bodySize: need(num(end['bodySize']), 'end.bodySize'),
        preview,
        hash: str(end['hash']) ?? '',
        error: error as '' | 'abort' | 'error' | 'timeout',
        note: str(end['note']) ?? '',
      };
    },
  };
  return [first, ...replay(ctx.order, makers)];
}

/** SSE events: numbers from our `messages`, fields and data from `_eventSourceMessages`. */
function sseMessages(ctx: Ctx): (i: number) => ConnEvent {
  const numbers = list(ctx, 'messages', 'M');
  const shaped = ctx.entry['_eventSourceMessages'] ?? [];
  if (!Array.isArray(shaped) || shaped.length !== numbers.length) throw new Damaged('_eventSourceMessages does not match messages');
  return (i) => {
    const n = tuple(numbers[i], 'a message');
    const m = isObject(shaped[i]) ? shaped[i] : {};
    const flags = num(n[2]) ?? 0;
    const retry = n.length > 3 ? need(num(n[3]), 'message retry') : null;
    return {
      kind: 'sse',
      id: ctx.id,
      t: need(num(n[0]), 'message time'),
      event: str(m['eventName']) ?? 'message',
      lastEventId: str(m['eventId']) ?? '',
      retry,
      size: need(num(n[1]), 'message size'),
      preview: previewOf(
        str(m['data'], Infinity) ?? '',
        flags & MSG_OTHER_ENCODING ? 'base64' : 'text',
        (flags & MSG_TRUNCATED) !== 0,
      ),
      ...(flags & MSG_PLACED ? { placed: true as const } : {}),
    };
  };
}

function eventSource(ctx: Ctx, start: number, url: string): ConnEvent[] {
  const { id } = ctx;
  const states = list(ctx, 'states', 'T');
  const messages = sseMessages(ctx);
  const first: ConnEvent = { kind: 'es-create', id, t: start, url, withCredentials: bool(ctx.pg['withCredentials']) ?? false };
  return [
    first,
    ...replay(ctx.order, {
      T: (i) => {
        const s = tuple(states[i], 'a state');
        const kind = s[0] === 'open' ? 'es-open' : s[0] === 'error' ? 'es-error' : s[0] === 'close' ? 'es-close' : null;
        if (!kind) throw new Damaged('a state kind is malformed');
        const t = need(num(s[1]), 'state time');
        const readyState = need(num(s[2]), 'readyState');
        if (s.length > 3) return { kind, id, t, readyState, protocol: need(str(s[3]), 'state protocol') };
        return { kind, id, t, readyState };
      },
      M: (i) => messages(i),
    }),
  ];
}

function webSocket(ctx: Ctx, start: number, url: string): ConnEvent[] {
  const { id, pg } = ctx;
  const open = single(ctx, 'open', 'O');
  const close = single(ctx, 'close', 'Z');
  const errors = list(ctx, 'errors', 'X');
  const numbers = list(ctx, 'messages', 'M');
  const shaped = ctx.entry['_webSocketMessages'] ?? [];
  if (!Array.isArray(shaped) || shaped.length !== numbers.length) throw new Damaged('_webSocketMessages does not match messages');
  const protocolsRaw = pg['protocols'] ?? [];
  if (!Array.isArray(protocolsRaw)) throw new Damaged('protocols is not a list');
  const protocols = protocolsRaw.map((p) => need(str(p), 'a protocol'));
  const first: ConnEvent = { kind: 'ws-create', id, t: start, url, protocols };
  return [
    first,
    ...replay(ctx.order, {
      O: () => {
        const o = tuple(open, 'open');
        return { kind: 'ws-open', id, t: need(num(o[0]), 'open time'), protocol: str(o[1]) ?? '', extensions: str(o[2]) ?? '' };
      },
      M: (i) => {
        const n = tuple(numbers[i], 'a message');
        const m = isObject(shaped[i]) ? shaped[i] : {};
        const binary = m['opcode'] === 2;
        const flags = num(n[2]) ?? 0;
        const usual = binary ? 'base64' : 'text';
        const other = binary ? 'text' : 'base64';
        return {
          kind: 'ws-message',
          id,
          t: need(num(n[0]), 'message time'),
          dir: m['type'] === 'send' ? 'up' : 'down',
          binary,
          size: need(num(n[1]), 'message size'),
          preview: previewOf(str(m['data'], Infinity) ?? '', flags & MSG_OTHER_ENCODING ? other : usual, (flags & MSG_TRUNCATED) !== 0),
        };
      },
      X: (i) => ({ kind: 'ws-error', id, t: need(num(errors[i]), 'error time') }),
      Z: () => {
        const c = tuple(close, 'close');
        return {
          kind: 'ws-close',
          id,
          t: need(num(c[0]), 'close time'),
          code: need(num(c[1]), 'close code'),
          reason: str(c[2]) ?? '',
          wasClean: bool(c[3]) ?? false,
        };
      },
    }),
  ];
}
