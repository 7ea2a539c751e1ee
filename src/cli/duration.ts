/** Durations on the command line: `15s`, `500ms`, `2m`, `1.5s`, `1m30s`; a bare number is seconds. */

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

/** `15 s`, `500 ms`, `2 min`, `1.5 s`: for messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000 || ms % 1000 !== 0) return `${+(ms / 1000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  const s = (ms % 60_000) / 1000;
  return s === 0 ? `${min} min` : `${min} min ${s} s`;
}
