/** Small robust statistics over bounded windows. No allocation on the hot path beyond the copy to sort. */

/** A fixed-size ring of numbers: the most recent `capacity` values, oldest first on read. */
export class NumRing {
  private readonly buf: Float64Array;
  private head = 0;
  size = 0;

  constructor(readonly capacity: number) {
    this.buf = new Float64Array(capacity);
  }

  push(x: number): void {
    this.buf[this.head] = x;
    this.head = (this.head + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** i-th value, 0 = oldest kept. */
  at(i: number): number {
    return this.buf[(this.head - this.size + i + this.capacity) % this.capacity]!;
  }

  last(): number | undefined {
    return this.size ? this.at(this.size - 1) : undefined;
  }

  toArray(): number[] {
    const out = new Array<number>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.at(i);
    return out;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }
}

let scratch = new Float64Array(256);

/** `xs` copied into a shared scratch buffer and sorted (no allocation; valid until the next call). */
export function sortedCopy(xs: readonly number[]): Float64Array {
  const n = xs.length;
  if (n > scratch.length) scratch = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) scratch[i] = xs[i]!;
  return scratch.subarray(0, n).sort();
}

/** Median of `xs` (does not modify it); null when empty. */
export function median(xs: readonly number[]): number | null {
  const n = xs.length;
  if (n === 0) return null;
  const s = sortedCopy(xs);
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** Median absolute deviation divided by the median: 0 for a metronome, ~0.7 for random clicks. */
export function relativeMad(xs: readonly number[]): number | null {
  const m = median(xs);
  if (m === null || m <= 0) return null;
  return median(xs.map((x) => Math.abs(x - m)))! / m;
}

/**
 * The smallest max/min ratio over any `n - skip` of the values: how tightly the values cluster
 * once the `skip` worst outliers are set aside. Infinity when fewer than 1 value would remain.
 */
export function tightestRatio(xs: readonly number[], skip: number): number {
  return tightestRatioSorted(sortedCopy(xs), skip);
}

/** `tightestRatio` over values already sorted ascending. */
export function tightestRatioSorted(s: ArrayLike<number>, skip: number): number {
  const keep = s.length - skip;
  if (keep < 1) return Infinity;
  let best = Infinity;
  for (let i = 0; i + keep <= s.length; i++) {
    const lo = s[i]!;
    const r = lo > 0 ? s[i + keep - 1]! / lo : Infinity;
    if (r < best) best = r;
  }
  return best;
}

/** Share of values within ±tolerance of `center` (0..1); null when empty. */
export function shareWithin(xs: readonly number[], center: number, tolerance: number): number | null {
  if (!xs.length || center <= 0) return null;
  let k = 0;
  for (const x of xs) if (Math.abs(x / center - 1) <= tolerance) k++;
  return k / xs.length;
}
