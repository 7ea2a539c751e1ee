/**
 * Which sequence numbers of one source a panel has already applied. Live batches and replays can
 * overlap and arrive interleaved (a panel subscribes while events are in flight; the background
 * restarts), so the panel applies each event exactly once, in whatever order it comes.
 */
export class SeqTracker {
  /** Every seq <= contiguous has been seen. */
  private contiguous = 0;
  private readonly above = new Set<number>();

  /** Marks seq as seen; false if it had been seen already. */
  accept(seq: number): boolean {
    // The usual case, events in order with no gap: no set traffic (a million events per replay).
    if (seq === this.contiguous + 1 && this.above.size === 0) {
      this.contiguous = seq;
      return true;
    }
    if (seq <= this.contiguous || this.above.has(seq)) return false;
    this.above.add(seq);
    while (this.above.delete(this.contiguous + 1)) this.contiguous++;
    // Gaps left by events evicted at the source would pin the set forever: bound it.
    if (this.above.size > 4096) {
      const min = Math.min(...this.above);
      this.contiguous = min - 1;
      while (this.above.delete(this.contiguous + 1)) this.contiguous++;
    }
    return true;
  }

  /** Marks every seq up to `seq` as seen (a range the source no longer has). */
  skipThrough(seq: number): void {
    if (seq <= this.contiguous) return;
    this.contiguous = seq;
    for (const s of this.above) if (s <= seq) this.above.delete(s);
    while (this.above.delete(this.contiguous + 1)) this.contiguous++;
  }

  /** The highest seq such that everything up to it has been seen: ask the source to replay after it. */
  get resumeAfter(): number {
    return this.contiguous;
  }
}
