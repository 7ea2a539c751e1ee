import { expect, it } from 'vitest';
import { formatOffset } from '../../core/format/numbers';
import { formatClock, navigate, revealOffset, wheelPixels } from './list-nav';

it('moves the selection by row, page and to either end, clamped', () => {
  expect(navigate('ArrowDown', 3, 10, 5)).toBe(4);
  expect(navigate('ArrowUp', 3, 10, 5)).toBe(2);
  expect(navigate('ArrowUp', 0, 10, 5)).toBe(0);
  expect(navigate('ArrowDown', 9, 10, 5)).toBe(9);
  expect(navigate('PageDown', 3, 10, 5)).toBe(8);
  expect(navigate('PageDown', 8, 10, 5)).toBe(9);
  expect(navigate('PageUp', 3, 10, 5)).toBe(0);
  expect(navigate('Home', 3, 10, 5)).toBe(0);
  expect(navigate('End', 3, 10, 5)).toBe(9);
  expect(navigate('PageDown', 0, 10, 0.5)).toBe(1);
});

it('starts from the first row on screen when nothing is selected, and selects nothing in an empty list', () => {
  expect(navigate('ArrowDown', -1, 10, 5, 4)).toBe(4);
  expect(navigate('ArrowUp', -1, 10, 5, 4)).toBe(4);
  expect(navigate('End', -1, 10, 5, 4)).toBe(9);
  expect(navigate('Home', -1, 10, 5, 4)).toBe(0);
  expect(navigate('ArrowDown', -1, 10, 5, 40)).toBe(9);
  expect(navigate('ArrowDown', -1, 0, 5)).toBe(-1);
  expect(navigate('ArrowDown', 12, 10, 5, 2)).toBe(2);
});

it('scrolls just enough to show a row', () => {
  // 20 px rows, a 100 px viewport at offset 200: rows 10..14 visible.
  expect(revealOffset(200, 12, 20, 100)).toBe(200);
  expect(revealOffset(200, 9, 20, 100)).toBe(180);
  expect(revealOffset(200, 15, 20, 100)).toBe(220);
  expect(revealOffset(200, 0, 20, 100)).toBe(0);
  expect(revealOffset(0, 999_999, 20, 100)).toBe(999_999 * 20 + 20 - 100);
});

it('converts wheel deltas to pixels', () => {
  expect(wheelPixels(53, 0, 20, 400)).toBe(53);
  expect(wheelPixels(3, 1, 20, 400)).toBe(60);
  expect(wheelPixels(-1, 2, 20, 400)).toBe(-380);
});

it('formats times', () => {
  const t = new Date(2024, 0, 2, 3, 4, 5, 6).getTime();
  expect(formatClock(t)).toBe('03:04:05.006');
  expect(formatOffset(t + 1500, t)).toBe('1.500 s');
});
