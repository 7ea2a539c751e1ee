import { describe, expect, it } from 'vitest';
import { AXIS_STEPS, axisTicks, formatClock, pickStep, type TzOffset } from './axis';

const UTC: TzOffset = () => 0;
/** UTC+2 (getTimezoneOffset is minutes to add to local time to get UTC: -120). */
const PLUS2: TzOffset = () => -120;
const at = (h: number, m: number, s = 0, ms = 0): number => Date.UTC(2024, 4, 17, h, m, s, ms);

describe('pickStep', () => {
  it('picks the smallest nice step at least minPx apart', () => {
    expect(pickStep(1000, 1000, 80)).toBe(100); // 80 ms needed
    expect(pickStep(60_000, 1000, 80)).toBe(5000); // 4.8 s needed
    expect(pickStep(3_600_000, 800, 80)).toBe(600_000); // 6 min needed -> 10 min
    expect(pickStep(10, 1000, 80)).toBe(1);
  });
  it('caps at the largest step and survives degenerate input', () => {
    const last = AXIS_STEPS[AXIS_STEPS.length - 1]!;
    expect(pickStep(1e12, 100, 80)).toBe(last);
    expect(pickStep(0, 100)).toBe(last);
    expect(pickStep(100, 0)).toBe(last);
  });
});

describe('axisTicks', () => {
  it('labels seconds with the clock, aligned to whole steps', () => {
    const a = axisTicks(at(10, 1, 2, 300), at(10, 1, 32), 600, 80, UTC);
    expect(a.step).toBe(5000);
    expect(a.ticks.map((t) => t.label)).toEqual(['10:01:05', '10:01:10', '10:01:15', '10:01:20', '10:01:25', '10:01:30']);
    expect(a.ticks.every((t) => t.t % 5000 === 0)).toBe(true);
  });
  it('labels sub-second ticks with the fraction and whole seconds with the clock', () => {
    const a = axisTicks(at(10, 1, 1, 800), at(10, 1, 2, 600), 800, 80, UTC);
    expect(a.step).toBe(100);
    const labels = a.ticks.map((t) => t.label);
    expect(labels).toContain('10:01:02');
    expect(labels).toContain('.900');
    expect(labels).toContain('.500');
    expect(a.ticks.find((t) => t.label === '10:01:02')!.major).toBe(true);
    expect(a.ticks.find((t) => t.label === '.500')!.major).toBe(false);
  });
  it('uses HH:MM for minutes and marks whole hours major', () => {
    const a = axisTicks(at(9, 50), at(10, 20), 600, 80, UTC);
    expect(a.step).toBe(5 * 60_000);
    expect(a.ticks.map((t) => t.label)).toEqual(['09:50', '09:55', '10:00', '10:05', '10:10', '10:15', '10:20']);
    expect(a.ticks.filter((t) => t.major).map((t) => t.label)).toEqual(['10:00']);
  });
  it('shows the date at midnight and for day steps', () => {
    const a = axisTicks(Date.UTC(2024, 4, 16, 20), Date.UTC(2024, 4, 17, 4), 400, 80, UTC);
    expect(a.ticks.map((t) => t.label)).toContain('May 17');
    const days = axisTicks(Date.UTC(2024, 4, 10), Date.UTC(2024, 4, 20), 400, 80, UTC);
    expect(days.step).toBeGreaterThanOrEqual(86_400_000);
    expect(days.ticks.every((t) => /^May \d+$/.test(t.label))).toBe(true);
  });
  it('aligns to the local clock, not UTC', () => {
    // 30 min steps in UTC+2 land on local :00 and :30.
    const a = axisTicks(at(8, 0), at(11, 0), 600, 80, PLUS2);
    expect(a.step).toBe(30 * 60_000);
    expect(a.ticks[0]!.label).toBe('10:00'); // 08:00 UTC is 10:00 local
    expect(a.ticks.every((t) => /:(00|30)$/.test(t.label))).toBe(true);
    // Also with an offset that is not whole hours (UTC+5:45).
    const nepal = axisTicks(at(8, 0), at(11, 0), 600, 80, () => -345);
    expect(nepal.ticks.map((t) => t.label).slice(0, 2)).toEqual(['14:00', '14:30']);
  });
  it('stays bounded and empty on a bad window', () => {
    expect(axisTicks(5, 5, 500).ticks).toEqual([]);
    expect(axisTicks(NaN, 5, 500).ticks).toEqual([]);
    expect(axisTicks(0, 1e9, 100_000, 1, UTC).ticks.length).toBeLessThanOrEqual(1000);
  });
});

describe('formatClock', () => {
  it('formats local clock time with optional milliseconds', () => {
    expect(formatClock(at(10, 1, 2, 45), false, UTC)).toBe('10:01:02');
    expect(formatClock(at(10, 1, 2, 45), true, UTC)).toBe('10:01:02.045');
    expect(formatClock(at(10, 1, 2, 45), true, PLUS2)).toBe('12:01:02.045');
    expect(formatClock(NaN)).toBe('…');
  });
});
