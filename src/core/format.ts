/**
 * How findings write numbers for people: "310 KB/min", "1.0 s", "250 ms", "94%". Lives here and
 * not in the panel because the CLI prints the same messages. Every formatter answers '?' for a
 * non-finite input, so a bad division upstream can never print "NaN" or "Infinity" to a user.
 */

const KB = 1024;
const MB = 1024 * 1024;

/** One decimal below 10 ("1.5 KB", "2.0 s"), whole numbers above ("310 KB"): enough precision to compare, no noise. */
function short(v: number): string {
  return v < 10 ? v.toFixed(1) : String(Math.round(v));
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  if (Math.round(n) < KB) return `${Math.round(n)} B`;
  if (n < MB) return `${short(n / KB)} KB`;
  return `${short(n / MB)} MB`;
}

export function formatBytesPerMin(n: number): string {
  return `${formatBytes(n)}/min`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${short(s)} s`;
  if (s < 3600) return `${short(s / 60)} min`;
  return `${short(s / 3600)} h`;
}

/** A count per minute or per second: "60", "2.5". */
export function formatRate(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  return short(n);
}

/** A 0..1 share as a whole percentage. */
export function formatPct(share: number): string {
  if (!Number.isFinite(share)) return '?';
  return `${Math.round(share * 100)}%`;
}
