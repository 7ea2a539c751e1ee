/**
 * Is a series of start-to-start intervals the work of a timer? Jittery timers and random user
 * clicks overlap when there are few intervals, so the rule asks for more intervals the looser they
 * are. Tuned by simulation (random clicks = exponential gaps; timers = uniform ±30% jitter):
 * - 3 intervals within 1.1× of each other: a clean timer, labelled from the 4th request;
 * - 4 within 1.35×;
 * - 6+ with one in six set aside (a slow response, a failure) within 1.5×;
 * - 9+ with one in five set aside within 2× (what ±30% jitter spans: 1.3 / 0.7 = 1.86).
 * Random clicks pass this with probability ~1e-3 at their final count, ±30% timers reach it by
 * the 10th request in 90% of runs.
 */
import { median, sortedCopy, tightestRatioSorted } from './stats';

interface Tier {
  readonly minIntervals: number;
  readonly skipShare: number;
  readonly maxRatio: number;
}

const TIERS: readonly Tier[] = [
  { minIntervals: 3, skipShare: 0, maxRatio: 1.1 },
  { minIntervals: 4, skipShare: 0, maxRatio: 1.35 },
  { minIntervals: 6, skipShare: 1 / 6, maxRatio: 1.5 },
  { minIntervals: 9, skipShare: 1 / 5, maxRatio: 2 },
];

/** The loosest tier a series passes, as a 0..1 strength (1 = metronome), or 0 when it is not regular. */
export function regularity(intervals: readonly number[]): number {
  const n = intervals.length;
  if (n < TIERS[0]!.minIntervals) return 0;
  const sorted = sortedCopy(intervals);
  for (let i = 0; i < TIERS.length; i++) {
    const tier = TIERS[i]!;
    if (n < tier.minIntervals) continue;
    if (tightestRatioSorted(sorted, Math.floor(n * tier.skipShare)) <= tier.maxRatio) return 1 - i * 0.1;
  }
  return 0;
}

/**
 * Intervals grouped by visibility regime (a hidden tab's throttled timers tick at another rate),
 * judged per regime: regular if any regime with enough intervals is regular and together the
 * regular regimes hold most of the intervals.
 */
export function regularityByRegime(visible: readonly number[], hidden: readonly number[]): number {
  const v = regularity(visible);
  const h = regularity(hidden);
  const total = visible.length + hidden.length;
  if (!total) return 0;
  if (v && h) return Math.min(v, h);
  if (v && visible.length >= total / 2) return v;
  if (h && hidden.length >= total / 2) return h;
  // Neither regime carries it alone (a jittery visible poller, throttled to exact seconds while
  // hidden, then visible again): judge the rhythm of each regime against its own median, together.
  if (visible.length >= 2 && hidden.length >= 2) {
    return regularity([...normalized(visible), ...normalized(hidden)]);
  }
  return regularity([...visible, ...hidden]);
}

function normalized(xs: readonly number[]): number[] {
  const m = median(xs)!;
  return m > 0 ? xs.map((x) => x / m) : xs.slice();
}
