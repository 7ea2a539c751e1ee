import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../protocol';
import {
  BAR_ERROR,
  BAR_MERGED,
  BAR_OPEN,
  BAR_PENDING,
  BarList,
  barsInRange,
  binLane,
  columnBoundary,
  createLaneBins,
  laneSlice,
  nearestMessage,
} from './bins';
import type { MessageStore } from './message-store';
import { SRC, requestEnd, requestStart, response, rng, wsCreate, wsMsg, testCapture } from './test-events';

interface Msg {
  readonly t: number;
  readonly up: boolean;
  readonly size: number;
}

/** Per column: [up, down, maxUp, maxDown], by the boundary definition. */
function naive(msgs: readonly Msg[], t0: number, t1: number, columns: number): number[][] {
  const out = Array.from({ length: columns }, () => [0, 0, 0, 0]);
  for (const m of msgs) {
    if (m.t < t0 || m.t >= t1) continue;
    let c = 0;
    while (c + 1 < columns && m.t >= columnBoundary(t0, t1, columns, c + 1)) c++;
    const o = out[c]!;
    if (m.up) {
      o[0]!++;
      o[2] = Math.max(o[2]!, m.size);
    } else {
      o[1]!++;
      o[3] = Math.max(o[3]!, m.size);
    }
  }
  return out;
}

function binned(store: MessageStore, lane: number, t0: number, t1: number, columns: number): number[][] {
  const b = binLane(store, lane, t0, t1, columns, createLaneBins(4));
  return Array.from({ length: columns }, (_, c) => [b.up[c]!, b.down[c]!, b.maxUp[c]!, b.maxDown[c]!]);
}

function storeWith(msgs: readonly Msg[], capacity = 1_000_000): MessageStore {
  const c = testCapture({ capacity });
  const s = c.messages;
  const ev: CaptureEvent[] = [wsCreate('lane', 0)];
  for (const m of msgs) ev.push(wsMsg('lane', m.t, m.up ? 'up' : 'down', 'x', m.size));
  c.ingest(SRC, ev);
  return s;
}

describe('binLane', () => {
  it('counts a handful of messages exactly, edges included', () => {
    const msgs: Msg[] = [
      { t: 0, up: true, size: 5 },
      { t: 9.999, up: false, size: 7 },
      { t: 10, up: false, size: 3 },
      { t: 10, up: true, size: 9 },
      { t: 55, up: false, size: 1 },
      { t: 99.9, up: true, size: 2 },
      { t: 100, up: true, size: 100 }, // t1 is exclusive
    ];
    const s = storeWith(msgs);
    expect(binned(s, 0, 0, 100, 10)).toEqual(naive(msgs, 0, 100, 10));
    expect(binned(s, 0, 0, 100, 10)[1]).toEqual([1, 1, 9, 3]);
    expect(binned(s, 0, 5, 60, 3)).toEqual(naive(msgs, 5, 60, 3));
    // Unknown lane, empty range, zero columns.
    expect(binLane(s, 7, 0, 100, 10, createLaneBins(10)).total).toBe(0);
    expect(binLane(s, 0, 50, 50, 10, createLaneBins(10)).total).toBe(0);
    expect(binLane(s, 0, 0, 100, 0, createLaneBins(10)).columns).toBe(0);
  });

  it('agrees with a naive count on random data, on both paths (scan and pyramid)', () => {
    const r = rng(1);
    const msgs: Msg[] = [];
    let t = 1_700_000_000_000;
    for (let i = 0; i < 60_000; i++) {
      t += r() < 0.1 ? r() * 2000 : r() * 3; // bursts and gaps
      msgs.push({ t, up: r() < 0.4, size: Math.floor(r() * 5000) });
    }
    const s = storeWith(msgs);
    const first = msgs[0]!.t;
    const last = msgs[msgs.length - 1]!.t;
    for (let k = 0; k < 40; k++) {
      const span = (last - first) * (k < 5 ? 1.2 : r() ** 3);
      const t0 = first + (last - first) * r() - (k < 5 ? span / 10 : 0);
      const t1 = t0 + span;
      const columns = 1 + Math.floor(r() * 1200);
      expect(binned(s, 0, t0, t1, columns)).toEqual(naive(msgs, t0, t1, columns));
    }
  });

  it('agrees with a naive count after the ring evicted part of the lane', () => {
    const r = rng(3);
    const msgs: Msg[] = [];
    for (let i = 0; i < 30_000; i++) msgs.push({ t: i * 10 + r() * 5, up: r() < 0.5, size: Math.floor(r() * 100) });
    const s = storeWith(msgs, 10_000);
    const kept = msgs.slice(20_000);
    expect(binned(s, 0, 0, 300_000, 500)).toEqual(naive(kept, 0, 300_000, 500));
    expect(binned(s, 0, 210_000, 212_000, 100)).toEqual(naive(kept, 210_000, 212_000, 100));
  });

  it('reuses and grows the output', () => {
    const s = storeWith([{ t: 1, up: true, size: 1 }]);
    const out = createLaneBins(2);
    binLane(s, 0, 0, 10, 1000, out);
    expect(out.up.length).toBeGreaterThanOrEqual(1000);
    expect(out.up[100]).toBe(1);
    binLane(s, 0, 0, 10, 10, out);
    expect(out.columns).toBe(10);
    expect(out.up[1]).toBe(1);
    expect(Array.from(out.up.subarray(2, 10))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('laneSlice and nearestMessage', () => {
  it('finds the messages of a range and the one nearest a time', () => {
    const msgs: Msg[] = [10, 20, 30, 40].map((t) => ({ t, up: false, size: 1 }));
    const s = storeWith(msgs);
    expect(Array.from(laneSlice(s, 0, 15, 35))).toEqual([1, 2]);
    expect(nearestMessage(s, 0, 24, 5)).toBe(1);
    expect(nearestMessage(s, 0, 26, 5)).toBe(2);
    expect(nearestMessage(s, 0, 100, 5)).toBe(-1);
    expect(nearestMessage(s, 9, 10, 5)).toBe(-1);
  });
});

describe('barsInRange', () => {
  const polls = (n: number, every: number, hold: number): CaptureEvent[] => {
    const ev: CaptureEvent[] = [];
    for (let i = 0; i < n; i++) ev.push(requestStart(`p#${i}`, i * every), response(`p#${i}`, i * every + 1), requestEnd(`p#${i}`, i * every + hold));
    return ev;
  };

  it('returns the lifetimes overlapping the window; open ones end at now', () => {
    const c = testCapture();
    const s = c.messages;
    c.ingest(SRC, [wsCreate('p#ws', -5), ...polls(10, 100, 40)]);
    // The socket opened at -5 and never closed: it overlaps any later window.
    const bars = barsInRange(s.connections, 0, 441, 590, 2000);
    const got = Array.from({ length: bars.length }, (_, i) => [bars.start[i], bars.end[i], bars.flags[i]]);
    expect(got).toEqual([
      [-5, 2000, BAR_OPEN | BAR_PENDING],
      [500, 540, 0],
    ]);
    expect(bars.responseAt[1]).toBe(501);
    expect(s.connections.get(bars.serial[1]!)?.key).toBe('s1:p#5');
    // An end exactly at t0 overlaps.
    expect(barsInRange(s.connections, 0, 440, 450, 2000).length).toBe(2);
  });

  it('finds long finished lifetimes that started long before the window', () => {
    const c = testCapture();
    const s = c.messages;
    c.ingest(SRC, [requestStart('p#long', 0), ...polls(50, 100, 10).slice(0)]);
    c.ingest(SRC, [requestEnd('p#long', 10_000, '', 'error')]);
    const bars = barsInRange(s.connections, 0, 9000, 9500, 20_000);
    expect(bars.length).toBe(1);
    expect([bars.start[0], bars.end[0], bars.flags[0]! & BAR_ERROR]).toEqual([0, 10_000, BAR_ERROR]);
  });

  it('merges bars closer than minGapMs (one pixel) into one', () => {
    const c = testCapture();
    const s = c.messages;
    c.ingest(SRC, polls(1000, 100, 40));
    const out = new BarList(4);
    barsInRange(s.connections, 0, 0, 100_000, 200_000, out, 100);
    expect(out.length).toBe(1);
    expect([out.start[0], out.end[0], out.count[0], out.flags[0]! & BAR_MERGED]).toEqual([0, 99_940, 1000, BAR_MERGED]);
    barsInRange(s.connections, 0, 0, 100_000, 200_000, out, 0);
    expect(out.length).toBe(1000);
  });

  it('equals a naive filter on random lifetimes, with evictions', () => {
    const r = rng(5);
    const c = testCapture({ connectionCapacity: 300 });
    const s = c.messages;
    const ev: CaptureEvent[] = [];
    const ends = new Map<string, number>();
    for (let i = 0; i < 600; i++) {
      const id = `l#${i}`;
      const start = i * 10;
      ev.push(requestStart(id, start));
      if (r() < 0.8) {
        const end = start + Math.floor(r() ** 3 * 3000);
        ends.set(id, end);
      }
    }
    c.ingest(SRC, ev);
    const endEvents: CaptureEvent[] = [...ends].map(([id, end]) => requestEnd(id, end));
    endEvents.sort((a, b) => a.t - b.t);
    c.ingest(SRC, endEvents);
    const now = 99_999;
    for (let k = 0; k < 50; k++) {
      const t0 = r() * 7000;
      const t1 = t0 + r() * 2000;
      const bars = barsInRange(s.connections, 0, t0, t1, now);
      const got = Array.from({ length: bars.length }, (_, i) => s.connections.get(bars.serial[i]!)!.key).sort();
      const want = [...s.connections.values()].filter((c) => c.start < t1 && (c.end ?? now) >= t0).map((c) => c.key).sort();
      expect(got).toEqual(want);
    }
  });
});
