import type { CaptureEvent, SequencedEvent } from '../core/protocol';

/** Rough bytes an event holds: enough to bound memory without measuring every string exactly. */
export function eventWeight(e: CaptureEvent): number {
  const p = 'preview' in e ? e.preview : null;
  return 160 + (p ? p.data.length * 2 : 0) + ('url' in e ? e.url.length * 2 : 0);
}

/**
 * The relay's memory of one document's events, numbered 1, 2, 3, ... Bounded by count and by
 * weight; evicts oldest first and counts what it dropped, so panels that attach late or
 * reconnect after the background restarted can ask for everything after the last seq they saw.
 */
export class EventBuffer {
  private items: SequencedEvent[] = [];
  private head = 0;
  private weight = 0;
  private nextSeq = 1;
  dropped = 0;

  constructor(
    private readonly maxEvents = 50_000,
    private readonly maxWeight = 64 * 1024 * 1024,
  ) {}

  add(e: CaptureEvent): SequencedEvent {
    const s = { ...e, seq: this.nextSeq++ } as SequencedEvent;
    this.items.push(s);
    this.weight += eventWeight(e);
    while (this.items.length - this.head > this.maxEvents || (this.weight > this.maxWeight && this.items.length - this.head > 1)) {
      const old = this.items[this.head++]!;
      this.weight -= eventWeight(old);
      this.dropped++;
    }
    // Compact now and then instead of shifting on every eviction.
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return s;
  }

  /** Everything held with seq > after, oldest first. */
  after(after: number): SequencedEvent[] {
    const first = this.items[this.head];
    if (!first) return [];
    const start = Math.max(this.head, this.head + (after + 1 - first.seq));
    return this.items.slice(start);
  }

  /** How many seqs after `after` were evicted (a replay from `after` cannot include them). */
  missedAfter(after: number): number {
    const firstHeld = this.items[this.head]?.seq ?? this.nextSeq;
    return Math.max(0, firstHeld - after - 1);
  }

  get size(): number {
    return this.items.length - this.head;
  }
}
