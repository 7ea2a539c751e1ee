import type { Header } from '../protocol';

/** Header values that carry credentials; never stored, never shown (privacy by default). */
const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

export const REDACTED = '[redacted]';

export function redactHeaders(headers: Iterable<readonly [string, string]>): Header[] {
  const out: Header[] = [];
  for (const [name, value] of headers) {
    out.push([name, SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value]);
  }
  return out;
}

/** Parses XHR's getAllResponseHeaders() text into redacted pairs. */
export function parseRawHeaders(raw: string): Header[] {
  const pairs: [string, string][] = [];
  for (const line of raw.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    pairs.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return redactHeaders(pairs);
}
