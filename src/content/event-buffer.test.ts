import { describe, expect, it } from 'vitest';
import { EventBuffer } from './event-buffer';
import type { CaptureEvent } from '../core/protocol';

const ev = (i: number, data = ''): CaptureEvent => ({
  kind: 'ws-message',
  id: 'w',
  t: i,
  dir: 'down',
  binary: false,
  size: data.length,
  preview: { encoding: 'text', data, truncated: false },
});

describe('EventBuffer', () => {
  it('numbers events and replays everything after a seq', () => {
    const b = new EventBuffer(10);
    for (let i = 0; i < 5; i++) b.add(ev(i));
    expect(b.after(0).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(b.after(3).map((e) => e.seq)).toEqual([4, 5]);
    expect(b.after(5)).toEqual([]);
  });

  it('evicts the oldest by count and counts the drops', () => {
    const b = new EventBuffer(100);
    for (let i = 0; i < 10_000; i++) b.add(ev(i));
    expect(b.size).toBe(100);
    expect(b.dropped).toBe(9_900);
    expect(b.after(0)[0]!.seq).toBe(9_901);
    expect(b.after(9_950).length).toBe(50);
  });

  it('evicts by weight so huge previews cannot exhaust memory, but keeps the newest event', () => {
    const b = new EventBuffer(1000, 10_000);
    const big = 'x'.repeat(20_000);
    b.add(ev(1, 'small'));
    b.add(ev(2, big));
    expect(b.size).toBe(1);
    expect(b.after(0)[0]!.seq).toBe(2);
  });
});

describe('EventBuffer.missedAfter', () => {
  it('says how many requested events were evicted before a replay', () => {
    const b = new EventBuffer(10);
    expect(b.missedAfter(0)).toBe(0);
    for (let i = 0; i < 25; i++) b.add(ev(i));
    expect(b.missedAfter(0)).toBe(15);
    expect(b.missedAfter(14)).toBe(1);
    expect(b.missedAfter(20)).toBe(0);
  });
});
