import { describe, expect, it } from 'vitest';
import { formatBytes, formatBytesPerMin, formatDuration, formatPct, formatRate } from './format';

describe('finding formatters', () => {
  it('write bytes the way the messages read', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytesPerMin(310 * 1024)).toBe('310 KB/min');
    expect(formatBytes(3.25 * 1024 * 1024)).toBe('3.3 MB');
  });

  it('write durations as ms below a second and seconds above', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1000)).toBe('1.0 s');
    expect(formatDuration(999.7)).toBe('1.0 s');
    expect(formatDuration(15_400)).toBe('15 s');
    expect(formatDuration(90_000)).toBe('1.5 min');
  });

  it('never print NaN or Infinity', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      expect(formatBytes(bad)).toBe('?');
      expect(formatDuration(bad)).toBe('?');
      expect(formatRate(bad)).toBe('?');
      expect(formatPct(bad)).toBe('?');
    }
  });

  it('round rates and shares for reading', () => {
    expect(formatRate(60)).toBe('60');
    expect(formatRate(2.5)).toBe('2.5');
    expect(formatPct(0.9417)).toBe('94%');
  });
});
