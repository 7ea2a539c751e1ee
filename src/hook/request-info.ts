import { utf8Length } from '../core/bytes';
import type { Header } from '../core/protocol';
import { redactHeaders } from '../core/redact';
import { natives } from './natives';

/** Resolves a URL against the document without ever calling page code (no String(obj)). */
export function absoluteUrl(input: unknown): string {
  let raw = '';
  if (typeof input === 'string') raw = input;
  else if (input instanceof natives.URL) raw = input.href;
  else return '';
  try {
    return new natives.URL(raw, document.baseURI).href;
  } catch {
    return raw;
  }
}

/** Size in bytes of a request body as fetch/XHR would send it; -1 when it cannot be known cheaply. */
export function bodySize(body: unknown): number {
  if (body === undefined || body === null) return 0;
  if (typeof body === 'string') return utf8Length(body);
  if (body instanceof natives.Blob) return body.size;
  if (body instanceof natives.ArrayBuffer) return body.byteLength;
  if (natives.isView(body)) return (body as ArrayBufferView).byteLength;
  if (body instanceof URLSearchParams) return utf8Length(body.toString());
  return -1;
}

export function headerList(init: unknown): Header[] {
  if (init === undefined || init === null) return [];
  try {
    const h = init instanceof natives.Headers ? init : new natives.Headers(init as HeadersInit);
    return redactHeaders(h);
  } catch {
    return [];
  }
}

/** What fetch(input, init) will send, read without consuming a Request's body. */
export function describeFetch(input: unknown, init: unknown): {
  method: string;
  url: string;
  headers: Header[];
  size: number;
} {
  const opts = (typeof init === 'object' && init !== null ? init : {}) as RequestInit;
  let method = 'GET';
  let url: string;
  let headers: Header[] = [];
  let size = 0;
  if (input instanceof natives.Request) {
    method = input.method;
    url = input.url;
    headers = headerList(input.headers);
    size = input.body ? -1 : 0;
  } else {
    url = absoluteUrl(input);
  }
  if (typeof opts.method === 'string') method = opts.method.toUpperCase();
  if (opts.headers !== undefined) headers = headerList(opts.headers);
  if (opts.body !== undefined) size = bodySize(opts.body);
  return { method, url, headers, size };
}

export function errorKind(err: unknown): '' | 'abort' | 'error' | 'timeout' {
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'AbortError') return 'abort';
  if (name === 'TimeoutError') return 'timeout';
  return 'error';
}
