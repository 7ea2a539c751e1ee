import { describe, expect, it } from 'vitest';
import { formatBytes, formatBytesPerMin, formatDuration, formatOffset, formatPct, formatRate } from './numbers';

describe('number formatters (one for the panel, the findings and the CLI)', () => {
  // Bytes in decimal units as Chrome DevTools writes them, one decimal below 100 of a unit.
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [999, '999 B'],
    [1536, '1.5 kB'],
    [2048, '2.0 kB'],
    [3 * 1024 * 1024, '3.1 MB'],
    [3.25 * 1024 * 1024, '3.4 MB'],
    [1234 * 1_000_000, '1,234 MB'],
  ])('%d bytes read %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });

  it('write a byte rate per minute', () => {
    expect(formatBytesPerMin(310 * 1024)).toBe('317 kB/min');
  });

  // Durations as Chrome DevTools writes them: ms below a second, then s with two decimals, min, hrs, days.
  it.each([
    [0.25, '0 ms'],
    [250, '250 ms'],
    [999.7, '1.00 s'],
    [1000, '1.00 s'],
    [1500, '1.50 s'],
    [15_400, '15.40 s'],
    [90_000, '1.5 min'],
    [125_000, '2.1 min'],
    [5_400_000, '1.5 hrs'],
    [36 * 3_600_000, '1.5 days'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
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
