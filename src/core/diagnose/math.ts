/**
 * Guarded arithmetic for the rules. Facts arrive with zero spans, zero counts and null medians
 * (a channel seen for one request, a HAR without timings), and a finding must never carry NaN or
 * Infinity, so every division goes through here and answers null when it has no meaning.
 */

import { median as medianOf } from '../classify/stats';

const MS_PER_MIN = 60_000;

/** a / b, or null when b is zero or either side is not finite. */
export function ratio(a: number, b: number): number | null {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  const r = a / b;
  return Number.isFinite(r) ? r : null;
}

/** A total spread over a span, per minute; null for an empty or unknown span. */
export function perMinute(total: number, spanMs: number): number | null {
  if (!(spanMs > 0)) return null;
  return ratio(total * MS_PER_MIN, spanMs);
}

/** The interval between events happening `perMin` times a minute; null when they do not happen. */
export function intervalOf(perMin: number): number | null {
  return perMin > 0 ? ratio(MS_PER_MIN, perMin) : null;
}

/** The classifier's median, over the finite values only. */
export function median(values: readonly number[]): number | null {
  return medianOf(values.filter(Number.isFinite));
}

/** null and non-finite medians count as "nothing known", i.e. 0 bytes, where a sum needs a number. */
export function orZero(n: number | null): number {
  return n !== null && Number.isFinite(n) ? n : 0;
}

/**
 * The machine-readable numbers of a finding with every non-finite or null entry dropped: a
 * consumer of `--json` sees a key only when the value means something.
 */
export function cleanNumbers(numbers: Readonly<Record<string, number | null>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(numbers)) {
    if (v !== null && Number.isFinite(v)) out[k] = Math.round(v * 1000) / 1000;
  }
  return out;
}
