/**
 * Keyboard and wheel handling of the virtual message list, as pure functions: which row a key
 * moves the selection to, the offset that keeps a row in view, and a wheel event's delta in
 * content pixels (the list moves its `offset` itself: see core/store/list-window.ts).
 */

export type NavKey = 'ArrowUp' | 'ArrowDown' | 'PageUp' | 'PageDown' | 'Home' | 'End';

export const NAV_KEYS: ReadonlySet<string> = new Set<NavKey>(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End']);

/**
 * The row a key selects, from `index` (-1 when nothing is selected in view: arrows start from
 * `fallback`, the first row on screen). -1 when the list is empty.
 */
export function navigate(key: NavKey, index: number, count: number, pageRows: number, fallback = 0): number {
  if (count <= 0) return -1;
  const last = count - 1;
  const page = Math.max(1, Math.floor(pageRows));
  const clamp = (i: number): number => (i < 0 ? 0 : i > last ? last : i);
  if (index < 0 || index > last) {
    if (key === 'Home') return 0;
    if (key === 'End') return last;
    return clamp(fallback);
  }
  switch (key) {
    case 'ArrowUp':
      return clamp(index - 1);
    case 'ArrowDown':
      return clamp(index + 1);
    case 'PageUp':
      return clamp(index - page);
    case 'PageDown':
      return clamp(index + page);
    case 'Home':
      return 0;
    case 'End':
      return last;
  }
}

/** The smallest change of `offset` that shows row `index` entirely. */
export function revealOffset(offset: number, index: number, rowHeight: number, viewportHeight: number): number {
  const top = index * rowHeight;
  if (top < offset) return top;
  const bottom = top + rowHeight;
  if (bottom > offset + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return offset;
}

/** A wheel event's vertical delta in pixels (deltaMode 1 = lines, 2 = pages). */
export function wheelPixels(deltaY: number, deltaMode: number, rowHeight: number, viewportHeight: number): number {
  if (deltaMode === 1) return deltaY * rowHeight;
  if (deltaMode === 2) return deltaY * Math.max(rowHeight, viewportHeight - rowHeight);
  return deltaY;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Local wall-clock time with milliseconds, e.g. "14:03:07.250" (the list's hover title). */
export function formatClock(t: number): string {
  const d = new Date(t);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

