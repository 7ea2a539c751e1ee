import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['15s', 15_000],
    ['500ms', 500],
    ['2m', 120_000],
    ['1.5s', 1_500],
    ['.5s', 500],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['15', 15_000],
    ['0.25', 250],
    [' 6S ', 6_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 's', '15x', '15 s', '-1s', '1s2', 'ms', '1.s', 'abc', '1e3s'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
