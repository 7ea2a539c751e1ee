/**
 * Small response helpers so every handler sends the same baseline headers. `no-store` is on
 * everything because the demo exists to show traffic: a cached answer would hide a request.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

export const BASE_HEADERS: OutgoingHttpHeaders = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/** Status codes that must not carry a body (writing one would be a protocol error). */
function isBodiless(status: number): boolean {
  return status === 204 || status === 205 || status === 304 || (status >= 100 && status < 200);
}

export function send(
  res: ServerResponse,
  status: number,
  contentType: string | null,
  body: string | Uint8Array,
  extraHeaders: OutgoingHttpHeaders = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const headers: OutgoingHttpHeaders = { ...BASE_HEADERS, ...extraHeaders };
  if (isBodiless(status)) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  if (contentType !== null) headers['Content-Type'] = contentType;
  headers['Content-Length'] = Buffer.byteLength(body);
  res.writeHead(status, headers);
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  extraHeaders: OutgoingHttpHeaders = {},
): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), extraHeaders);
}

/** For callers that need the exact bytes (e.g. ETags computed over the body). */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  json: string,
  extraHeaders: OutgoingHttpHeaders = {},
): void {
  send(res, status, 'application/json; charset=utf-8', json, extraHeaders);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  extraHeaders: OutgoingHttpHeaders = {},
): void {
  send(res, status, 'text/plain; charset=utf-8', text, extraHeaders);
}

export function sendHtml(res: ServerResponse, html: string): void {
  send(res, 200, 'text/html; charset=utf-8', html);
}

/** Starts a response whose body is written over time (SSE, NDJSON, slow text). */
export function startStream(
  res: ServerResponse,
  contentType: string,
  extraHeaders: OutgoingHttpHeaders = {},
): void {
  res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': contentType, ...extraHeaders });
  // Push the headers out now: clients (and the extension) should see the response start
  // before the first chunk, exactly as with a real streaming backend.
  res.flushHeaders();
}
