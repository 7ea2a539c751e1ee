import { describe, expect, it } from 'vitest';
import {
  MAX_SPAN,
  MIN_SPAN,
  brushRange,
  clampSpan,
  fitWindow,
  followWindow,
  panBy,
  panByPixels,
  timeToX,
  wheelPixels,
  wheelZoomFactor,
  xToTime,
  zoomAt,
} from './viewport';

describe('time <-> pixels', () => {
  it('maps both ways', () => {
    const w = { t0: 1000, t1: 2000 };
    expect(timeToX(1500, w, 500)).toBe(250);
    expect(xToTime(250, w, 500)).toBe(1500);
    expect(xToTime(timeToX(1234, w, 777), w, 777)).toBeCloseTo(1234, 9);
  });
});

describe('zoomAt', () => {
  it('keeps the anchor at the same pixel', () => {
    const w = { t0: 0, t1: 1000 };
    const z = zoomAt(w, 250, 0.5);
    expect(z.t1 - z.t0).toBe(500);
    expect(timeToX(250, z, 1000)).toBeCloseTo(timeToX(250, w, 1000), 9);
    const out = zoomAt(w, 1000, 2);
    expect(out).toEqual({ t0: -1000, t1: 1000 });
  });
  it('clamps the span', () => {
    expect(zoomAt({ t0: 0, t1: 10 }, 5, 0.01).t1 - zoomAt({ t0: 0, t1: 10 }, 5, 0.01).t0).toBe(MIN_SPAN);
    const big = zoomAt({ t0: 0, t1: MAX_SPAN }, 0, 10);
    expect(big.t1 - big.t0).toBe(MAX_SPAN);
    expect(clampSpan(NaN)).toBe(MAX_SPAN);
  });
  it('recovers from an empty window', () => {
    const z = zoomAt({ t0: 5, t1: 5 }, 5, 2);
    expect(z.t1 - z.t0).toBe(MIN_SPAN);
  });
});

describe('pan', () => {
  it('moves by time or by a drag', () => {
    expect(panBy({ t0: 0, t1: 100 }, 50)).toEqual({ t0: 50, t1: 150 });
    // Dragging 100 px right over a 1000 px plot of 10 s shows 1 s earlier.
    expect(panByPixels({ t0: 0, t1: 10_000 }, 100, 1000)).toEqual({ t0: -1000, t1: 9000 });
    expect(panByPixels({ t0: 0, t1: 10 }, 5, 0)).toEqual({ t0: 0, t1: 10 });
  });
});

describe('wheel', () => {
  it('normalizes delta modes and turns deltas into bounded factors', () => {
    expect(wheelPixels(3, 1)).toBe(48);
    expect(wheelPixels(1, 2)).toBe(400);
    expect(wheelPixels(7, 0)).toBe(7);
    expect(wheelZoomFactor(100)).toBeGreaterThan(1.1);
    expect(wheelZoomFactor(-100)).toBeLessThan(0.9);
    expect(wheelZoomFactor(100) * wheelZoomFactor(-100)).toBeCloseTo(1, 9);
    expect(wheelZoomFactor(1e6)).toBe(4);
    expect(wheelZoomFactor(-1e6)).toBe(0.25);
    expect(wheelZoomFactor(10, true)).toBeGreaterThan(wheelZoomFactor(10, false));
  });
});

describe('fit, follow, brush', () => {
  it('fits a range with a margin', () => {
    const w = fitWindow(1000, 2000, 0.05);
    expect(w.t0).toBeCloseTo(950, 9);
    expect(w.t1).toBeCloseTo(2050, 9);
    const tiny = fitWindow(1000, 1000);
    expect(tiny.t1 - tiny.t0).toBe(MIN_SPAN);
    expect(fitWindow(NaN, 5)).toEqual({ t0: 5 - 10_000, t1: 5 });
  });
  it('follows with the right edge at now', () => {
    expect(followWindow(30_000, 100_000)).toEqual({ t0: 70_000, t1: 100_000 });
  });
  it('orders a brush and drops one narrower than the minimum', () => {
    expect(brushRange(500, 100, 10)).toEqual([100, 500]);
    expect(brushRange(100, 105, 10)).toBeNull();
  });
});
