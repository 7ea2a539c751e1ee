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
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  /** The next event in the merged order, and the cursor it came from (removed from the heap). */
  take(): { event: T; cursor: Cursor<T> } {
    const a = this.items;
    const c = a[0]!;
    const event = c.events[c.pos++]!;
    if (c.pos < c.events.length) {
      const t = this.timeOf(c.events[c.pos]!);
      if (t > c.key) c.key = t;
    } else {
      const last = a.pop()!;
      if (!a.length) return { event, cursor: c };
      a[0] = last;
    }
    this.siftDown();
    return { event, cursor: c };
  }

  private siftDown(): void {
    const a = this.items;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && before(a[l]!, a[m]!)) m = l;
      if (r < a.length && before(a[r]!, a[m]!)) m = r;
      if (m === i) return;
      [a[i], a[m]] = [a[m]!, a[i]!];
      i = m;
    }
  }
}

function before<T>(a: Cursor<T>, b: Cursor<T>): boolean {
  return a.key < b.key || (a.key === b.key && a.entry < b.entry);
}
