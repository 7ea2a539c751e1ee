import { utf8Length } from '../core/text/bytes';
import type { Header } from '../core/protocol';
import { natives } from './natives';
import { blobSize, describeHeaders, documentBaseUrl, domExceptionName, requestInfo, urlHref } from './platform';

/** Resolves a URL against the document without ever calling page code (no String(obj)). */
export function absoluteUrl(input: unknown): string {
  let raw = '';
  if (typeof input === 'string') raw = input;
  else if (input instanceof natives.URL) raw = urlHref(input);
  else return '';
  return resolveUrl(raw, documentBaseUrl());
}

/** `raw` resolved against `base`, or `raw` itself when that fails. */
export function resolveUrl(raw: string, base: string): string {
  try {
    return urlHref(new natives.URL(raw, base));
  } catch {
    return raw;
  }
}

/** Size in bytes of a request body as fetch/XHR would send it; -1 when it cannot be known cheaply. */
export function bodySize(body: unknown): number {
  if (body === undefined || body === null) return 0;
  if (typeof body === 'string') return utf8Length(body);
  if (body instanceof natives.Blob) return blobSize(body);
  if (body instanceof natives.ArrayBuffer) return body.byteLength;
  if (natives.isView(body)) return (body as ArrayBufferView).byteLength;
  // The native toString: the page may have given this object (or the prototype) its own.
  if (body instanceof natives.URLSearchParams) return utf8Length(natives.apply(natives.urlSearchParamsToString, body, []) as string);
  return -1;
}

export function headerList(init: unknown): Header[] {
  if (init === undefined || init === null) return [];
  // fetch has already iterated the page's HeadersInit: read it again only when that cannot be
  // noticed. A one-shot iterable (a generator, say) is already spent, and any other iterable's
  // iterator is page code; Headers, arrays and plain records are safe to read twice.
  if (!(init instanceof natives.Headers) && !natives.isArray(init)) {
    const proto: unknown = typeof init === 'object' ? natives.getPrototypeOf(init) : undefined;
    if (proto !== natives.objectPrototype && proto !== null) return [];
  }
  try {
    return describeHeaders(init instanceof natives.Headers ? init : new natives.Headers(init as HeadersInit));
  } catch {
    return [];
  }
}

/**
 * What fetch(input, init) sends, read without consuming a Request's body. `init` holds the members
 * fetch itself read from the page's init (never the page's object: see fetch-hook.ts).
 */
export function describeFetch(input: unknown, init: { method?: unknown; headers?: unknown; body?: unknown }): {
  method: string;
  url: string;
  headers: Header[];
  size: number;
} {
  const opts = init;
  let method = 'GET';
  let url: string;
  let headers: Header[] = [];
  let size = 0;
  if (input instanceof natives.Request) {
    const req = requestInfo(input);
    method = req.method;
    url = req.url;
    headers = headerList(req.headers);
    size = req.hasBody ? -1 : 0;
  } else {
    url = absoluteUrl(input);
  }
  if (typeof opts.method === 'string') method = opts.method.toUpperCase();
  if (opts.headers !== undefined) headers = headerList(opts.headers);
  if (opts.body !== undefined) size = bodySize(opts.body);
  return { method, url, headers, size };
}

/** Only a DOMException's name is trusted: anything else may be the page's own abort reason, not ours to read. */
export function errorKind(err: unknown): '' | 'abort' | 'error' | 'timeout' {
  const name = domExceptionName(err);
  if (name === 'AbortError') return 'abort';
  if (name === 'TimeoutError') return 'timeout';
  return 'error';
}
