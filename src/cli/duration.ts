/**
 * Durations the command line reads: `15s`, `500ms`, `2m`, `1.5s`, `1m30s`; a bare number is seconds.
 * (It writes them with core's formatDuration, like every other number it prints.)
 */

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)/y;

/** Milliseconds, or null when `text` is not a duration. */
export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (s === '') return null;
  if (/^(\d+(\.\d+)?|\.\d+)$/.test(s)) return Math.round(Number(s) * 1000);
  let ms = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const at = PART.lastIndex;
    const m = PART.exec(s);
    if (!m || m.index !== at) return null;
    ms += Number(m[1]) * UNITS[m[2]!]!;
  }
  return Math.round(ms);
}
