/**
 * How Polltergeist writes numbers for people, everywhere: the panel's tables and details, the
 * findings' messages and the command line's report all print through here, so one number reads
 * the same on every screen ("317 kB/min" in a finding and in the channel beside it).
 *
 * Bytes and durations follow Chrome DevTools (its Network panel's Size and Time columns), so a
 * number reads the same in its panels and in ours: bytes in decimal units, "512 B", "1.5 kB",
 * "317 kB", "3.4 MB", one decimal below 100 of a unit; durations "250 ms", "1.50 s", "1.5 min",
 * "1.5 hrs", "1.5 days", no sub-millisecond digits. Unlike DevTools, the space before a unit is a
 * plain one (terminal output and copied text stay ASCII), and a value that rounds to 1000 ms
 * reads "1.00 s", not "1000 ms".
 * Rates and shares have no DevTools format: "60", "2.5" and "94%".
 *
 * Every formatter answers '?' for a non-finite or negative input, so a bad division upstream
 * can never print "NaN" or "Infinity" to a user.
 */

/** Thousands separators, made once (toLocaleString builds a formatter per call). */
const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** One decimal below 100 of a unit ("1.5 kB", "99.9 kB"), whole numbers from there ("317 kB"). */
function ofUnit(v: number, unit: string): string {
  return v < 100 ? `${v.toFixed(1)} ${unit}` : `${GROUPED.format(v)} ${unit}`;
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  if (n < 1000) return `${Math.round(n)} B`;
  if (n < 1_000_000) return ofUnit(n / 1000, 'kB');
  return ofUnit(n / 1_000_000, 'MB');
}

export function formatBytesPerMin(n: number): string {
  return `${formatBytes(n)}/min`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(2)} s`;
  const min = s / 60;
  if (min < 60) return `${min.toFixed(1)} min`;
  const h = min / 60;
  if (h < 24) return `${h.toFixed(1)} hrs`;
  return `${(h / 24).toFixed(1)} days`;
}

/** A count per minute or per second: "60", "2.5" (one decimal below 10, whole numbers above). */
export function formatRate(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  return n < 10 ? n.toFixed(1) : String(Math.round(n));
}

/** A 0..1 share as a whole percentage. */
export function formatPct(share: number): string {
  if (!Number.isFinite(share)) return '?';
  return `${Math.round(share * 100)}%`;
}

/** A time as seconds since an origin, to the millisecond: "0.500 s" (start columns, ranges). */
export function formatOffset(t: number, origin: number): string {
  return `${((t - origin) / 1000).toFixed(3)} s`;
}
