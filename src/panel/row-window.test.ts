import { describe, expect, it } from 'vitest';
import { listWindow } from '../core/store/list-window';
import { rowWindowAt } from './row-window';

describe('rowWindowAt', () => {
  it('matches listWindow when every row has the same height and the view lies within the table', () => {
    for (const count of [1, 7, 300]) {
      const tops = Array.from({ length: count + 1 }, (_, i) => i * 20);
      for (const top of [0, 5, 20, 1000, 1010, 5890].filter((t) => t <= count * 20 - 100)) {
        for (const overscan of [0, 3]) {
          const { first, end } = listWindow({ rowCount: count, rowHeight: 20, viewportHeight: 100 }, top, overscan);
          expect(rowWindowAt(tops, top, 100, overscan), `count ${count} top ${top} overscan ${overscan}`).toEqual({ first, end });
        }
      }
    }
  });

  it('counts the header above the first row: a negative top shows fewer rows, an empty table none', () => {
    const tops = Array.from({ length: 1001 }, (_, i) => i * 20);
    expect(rowWindowAt(tops, -40, 100, 0)).toEqual({ first: 0, end: 3 });
    expect(rowWindowAt([0], 0, 100, 10)).toEqual({ first: 0, end: 0 });
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
