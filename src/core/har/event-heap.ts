/**
 * A min-heap of imported events by (key, entry, index): the order the whole-file merge gives
 * (each connection's events keep their order under the running maximum of their times; equal
 * keys go in file order), so events can be handed on as soon as no later entry can precede them.
 */
export interface HeapItem<T> {
  readonly key: number;
  readonly entry: number;
  readonly index: number;
  readonly value: T;
}

export class EventHeap<T> {
  private readonly items: HeapItem<T>[] = [];

  get size(): number {
    return this.items.length;
  }

  peekKey(): number {
    return this.items.length ? this.items[0]!.key : Infinity;
  }

  push(item: HeapItem<T>): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): HeapItem<T> | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before<T>(a: HeapItem<T>, b: HeapItem<T>): boolean {
  return a.key < b.key || (a.key === b.key && (a.entry < b.entry || (a.entry === b.entry && a.index < b.index)));
}
