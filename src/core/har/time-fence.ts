/**
 * The file's clock: which times are plausible for its entries. Some exporters stamp an entry far
 * from the rest (Chrome writes 1969-12-31T23:59:59 for some failed WebSocket connects; a tool that
 * writes 0 for an unknown message time lands in 1970), and one such time stretches a channel's span
 * to decades. The rule is robust, over the file's own entries: the interquartile range of their
 * starts, widened by FENCE_IQRS ranges and a day each way (a capture of hours or days stays inside;
 * a 1969 stamp in a 2026 file does not).
 */
export interface TimeFence {
  readonly lo: number;
  readonly hi: number;
}

export const DAY_MS = 86_400_000;
/** Interquartile ranges beyond the quartiles that are still the file's clock (Tukey's "far out" fence). */
export const FENCE_IQRS = 3;

/** The fence of a file whose entries start at `starts` (epoch ms); null without starts. */
export function timeFence(starts: ArrayLike<number>): TimeFence | null {
  return fenceOfSorted(Float64Array.from(starts).sort());
}

function fenceOfSorted(sorted: ArrayLike<number>): TimeFence | null {
  if (sorted.length === 0) return null;
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const iqr = q3 - q1;
  return { lo: q1 - FENCE_IQRS * iqr - DAY_MS, hi: q3 + FENCE_IQRS * iqr + DAY_MS };
}

export function inFence(f: TimeFence | null, t: number): boolean {
  return f === null || (t >= f.lo && t <= f.hi);
}

/** "56.9 years before", "3.2 days after": how far a time is from the fence, for a warning. */
export function offFence(f: TimeFence, t: number): string {
  const ms = t < f.lo ? f.lo + DAY_MS - t : t - (f.hi - DAY_MS);
  const side = t < f.lo ? 'before' : 'after';
  const years = ms / (365.25 * DAY_MS);
  const amount = years >= 1 ? `${years.toFixed(1)} years` : `${(ms / DAY_MS).toFixed(1)} days`;
  return `${amount} ${side}`;
}

function quantile(sorted: ArrayLike<number>, q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

/** Starts in the sliding window a file read entry by entry is judged against. */
export const FENCE_WINDOW = 101;

/**
 * The fence over a sliding window of the file's entry starts: the first FENCE_WINDOW of them
 * (outliers included: quartiles shrug them off), then the most recent starts that were on the
 * clock. A file read entry by entry is judged as the whole file would be, and a capture that
 * drifts over days keeps its fence with it.
 */
export class ClockWindow {
  private readonly ring: number[];
  private sorted: number[];
  private cached: TimeFence | null | undefined;

  constructor(initial: readonly number[]) {
    this.ring = initial.slice(-FENCE_WINDOW);
    this.sorted = [...this.ring].sort((a, b) => a - b);
  }

  fence(): TimeFence | null {
    if (this.cached === undefined) this.cached = fenceOfSorted(this.sorted);
    return this.cached;
  }

  accept(t: number): void {
    this.ring.push(t);
    insertSorted(this.sorted, t);
    if (this.ring.length > FENCE_WINDOW) {
      const old = this.ring.shift()!;
      this.sorted.splice(lowerBound(this.sorted, old), 1);
    }
    this.cached = undefined;
  }
}

function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(a: number[], x: number): void {
  a.splice(lowerBound(a, x), 0, x);
}
