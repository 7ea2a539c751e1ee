import { describe, expect, it } from 'vitest';
import { FrameBatch, packFrames } from './frames';
import type { SequencedEvent } from './index';
import { requestStart, wsBinary, wsCreate, wsMsg } from '../store/test-events';

const numbered = (events: ReturnType<typeof wsMsg>[]): SequencedEvent[] => events.map((e, i) => ({ ...e, seq: i + 1 }));

describe('packFrames / FrameBatch', () => {
  const batch = numbered([
    wsCreate('a', 1),
    wsMsg('a', 2, 'up', 'hello'),
    wsBinary('a', 3, 'down', 'AAEC', 3),
    requestStart('r', 4),
    wsMsg('b', 5, 'down', 'x'.repeat(300)),
    { kind: 'ws-message', id: 'a', t: 6, dir: 'down', binary: false, size: 70_000, preview: { encoding: 'text', data: 'cut', truncated: true } },
  ]);

  it('keeps other events as they are and every frame, in arrival order', () => {
    const { events, frames } = packFrames(batch);
    expect(events.map((e) => e.kind)).toEqual(['ws-create', 'request-start']);
    expect(frames?.ids).toEqual(['a', 'b']);
    expect(frames?.order).toEqual([1, 2, 1, 2]);
    const read = FrameBatch.read(frames, events.length);
    if (typeof read === 'string') throw new Error(read);
    expect(read.length).toBe(4);
    expect(read.unpack(events)).toEqual(batch);
    expect(batch.map((_, k) => read.seqAt(events, k))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('sends a batch without WebSocket messages unchanged', () => {
    const plain = numbered([requestStart('r', 1), wsCreate('a', 2)]);
    expect(packFrames(plain)).toEqual({ events: plain, frames: undefined });
  });

  it('names what is wrong with malformed columns', () => {
    const { events, frames } = packFrames(batch);
    const f = frames!;
    expect(FrameBatch.read(null, 2)).toBe('frames is not an object');
    expect(FrameBatch.read({ ...f, data: 'x' }, 2)).toBe('frames.data is not an array');
    expect(FrameBatch.read({ ...f, t: f.t.slice(1) }, 2)).toBe('frames.t has 3 entries for 4 frames');
    expect(FrameBatch.read({ ...f, order: [1, 2, 1, 1] }, 2)).toBe('frames.order counts 2 events and 3 frames, the batch has 2 and 4');
    expect(FrameBatch.read({ ...f, order: [1, -2, 1, 2] }, 2)).toBe('frames.order[1] is not a count');
    expect(FrameBatch.read(f, events.length + 1)).toMatch(/the batch has 3 and 4/);
    expect(FrameBatch.read({ ...f, conn: [0, 0, 5, 0] }, 2)).toBe('frames.conn[2] names no connection');
    expect(FrameBatch.read({ ...f, data: ['a', 'b', 7, 'd'] }, 2)).toBe('frame 2 has a field of the wrong type');
  });
});
