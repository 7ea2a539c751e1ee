/**
 * Geometry of a virtualized list of fixed-height rows that works past the browsers' maximum
 * element height: Chrome clamps an element at ~16.7M px (older builds) to ~33.5M px (2^25 layout
 * units of 1/64 px); Firefox ignores heights above 17,895,697 px (2^30 sixtieths of a pixel) and
 * lays some out at half that (~8.9M). A list of 1,000,000 rows of 20 px is 20M px, so the spacer
 * is capped at MAX_SCROLL_HEIGHT (8,000,000 px, under every limit) and the scroll range is mapped
 * linearly onto the content:
 *
 *   offset = scrollTop * (contentHeight - viewport) / (scrollHeight - viewport)
 *
 * which is exact at both ends (scrollTop 0 shows row 0 at the top, the bottom shows the last row
 * at the bottom) and within one scroll step everywhere. `offset` (content pixels above the
 * viewport) is the list's real position; rows are drawn at `top + i * rowHeight` relative to the
 * viewport, in a layer that sticks to it.
 *
 * When the content is scaled (scale > 1), a native wheel step would move `scale` times as far, so
 * the UI should handle wheel and keys itself: change `offset` by the real delta, then set
 * scrollTop = scrollTopFromOffset(offset) and ignore the scroll event that echoes it (compare
 * with the value it set). Only scrollbar drags go through offsetFromScrollTop.
 */

/** Height of the scrolling spacer never exceeds this (px). */
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface ListGeometry {
  readonly rowCount: number;
  readonly rowHeight: number;
  readonly viewportHeight: number;
  /** Cap on the spacer's height (default MAX_SCROLL_HEIGHT). */
  readonly maxScrollHeight?: number;
}

export interface ListWindow {
  /** First row to render. */
  readonly first: number;
  /** One past the last row to render. */
  readonly end: number;
  /** Y of row `first` relative to the viewport's top (<= 0 unless the list is shorter than it). */
  readonly top: number;
  /** The (clamped) offset the window was computed for. */
  readonly offset: number;
}

/** rows x height: the list's real height. */
export function contentHeight(g: ListGeometry): number {
  return Math.max(0, g.rowCount) * g.rowHeight;
}

/** Height to give the scrolling spacer. */
export function scrollHeight(g: ListGeometry): number {
  return Math.min(contentHeight(g), g.maxScrollHeight ?? MAX_SCROLL_HEIGHT);
}

/** Largest offset: the last row at the bottom of the viewport. */
export function maxOffset(g: ListGeometry): number {
  return Math.max(0, contentHeight(g) - g.viewportHeight);
}

/** Largest scrollTop the spacer allows. */
export function maxScrollTop(g: ListGeometry): number {
  return Math.max(0, scrollHeight(g) - g.viewportHeight);
}

/** Content pixels per scroll pixel (1 unless the list is taller than the cap). */
export function scrollScale(g: ListGeometry): number {
  const ms = maxScrollTop(g);
  const mo = maxOffset(g);
  return ms > 0 && mo > ms ? mo / ms : 1;
}

export function clampOffset(g: ListGeometry, offset: number): number {
  const mo = maxOffset(g);
  return offset < 0 || !(offset === offset) ? 0 : offset > mo ? mo : offset;
}

/** The content offset a native scroll position stands for. */
export function offsetFromScrollTop(g: ListGeometry, scrollTop: number): number {
  const ms = maxScrollTop(g);
  if (ms <= 0) return 0;
  if (scrollTop >= ms) return maxOffset(g);
  if (scrollTop <= 0) return 0;
  return clampOffset(g, scrollTop * scrollScale(g));
}

/** The native scroll position that shows a content offset. */
export function scrollTopFromOffset(g: ListGeometry, offset: number): number {
  const mo = maxOffset(g);
  if (mo <= 0) return 0;
  const o = clampOffset(g, offset);
  if (o >= mo) return maxScrollTop(g);
  return o / scrollScale(g);
}

/** Rows to render for a content offset, with `overscan` extra rows on each side. */
export function listWindow(g: ListGeometry, offset: number, overscan = 2): ListWindow {
  const rows = Math.max(0, Math.floor(g.rowCount));
  const h = g.rowHeight;
  const o = clampOffset(g, offset);
  if (rows === 0 || h <= 0) return { first: 0, end: 0, top: 0, offset: o };
  const firstVisible = Math.min(rows - 1, Math.floor(o / h));
  const endVisible = Math.min(rows, Math.ceil((o + g.viewportHeight) / h));
  const first = Math.max(0, firstVisible - overscan);
  const end = Math.min(rows, Math.max(endVisible, firstVisible + 1) + overscan);
  return { first, end, top: first * h - o, offset: o };
}

/** The row under a viewport y (a click), or -1. */
export function rowAt(g: ListGeometry, offset: number, y: number): number {
  const o = clampOffset(g, offset);
  const r = Math.floor((o + y) / g.rowHeight);
  return r >= 0 && r < g.rowCount ? r : -1;
}

/**
 * The offset that brings `row` into view: 'nearest' moves as little as possible (keyboard
 * navigation), 'start' / 'center' / 'end' place it.
 */
export function offsetToReveal(
  g: ListGeometry,
  offset: number,
  row: number,
  align: 'nearest' | 'start' | 'center' | 'end' = 'nearest',
): number {
  const h = g.rowHeight;
  const top = row * h;
  const vp = g.viewportHeight;
  let o: number;
  switch (align) {
    case 'start':
      o = top;
      break;
    case 'end':
      o = top + h - vp;
      break;
    case 'center':
      o = top + h / 2 - vp / 2;
      break;
    default:
      o = top < offset ? top : top + h > offset + vp ? top + h - vp : offset;
  }
  return clampOffset(g, o);
}
