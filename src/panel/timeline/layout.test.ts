import { describe, expect, it } from 'vitest';
import { BarList } from '../../core/store/bins';
import {
  contentHeight,
  laneGeometry,
  laneTop,
  pickBar,
  plotWidth,
  regionAt,
  tickHeight,
  tickLevel,
  viewportHeight,
  visibleLanes,
  type Layout,
} from './layout';

const L: Layout = { width: 1168, height: 20 + 5 * 22, labelWidth: 168, axisHeight: 20, laneHeight: 22, scrollTop: 0, laneCount: 12 };

describe('layout', () => {
  it('sizes the canvas to the lanes, capped', () => {
    expect(viewportHeight(3)).toBe(20 + 3 * 22);
    expect(viewportHeight(0)).toBe(20 + 22);
    expect(viewportHeight(50)).toBe(20 + 10 * 22);
    expect(contentHeight(50)).toBe(20 + 50 * 22);
    expect(plotWidth(L)).toBe(1000);
  });
  it('lists the visible lanes, partly scrolled ones included', () => {
    expect(visibleLanes(L)).toEqual([0, 5]);
    expect(visibleLanes({ ...L, scrollTop: 33 })).toEqual([1, 7]);
    expect(visibleLanes({ ...L, scrollTop: 22 * 10 })).toEqual([10, 12]);
    expect(visibleLanes({ ...L, laneCount: 0 })).toEqual([0, 0]);
    expect(laneTop({ ...L, scrollTop: 33 }, 1)).toBe(20 + 22 - 33);
  });
  it('splits a lane into up ticks, the bar band and down ticks', () => {
    const g = laneGeometry(22);
    expect(g.barTop).toBe(1 + g.tickMax);
    expect(g.barTop + g.barHeight + g.tickMax).toBeLessThanOrEqual(22);
    expect(g.tickMax).toBeGreaterThanOrEqual(6);
  });
});

describe('regionAt', () => {
  it('finds the axis, labels and lane zones', () => {
    const g = laneGeometry(22);
    expect(regionAt(L, 500, 5)).toEqual({ kind: 'axis', x: 332 });
    expect(regionAt(L, 50, 5)).toEqual({ kind: 'none' });
    expect(regionAt(L, 50, 20 + 22 + 3)).toEqual({ kind: 'label', lane: 1 });
    expect(regionAt(L, 268, 20 + 2 * 22 + 1)).toEqual({ kind: 'plot', lane: 2, zone: 'up', x: 100 });
    expect(regionAt(L, 268, 20 + 2 * 22 + g.barTop)).toMatchObject({ zone: 'bar', lane: 2 });
    expect(regionAt(L, 268, 20 + 2 * 22 + g.barTop + g.barHeight)).toMatchObject({ zone: 'down', lane: 2 });
    // Scrolled: the lane under the pointer moves with the scroll.
    expect(regionAt({ ...L, scrollTop: 44 }, 268, 21)).toMatchObject({ kind: 'plot', lane: 2 });
    expect(regionAt(L, -1, 50)).toEqual({ kind: 'none' });
    expect(regionAt({ ...L, laneCount: 1 }, 300, 20 + 22 + 5)).toEqual({ kind: 'none' });
  });
});

describe('pickBar', () => {
  const bars = new BarList(4);
  bars.push(0, 100, NaN, 1, 0);
  bars.push(200, 210, NaN, 2, 0);
  bars.push(205, 400, NaN, 3, 0);
  it('picks a containing bar, the later one on overlap', () => {
    expect(pickBar(bars, 50, 0)).toBe(0);
    expect(pickBar(bars, 207, 0)).toBe(2);
    expect(pickBar(bars, 300, 0)).toBe(2);
  });
  it('picks the nearest within the tolerance, else none', () => {
    expect(pickBar(bars, 103, 5)).toBe(0);
    expect(pickBar(bars, 196, 5)).toBe(1);
    expect(pickBar(bars, 150, 5)).toBe(-1);
    expect(pickBar(new BarList(1), 0, 100)).toBe(-1);
  });
});

describe('ticks', () => {
  it('grows height and opacity on a log scale, capped', () => {
    expect(tickHeight(0, 7)).toBe(0);
    expect(tickHeight(1, 7)).toBe(3);
    expect(tickHeight(2, 7)).toBe(4);
    expect(tickHeight(8, 7)).toBe(6);
    expect(tickHeight(1_000_000, 7)).toBe(7);
    expect([1, 2, 3, 4, 15, 16, 1e6].map(tickLevel)).toEqual([0, 1, 1, 2, 2, 3, 3]);
  });
});
