/**
 * Per-channel (per timeline lane) index of the message store: for each lane, its messages in
 * arrival order as parallel typed arrays, so a lane's messages in a time range are two binary
 * searches away and the timeline can bin them without touching other lanes.
 *
 * Entries hold the message's logical index (monotonic across the store's ring; physical slot =
 * logical % capacity; everything below the store's `firstLogical` has been evicted), a sort time,
 * a prefix count of "up" messages and the size with the direction packed in.
 *
 * Sort time: a lane must be sorted for binary search, and arrival order is what makes ring
 * eviction a prefix of every lane. Messages of one lane can arrive slightly out of time order (two
 * frames of a tab batch independently, ~16 ms), so the lane's time is `max(t, previous lane time)`:
 * a late message is drawn at its predecessor's time (off by the disorder, a few ms at most in
 * practice). The store's own time column keeps the true time for the list.
 *
 * Max sizes per direction are kept in a 4-level block pyramid over entry positions (blocks of 16,
 * 256, 4,096 and 65,536 entries), each block filled when its last entry arrives (a range query
 * uses complete blocks only), so a range maximum costs at most ~120 steps however many entries
 * the range spans, and filling an entry stays a few stores.
 *
 * The store fills lanes lazily: per message it `push`es only the logical index, and a lane's sort
 * times, up counts, sizes and pyramid are filled from the store's columns (`sync`) when the lane
 * is read (MessageStore.liveLane), which is for the few lanes the timeline draws. Writing all of
 * it for each message touched four or five arrays of whichever of a thousand lanes the message
 * belonged to: in bench:panel that was a third of the session's time ingesting 1M messages.
 */

/** The store's flag bit of a sent message (message-store.ts exports it as FLAG_UP). */
export const UP_FLAG = 1;

/** Where a lane reads its messages' times, sizes and flags: the store's columns, by physical slot. */
export interface LaneSource {
  readonly capacity: number;
  readonly time: ArrayLike<number>;
  readonly size: ArrayLike<number>;
  readonly flags: ArrayLike<number>;
}

const LEVELS = 4;
const LEVEL_BITS = 4; // 16x per level
const MAX_PACKED_SIZE = 0x7fffffff;

export class Lane {
  /** Entries [head, n) are live; [0, head) were evicted and await compaction. */
  n = 0;
  head = 0;
  /** Entries [0, filled) have their time, up count, size and pyramid blocks (the rest: logical only). */
  filled = 0;
  logical: Int32Array;
  time: Float64Array;
  /** Up messages among entries [0, i). */
  upBefore: Int32Array;
  /** size * 2 + (up ? 1 : 0), size clamped to 2^31 - 1. */
  sizeDir: Uint32Array;
  /** Up messages among entries [0, filled). */
  ups = 0;
  lastTime = -Infinity;
  /** maxUp[k - 1][j]: largest up size among entries [j * 16^k, (j + 1) * 16^k). */
  private maxUp: Uint32Array[] = [];
  private maxDown: Uint32Array[] = [];

  constructor(
    readonly index: number,
    readonly key: string,
  ) {
    this.logical = new Int32Array(0);
    this.time = new Float64Array(0);
    this.upBefore = new Int32Array(0);
    this.sizeDir = new Uint32Array(0);
    this.allocateFilled(0);
  }

  /** Live entries. */
  get count(): number {
    return this.n - this.head;
  }

  /** Appends a message by its logical index only; `sync` fills the rest from the store. */
  push(logical: number): void {
    if (this.n === this.logical.length) this.growLogical();
    this.logical[this.n++] = logical;
  }

  /**
   * Fills the entries pushed since the last fill from `src`. Call it after `advance`: entries below
   * the head were evicted (their slots may hold newer messages) and are skipped, never filled.
   * Their positions keep no data, and no query reads them: a range starts at the head or later,
   * and a pyramid block is used only when it lies wholly inside the range.
   */
  sync(src: LaneSource): void {
    const { capacity, time, size, flags } = src;
    const lg = this.logical;
    for (let i = Math.max(this.filled, this.head); i < this.n; i++) {
      const slot = lg[i]! % capacity;
      this.fill(i, time[slot]!, size[slot]!, (flags[slot]! & UP_FLAG) !== 0);
    }
  }

  /** Entry i's time, up count, size and pyramid blocks; entries are filled in order. */
  private fill(i: number, t: number, size: number, up: boolean): void {
    if (i >= this.time.length) this.growFilled();
    const s = size > MAX_PACKED_SIZE ? MAX_PACKED_SIZE : size > 0 ? size : 0;
    const key = t > this.lastTime ? t : this.lastTime;
    this.lastTime = key;
    this.time[i] = key;
    this.upBefore[i] = this.ups;
    this.sizeDir[i] = s * 2 + (up ? 1 : 0);
    if (up) this.ups++;
    this.filled = i + 1;
    // Pyramid blocks are filled when they complete (queries use complete blocks only).
    if ((this.filled & 15) === 0) this.completeBlocks(this.filled);
  }

  /** Fills the pyramid blocks that end at entry `end` (a multiple of 16). */
  private completeBlocks(end: number): void {
    const sd = this.sizeDir;
    let mu = 0;
    let md = 0;
    for (let i = end - 16; i < end; i++) {
      const v = sd[i]!;
      const sz = v >>> 1;
      if (v & 1) {
        if (sz > mu) mu = sz;
      } else if (sz > md) md = sz;
    }
    let j = (end >>> LEVEL_BITS) - 1;
    this.maxUp[0]![j] = mu;
    this.maxDown[0]![j] = md;
    for (let k = 1; k < LEVELS; k++) {
      if (((j + 1) & 15) !== 0) return;
      const below = j - 15;
      j >>>= LEVEL_BITS;
      const ub = this.maxUp[k - 1]!;
      const db = this.maxDown[k - 1]!;
      mu = 0;
      md = 0;
      for (let x = below; x < below + 16; x++) {
        if (ub[x]! > mu) mu = ub[x]!;
        if (db[x]! > md) md = db[x]!;
      }
      this.maxUp[k]![j] = mu;
      this.maxDown[k]![j] = md;
    }
  }

  /** Drops entries whose messages the ring evicted (arrival order: always a prefix). */
  advance(firstLogical: number): void {
    let h = this.head;
    const n = this.n;
    if (h < n && this.logical[h]! >= firstLogical) return;
    // Most evictions are a few entries: step, then gallop for the rest.
    const lg = this.logical;
    if (h < n && lg[n - 1]! < firstLogical) h = n;
    else {
      let lo = h;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (lg[mid]! < firstLogical) lo = mid + 1;
        else hi = mid;
      }
      h = lo;
    }
    this.head = h;
    if (h === n) {
      // Empty: restart at 0 without copying.
      this.head = 0;
      this.n = 0;
      this.filled = 0;
      this.ups = 0;
      this.lastTime = -Infinity;
      for (const a of this.maxUp) a.fill(0);
      for (const a of this.maxDown) a.fill(0);
      if (this.logical.length > 1024) this.logical = new Int32Array(64);
      if (this.time.length > 1024) this.allocateFilled(64);
    } else if (h >= 1024 && h * 2 >= n) this.compact();
  }

  /** First position in [from, to) whose sort time is >= t (to when none). */
  lowerBound(t: number, from = this.head, to = this.n): number {
    const time = this.time;
    let lo = from;
    let hi = to;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (time[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Like lowerBound but starts at `from` and gallops: cost O(log(distance)), which makes a sweep of
   * increasing boundaries (one per pixel column) linear in the number of columns.
   */
  gallop(t: number, from: number, to = this.n): number {
    const time = this.time;
    if (from >= to || time[from]! >= t) return from;
    let step = 1;
    let lo = from; // time[lo] < t
    let hi = from + 1;
    while (hi < to && time[hi]! < t) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    if (hi > to) hi = to;
    lo++;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (time[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Up messages among entries [a, b). */
  upCount(a: number, b: number): number {
    if (b <= a) return 0;
    const ub = b >= this.filled ? this.ups : this.upBefore[b]!;
    return ub - this.upBefore[a]!;
  }

  /** Results of `rangeMaxBoth`. */
  maxUpOut = 0;
  maxDownOut = 0;

  /** Largest size of each direction among the entries [a, b), into maxUpOut / maxDownOut. */
  rangeMaxBoth(a: number, b: number): void {
    const up = this.maxUp;
    const down = this.maxDown;
    const sd = this.sizeDir;
    let mu = 0;
    let md = 0;
    let i = a;
    while (i < b) {
      let k = 0;
      while (k < LEVELS) {
        const span = 1 << ((k + 1) * LEVEL_BITS);
        if ((i & (span - 1)) !== 0 || i + span > b) break;
        k++;
      }
      if (k === 0) {
        const v = sd[i]!;
        const s = v >>> 1;
        if (v & 1) {
          if (s > mu) mu = s;
        } else if (s > md) md = s;
        i++;
      } else {
        const j = i >>> (k * LEVEL_BITS);
        const u = up[k - 1]![j]!;
        const d = down[k - 1]![j]!;
        if (u > mu) mu = u;
        if (d > md) md = d;
        i += 1 << (k * LEVEL_BITS);
      }
    }
    this.maxUpOut = mu;
    this.maxDownOut = md;
  }

  /** Subtracts `by` from every logical index (the store rebased its numbering). */
  rebase(by: number): void {
    const lg = this.logical;
    for (let i = this.head; i < this.n; i++) lg[i] = lg[i]! - by;
  }

  private growLogical(): void {
    const grown = new Int32Array(Math.max(16, this.logical.length * 2));
    grown.set(this.logical.subarray(0, this.n));
    this.logical = grown;
  }

  private growFilled(): void {
    const { time, upBefore, sizeDir, maxUp, maxDown } = this;
    const f = this.filled;
    this.allocateFilled(Math.max(16, this.logical.length, time.length * 2));
    this.time.set(time.subarray(0, f));
    this.upBefore.set(upBefore.subarray(0, f));
    this.sizeDir.set(sizeDir.subarray(0, f));
    for (let k = 0; k < LEVELS; k++) {
      this.maxUp[k]!.set(maxUp[k]!);
      this.maxDown[k]!.set(maxDown[k]!);
    }
  }

  private allocateFilled(cap: number): void {
    this.time = new Float64Array(cap);
    this.upBefore = new Int32Array(cap);
    this.sizeDir = new Uint32Array(cap);
    this.maxUp = [];
    this.maxDown = [];
    for (let k = 1; k <= LEVELS; k++) {
      const len = Math.ceil(cap / (1 << (k * LEVEL_BITS)));
      this.maxUp.push(new Uint32Array(len));
      this.maxDown.push(new Uint32Array(len));
    }
  }

  /** Moves the live entries to position 0 and shrinks the arrays when they are mostly empty. */
  private compact(): void {
    const h = this.head;
    const live = this.n - h;
    // Filled entries that stay: [h, filled) when the fill reached past the head.
    const kept = Math.max(0, this.filled - h);
    const base = kept > 0 ? this.upBefore[h]! : this.ups;
    let cap = this.logical.length;
    while (cap > 64 && cap >= live * 4) cap >>>= 1;
    if (cap !== this.logical.length) {
      const logical = this.logical;
      this.logical = new Int32Array(cap);
      this.logical.set(logical.subarray(h, this.n));
    } else this.logical.copyWithin(0, h, this.n);
    let fcap = this.time.length;
    while (fcap > 64 && fcap >= kept * 4) fcap >>>= 1;
    if (fcap !== this.time.length) {
      const { time, upBefore, sizeDir } = this;
      this.allocateFilled(fcap);
      this.time.set(time.subarray(h, h + kept));
      this.upBefore.set(upBefore.subarray(h, h + kept));
      this.sizeDir.set(sizeDir.subarray(h, h + kept));
    } else if (kept > 0) {
      this.time.copyWithin(0, h, h + kept);
      this.upBefore.copyWithin(0, h, h + kept);
      this.sizeDir.copyWithin(0, h, h + kept);
    }
    const ub = this.upBefore;
    for (let i = 0; i < kept; i++) ub[i] = ub[i]! - base;
    this.ups -= base;
    this.head = 0;
    this.n = live;
    this.filled = kept;
    this.rebuildLevels();
  }

  private rebuildLevels(): void {
    for (const a of this.maxUp) a.fill(0);
    for (const a of this.maxDown) a.fill(0);
    for (let e = 16; e <= this.filled; e += 16) this.completeBlocks(e);
  }

}

/** Lanes by channel key, interned in order of first appearance. */
export class ChannelIndex {
  private readonly byKey = new Map<string, number>();
  private readonly list: Lane[] = [];

  /** The lane of a channel key, created on first use. */
  laneFor(key: string): number {
    let i = this.byKey.get(key);
    if (i === undefined) {
      i = this.list.length;
      this.byKey.set(key, i);
      this.list.push(new Lane(i, key));
    }
    return i;
  }

  /** The lane of a channel key, -1 when it has none. */
  indexOf(key: string): number {
    return this.byKey.get(key) ?? -1;
  }

  lane(index: number): Lane | undefined {
    return this.list[index];
  }

  keyOf(index: number): string {
    return this.list[index]?.key ?? '';
  }

  get size(): number {
    return this.list.length;
  }

  /** Evicts entries below `firstLogical` in every lane (the store calls this lazily). */
  advanceAll(firstLogical: number): void {
    for (const l of this.list) l.advance(firstLogical);
  }

  rebase(by: number): void {
    for (const l of this.list) l.rebase(by);
  }

  clear(): void {
    this.byKey.clear();
    this.list.length = 0;
  }

  lanes(): readonly Lane[] {
    return this.list;
  }
}
