import { describe, expect, it } from 'vitest';
import { formatBytes, formatBytesPerMin, formatDuration, formatOffset, formatPct, formatRate } from './numbers';

describe('number formatters (one for the panel, the findings and the CLI)', () => {
  it('write bytes in decimal units as Chrome DevTools does', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(2048)).toBe('2.0 kB');
    expect(formatBytesPerMin(310 * 1024)).toBe('317 kB/min');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.1 MB');
    expect(formatBytes(3.25 * 1024 * 1024)).toBe('3.4 MB');
    expect(formatBytes(1234 * 1_000_000)).toBe('1,234 MB');
  });

  it('write durations as Chrome DevTools does: ms below a second, then s with two decimals, min, hrs, days', () => {
    expect(formatDuration(0.25)).toBe('0 ms');
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1000)).toBe('1.00 s');
    expect(formatDuration(999.7)).toBe('1.00 s');
    expect(formatDuration(1500)).toBe('1.50 s');
    expect(formatDuration(15_400)).toBe('15.40 s');
    expect(formatDuration(90_000)).toBe('1.5 min');
    expect(formatDuration(125_000)).toBe('2.1 min');
    expect(formatDuration(5_400_000)).toBe('1.5 hrs');
    expect(formatDuration(36 * 3_600_000)).toBe('1.5 days');
  });

  it('never print NaN or Infinity', () => {
    for (const bad of [NaN, Infinity, -Infinity, -1]) {
      expect(formatBytes(bad)).toBe('?');
      expect(formatDuration(bad)).toBe('?');
      expect(formatRate(bad)).toBe('?');
    }
    expect(formatPct(NaN)).toBe('?');
  });

  it('round rates and shares for reading', () => {
    expect(formatRate(60)).toBe('60');
    expect(formatRate(2.5)).toBe('2.5');
    expect(formatPct(0.9417)).toBe('94%');
  });

  it('write offsets from an origin to the millisecond', () => {
    expect(formatOffset(1500, 1000)).toBe('0.500 s');
    expect(formatOffset(2500, 1000)).toBe('1.500 s');
  });
});
