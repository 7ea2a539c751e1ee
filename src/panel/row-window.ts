/**
 * Rows [first, end) of a table to put in the DOM; the others are spacing. For rows of one height,
 * core/store/list-window.ts's `listWindow` computes it.
 */
export interface RowWindow {
  readonly first: number;
  readonly end: number;
}

/**
 * The same for rows of varying height: row i spans [tops[i], tops[i + 1]) (`tops` has one entry
 * more than there are rows, the last being the table's height). `overscan` rows either side.
 */
export function rowWindowAt(tops: ArrayLike<number>, viewTop: number, viewHeight: number, overscan: number): RowWindow {
  const count = tops.length - 1;
  if (count <= 0) return { first: 0, end: 0 };
  // The first row whose bottom is below the view's top, and the first whose top is at or past its bottom.
  const firstIn = firstAbove(tops, 1, count, viewTop) - 1;
  const endIn = firstAbove(tops, 0, count, viewTop + Math.max(0, viewHeight) - 1e-9);
  const first = Math.max(0, Math.min(count, firstIn) - overscan);
  return { first, end: Math.max(first, Math.min(count, endIn + overscan)) };
}

/** The least i in [lo, hi] with tops[i] > y, or hi + 1 when there is none. */
function firstAbove(tops: ArrayLike<number>, lo: number, hi: number, y: number): number {
  let a = lo;
  let b = hi + 1;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (tops[m]! > y) b = m;
    else a = m + 1;
  }
  return a;
}
