/**
 * The raw events a panel has received, per source, bounded: what a HAR export is built from (the
 * HAR writer needs the events themselves, not the folded rows). When full, the oldest events go
 * first and `dropped` counts them, so an export of a long session says what it lacks.
 */
import type { CaptureEvent, SourceInfo } from './protocol';
import type { CaptureSource } from './report';

export const CAPTURE_LOG_CAPACITY = 200_000;

interface Entry {
  readonly source: SourceInfo;
  events: CaptureEvent[];
  /** Index of the first kept event in `events` (evicted ones are compacted away lazily). */
  head: number;
}

export class CaptureLog {
  private readonly bySource = new Map<string, Entry>();
  /** Arrival order of (source, count) runs, to evict the globally oldest events first. */
  private readonly runs: { entry: Entry; count: number }[] = [];
  private runHead = 0;
  private size = 0;
  dropped = 0;

  constructor(readonly capacity = CAPTURE_LOG_CAPACITY) {}

  append(source: SourceInfo, events: readonly CaptureEvent[]): void {
    if (!events.length) return;
    let entry = this.bySource.get(source.sourceId);
    if (!entry) this.bySource.set(source.sourceId, (entry = { source, events: [], head: 0 }));
    for (const e of events) entry.events.push(e);
    this.runs.push({ entry, count: events.length });
    this.size += events.length;
    while (this.size > this.capacity) this.evict(this.size - this.capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Kept events per source, oldest first (sources in order of first appearance). */
  sources(): CaptureSource[] {
    const out: CaptureSource[] = [];
    for (const e of this.bySource.values()) {
      const events = e.head ? e.events.slice(e.head) : e.events;
      if (events.length) out.push({ source: e.source, events });
    }
    return out;
  }

  clear(): void {
    this.bySource.clear();
    this.runs.length = 0;
    this.runHead = 0;
    this.size = 0;
    this.dropped = 0;
  }

  private evict(n: number): void {
    const run = this.runs[this.runHead]!;
    const k = Math.min(n, run.count);
    run.entry.head += k;
    run.count -= k;
    this.size -= k;
    this.dropped += k;
    if (run.count === 0) this.runHead++;
    // Compact now and then, so evicted events are really freed.
    if (run.entry.head > 4096 && run.entry.head * 2 > run.entry.events.length) {
      run.entry.events = run.entry.events.slice(run.entry.head);
      run.entry.head = 0;
    }
    if (this.runHead > 1024 && this.runHead * 2 > this.runs.length) {
      this.runs.splice(0, this.runHead);
      this.runHead = 0;
    }
  }
}
