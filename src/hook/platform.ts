import type { Header } from '../core/protocol';
import { redactHeaders } from '../core/text/redact';
import { natives, platform as P, uncurry } from './natives';

/**
 * Typed reads of platform objects (Response, Headers, XHR, sockets, events, Blob) through the
 * natives captured at load, so a page that wrapped one of these getters or methods after load
 * never sees a call from us (see `platform` in natives.ts). Every read here is a WebIDL getter or
 * method: it runs no page code, and on an object of the wrong kind it throws, which callers
 * already contain with `safely`.
 */
const read = (get: () => unknown, self: object): unknown => natives.apply(get, self, []);
const call = (fn: (...args: never[]) => unknown, self: object, args: unknown[]): unknown => natives.apply(fn, self, args);

/* ------------------------------------------------------------------ Headers, Response, Request */

/** Every [name, value] of a Headers object, without its (page-replaceable) iterator. */
export function headerPairs(h: Headers): [string, string][] {
  const it = call(P.headers.entries, h, []) as object;
  const out: [string, string][] = [];
  for (;;) {
    const r = call(P.headers.next, it, []) as IteratorResult<[string, string]>;
    if (r.done) return out;
    out.push(r.value);
  }
}

/** What a fetch Response says about itself. Its Headers are immutable: describe them when needed. */
export interface ResponseMeta {
  status: number;
  statusText: string;
  url: string;
  redirected: boolean;
  headers: Headers;
}

export function responseMeta(res: Response): ResponseMeta {
  return {
    status: read(P.response.status, res) as number,
    statusText: read(P.response.statusText, res) as string,
    url: read(P.response.url, res) as string,
    redirected: read(P.response.redirected, res) === true,
    headers: read(P.response.headers, res) as Headers,
  };
}

/** One header's value (several combined with ", "), or null. */
export const headerValue = (h: Headers, name: string): string | null => call(P.headers.get, h, [name]) as string | null;

/** Every header, credentials redacted. */
export const describeHeaders = (h: Headers): Header[] => redactHeaders(headerPairs(h));

export const responseBody = (res: Response): ReadableStream<Uint8Array> | null =>
  read(P.response.body, res) as ReadableStream<Uint8Array> | null;

export const responseBodyUsed = (res: Response): boolean => read(P.response.bodyUsed, res) === true;

export const responseClone = (res: Response): Response => call(natives.responseClone, res, []) as Response;

/** What a Request given to fetch() carries. `hasBody` is false where Request.body is missing (Firefox). */
export function requestInfo(req: Request): { method: string; url: string; headers: Headers; hasBody: boolean } {
  return {
    method: read(P.request.method, req) as string,
    url: read(P.request.url, req) as string,
    headers: read(P.request.headers, req) as Headers,
    hasBody: read(P.request.body, req) != null,
  };
}

/* ------------------------------------------------------------------ URL, document */

export const urlHref = (url: URL): string => read(P.url.href, url) as string;

export const documentBaseUrl = (): string => read(P.node.baseURI, document) as string;

export const documentHidden = (): boolean => read(P.document.visibilityState, document) === 'hidden';

/* ------------------------------------------------------------------ XMLHttpRequest */

export const xhrReadyState = (xhr: XMLHttpRequest): number => read(P.xhr.readyState, xhr) as number;
export const xhrResponseType = (xhr: XMLHttpRequest): XMLHttpRequestResponseType =>
  read(P.xhr.responseType, xhr) as XMLHttpRequestResponseType;
/** Throws unless responseType is '' or 'text'. */
export const xhrResponseText = (xhr: XMLHttpRequest): string => read(P.xhr.responseText, xhr) as string;
export const xhrResponse = (xhr: XMLHttpRequest): unknown => read(P.xhr.response, xhr);

/** Status line and headers, once readyState is HEADERS_RECEIVED. */
export function xhrResponseHead(xhr: XMLHttpRequest): { status: number; statusText: string; url: string; rawHeaders: string; contentType: string } {
  return {
    status: read(P.xhr.status, xhr) as number,
    statusText: read(P.xhr.statusText, xhr) as string,
    url: read(P.xhr.responseURL, xhr) as string,
    rawHeaders: call(P.xhr.getAllResponseHeaders, xhr, []) as string,
    contentType: (call(P.xhr.getResponseHeader, xhr, ['content-type']) as string | null) ?? '',
  };
}

/* ------------------------------------------------------------------ WebSocket, EventSource */

export const webSocketUrl = (ws: WebSocket): string => read(P.webSocket.url, ws) as string;

export function webSocketOpened(ws: WebSocket): { protocol: string; extensions: string } {
  return { protocol: read(P.webSocket.protocol, ws) as string, extensions: read(P.webSocket.extensions, ws) as string };
}

export function eventSourceInfo(es: EventSource): { url: string; withCredentials: boolean } {
  return { url: read(P.eventSource.url, es) as string, withCredentials: read(P.eventSource.withCredentials, es) === true };
}

export const eventSourceState = (es: EventSource): number => read(P.eventSource.readyState, es) as number;

/* ------------------------------------------------------------------ events */

export const eventType = (ev: Event): string => read(P.event.type, ev) as string;
/** Called once per WebSocket message and SSE event: uncurried, no argument array per call. */
export const messageData: (ev: Event) => unknown = uncurry(P.messageEvent.data);
export const messageLastEventId = (ev: Event): string => read(P.messageEvent.lastEventId, ev) as string;
export const messageSource = (ev: Event): unknown => read(P.messageEvent.source, ev);
export const messagePorts = (ev: Event): readonly MessagePort[] => read(P.messageEvent.ports, ev) as readonly MessagePort[];
export const progressLoaded = (ev: Event): number => read(P.progressEvent.loaded, ev) as number;

export function closeInfo(ev: Event): { code: number; reason: string; wasClean: boolean } {
  return {
    code: read(P.closeEvent.code, ev) as number,
    reason: read(P.closeEvent.reason, ev) as string,
    wasClean: read(P.closeEvent.wasClean, ev) === true,
  };
}

/* ------------------------------------------------------------------ performance timeline */

/** Entries of one type in the document's buffer (a copy: reading it changes nothing there). */
export const entriesByType = (type: string): readonly PerformanceEntry[] =>
  (call(P.performance.getEntriesByType, natives.performance, [type]) as readonly PerformanceEntry[] | undefined) ?? [];

/** The document's own navigation entry, if this realm has one. */
export const navigationEntry = (): PerformanceEntry | undefined => entriesByType('navigation')[0];

export const disconnectObserver = (observer: PerformanceObserver): void => {
  call(P.performanceObserver.disconnect, observer, []);
};

export const observeEntries = (observer: PerformanceObserver, init: PerformanceObserverInit): void => {
  call(P.performanceObserver.observe, observer, [init]);
};

export const observedEntries = (list: PerformanceObserverEntryList): readonly PerformanceEntry[] =>
  call(P.performanceObserverEntryList.getEntries, list, []) as readonly PerformanceEntry[];

export const entryName = (e: PerformanceEntry): string => read(P.performanceEntry.name, e) as string;
/** Resource and navigation entries only ('' for cross-origin ones without Timing-Allow-Origin). */
export const entryNextHopProtocol = (e: PerformanceEntry): string => read(P.resourceTiming.nextHopProtocol, e) as string;

/* ------------------------------------------------------------------ Blob, errors */

export const blobSize = (blob: Blob): number => read(P.blob.size, blob) as number;

/** The first `n` bytes of a Blob (read asynchronously). */
export function blobHead(blob: Blob, n: number): Promise<ArrayBuffer> {
  const head = call(natives.blobSlice, blob, [0, n]) as Blob;
  return call(natives.blobArrayBuffer, head, []) as Promise<ArrayBuffer>;
}

/**
 * The name of a DOMException ('AbortError', 'TimeoutError', ...), or '' for anything else. Fetch
 * can reject with the page's own abort reason, any object: the native getter's brand check tells
 * a real DOMException apart without reading the page's object (its getters or Proxy traps).
 */
export function domExceptionName(err: unknown): string {
  try {
    return natives.apply(P.domException.name, err, []) as string;
  } catch {
    return '';
  }
}
