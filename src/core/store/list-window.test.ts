import { describe, expect, it } from 'vitest';
import {
  MAX_SCROLL_HEIGHT,
  contentHeight,
  listWindow,
  maxOffset,
  maxScrollTop,
  offsetFromScrollTop,
  offsetToReveal,
  rowAt,
  scrollHeight,
  scrollScale,
  scrollTopFromOffset,
  type ListGeometry,
} from './list-window';

const small: ListGeometry = { rowCount: 100, rowHeight: 20, viewportHeight: 200 };
const big: ListGeometry = { rowCount: 1_000_000, rowHeight: 20, viewportHeight: 600 };

describe('list window', () => {
  it('a list under the cap scrolls natively (scale 1)', () => {
    expect(scrollHeight(small)).toBe(2000);
    expect(scrollScale(small)).toBe(1);
    expect(offsetFromScrollTop(small, 123)).toBe(123);
    expect(scrollTopFromOffset(small, 123)).toBe(123);
    expect(listWindow(small, 0, 0)).toEqual({ first: 0, end: 10, top: 0, offset: 0 });
    expect(listWindow(small, 30, 0)).toEqual({ first: 1, end: 12, top: -10, offset: 30 });
    expect(listWindow(small, 30, 2)).toEqual({ first: 0, end: 14, top: -30, offset: 30 });
    // Past the end clamps to the last full page.
    expect(listWindow(small, 1e9, 0)).toEqual({ first: 90, end: 100, top: 0, offset: 1800 });
  });

  it('empty lists and lists shorter than the viewport', () => {
    expect(listWindow({ rowCount: 0, rowHeight: 20, viewportHeight: 200 }, 50)).toEqual({ first: 0, end: 0, top: 0, offset: 0 });
    const short = { rowCount: 3, rowHeight: 20, viewportHeight: 200 };
    expect(listWindow(short, 50, 0)).toEqual({ first: 0, end: 3, top: 0, offset: 0 });
    expect(offsetFromScrollTop(short, 50)).toBe(0);
    expect(rowAt(short, 0, 45)).toBe(2);
    expect(rowAt(short, 0, 65)).toBe(-1);
  });

  it('a 1M-row list: the spacer is capped and the scroll space is scaled', () => {
    expect(contentHeight(big)).toBe(20_000_000);
    expect(scrollHeight(big)).toBe(MAX_SCROLL_HEIGHT);
    expect(scrollScale(big)).toBeCloseTo((20_000_000 - 600) / (MAX_SCROLL_HEIGHT - 600), 9);
  });

  it('is exact at the top of a 1M-row list', () => {
    const o = offsetFromScrollTop(big, 0);
    expect(o).toBe(0);
    expect(listWindow(big, o, 0)).toEqual({ first: 0, end: 30, top: 0, offset: 0 });
    expect(scrollTopFromOffset(big, 0)).toBe(0);
  });

  it('is exact at the bottom of a 1M-row list: the last row ends at the viewport bottom', () => {
    const o = offsetFromScrollTop(big, maxScrollTop(big));
    expect(o).toBe(maxOffset(big));
    const w = listWindow(big, o, 0);
    expect(w.end).toBe(1_000_000);
    expect(w.top + (w.end - w.first) * 20).toBe(600);
    expect(scrollTopFromOffset(big, maxOffset(big))).toBe(maxScrollTop(big));
    // Scroll positions past the end (elastic scrolling) stay at the end.
    expect(offsetFromScrollTop(big, maxScrollTop(big) + 50)).toBe(maxOffset(big));
  });

  it('maps the middle of a 1M-row list linearly, and back', () => {
    const mid = maxScrollTop(big) / 2;
    const o = offsetFromScrollTop(big, mid);
    expect(o).toBeCloseTo(maxOffset(big) / 2, 6);
    const w = listWindow(big, o, 0);
    expect(w.first).toBe(Math.floor(o / 20));
    expect(w.top).toBeCloseTo(w.first * 20 - o, 6);
    expect(w.end - w.first).toBeLessThanOrEqual(31);
    expect(scrollTopFromOffset(big, o)).toBeCloseTo(mid, 6);
    // One scroll pixel moves at most `scale` content pixels.
    expect(offsetFromScrollTop(big, mid + 1) - o).toBeCloseTo(scrollScale(big), 6);
  });

  it('reveals a row by moving as little as possible, or placing it', () => {
    expect(offsetToReveal(big, 0, 10)).toBe(0);
    expect(offsetToReveal(big, 0, 30)).toBe(31 * 20 - 600);
    expect(offsetToReveal(big, 10_000, 400)).toBe(8000);
    expect(offsetToReveal(big, 0, 500_000, 'start')).toBe(10_000_000);
    expect(offsetToReveal(big, 0, 500_000, 'center')).toBe(10_000_000 + 10 - 300);
    expect(offsetToReveal(big, 0, 999_999, 'start')).toBe(maxOffset(big));
    const o = offsetToReveal(big, 0, 765_432, 'start');
    expect(rowAt(big, o, 0)).toBe(765_432);
    expect(rowAt(big, o, 599)).toBe(765_432 + 29);
  });
});
