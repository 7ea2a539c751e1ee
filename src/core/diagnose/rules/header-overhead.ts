/**
 * header-overhead: every poll pays for its request and response headers (cookies, user agent,
 * auth, CORS, caching headers), and a poll with a small answer pays mostly for them. The header
 * sizes are estimates before compression: HTTP/2 and HTTP/3 compress repeated headers (HPACK,
 * QPACK) to a few bytes on the wire, so there the finding is only informational.
 */
import type { ChannelView } from '../../classify/types';
import type { Finding } from '../types';
import { formatBytes, formatBytesPerMin, formatPct } from '../../format/numbers';
import { cleanNumbers, orZero, ratio } from '../math';

/** Headers at least 3× the payload: three quarters of every exchange is envelope. */
export const HEADER_MIN_RATIO = 3;
/** Four requests: the medians mean something (the classifier's own minimum for polling). */
export const HEADER_MIN_REQUESTS = 4;
/** 64 KB/min of headers (~30 MB over an 8-hour day in one open tab) makes it a warning on HTTP/1.x. */
export const HEADER_WARN_BYTES_PER_MIN = 64 * 1024;
const COMPRESSED = new Set(['h2', 'h3', 'h2c']);

export function headerOverhead(ch: ChannelView): Finding | null {
  if (ch.pattern !== 'polling' && ch.pattern !== 'long-polling') return null;
  const ev = ch.evidence;
  const f = ch.facts;
  if (ev.requests < HEADER_MIN_REQUESTS) return null;
  if (f.medianHeaderBytesUp === null && f.medianHeaderBytesDown === null) return null;
  const headers = orZero(f.medianHeaderBytesUp) + orZero(f.medianHeaderBytesDown);
  const body = orZero(f.medianBodyBytesUp) + orZero(f.medianBodyBytesDown);
  if (headers <= 0 || headers < HEADER_MIN_RATIO * body) return null;

  const share = ratio(headers, headers + body) ?? 1;
  // No rate (too few requests, or all in a burst): no per-minute cost either.
  const headerPerMin = headers * (ev.requestsPerMin ?? 0);
  const compressed = COMPRESSED.has(f.protocol.trim().toLowerCase());
  const perMin = headerPerMin > 0 ? `: ${formatBytesPerMin(headerPerMin)} of headers` : '';
  const note = compressed ? ' (before HTTP/2 header compression)' : '';
  const message =
    `each request carries ${formatBytes(headers)} of headers for ${formatBytes(body)} of payload ` +
    `(${formatPct(share)} overhead)${perMin}${note}`;

  const severity = !compressed && headerPerMin >= HEADER_WARN_BYTES_PER_MIN ? 'warning' : 'info';
  return {
    rule: 'header-overhead',
    severity,
    channel: ch.key,
    message,
    suggestion:
      'Trim what every request carries: scope cookies to the paths that need them or serve the API from a ' +
      'cookie-free origin, drop unneeded custom headers, serve over HTTP/2 (header compression), or keep one ' +
      'stream open (SSE/WebSocket) so headers are sent once.',
    numbers: cleanNumbers({
      headerBytes: headers,
      bodyBytes: body,
      headerPct: share * 100,
      headerToBodyRatio: ratio(headers, body),
      headerBytesPerMin: headerPerMin,
      requestsPerMin: ev.requestsPerMin,
    }),
  };
}
