import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../core/protocol';
import type { MessageStore } from '../../core/store/message-store';
import { SRC, testCapture, requestEnd, requestStart, response, wsCreate, wsMsg } from '../../core/store/test-events';
import { describeHit, hitTest, type HitLane } from './hit';
import { laneGeometry, type Layout } from './layout';

const UTC = (): number => 0;
const LANES: HitLane[] = [
  { key: 'chat', template: '/chat', pattern: 'websocket', transport: 'websocket', origin: 'wss://app.test', reason: 'a socket' },
  { key: 'poll', template: '/api/poll', pattern: 'polling', transport: 'fetch' },
];
/** 1 ms per pixel over [0, 1000): plot x = t, canvas x = 168 + t. */
const LAYOUT: Layout = { width: 1168, height: 20 + 2 * 22, labelWidth: 168, axisHeight: 20, laneHeight: 22, scrollTop: 0, laneCount: 2 };
const WIN = { t0: 0, t1: 1000 };
const g = laneGeometry(22);
const y = (lane: number, zone: 'up' | 'bar' | 'down'): number =>
  20 + lane * 22 + (zone === 'up' ? 1 : zone === 'bar' ? g.barTop + 1 : g.barTop + g.barHeight + 1);

function store(): MessageStore {
  const c = testCapture();
  const ev: CaptureEvent[] = [
    wsCreate('chat', 0),
    wsMsg('chat', 100, 'up', 'hello <b>there</b>'),
    wsMsg('chat', 500, 'down', '{"ok":true}'),
    wsMsg('chat', 500.2, 'down', '{"ok":2}'),
    requestStart('poll#1', 200, 'https://app.test/api/poll?n=1'),
    response('poll#1', 250),
    requestEnd('poll#1', 300),
    requestStart('poll#2', 600, 'https://app.test/api/poll?n=2'),
    response('poll#2', 610),
    requestEnd('poll#2', 650),
  ];
  c.ingest(SRC, ev);
  return c.messages;
}

describe('hitTest', () => {
  const s = store();
  const hit = (x: number, yy: number) => hitTest(s, LANES, LAYOUT, WIN, 2000, 168 + x, yy);

  it('finds a message tick near the pointer, with the messages sharing its pixel', () => {
    const h = hit(101, y(0, 'up'));
    expect(h).toMatchObject({ kind: 'message', row: 0, t: 100, inPixel: 1 });
    const two = hit(500, y(0, 'down'));
    expect(two).toMatchObject({ kind: 'message', inPixel: 2 });
  });
  it('finds a bar in the bar band, and the exact request of a lane', () => {
    expect(hit(250, y(1, 'bar'))).toMatchObject({ kind: 'bar', row: 1, record: { key: 's1:poll#1' } });
    expect(hit(302, y(1, 'bar'))).toMatchObject({ kind: 'bar', record: { key: 's1:poll#1' } });
    expect(hit(620, y(1, 'bar'))).toMatchObject({ kind: 'bar', record: { key: 's1:poll#2' } });
    // The open socket's bar reaches now.
    expect(hit(800, y(0, 'bar'))).toMatchObject({ kind: 'bar', record: { key: 's1:chat' } });
  });
  it('falls back from message to bar and answers null over empty space', () => {
    expect(hit(800, y(0, 'up'))).toMatchObject({ kind: 'bar', record: { key: 's1:chat' } });
    expect(hit(450, y(1, 'bar'))).toBeNull();
    expect(hitTest(s, LANES, LAYOUT, WIN, 2000, 300, 5)).toBeNull(); // axis
  });
  it('names the lane under a label', () => {
    expect(hitTest(s, LANES, LAYOUT, WIN, 2000, 20, y(1, 'bar'))).toEqual({ kind: 'label', row: 1 });
  });
  it('ignores a lane the store has not seen', () => {
    const lanes = [{ key: 'nope', template: '/x', pattern: 'one-off' as const }];
    expect(hitTest(s, lanes, { ...LAYOUT, laneCount: 1 }, WIN, 2000, 168 + 100, y(0, 'up'))).toBeNull();
  });
});

describe('describeHit', () => {
  const s = store();
  it('describes a message: direction, time, size, preview as text', () => {
    const h = hitTest(s, LANES, LAYOUT, WIN, 2000, 168 + 100, y(0, 'up'))!;
    const lines = describeHit(s, LANES, h, 2000, UTC);
    expect(lines[0]).toBe('↑ sent · 00:00:00.100 · 18 B');
    expect(lines[1]).toBe('hello <b>there</b>');
    expect(lines[2]).toBe('/chat');
    const two = describeHit(s, LANES, hitTest(s, LANES, LAYOUT, WIN, 2000, 168 + 500, y(0, 'down'))!, 2000, UTC);
    expect(two[0]).toMatch(/^↓ received/);
    expect(two.at(-1)).toMatch(/^2 messages in this pixel/);
  });
  it('describes a request: URL, status, duration', () => {
    const h = hitTest(s, LANES, LAYOUT, WIN, 2000, 168 + 250, y(1, 'bar'))!;
    const lines = describeHit(s, LANES, h, 2000, UTC);
    expect(lines[0]).toBe('GET https://app.test/api/poll?n=1');
    expect(lines[1]).toBe('200 OK · 100 ms · from 00:00:00.200');
  });
  it('describes an open connection and a lane', () => {
    const h = hitTest(s, LANES, LAYOUT, WIN, 2000, 168 + 800, y(0, 'bar'))!;
    const lines = describeHit(s, LANES, h, 2000, UTC);
    expect(lines[0]).toBe('WebSocket wss://app.test/chat');
    expect(lines[1]).toMatch(/so far/);
    expect(lines).toContain('1 sent · 2 received');
    const lane = describeHit(s, LANES, { kind: 'label', row: 0 }, 2000, UTC);
    expect(lane).toEqual(['/chat', 'websocket · WebSocket · wss://app.test', 'a socket', '1 request · 3 messages']);
  });
});
