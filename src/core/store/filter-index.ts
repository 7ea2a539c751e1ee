/**
 * Filtered views of the message store for the message list: the logical indices of the messages
 * that match a filter, in arrival order, as an Int32Array built incrementally. `update()` scans
 * only messages that arrived since the last call (and can be given a budget so a first search over
 * a million previews spreads over frames); evicted messages fall off the front.
 *
 * Filters: channel set, direction, pattern (through a channel -> pattern lookup, decided once per
 * lane: call `rebuild()` when patterns change), message kind, size range, time range, and a text
 * or regex search over the list previews (each message's first 160 characters: a search does not
 * see past them).
 * An invalid regex is an error value from compileFilter, never an exception.
 */
import type { Direction } from '../protocol';
import { FLAG_UP, KIND_CHUNK, KIND_MASK, KIND_SSE, KIND_WS, type MessageKind, type MessageStore } from './message-store';

export interface MessageFilterSpec {
  /** Channel keys to keep (the channel list's selection); absent or empty = every channel. */
  readonly channels?: Iterable<string> | null;
  readonly direction?: Direction | null;
  /** Patterns to keep, decided per channel by `patternOf`; absent or empty = every pattern. */
  readonly patterns?: Iterable<string> | null;
  readonly patternOf?: (channelKey: string) => string | undefined;
  readonly kinds?: Iterable<MessageKind> | null;
  /** Size range in bytes, inclusive. */
  readonly minSize?: number | null;
  readonly maxSize?: number | null;
  /** Time range [from, to) in epoch ms (a brush on the timeline). */
  readonly from?: number | null;
  readonly to?: number | null;
  /** Search text; a regular expression source when `regex`; case-insensitive unless `caseSensitive`. */
  readonly text?: string | null;
  readonly regex?: boolean;
  readonly caseSensitive?: boolean;
}

export interface CompiledFilter {
  readonly spec: MessageFilterSpec;
  /** Nothing to filter: the view is the whole store. */
  readonly matchesAll: boolean;
  readonly channels: ReadonlySet<string> | null;
  readonly patterns: ReadonlySet<string> | null;
  /** Bits of the flags column that must equal `flagValue` (direction). */
  readonly flagMask: number;
  readonly flagValue: number;
  /** Bitmask over kind codes (1 << (kind >> 2)), 0 = all kinds. */
  readonly kindBits: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly from: number;
  readonly to: number;
  readonly search: RegExp | null;
  /** Same search with the global flag, for match highlighting. */
  readonly highlight: RegExp | null;
}

export type CompileResult = { readonly ok: true; readonly filter: CompiledFilter } | { readonly ok: false; readonly error: string };

const setOrNull = <T>(xs: Iterable<T> | null | undefined): ReadonlySet<T> | null => {
  if (!xs) return null;
  const s = new Set(xs);
  return s.size > 0 ? s : null;
};

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compileFilter(spec: MessageFilterSpec): CompileResult {
  let search: RegExp | null = null;
  let highlight: RegExp | null = null;
  const text = spec.text ?? '';
  if (text !== '') {
    const source = spec.regex ? text : escapeRegExp(text);
    const flags = spec.caseSensitive ? '' : 'i';
    try {
      search = new RegExp(source, flags);
      highlight = new RegExp(source, flags + 'g');
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }
  const channels = setOrNull(spec.channels);
  const patterns = spec.patternOf ? setOrNull(spec.patterns) : null;
  const flagMask = spec.direction ? FLAG_UP : 0;
  const flagValue = spec.direction === 'up' ? FLAG_UP : 0;
  let kindBits = 0;
  const kinds = setOrNull(spec.kinds);
  if (kinds && kinds.size < 3) {
    if (kinds.has('ws')) kindBits |= 1 << (KIND_WS >> 2);
    if (kinds.has('sse')) kindBits |= 1 << (KIND_SSE >> 2);
    if (kinds.has('chunk')) kindBits |= 1 << (KIND_CHUNK >> 2);
  }
  const num = (x: number | null | undefined, dflt: number): number => (typeof x === 'number' && !Number.isNaN(x) ? x : dflt);
  const minSize = num(spec.minSize, -Infinity);
  const maxSize = num(spec.maxSize, Infinity);
  const from = num(spec.from, -Infinity);
  const to = num(spec.to, Infinity);
  const matchesAll =
    !search &&
    !channels &&
    !patterns &&
    flagMask === 0 &&
    kindBits === 0 &&
    minSize === -Infinity &&
    maxSize === Infinity &&
    from === -Infinity &&
    to === Infinity;
  return {
    ok: true,
    filter: { spec, matchesAll, channels, patterns, flagMask, flagValue, kindBits, minSize, maxSize, from, to, search, highlight },
  };
}

/**
 * Where the search matches in a text, as flat [start, end, start, end, ...] (at most `max`
 * matches; empty matches are skipped), for highlighting.
 */
export function matchRanges(text: string, filter: CompiledFilter, max = 100): number[] {
  const re = filter.highlight;
  const out: number[] = [];
  if (!re) return out;
  re.lastIndex = 0;
  while (out.length < max * 2) {
    const m = re.exec(text);
    if (!m) break;
    if (m[0].length === 0) {
      re.lastIndex++;
      if (re.lastIndex > text.length) break;
      continue;
    }
    out.push(m.index, m.index + m[0].length);
  }
  return out;
}

export class FilteredView {
  private items = new Int32Array(1024);
  private n = 0;
  private head = 0;
  /** Next logical index to scan. */
  private next = 0;
  private generation: number;
  private rebased: number;
  /** Per lane: -1 undecided, 0 excluded, 1 included. */
  private laneVerdict = new Int8Array(64).fill(-1);

  constructor(
    readonly store: MessageStore,
    readonly filter: CompiledFilter,
  ) {
    this.generation = store.generation;
    this.rebased = store.rebased;
    this.next = store.firstLogical;
  }

  get matchesAll(): boolean {
    return this.filter.matchesAll;
  }

  /** Matching messages (as of the last update). */
  get length(): number {
    if (this.filter.matchesAll) return this.store.count;
    return this.n - this.head;
  }

  /** Messages still to scan (0 when up to date). */
  get pending(): number {
    if (this.filter.matchesAll) return 0;
    return Math.max(0, this.store.nextLogical - Math.max(this.next, this.store.firstLogical));
  }

  /** Logical index of the i-th match. */
  at(i: number): number {
    if (this.filter.matchesAll) return this.store.firstLogical + i;
    return this.items[this.head + i]!;
  }

  /** Position of a logical index in the view, or -1 (to keep a selected row across updates). */
  indexOf(logical: number): number {
    const i = this.lowerBound(logical);
    return i < this.length && this.at(i) === logical ? i : -1;
  }

  /** Position of the first match with a logical index >= `logical`. */
  lowerBound(logical: number): number {
    if (this.filter.matchesAll) return Math.max(0, Math.min(this.store.count, logical - this.store.firstLogical));
    let lo = this.head;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]! < logical) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }

  /** The matches as a view (valid until the next update). */
  indices(): Int32Array {
    if (this.filter.matchesAll) {
      const out = new Int32Array(this.store.count);
      for (let i = 0; i < out.length; i++) out[i] = this.store.firstLogical + i;
      return out;
    }
    return this.items.subarray(this.head, this.n);
  }

  /** Starts over (patterns changed, or a lookup the filter uses did). */
  rebuild(): void {
    this.n = 0;
    this.head = 0;
    this.next = this.store.firstLogical;
    this.laneVerdict.fill(-1);
    this.generation = this.store.generation;
    this.rebased = this.store.rebased;
  }

  /**
   * Catches up with the store: drops evicted matches, scans at most `maxScan` new messages.
   * Returns true when the view is up to date.
   */
  update(maxScan = Infinity): boolean {
    const st = this.store;
    if (this.filter.matchesAll) return true;
    if (st.generation !== this.generation) this.rebuild();
    if (st.rebased !== this.rebased) {
      const by = st.rebased - this.rebased;
      for (let i = this.head; i < this.n; i++) this.items[i] = this.items[i]! - by;
      this.next -= by;
      this.rebased = st.rebased;
    }
    const first = st.firstLogical;
    // Drop evicted matches.
    let h = this.head;
    while (h < this.n && this.items[h]! < first) h++;
    this.head = h;
    if (h > 4096 && h * 2 > this.n) {
      this.items.copyWithin(0, h, this.n);
      this.n -= h;
      this.head = 0;
    }
    if (this.next < first) this.next = first;
    const stop = Math.min(st.nextLogical, this.next + Math.max(0, maxScan));
    this.scan(this.next, stop);
    this.next = stop;
    return stop === st.nextLogical;
  }

  private scan(from: number, to: number): void {
    const st = this.store;
    const f = this.filter;
    const cap = st.capacity;
    const { time, size, flags, lane, previews } = st;
    const { flagMask, flagValue, kindBits, minSize, maxSize, search } = f;
    const tFrom = f.from;
    const tTo = f.to;
    const byLane = f.channels !== null || f.patterns !== null;
    let p = from % cap;
    for (let l = from; l < to; l++, p = p + 1 === cap ? 0 : p + 1) {
      const fl = flags[p]!;
      if ((fl & flagMask) !== flagValue) continue;
      if (kindBits !== 0 && (kindBits & (1 << ((fl & KIND_MASK) >> 2))) === 0) continue;
      if (byLane && !this.laneOk(lane[p]!)) continue;
      const s = size[p]!;
      if (s < minSize || s > maxSize) continue;
      const t = time[p]!;
      if (t < tFrom || t >= tTo) continue;
      if (search && !search.test(previews[p] ?? '')) continue;
      this.push(l);
    }
  }

  private laneOk(laneIndex: number): boolean {
    if (laneIndex < 0) return false;
    if (laneIndex >= this.laneVerdict.length) {
      const v = new Int8Array(Math.max(laneIndex + 1, this.laneVerdict.length * 2)).fill(-1);
      v.set(this.laneVerdict);
      this.laneVerdict = v;
    }
    let v = this.laneVerdict[laneIndex]!;
    if (v < 0) {
      const key = this.store.lanes.keyOf(laneIndex);
      const f = this.filter;
      let ok = f.channels === null || f.channels.has(key);
      if (ok && f.patterns !== null) ok = f.patterns.has(f.spec.patternOf?.(key) ?? '');
      v = ok ? 1 : 0;
      this.laneVerdict[laneIndex] = v;
    }
    return v === 1;
  }

  private push(l: number): void {
    if (this.n === this.items.length) {
      if (this.head > 0) {
        this.items.copyWithin(0, this.head, this.n);
        this.n -= this.head;
        this.head = 0;
      }
      if (this.n === this.items.length) {
        const next = new Int32Array(this.items.length * 2);
        next.set(this.items);
        this.items = next;
      }
    }
    this.items[this.n++] = l;
  }
}
