/** Small numeric helpers for the benchmark report. */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank 95th percentile. */
export function p95(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Formats a markdown table with right-aligned numeric-looking columns. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.every((r) => /^[-+\d.×x ]*$/.test(r[i] ?? '')));
  const cell = (s: string, i: number): string => (numeric[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => cell(c, i)).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Two-sided 97.5% quantiles of Student's t for 1-10 degrees of freedom (then the normal's 1.96). */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

/** Mean of the logs and the variance of that mean. */
function logMoments(vs: readonly number[]): { mean: number; varOfMean: number } {
  const ls = vs.map(Math.log);
  const mean = ls.reduce((s, v) => s + v, 0) / ls.length;
  const variance = ls.reduce((s, v) => s + (v - mean) ** 2, 0) / (ls.length - 1);
  return { mean, varOfMean: variance / ls.length };
}

function interval(centre: number, varOfMean: number, df: number): [number, number] {
  const half = (T975[df - 1] ?? 1.96) * Math.sqrt(varOfMean);
  return [Math.exp(centre - half), Math.exp(centre + half)];
}

/**
 * A 95% interval for mean(xs) / mean(ys) of two independent samples of positive ratios, on the log
 * scale (Welch's standard error; degrees of freedom the smaller sample's, which errs wide). Null
 * with fewer than two values on either side.
 */
export function ratioInterval(xs: readonly number[], ys: readonly number[]): [number, number] | null {
  if (xs.length < 2 || ys.length < 2) return null;
  const x = logMoments(xs);
  const y = logMoments(ys);
  return interval(x.mean - y.mean, x.varOfMean + y.varOfMean, Math.min(xs.length, ys.length) - 1);
}

/** A 95% interval for the (geometric) mean of one sample of positive ratios; null below two. */
export function meanInterval(xs: readonly number[]): [number, number] | null {
  if (xs.length < 2) return null;
  const x = logMoments(xs);
  return interval(x.mean, x.varOfMean, xs.length - 1);
}
