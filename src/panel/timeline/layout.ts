/**
 * Geometry of the timeline canvas and hit testing. The canvas covers the visible part only: an
 * axis band on top, then lanes (one per channel) scrolled by `scrollTop`, a label column on the
 * left. Inside a lane, top to bottom: sent (up) ticks growing up from the bar band, the bar band
 * (request / connection lifetimes), received (down) ticks hanging from it. Pure: unit tested.
 */

export const LANE_HEIGHT = 22;
export const AXIS_HEIGHT = 20;
export const LABEL_WIDTH = 168;
/** Lanes shown before the timeline scrolls vertically. */
export const MAX_VISIBLE_LANES = 10;

export interface Layout {
  /** CSS pixels of the canvas. */
  readonly width: number;
  readonly height: number;
  readonly labelWidth: number;
  readonly axisHeight: number;
  readonly laneHeight: number;
  /** Vertical scroll of the lanes in CSS pixels. */
  readonly scrollTop: number;
  readonly laneCount: number;
}

export interface LaneGeometry {
  /** Offsets from the lane's top. */
  readonly barTop: number;
  readonly barHeight: number;
  /** Up ticks grow upwards from barTop, down ticks downwards from barTop + barHeight. */
  readonly tickMax: number;
}

export function laneGeometry(laneHeight: number): LaneGeometry {
  const barHeight = Math.max(2, Math.round(laneHeight * 0.28));
  const tickMax = Math.max(1, Math.floor((laneHeight - barHeight - 2) / 2));
  return { barTop: 1 + tickMax, barHeight, tickMax };
}

/** Plot width in CSS pixels (whole pixels: one bin column each). */
export function plotWidth(l: Layout): number {
  return Math.max(0, Math.floor(l.width - l.labelWidth));
}

/** Canvas height that shows `lanes` lanes, capped at MAX_VISIBLE_LANES (then it scrolls). */
export function viewportHeight(lanes: number, laneHeight = LANE_HEIGHT, axisHeight = AXIS_HEIGHT, maxLanes = MAX_VISIBLE_LANES): number {
  return axisHeight + Math.max(1, Math.min(lanes, maxLanes)) * laneHeight;
}

/** Height of all lanes plus the axis (the scroll container's content). */
export function contentHeight(lanes: number, laneHeight = LANE_HEIGHT, axisHeight = AXIS_HEIGHT): number {
  return axisHeight + Math.max(1, lanes) * laneHeight;
}

/** Lanes [first, end) at least partly visible. */
export function visibleLanes(l: Layout): readonly [number, number] {
  const area = l.height - l.axisHeight;
  if (area <= 0 || l.laneCount === 0) return [0, 0];
  const first = Math.max(0, Math.floor(l.scrollTop / l.laneHeight));
  const end = Math.min(l.laneCount, Math.ceil((l.scrollTop + area) / l.laneHeight));
  return [first, Math.max(first, end)];
}

/** Top of lane i on the canvas (may be above the axis when scrolled). */
export function laneTop(l: Layout, i: number): number {
  return l.axisHeight + i * l.laneHeight - l.scrollTop;
}

export type Zone = 'up' | 'bar' | 'down';

export type Region =
  | { readonly kind: 'none' }
  | { readonly kind: 'axis'; readonly x: number }
  | { readonly kind: 'label'; readonly lane: number }
  /** x is in plot pixels (0 = the plot's left edge). */
  | { readonly kind: 'plot'; readonly lane: number; readonly zone: Zone; readonly x: number };

const NONE: Region = { kind: 'none' };

/** What is under canvas point (x, y) in CSS pixels. */
export function regionAt(l: Layout, x: number, y: number): Region {
  if (x < 0 || y < 0 || x >= l.width || y >= l.height) return NONE;
  if (y < l.axisHeight) return x >= l.labelWidth ? { kind: 'axis', x: x - l.labelWidth } : NONE;
  const lane = Math.floor((y - l.axisHeight + l.scrollTop) / l.laneHeight);
  if (lane < 0 || lane >= l.laneCount) return NONE;
  if (x < l.labelWidth) return { kind: 'label', lane };
  const g = laneGeometry(l.laneHeight);
  const dy = y - laneTop(l, lane);
  const zone: Zone = dy < g.barTop ? 'up' : dy < g.barTop + g.barHeight ? 'bar' : 'down';
  return { kind: 'plot', lane, zone, x: x - l.labelWidth };
}

/** Bars as parallel start/end arrays (a BarList satisfies this). */
export interface BarSpans {
  readonly length: number;
  readonly start: ArrayLike<number>;
  readonly end: ArrayLike<number>;
}

/**
 * The bar under time t: one containing t, else the nearest within tolMs (a bar of a pixel or less
 * is hard to hit exactly). Ties go to the later bar (drawn on top). -1 when none.
 */
export function pickBar(bars: BarSpans, t: number, tolMs: number): number {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < bars.length; i++) {
    const s = bars.start[i]!;
    const e = bars.end[i]!;
    const d = t < s ? s - t : t > e ? t - e : 0;
    if (d <= tolMs && d <= bestD) {
      best = i;
      bestD = d;
    }
  }
  return best;
}

/** Pixel height of a tick for `count` messages in its column: 3 px for one, +1 per doubling. */
export function tickHeight(count: number, max: number): number {
  if (count <= 0) return 0;
  return Math.min(max, 3 + Math.floor(Math.log2(count)));
}

/** Opacity level 0..3 of a tick for `count` messages (log scale): 1, 2-3, 4-15, 16+. */
export function tickLevel(count: number): number {
  return count >= 16 ? 3 : count >= 4 ? 2 : count >= 2 ? 1 : 0;
}

export const TICK_ALPHA: readonly number[] = [0.6, 0.75, 0.88, 1];
