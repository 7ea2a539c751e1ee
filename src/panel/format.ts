/** Display formatting for the panel: pure, so it is unit tested. */

export function formatBytes(n: number): string {
  if (n < 0) return '?';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '…';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Seconds since a reference time, for the Start column. */
export function formatOffset(t: number, origin: number): string {
  return `${((t - origin) / 1000).toFixed(3)} s`;
}

/** A short single-line preview of captured text (newlines shown as ⏎). */
export function oneLine(text: string, max = 200): string {
  const s = text.length > max ? `${text.slice(0, max)}…` : text;
  return s.replace(/\r?\n/g, '⏎');
}
