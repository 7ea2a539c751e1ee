import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../protocol';
import { ChannelIndex, Lane, UP_FLAG, type LaneSource } from './channel-index';
import { SRC, rng, wsCreate, wsMsg, testCapture } from './test-events';

const liveLogicals = (l: Lane) => Array.from(l.logical.subarray(l.head, l.n));

interface Msg {
  t: number;
  size: number;
  up: boolean;
}

/** The columns a lane reads, holding `msgs` at logical indices 0, 1, ... */
function sourceOf(msgs: readonly Msg[]): LaneSource {
  return {
    capacity: Math.max(1, msgs.length),
    time: Float64Array.from(msgs, (m) => m.t),
    size: Uint32Array.from(msgs, (m) => m.size),
    flags: Uint8Array.from(msgs, (m) => (m.up ? UP_FLAG : 0)),
  };
}

/** A lane of `msgs`, filled as the store fills one: every index pushed, then one sync. */
function laneOf(msgs: readonly Msg[]): Lane {
  const l = new Lane(0, 'x');
  for (let i = 0; i < msgs.length; i++) l.push(i);
  l.sync(sourceOf(msgs));
  return l;
}

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
    const c = testCapture({ capacity: 100 });
    const s = c.messages;
    const ev: CaptureEvent[] = [wsCreate('a#1', 0), wsCreate('b#1', 0)];
    for (let i = 0; i < 5000; i++) ev.push(wsMsg(i % 3 === 0 ? 'a#1' : 'b#1', i, 'down', 'x'));
    c.ingest(SRC, ev);
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
    const c = testCapture({ capacity: 1000 });
    const s = c.messages;
    const ev: CaptureEvent[] = [wsCreate('idle', 0), wsCreate('busy', 0)];
    for (let i = 0; i < 900; i++) ev.push(wsMsg('idle', i, 'up', 'x'));
    for (let i = 0; i < 5000; i++) ev.push(wsMsg('busy', 1000 + i, 'up', 'x'));
    c.ingest(SRC, ev);
    // Without reading it: the periodic sweep emptied it.
    expect(s.lanes.lane(s.lanes.indexOf('idle'))!.count).toBe(0);
  });

  it('orders a late message at its predecessor’s time (lane sort time is monotonic)', () => {
    const l = laneOf([
      { t: 10, size: 1, up: false },
      { t: 30, size: 1, up: false },
      { t: 25, size: 1, up: true }, // arrived late from another frame
      { t: 40, size: 1, up: false },
    ]);
    expect(Array.from(l.time.subarray(0, 4))).toEqual([10, 30, 30, 40]);
    expect(l.lowerBound(30)).toBe(1);
    expect(l.lowerBound(31)).toBe(3);
    expect(l.upCount(0, 4)).toBe(1);
    expect(l.upCount(3, 4)).toBe(0);
  });

  it('gallop and lowerBound agree', () => {
    const r = rng(7);
    let t = 0;
    const l = laneOf(Array.from({ length: 20_000 }, () => ({ t: (t += Math.floor(r() * 5)), size: 1, up: false })));
    for (let k = 0; k < 500; k++) {
      const q = r() * t;
      const from = Math.floor(r() * l.lowerBound(q));
      expect(l.gallop(q, from)).toBe(l.lowerBound(q));
    }
  });

  it('range maxima from the block pyramid equal a naive scan, per direction', () => {
    const r = rng(42);
    const sizes: number[] = [];
    const ups: boolean[] = [];
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      sizes.push(Math.floor(r() ** 4 * 1e6));
      ups.push(r() < 0.3);
    }
    const l = laneOf(sizes.map((size, i) => ({ t: i, size, up: ups[i]! })));
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

  it('a lane synced at random moments equals one synced once, at the end', () => {
    const r = rng(11);
    const n = 20_000;
    const msgs: Msg[] = [];
    let t = 0;
    for (let i = 0; i < n; i++) {
      t += r() < 0.1 ? -3 : Math.floor(r() * 5); // a few late messages
      msgs.push({ t, size: Math.floor(r() ** 3 * 1e5), up: r() < 0.4 });
    }
    const src = sourceOf(msgs);
    const full = laneOf(msgs);
    const lazy = new Lane(1, 'lazy');
    for (let i = 0; i < n; i++) {
      lazy.push(i);
      if (r() < 0.001) lazy.sync(src); // read now and then, at any point
    }
    lazy.sync(src);
    expect(lazy.filled).toBe(n);
    expect(Array.from(lazy.time.subarray(0, n))).toEqual(Array.from(full.time.subarray(0, n)));
    expect(Array.from(lazy.sizeDir.subarray(0, n))).toEqual(Array.from(full.sizeDir.subarray(0, n)));
    for (let k = 0; k < 200; k++) {
      const a = Math.floor(r() * n);
      const b = a + Math.floor(r() * (n - a));
      expect(lazy.upCount(a, b)).toBe(full.upCount(a, b));
      lazy.rangeMaxBoth(a, b);
      full.rangeMaxBoth(a, b);
      expect([lazy.maxUpOut, lazy.maxDownOut]).toEqual([full.maxUpOut, full.maxDownOut]);
    }
  });

  it('store lanes read at random moments through ring evictions match the live messages', () => {
    const r = rng(5);
    const c = testCapture({ capacity: 3000 });
    const s = c.messages;
    const ids = ['a#1', 'b#1', 'c#1'];
    c.ingest(SRC, ids.map((id) => wsCreate(id, 0)));
    const sent: { id: string; t: number; size: number; up: boolean }[] = [];
    let t = 0;
    for (let batch = 0; batch < 60; batch++) {
      const ev: CaptureEvent[] = [];
      for (let i = 0; i < 500; i++) {
        // Lane c is busy early and then idle, so its unread entries get evicted before it is read.
        const id = batch < 10 ? ids[Math.floor(r() * 3)]! : ids[Math.floor(r() * 2)]!;
        const m = { id, t: (t += r() * 3), size: Math.floor(r() * 500), up: r() < 0.5 };
        sent.push(m);
        ev.push(wsMsg(m.id, m.t, m.up ? 'up' : 'down', 'x', m.size));
      }
      c.ingest(SRC, ev);
      for (const [k, id] of ids.entries()) {
        // Lane a is read after every batch, b now and then, c only at the end.
        if (k === 2 || (k === 1 && r() < 0.8)) continue;
        check(id);
      }
    }
    for (const id of ids) check(id);

    function check(id: string): void {
      const L = s.liveLane(s.lanes.indexOf(id[0]!))!;
      const live = sent.slice(s.firstLogical).filter((m) => m.id === id);
      expect(L.count).toBe(live.length);
      let sort = -Infinity;
      const times = live.map((m) => (sort = Math.max(sort, m.t)));
      expect(Array.from(L.time.subarray(L.head, L.n))).toEqual(times);
      expect(L.upCount(L.head, L.n)).toBe(live.filter((m) => m.up).length);
      L.rangeMaxBoth(L.head, L.n);
      const max = (up: boolean) => Math.max(0, ...live.filter((m) => m.up === up).map((m) => m.size));
      expect([L.maxUpOut, L.maxDownOut]).toEqual([max(true), max(false)]);
    }
  });
});
