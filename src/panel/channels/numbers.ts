/**
 * A finding's machine-readable numbers (`Finding.numbers`, camelCase keys such as
 * `wastedBytesPerMin`, `intervalMs`, `identicalPct`) as words and units for the findings view.
 */
import { formatBytes, formatDuration } from '../../core/format/numbers';

/** `wastedBytesPerMin` → "wasted bytes" (the unit, "/min", goes with the value). */
export function numberLabel(key: string): string {
  return key
    .replace(/Pct$/, 'Percent')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\bms\b/, '')
    .replace(/\bpercent\b/, '')
    .replace(/\bper (min|sec)\b/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** One formatter, made once: toLocaleString builds a new one per call (seconds over 1,000 channels). */
const EN = new Intl.NumberFormat('en-US');

function plain(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Math.abs(n) >= 100 || Number.isInteger(n) ? Math.round(n) : Math.round(n * 10) / 10;
  return EN.format(r);
}

/** The value with its unit, read from the key's suffix. */
export function formatNumber(key: string, value: number): string {
  const perMin = /PerMin$/.test(key);
  const perSec = /PerSec(Up|Down)?$/.test(key);
  const rate = perMin ? '/min' : perSec ? '/s' : '';
  if (/Bytes/.test(key)) return `${formatBytes(Math.round(value))}${rate}`;
  if (/Ms$/.test(key)) return formatDuration(value);
  if (/Pct$/.test(key)) return `${Math.round(value)}%`;
  if (/Ratio$/.test(key)) return `${plain(value)}×`;
  return `${plain(value)}${rate}`;
}
