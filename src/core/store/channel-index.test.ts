import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../protocol';
import { ChannelIndex, Lane } from './channel-index';
import { MessageStore } from './message-store';
import { SRC, laneByIdPrefix, rng, wsCreate, wsMsg } from './test-events';

const liveLogicals = (l: Lane) => Array.from(l.logical.subarray(l.head, l.n));

describe('ChannelIndex', () => {
  it('interns channel keys into lanes in order of first appearance', () => {
    const ci = new ChannelIndex();
    expect(ci.laneFor('b')).toBe(0);
    expect(ci.laneFor('a')).toBe(1);
    expect(ci.laneFor('b')).toBe(0);
    expect(ci.indexOf('a')).toBe(1);
    expect(ci.indexOf('zzz')).toBe(-1);
    expect(ci.keyOf(1)).toBe('a');
    expect(ci.keyOf(-1)).toBe('');
  });

  it("keeps each lane's messages in arrival order and drops evicted ones (logical < firstLogical)", () => {
    const s = new MessageStore({ capacity: 100 });
    const ev: CaptureEvent[] = [wsCreate('a#1', 0), wsCreate('b#1', 0)];
    for (let i = 0; i < 5000; i++) ev.push(wsMsg(i % 3 === 0 ? 'a#1' : 'b#1', i, 'down', 'x'));
    s.ingest(SRC, ev, laneByIdPrefix);
    expect(s.firstLogical).toBe(4900);
    const a = s.liveLane(s.lanes.indexOf('a'))!;
    const b = s.liveLane(s.lanes.indexOf('b'))!;
    const expectA: number[] = [];
    const expectB: number[] = [];
    for (let l = 4900; l < 5000; l++) (l % 3 === 0 ? expectA : expectB).push(l);
    expect(liveLogicals(a)).toEqual(expectA);
    expect(liveLogicals(b)).toEqual(expectB);
    expect(a.count + b.count).toBe(100);
    // Compaction keeps the arrays near the live size.
    expect(a.logical.length).toBeLessThan(1024 * 4);
    // Up counts survive compaction.
    expect(a.upCount(a.head, a.n)).toBe(0);
  });

  it('frees a lane that went idle while others evicted its messages', () => {
    const s = new MessageStore({ capacity: 1000 });
    const ev: CaptureEvent[] = [wsCreate('idle', 0), wsCreate('busy', 0)];
    for (let i = 0; i < 900; i++) ev.push(wsMsg('idle', i, 'up', 'x'));
    for (let i = 0; i < 5000; i++) ev.push(wsMsg('busy', 1000 + i, 'up', 'x'));
    s.ingest(SRC, ev, laneByIdPrefix);
    // Without reading it: the periodic sweep emptied it.
    expect(s.lanes.lane(s.lanes.indexOf('idle'))!.count).toBe(0);
  });

  it('orders a late message at its predecessor’s time (lane sort time is monotonic)', () => {
    const l = new Lane(0, 'x');
    l.append(0, 10, 1, false);
    l.append(1, 30, 1, false);
    l.append(2, 25, 1, true); // arrived late from another frame
    l.append(3, 40, 1, false);
    expect(Array.from(l.time.subarray(0, 4))).toEqual([10, 30, 30, 40]);
    expect(l.lowerBound(30)).toBe(1);
    expect(l.lowerBound(31)).toBe(3);
    expect(l.upCount(0, 4)).toBe(1);
    expect(l.upCount(3, 4)).toBe(0);
  });

  it('gallop and lowerBound agree', () => {
    const r = rng(7);
    const l = new Lane(0, 'x');
    let t = 0;
    for (let i = 0; i < 20_000; i++) l.append(i, (t += Math.floor(r() * 5)), 1, false);
    for (let k = 0; k < 500; k++) {
      const q = r() * t;
      const from = Math.floor(r() * l.lowerBound(q));
      expect(l.gallop(q, from)).toBe(l.lowerBound(q));
    }
  });

  it('range maxima from the block pyramid equal a naive scan, per direction', () => {
    const r = rng(42);
    const l = new Lane(0, 'x');
    const sizes: number[] = [];
    const ups: boolean[] = [];
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const size = Math.floor(r() ** 4 * 1e6);
      const up = r() < 0.3;
      sizes.push(size);
      ups.push(up);
      l.append(i, i, size, up);
    }
    const naive = (a: number, b: number, up: boolean) => {
      let m = 0;
      for (let i = a; i < b; i++) if (ups[i] === up && sizes[i]! > m) m = sizes[i]!;
      return m;
    };
    for (let k = 0; k < 300; k++) {
      const a = Math.floor(r() * n);
      const len = Math.floor(r() ** 2 * (n - a));
      const b = a + len;
      l.rangeMaxBoth(a, b);
      expect([l.maxUpOut, l.maxDownOut]).toEqual([naive(a, b, true), naive(a, b, false)]);
    }
  });
});
