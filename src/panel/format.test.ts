import { expect, it } from 'vitest';
import { formatBytes, formatDuration, formatOffset, oneLine } from './format';

it('formats sizes, durations and offsets the way DevTools users read them', () => {
  expect(formatBytes(512)).toBe('512 B');
  expect(formatBytes(2048)).toBe('2.0 KB');
  expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  expect(formatBytes(-1)).toBe('?');
  expect(formatDuration(null)).toBe('…');
  expect(formatDuration(0.25)).toBe('0.25 ms');
  expect(formatDuration(250)).toBe('250 ms');
  expect(formatDuration(1500)).toBe('1.50 s');
  expect(formatDuration(125_000)).toBe('2 min 5 s');
  expect(formatOffset(1500, 1000)).toBe('0.500 s');
  expect(oneLine('a\nb', 10)).toBe('a⏎b');
  expect(oneLine('x'.repeat(20), 5)).toBe('xxxxx…');
});
