/**
 * Units between our events and HAR: epoch milliseconds with fractions (ours) vs ISO dates with
 * whole milliseconds (`startedDateTime`), milliseconds (timings) and seconds since the epoch
 * (Chrome's `_webSocketMessages[].time`); nextHopProtocol ('http/1.1', 'h2') vs `httpVersion`.
 */

/** An ISO date for `startedDateTime`; the epoch for a time that is not one (never throws). */
export function isoTime(ms: number): string {
  const d = new Date(Number.isFinite(ms) ? ms : 0);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}

/** Timings to the microsecond: enough for any viewer, without float noise like 12.000000001. */
export function roundMs(ms: number): number {
  return Number.isFinite(ms) ? Math.round(ms * 1000) / 1000 : 0;
}

/** A duration that cannot be negative (clock steps, or an end we only know as "the capture's end"). */
export function span(from: number, to: number): number {
  return roundMs(Math.max(0, to - from));
}

/**
 * `httpVersion` as HAR writers spell it: "HTTP/1.1" for HTTP/1.x, "h2"/"h3" as Chrome's
 * protocol names them, '' when the hook could not learn it (cross-origin without
 * Timing-Allow-Origin): a guess would mislead the connection-limit rule after an import.
 */
export function httpVersionOf(protocol: string): string {
  const p = protocol.trim().toLowerCase();
  return /^http\/1\.[01]$/.test(p) ? p.toUpperCase() : p;
}

/** nextHopProtocol from any writer's `httpVersion` ("HTTP/1.1", "http/2.0", "h2", "HTTP/3"...). */
export function protocolOf(httpVersion: string): string {
  const v = httpVersion.trim().toLowerCase();
  if (v === '' || v === 'unknown') return '';
  if (/^http\/1\.[01]$/.test(v)) return v;
  if (v === 'h2' || /^http\/2(\.0)?$/.test(v)) return 'h2';
  if (v === 'h3' || v.startsWith('h3-') || /^http\/3(\.0)?$/.test(v)) return 'h3';
  return v;
}
