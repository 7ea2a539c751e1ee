import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CaptureEvent } from '../../core/protocol';
import type { MessageStore } from '../../core/store/message-store';
import { SRC, testCapture, requestEnd, requestStart, response, wsCreate, wsMsg } from '../../core/store/test-events';
import { LIGHT_COLORS, createDrawScratch, drawTimeline, laneTag, type TimelineLane, type TimelineViewport } from './draw';

/** Counts the rectangles a frame adds to paths and fills: the work a frame does. */
let rects = 0;
class FakePath {
  rect(): void {
    rects++;
  }
  moveTo(): void {}
  lineTo(): void {}
}

function fakeContext(): CanvasRenderingContext2D {
  const noop = (): void => undefined;
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    globalAlpha: 1,
    lineWidth: 1,
    font: '',
    textAlign: 'left',
    textBaseline: 'alphabetic',
    setTransform: noop,
    fillRect: () => void rects++,
    strokeRect: noop,
    clearRect: noop,
    save: noop,
    restore: noop,
    beginPath: noop,
    rect: noop,
    clip: noop,
    fill: noop,
    stroke: noop,
    moveTo: noop,
    lineTo: noop,
    setLineDash: noop,
    fillText: noop,
    measureText: (s: string) => ({ width: s.length * 6 }),
  };
  return ctx as unknown as CanvasRenderingContext2D;
}

beforeAll(() => {
  vi.stubGlobal('Path2D', FakePath);
});
afterAll(() => {
  vi.unstubAllGlobals();
});

const LANES: TimelineLane[] = [
  { key: 'chat', template: '/chat', pattern: 'websocket' },
  { key: 'poll', template: '/api/poll', pattern: 'polling' },
  { key: 'later', template: '/not/seen/yet', pattern: 'one-off' },
];
const VP: TimelineViewport = {
  width: 1168,
  height: 20 + 3 * 22,
  labelWidth: 168,
  axisHeight: 20,
  laneHeight: 22,
  scrollTop: 0,
  laneCount: 3,
  t0: 0,
  t1: 1000,
  dpr: 2,
};

function store(messages: number): MessageStore {
  const c = testCapture();
  const ev: CaptureEvent[] = [wsCreate('chat', 0)];
  // In time order (a lane clamps late messages to its latest time), spread over [100, 500).
  for (let i = 0; i < messages; i++) ev.push(wsMsg('chat', 100 + Math.floor((i * 400) / messages), i % 2 === 0 ? 'up' : 'down', 'x'));
  ev.push(requestStart('poll#1', 200), response('poll#1', 250), requestEnd('poll#1', 300));
  ev.push(requestStart('poll#2', 600), response('poll#2', 610), requestEnd('poll#2', 650));
  ev.push(requestStart('poll#3', 650.5), response('poll#3', 651), requestEnd('poll#3', 652));
  c.ingest(SRC, ev);
  return c.messages;
}

describe('drawTimeline', () => {
  it('reports the lanes, bars and tick columns it drew', () => {
    const s = store(4); // up at 100, down at 200, up at 300, down at 400
    const stats = drawTimeline(fakeContext(), { store: s, lanes: LANES, now: 2000, colors: LIGHT_COLORS }, VP, createDrawScratch());
    expect(stats.lanes).toBe(3);
    // One socket bar; polls #2 and #3 are less than a pixel apart: merged into one bar.
    expect(stats.bars).toBe(1 + 2);
    expect(stats.open).toBe(1);
    expect(stats.ticks).toBe(4);
    expect(stats.messages).toBe(4);
    expect(stats.laneStats).toEqual([
      { key: 'chat', up: 2, down: 2, bars: 1, messages: 4 },
      { key: 'poll', up: 0, down: 0, bars: 2, messages: 0 },
      { key: 'later', up: 0, down: 0, bars: 0, messages: 0 },
    ]);
    expect(stats.ms).toBeGreaterThanOrEqual(0);
  });

  it('does the same work for 400 or 200,000 messages on screen', () => {
    const work = (n: number): { rects: number; ticks: number } => {
      const s = store(n);
      rects = 0;
      const stats = drawTimeline(fakeContext(), { store: s, lanes: LANES, now: 2000, colors: LIGHT_COLORS }, VP, createDrawScratch());
      return { rects, ticks: stats.ticks };
    };
    // Both directions in each of the 400 columns either way.
    const small = work(800);
    const big = work(200_000);
    expect(big.ticks).toBe(400);
    expect(big.rects).toBe(small.rects);
  });

  it('draws only the visible lanes when scrolled', () => {
    const s = store(10);
    const stats = drawTimeline(
      fakeContext(),
      { store: s, lanes: LANES, now: 2000, colors: LIGHT_COLORS },
      { ...VP, height: 20 + 22, scrollTop: 22 },
      createDrawScratch(),
    );
    expect(stats.laneStats.map((l) => l.key)).toEqual(['poll']);
    expect(stats.firstLane).toBe(1);
  });

  it('tags lane labels with the transport (and a non-GET method)', () => {
    expect(laneTag({ key: 'a', template: '/x', pattern: 'sse', transport: 'eventsource' })).toBe('ES');
    expect(laneTag({ key: 'a', template: '/x', pattern: 'sse', transport: 'fetch', method: 'GET' })).toBe('fetch');
    expect(laneTag({ key: 'a', template: '/x', pattern: 'polling', transport: 'xhr', method: 'POST' })).toBe('XHR POST');
    expect(laneTag({ key: 'a', template: '/x', pattern: 'websocket', transport: 'websocket', method: 'GET' })).toBe('WS');
    expect(laneTag({ key: 'a', template: '/x', pattern: 'one-off' })).toBe('');
  });

  it('survives an empty or degenerate frame', () => {
    const s = testCapture().messages;
    expect(drawTimeline(fakeContext(), { store: s, lanes: [], now: 0, colors: LIGHT_COLORS }, { ...VP, laneCount: 0 }).lanes).toBe(0);
    expect(drawTimeline(fakeContext(), { store: s, lanes: LANES, now: 0, colors: LIGHT_COLORS }, { ...VP, t1: 0 }).lanes).toBe(0);
    expect(drawTimeline(fakeContext(), { store: s, lanes: LANES, now: 0, colors: LIGHT_COLORS }, { ...VP, width: 100 }).lanes).toBe(0);
  });
});
