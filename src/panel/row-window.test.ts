import { describe, expect, it } from 'vitest';
import { rowWindow, rowWindowAt } from './row-window';

describe('rowWindow', () => {
  it('covers the rows in view plus the overscan, clamped to the table', () => {
    // 20 px rows, a 100 px viewport starting at row 50.
    expect(rowWindow(1000, 20, 1000, 100, 0)).toEqual({ first: 50, end: 55 });
    expect(rowWindow(1000, 20, 1000, 100, 10)).toEqual({ first: 40, end: 65 });
    // Part of a row at either edge is a row in view.
    expect(rowWindow(1000, 20, 1010, 100, 0)).toEqual({ first: 50, end: 56 });
    expect(rowWindow(1000, 20, 0, 100, 10)).toEqual({ first: 0, end: 15 });
    expect(rowWindow(1000, 20, 19_950, 100, 10)).toEqual({ first: 987, end: 1000 });
  });

  it('counts the header above the first row: a negative top shows fewer rows', () => {
    expect(rowWindow(1000, 20, -40, 100, 0)).toEqual({ first: 0, end: 3 });
  });

  it('is empty for an empty table, and sane for a viewport past its end or not laid out', () => {
    expect(rowWindow(0, 20, 0, 100, 10)).toEqual({ first: 0, end: 0 });
    expect(rowWindow(10, 20, 5000, 100, 2)).toEqual({ first: 10, end: 10 });
    expect(rowWindow(10, 20, 0, 0, 2)).toEqual({ first: 0, end: 2 });
  });
});

describe('rowWindowAt', () => {
  it('matches rowWindow when every row has the same height and the view overlaps the table', () => {
    for (const count of [0, 1, 7, 300]) {
      const tops = Array.from({ length: count + 1 }, (_, i) => i * 20);
      for (const top of [-40, 0, 5, 20, 1000, 1010, 5990].filter((t) => t < count * 20)) {
        for (const overscan of [0, 3]) {
          expect(rowWindowAt(tops, top, 100, overscan), `count ${count} top ${top} overscan ${overscan}`).toEqual(rowWindow(count, 20, top, 100, overscan));
        }
      }
    }
  });

  it('finds the rows in view among rows of two heights', () => {
    // Rows 0-9: 36 px, except rows 3 and 4: 50 px. Row 5 spans [208, 244).
    const h = [36, 36, 36, 50, 50, 36, 36, 36, 36, 36];
    const tops = [0];
    for (const x of h) tops.push(tops.at(-1)! + x);
    expect(tops[5]).toBe(208);
    expect(rowWindowAt(tops, 208, 36, 0)).toEqual({ first: 5, end: 6 });
    expect(rowWindowAt(tops, 207, 36, 0)).toEqual({ first: 4, end: 6 });
    expect(rowWindowAt(tops, 208, 37, 0)).toEqual({ first: 5, end: 7 });
    expect(rowWindowAt(tops, 208, 36, 2)).toEqual({ first: 3, end: 8 });
    expect(rowWindowAt(tops, 10_000, 100, 2)).toEqual({ first: 8, end: 10 });
  });
});
