/**
 * Zoom and pan math of the timeline: a time window [t0, t1] mapped onto the plot's pixels. Pure
 * (unit tested); the controller keeps the window and calls these on wheel, drag and keys.
 */

export interface TimeWindow {
  readonly t0: number;
  readonly t1: number;
}

/** Narrowest window: 5 ms over the plot (sub-ms detail is below what the capture resolves). */
export const MIN_SPAN = 5;
/** Widest window: 30 days. */
export const MAX_SPAN = 30 * 24 * 3600 * 1000;

export function clampSpan(span: number): number {
  if (!Number.isFinite(span)) return MAX_SPAN;
  return Math.min(MAX_SPAN, Math.max(MIN_SPAN, span));
}

/** x in plot pixels (0 = left edge of the plot) of time t. */
export function timeToX(t: number, w: TimeWindow, width: number): number {
  return ((t - w.t0) * width) / (w.t1 - w.t0);
}

/** Time at plot pixel x. */
export function xToTime(x: number, w: TimeWindow, width: number): number {
  return w.t0 + (x * (w.t1 - w.t0)) / width;
}

/**
 * Scales the window by `factor` (> 1 zooms out, < 1 zooms in) keeping `anchor` (a time) at the
 * same pixel; the span is clamped to [MIN_SPAN, MAX_SPAN].
 */
export function zoomAt(w: TimeWindow, anchor: number, factor: number): TimeWindow {
  const span = w.t1 - w.t0;
  const next = clampSpan(span * factor);
  if (!(span > 0)) return { t0: anchor - next / 2, t1: anchor + next / 2 };
  const frac = Math.min(1, Math.max(0, (anchor - w.t0) / span));
  const t0 = anchor - frac * next;
  return { t0, t1: t0 + next };
}

/** Moves the window by dt ms (positive: later). */
export function panBy(w: TimeWindow, dt: number): TimeWindow {
  return { t0: w.t0 + dt, t1: w.t1 + dt };
}

/** Pans by a drag of dx pixels (dragging right shows earlier times). */
export function panByPixels(w: TimeWindow, dx: number, width: number): TimeWindow {
  if (!(width > 0)) return w;
  return panBy(w, (-dx * (w.t1 - w.t0)) / width);
}

/** Pixels of one wheel "line" (deltaMode 1) and "page" (deltaMode 2). */
const LINE_PX = 16;
const PAGE_PX = 400;

/** Wheel delta in pixels whatever the deltaMode. */
export function wheelPixels(delta: number, deltaMode: number): number {
  return deltaMode === 1 ? delta * LINE_PX : deltaMode === 2 ? delta * PAGE_PX : delta;
}

/**
 * Zoom factor of a wheel step: a mouse notch (~100 px) scales by ~1.22, a pinch (ctrl + small
 * deltas) smoothly; capped so one event never jumps more than 4x.
 */
export function wheelZoomFactor(deltaPx: number, pinch = false): number {
  const k = pinch ? 0.01 : 0.002;
  return Math.min(4, Math.max(0.25, Math.exp(deltaPx * k)));
}

/** A window showing [start, end] with a small margin on both sides, at least MIN_SPAN wide. */
export function fitWindow(start: number, end: number, margin = 0.02): TimeWindow {
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return { t0: end - 10_000, t1: end };
  const span = clampSpan((end - start) * (1 + 2 * margin));
  const mid = (start + end) / 2;
  return { t0: mid - span / 2, t1: mid + span / 2 };
}

/** A window ending at `now` (follow-live mode). */
export function followWindow(span: number, now: number): TimeWindow {
  const s = clampSpan(span);
  return { t0: now - s, t1: now };
}

/** Sorted [from, to] of a brush between two times, or null when narrower than minMs. */
export function brushRange(a: number, b: number, minMs: number): readonly [number, number] | null {
  const from = Math.min(a, b);
  const to = Math.max(a, b);
  return to - from >= minMs ? [from, to] : null;
}
