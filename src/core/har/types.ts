/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) as we write and read it, with the
 * extension fields of Chrome DevTools, chrome-har and cypress-har-generator, and our own.
 *
 * Underscore fields are allowed anywhere by the spec, so every HAR viewer still opens our files.
 * Ours are `log._polltergeist` (the analysis, the `--json` report), `pages[]._polltergeist` (one
 * page per capture source) and `entries[]._polltergeist` (what the standard fields cannot carry
 * and the classifier needs: exact sub-millisecond times, chunks, close codes, body hashes...).
 * Together with the standard fields they rebuild the capture events exactly.
 */
import type { PageEvent, Transport } from '../protocol';
import type { Report } from '../report/report';

export interface Har {
  log: HarLog;
}

export interface HarLog {
  version: string;
  creator: HarCreator;
  browser?: HarCreator;
  pages?: HarPage[];
  entries: HarEntry[];
  comment?: string;
  /** Our analysis of the capture: the same object `polltergeist analyze --json` prints. */
  _polltergeist?: Report;
}

export interface HarCreator {
  name: string;
  version: string;
  comment?: string;
}

export interface HarPage {
  startedDateTime: string;
  id: string;
  title: string;
  pageTimings: HarPageTimings;
  comment?: string;
  /** One page per capture source (a document in a frame): who it is and its visibility. */
  _polltergeist?: PgPage;
}

/** Milliseconds since the page's start; -1 when not available (we never see page loads). */
export interface HarPageTimings {
  onContentLoad?: number;
  onLoad?: number;
  comment?: string;
}

export interface HarNameValue {
  name: string;
  value: string;
  comment?: string;
}

export interface HarCookie {
  name: string;
  value: string;
  path?: string;
  domain?: string;
  expires?: string;
  httpOnly?: boolean;
  secure?: boolean;
  comment?: string;
}

export interface HarPostData {
  mimeType: string;
  text?: string;
  params?: HarNameValue[];
  comment?: string;
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarNameValue[];
  queryString: HarNameValue[];
  postData?: HarPostData;
  /** -1: unknown (the page never sees the raw header block). */
  headersSize: number;
  /** -1: unknown (FormData, streams). */
  bodySize: number;
  comment?: string;
}

export interface HarContent {
  /** Decoded body bytes. */
  size: number;
  compression?: number;
  mimeType: string;
  /** The body as we captured it: a capped preview (text, or base64 with `encoding`). */
  text?: string;
  encoding?: 'base64';
  comment?: string;
}

export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarNameValue[];
  content: HarContent;
  redirectURL: string;
  headersSize: number;
  bodySize: number;
  comment?: string;
  /** Chrome: why the request failed ("net::ERR_ABORTED"); ours: 'abort' | 'error' | 'timeout'. */
  _error?: string;
}

export interface HarCache {
  beforeRequest?: unknown;
  afterRequest?: unknown;
  comment?: string;
}

/**
 * Milliseconds. `send`, `wait` and `receive` are required; the others are -1 when they did not
 * happen or are unknown (the page never sees DNS, connect or TLS).
 */
export interface HarTimings {
  blocked?: number;
  dns?: number;
  connect?: number;
  send: number;
  wait: number;
  receive: number;
  ssl?: number;
  comment?: string;
}

/** Chrome DevTools' `_webSocketMessages` item, exactly as DevTools writes it. */
export interface HarWebSocketMessage {
  type: 'send' | 'receive';
  /** Seconds since the epoch, as a float (not milliseconds). */
  time: number;
  /** 1 text (data is the UTF-8 text), 2 binary (data is base64). */
  opcode: 1 | 2;
  data: string;
}

/**
 * `_eventSourceMessages` item (the cypress-har-generator convention, the same fields as the
 * DevTools protocol's `eventSourceMessageReceived`). `time` is in seconds like there and like
 * `_webSocketMessages`; we write seconds since the epoch (cypress-har-generator writes the
 * protocol's monotonic seconds, which the import recognises and realigns).
 */
export interface HarEventSourceMessage {
  time: number;
  eventName: string;
  eventId: string;
  data: string;
}

/** chrome-har's `_chunks` item: a `Network.dataReceived`, `ts` in ms since its page's start. */
export interface HarChunk {
  ts: number;
  bytes: number;
}

export interface HarEntry {
  pageref?: string;
  startedDateTime: string;
  /** Milliseconds, the sum of the non -1 timings. */
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: HarCache;
  timings: HarTimings;
  serverIPAddress?: string;
  connection?: string;
  comment?: string;
  /** Chrome's lower-case resource type: 'fetch', 'xhr', 'eventsource', 'websocket', 'document', ... */
  _resourceType?: string;
  _webSocketMessages?: HarWebSocketMessage[];
  _eventSourceMessages?: HarEventSourceMessage[];
  _chunks?: HarChunk[];
  _polltergeist?: PgEntry;
}

/* ------------------------------------------------------------------ our private fields */

/** Version of the private fields below; bumped on an incompatible change. */
export const PG_FORMAT = 1;

/** One capture source (a document in a frame), stored on its HAR page. */
export interface PgPage {
  v: typeof PG_FORMAT;
  sourceId: string;
  frameId: number;
  url: string;
  top: boolean;
  /** The source's `page` events (install, visibility, navigation, unload), in order. */
  events: Omit<PageEvent, 'kind'>[];
  /**
   * The order in which the source's events were captured, run-length encoded as pairs
   * [entry index in `log.entries` (-1: the next page event), number of events]. Events of
   * different requests that share a millisecond keep their order, so the classifier sees exactly
   * the stream it saw live.
   */
  order: number[];
}

/**
 * A message's numbers the Chrome-shaped message cannot hold: [exact time (epoch ms), size in
 * bytes, flags (MSG_TRUNCATED | MSG_OTHER_ENCODING), SSE `retry:` when one came with it].
 */
export type PgMessage = [t: number, size: number, flags: number, retry?: number];

/** The preview is a capped prefix of the message. */
export const MSG_TRUNCATED = 1;
/** The preview's encoding is not the usual one for its kind (text for text, base64 for binary). */
export const MSG_OTHER_ENCODING = 2;
/** An SSE event whose time an import placed (its file had none): see SseMessageEvent.placed. */
export const MSG_PLACED = 4;

export interface PgResponse {
  t: number;
  /** Final URL (after redirects). */
  url: string;
  redirected: boolean;
  contentType: string;
  /** nextHopProtocol of the origin ('' unknown). */
  protocol: string;
  /** The response's headers were unknown (ResponseEvent.headersUnknown). */
  headersUnknown?: true;
}

export interface PgEnd {
  t: number;
  bodySize: number;
  hash: string;
  error: '' | 'abort' | 'error' | 'timeout';
  note: string;
  /** The body preview's encoding; its data is `response.content.text`. */
  preview: 'none' | 'text' | 'base64';
  truncated: boolean;
}

/** [kind, t, readyState, nextHopProtocol (es-open only, when the hook gave one)]. */
export type PgEsState = [kind: 'open' | 'error' | 'close', t: number, readyState: number, protocol?: string];

/**
 * One request or connection. `order` spells the events after the start, one letter each, so they
 * replay in their captured order: R response, C chunk, M message (SSE event or WebSocket frame,
 * in the order of `_eventSourceMessages` / `_webSocketMessages`), E request end, T EventSource
 * state, O WebSocket open, X WebSocket error, Z WebSocket close.
 */
export interface PgEntry {
  v: typeof PG_FORMAT;
  transport: Transport;
  /** The hook's id, unique within its source. */
  id: string;
  /** Exact start (epoch ms with fractions; startedDateTime has whole milliseconds). */
  start: number;
  order: string;
  /** fetch/xhr: the request's headers were unknown (RequestStartEvent.headersUnknown). */
  requestHeadersUnknown?: true;
  response?: PgResponse;
  chunks?: [t: number, size: number][];
  end?: PgEnd;
  /** SSE events (fetch/xhr/EventSource) or WebSocket frames, parallel to the Chrome-shaped list. */
  messages?: PgMessage[];
  /** EventSource */
  withCredentials?: boolean;
  states?: PgEsState[];
  /** WebSocket */
  protocols?: string[];
  open?: [t: number, protocol: string, extensions: string];
  errors?: number[];
  close?: [t: number, code: number, reason: string, wasClean: boolean];
}
