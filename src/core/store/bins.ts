/**
 * Level-of-detail queries for the canvas timeline: per pixel column counts of a lane's messages,
 * and a lane's request/connection lifetimes as bars. The cost of a frame depends on the number of
 * columns and bars drawn, not on the number of messages on screen.
 *
 * binLane works in the lane's entry space (the lane keeps its messages in time order with a
 * prefix count of up messages and a block pyramid of max sizes, see channel-index.ts):
 * - few entries in range (at most 2 per column): one pass over them, each into its column;
 * - otherwise: per column boundary a galloping search from the previous one (O(log of the entries
 *   per column)), counts from the prefix sums, maxima from the pyramid (<= ~120 steps a column).
 * Both paths put a message at time t into column c when boundary(c) <= t < boundary(c + 1), with
 * `columnBoundary` below, so they agree exactly (the tests compare them with a naive count).
 * (Perfetto's timeline cache quantizes to power-of-two buckets and caches per normalized window;
 * with exact prefix sums there is nothing to cache: a redraw recomputes the visible columns.)
 */
import type { ConnectionRecord } from './connection-record';
import type { ConnectionRecords } from './connection-records';
import { ENTRY_ERROR, ENTRY_GAPS, ENTRY_PENDING, ENTRY_REMOVED } from './lane-bars';
import type { MessageStore } from './message-store';

export interface LaneBins {
  /** Columns filled by the last binLane (the arrays may be longer). */
  columns: number;
  up: Uint32Array;
  down: Uint32Array;
  /** Largest message size per column and direction (0 when the column has none). */
  maxUp: Uint32Array;
  maxDown: Uint32Array;
  /** Messages of the lane in [t0, t1). */
  total: number;
}

export function createLaneBins(columns: number): LaneBins {
  return {
    columns: 0,
    up: new Uint32Array(columns),
    down: new Uint32Array(columns),
    maxUp: new Uint32Array(columns),
    maxDown: new Uint32Array(columns),
    total: 0,
  };
}

/** Left edge of column c of [t0, t1) split in `columns` (boundary(columns) is exactly t1). */
export function columnBoundary(t0: number, t1: number, columns: number, c: number): number {
  return c >= columns ? t1 : c <= 0 ? t0 : t0 + ((t1 - t0) * c) / columns;
}

/**
 * Counts one lane's messages per column of [t0, t1) into `out` (reused across frames; grown when
 * too short). Lane times are the lane's sort times (see channel-index.ts).
 */
export function binLane(store: MessageStore, lane: number, t0: number, t1: number, columns: number, out: LaneBins): LaneBins {
  columns = Math.max(0, Math.floor(columns));
  if (out.up.length < columns) Object.assign(out, createLaneBins(columns));
  out.up.fill(0, 0, columns);
  out.down.fill(0, 0, columns);
  out.maxUp.fill(0, 0, columns);
  out.maxDown.fill(0, 0, columns);
  out.columns = columns;
  out.total = 0;
  const L = store.liveLane(lane);
  if (!L || columns === 0 || !(t1 > t0)) return out;
  const a = L.lowerBound(t0);
  const b = L.lowerBound(t1, a);
  out.total = b - a;
  if (b === a) return out;
  const { up, down, maxUp, maxDown } = out;
  if (b - a <= columns * 2) {
    const time = L.time;
    const sd = L.sizeDir;
    const scale = columns / (t1 - t0);
    for (let i = a; i < b; i++) {
      const t = time[i]!;
      let c = Math.floor((t - t0) * scale);
      if (c >= columns) c = columns - 1;
      if (c < 0) c = 0;
      while (c + 1 < columns && t >= columnBoundary(t0, t1, columns, c + 1)) c++;
      while (c > 0 && t < columnBoundary(t0, t1, columns, c)) c--;
      const v = sd[i]!;
      const s = v >>> 1;
      if (v & 1) {
        up[c]!++;
        if (s > maxUp[c]!) maxUp[c] = s;
      } else {
        down[c]!++;
        if (s > maxDown[c]!) maxDown[c] = s;
      }
    }
    return out;
  }
  let lo = a;
  // Skip empty leading columns with one search.
  let c = Math.max(0, Math.floor(((L.time[a]! - t0) * columns) / (t1 - t0)) - 1);
  for (; c < columns && lo < b; c++) {
    const hi = c === columns - 1 ? b : L.gallop(columnBoundary(t0, t1, columns, c + 1), lo, b);
    if (hi > lo) {
      const u = L.upCount(lo, hi);
      up[c] = u;
      down[c] = hi - lo - u;
      L.rangeMaxBoth(lo, hi);
      maxUp[c] = L.maxUpOut;
      maxDown[c] = L.maxDownOut;
      lo = hi;
    }
  }
  return out;
}

/** Logical indices of a lane's messages in [t0, t1), in time order (a view on the lane: do not keep across ingests). */
export function laneSlice(store: MessageStore, lane: number, t0: number, t1: number): Int32Array {
  const L = store.liveLane(lane);
  if (!L) return new Int32Array(0);
  const a = L.lowerBound(t0);
  const b = L.lowerBound(t1, a);
  return L.logical.subarray(a, b);
}

/** The lane's message closest in time to t within maxDistance ms (hover, click), or -1. */
export function nearestMessage(store: MessageStore, lane: number, t: number, maxDistance: number): number {
  const L = store.liveLane(lane);
  if (!L || L.count === 0) return -1;
  const i = L.lowerBound(t);
  let best = -1;
  let bestD = maxDistance;
  if (i < L.n) {
    const d = L.time[i]! - t;
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  }
  if (i > L.head) {
    const d = t - L.time[i - 1]!;
    if (d <= bestD) best = i - 1;
  }
  return best < 0 ? -1 : L.logical[best]!;
}

/* ------------------------------------------------------------ bars */

export const BAR_OPEN = 1;
export const BAR_ERROR = 2;
/** No response (headers / open) yet, or never. */
export const BAR_PENDING = 4;
/** The segment starts with an automatic reconnect (EventSource). */
export const BAR_RECONNECTED = 8;
/** Several bars closer than minGapMs merged into one. */
export const BAR_MERGED = 16;

/** Bars as parallel arrays, reused across frames. */
export class BarList {
  length = 0;
  start: Float64Array;
  end: Float64Array;
  /** Response/open time of an unmerged first segment, else NaN. */
  responseAt: Float64Array;
  /** Connection serial of the (first) record of the bar. */
  serial: Int32Array;
  /** Records/segments in the bar (> 1 when merged). */
  count: Uint32Array;
  flags: Uint8Array;

  constructor(initial = 256) {
    this.start = new Float64Array(initial);
    this.end = new Float64Array(initial);
    this.responseAt = new Float64Array(initial);
    this.serial = new Int32Array(initial);
    this.count = new Uint32Array(initial);
    this.flags = new Uint8Array(initial);
  }

  clear(): void {
    this.length = 0;
  }

  push(start: number, end: number, responseAt: number, serial: number, flags: number): void {
    if (this.length === this.start.length) this.grow();
    const i = this.length++;
    this.start[i] = start;
    this.end[i] = end;
    this.responseAt[i] = responseAt;
    this.serial[i] = serial;
    this.count[i] = 1;
    this.flags[i] = flags;
  }

  private grow(): void {
    const n = this.start.length * 2 || 16;
    const g = <T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.start = g(this.start, new Float64Array(n));
    this.end = g(this.end, new Float64Array(n));
    this.responseAt = g(this.responseAt, new Float64Array(n));
    this.serial = g(this.serial, new Int32Array(n));
    this.count = g(this.count, new Uint32Array(n));
    this.flags = g(this.flags, new Uint8Array(n));
  }
}

/**
 * Lifetimes of a lane's requests and connections that overlap [t0, t1), in order of start; open
 * ones end at `now`. An EventSource's reconnect gaps split it into segments (BAR_RECONNECTED on
 * the ones after a gap, BAR_ERROR on the ones a gap ended). With `minGapMs` > 0 (one pixel's
 * duration), a bar starting within minGapMs of the previous bar's end is merged into it
 * (BAR_MERGED, count > 1), so a lane of 100,000 polls at full zoom-out is a few hundred bars.
 * Cost: binary search to the window plus the records scanned in it.
 */
export function barsInRange(
  table: ConnectionRecords,
  lane: number,
  t0: number,
  t1: number,
  now: number,
  out: BarList = new BarList(),
  minGapMs = 0,
): BarList {
  out.clear();
  const lb = table.laneBars(lane);
  if (!lb || lb.n === 0 || !(t1 > t0)) return out;
  lb.refresh();
  // hi: first record starting at or after t1.
  let lo = 0;
  let hi = lb.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lb.startKey[mid]! < t1) lo = mid + 1;
    else hi = mid;
  }
  const end = lo;
  // first: first record whose finished prefix reaches t0 (earlier finished ones all end before t0).
  lo = 0;
  hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lb.prefEnd[mid]! < t0) lo = mid + 1;
    else hi = mid;
  }
  const first = lo;
  const emit = new Emitter(out, t0, t1, now, minGapMs);
  // Open records before `first` (prefEnd ignores them), then everything from `first` on.
  for (const pos of lb.open) {
    if (pos >= first) break;
    const rec = table.get(lb.serial[pos]!);
    if (rec) emit.record(rec);
  }
  const { flags, start, endKey, resp, serial } = lb;
  for (let pos = first; pos < end; pos++) {
    const f = flags[pos]!;
    if (f & ENTRY_REMOVED) continue;
    const e = endKey[pos]!;
    if (e === -Infinity || f & ENTRY_GAPS) {
      const rec = table.get(serial[pos]!);
      if (rec) emit.record(rec);
      continue;
    }
    if (e < t0) continue;
    emit.segment(start[pos]!, e, resp[pos]!, serial[pos]!, (f & ENTRY_ERROR ? BAR_ERROR : 0) | (f & ENTRY_PENDING ? BAR_PENDING : 0));
  }
  return out;
}

class Emitter {
  constructor(
    private readonly out: BarList,
    private readonly t0: number,
    private readonly t1: number,
    private readonly now: number,
    private readonly minGap: number,
  ) {}

  record(rec: ConnectionRecord): void {
    const endT = rec.end ?? this.now;
    if (endT < this.t0 && rec.gaps.length === 0) return;
    const g = rec.gaps;
    let s = rec.start;
    let reconnected = false;
    for (let k = 0; k + 1 < g.length; k += 2) {
      const from = g[k]!;
      const to = g[k + 1]!;
      if (from < s) continue;
      this.segment(s, from, reconnected ? NaN : (rec.responseAt ?? NaN), rec.serial, BAR_ERROR | (reconnected ? BAR_RECONNECTED : 0));
      if (Number.isNaN(to)) return; // reconnecting now
      s = to;
      reconnected = true;
    }
    let flags = reconnected ? BAR_RECONNECTED : 0;
    if (rec.end === null) flags |= BAR_OPEN;
    if (rec.state === 'error') flags |= BAR_ERROR;
    if (rec.responseAt === null) flags |= BAR_PENDING;
    this.segment(s, endT, reconnected ? NaN : (rec.responseAt ?? NaN), rec.serial, flags);
  }

  segment(s: number, e: number, resp: number, serial: number, flags: number): void {
    if (e < s || e < this.t0 || s >= this.t1) return;
    const out = this.out;
    const last = out.length - 1;
    if (this.minGap > 0 && last >= 0 && s <= out.end[last]! + this.minGap && s >= out.start[last]!) {
      if (e > out.end[last]!) out.end[last] = e;
      out.count[last]!++;
      out.flags[last] = out.flags[last]! | flags | BAR_MERGED;
      out.responseAt[last] = NaN;
      return;
    }
    out.push(s, e, resp, serial, flags);
  }
}
