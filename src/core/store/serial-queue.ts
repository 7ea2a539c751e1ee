/** A FIFO of serials with O(1) amortized push/shift and occasional compaction. */
export class SerialQueue {
  private items: number[] = [];
  private head = 0;

  push(s: number): void {
    this.items.push(s);
  }

  shift(): number | undefined {
    if (this.head >= this.items.length) return undefined;
    const s = this.items[this.head++]!;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return s;
  }

  /** Drops entries that no longer qualify (called when the queue outgrows what it tracks). */
  retain(keep: (s: number) => boolean): void {
    const out: number[] = [];
    for (let i = this.head; i < this.items.length; i++) if (keep(this.items[i]!)) out.push(this.items[i]!);
    this.items = out;
    this.head = 0;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
