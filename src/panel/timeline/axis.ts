/**
 * The timeline's time axis: a "nice" tick step for the zoom level (1 ms up to a week) and labels
 * in local clock time. Ticks are aligned to the local clock (a 15 min step lands on :00, :15, ...).
 * Pure (the time zone offset is a parameter) so it is unit tested.
 */

export interface AxisTick {
  readonly t: number;
  readonly label: string;
  /** On a coarser boundary (whole second, minute, hour or day): drawn stronger. */
  readonly major: boolean;
}

export interface Axis {
  /** Step between ticks in ms. */
  readonly step: number;
  readonly ticks: readonly AxisTick[];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Candidate steps, ascending. */
export const AXIS_STEPS: readonly number[] = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY,
];

/** The smallest step whose ticks are at least `minPx` apart at this zoom. */
export function pickStep(spanMs: number, widthPx: number, minPx = 80): number {
  if (!(spanMs > 0) || !(widthPx > 0)) return AXIS_STEPS[AXIS_STEPS.length - 1]!;
  const need = (spanMs * minPx) / widthPx;
  for (const s of AXIS_STEPS) if (s >= need) return s;
  return AXIS_STEPS[AXIS_STEPS.length - 1]!;
}

/** Minutes to subtract from UTC to get local time at t (Date's getTimezoneOffset convention). */
export type TzOffset = (t: number) => number;

export const localTzOffset: TzOffset = (t) => new Date(t).getTimezoneOffset();

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Local wall-clock parts of t (ms since the local midnight of 1970-01-01, as UTC fields). */
function wall(t: number, tz: TzOffset): Date {
  return new Date(t - tz(t) * MINUTE);
}

/** "10:01:02" or with ms "10:01:02.345" in local time. */
export function formatClock(t: number, withMs = false, tz: TzOffset = localTzOffset): string {
  if (!Number.isFinite(t)) return '…';
  const d = wall(t, tz);
  const s = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return withMs ? `${s}.${pad3(d.getUTCMilliseconds())}` : s;
}

function label(t: number, step: number, tz: TzOffset): { label: string; major: boolean } {
  const d = wall(t, tz);
  const ms = d.getUTCMilliseconds();
  const sec = d.getUTCSeconds();
  const min = d.getUTCMinutes();
  const hour = d.getUTCHours();
  const hm = `${pad2(hour)}:${pad2(min)}`;
  const date = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  if (step < SECOND) {
    // Whole seconds carry the clock, the ticks between them just the fraction.
    if (ms === 0) return { label: `${hm}:${pad2(sec)}`, major: true };
    return { label: `.${pad3(ms)}`, major: false };
  }
  if (step < MINUTE) return { label: `${hm}:${pad2(sec)}`, major: sec === 0 };
  if (step < DAY) {
    if (hour === 0 && min === 0) return { label: date, major: true };
    return { label: hm, major: min === 0 };
  }
  return { label: date, major: true };
}

/**
 * Ticks of [t0, t1] drawn over `widthPx` pixels, at least `minPx` apart, aligned to local time.
 * At most ~widthPx / minPx + 2 ticks.
 */
export function axisTicks(t0: number, t1: number, widthPx: number, minPx = 80, tz: TzOffset = localTzOffset): Axis {
  const step = pickStep(t1 - t0, widthPx, minPx);
  const ticks: AxisTick[] = [];
  if (!(t1 > t0) || !Number.isFinite(t0) || !Number.isFinite(t1)) return { step, ticks };
  // Local time is t - offset: ticks where the local time is a multiple of the step.
  const off = tz(t0) * MINUTE;
  let k = Math.ceil((t0 - off) / step);
  for (let i = 0; i < 1000; i++, k++) {
    const t = k * step + off;
    if (t > t1) break;
    ticks.push({ t, ...label(t, step, tz) });
  }
  return { step, ticks };
}
