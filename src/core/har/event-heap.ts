/**
 * The merge of imported connections' events into one time order: a min-heap of cursors, one per
 * connection (HAR entry), ordered by the key of the event each points at (the running maximum of
 * its connection's times, so a connection's own order never changes), then by entry. Popping
 * event by event gives the whole-file sort's order (key, entry, index) without sorting the file,
 * so events can go on as soon as no later entry can precede them.
 */
export interface Cursor<T> {
  readonly entry: number;
  readonly events: readonly T[];
  pos: number;
  /** Key of events[pos]. */
  key: number;
}

export class CursorHeap<T> {
  private readonly items: Cursor<T>[] = [];

  constructor(private readonly timeOf: (e: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  /** Key of the next event in the merged order (Infinity when empty). */
  peekKey(): number {
    return this.items.length ? this.items[0]!.key : Infinity;
  }

  add(entry: number, events: readonly T[]): void {
    if (!events.length) return;
    const c: Cursor<T> = { entry, events, pos: 0, key: this.timeOf(events[0]!) };
    const a = this.items;
    a.push(c);
    // Sift up: move parents down until c's place is found.
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p]!;
      if (!before(c, parent)) break;
      a[i] = parent;
      i = p;
    }
    a[i] = c;
  }

  /** The cursor of the next event in the merged order; `take` moves it on. */
  top(): Cursor<T> {
    return this.items[0]!;
  }

  /** The next event in the merged order (the top cursor's); the cursor leaves the heap when it is done. */
  take(): T {
    const a = this.items;
    const c = a[0]!;
    const event = c.events[c.pos++]!;
    if (c.pos < c.events.length) {
      const t = this.timeOf(c.events[c.pos]!);
      if (t > c.key) c.key = t;
      this.siftDown(c);
    } else {
      const last = a.pop()!;
      if (a.length) this.siftDown(last);
    }
    return event;
  }

  /** Puts `c` at the root and moves it down to its place. */
  private siftDown(c: Cursor<T>): void {
    const a = this.items;
    const n = a.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && before(a[r]!, a[l]!) ? r : l;
      const child = a[m]!;
      if (!before(child, c)) break;
      a[i] = child;
      i = m;
    }
    a[i] = c;
  }
}

function before<T>(a: Cursor<T>, b: Cursor<T>): boolean {
  return a.key < b.key || (a.key === b.key && a.entry < b.entry);
}
