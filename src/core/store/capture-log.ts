/**
 * The events a HAR export needs that the MessageStore does not keep: everything except WebSocket
 * frames and SSE events (page, request and connection lifecycle, response chunks), per source,
 * bounded. The messages themselves live only in the store's columns; export-events.ts rebuilds
 * them from there. Keeping every raw message object here too made each one survive the young
 * generation (1M messages: over a second of GC in bench:panel) and could pin 200k previews of up
 * to 64 KB each.
 *
 * Position: each kept event remembers `at`, the store's absolute message count (logical +
 * `rebased`, so renumbering does not move it) right after the event was ingested: messages below
 * `at` came before the event, the others after. That is enough to merge the two back into arrival
 * order exactly. Stream-chunk messages (which the store makes from `chunk` events, kept here as
 * events) take store indices too; the export does not rebuild them, so an `at` that points at one
 * orders the event before the next WebSocket/SSE message, as it should.
 *
 * Connection starts also remember the serial of their record, so their messages keep their
 * source and hook id after the record left ConnectionRecords.
 *
 * Bounds: at most `capacity` events (200,000) and `charCapacity` characters of previews, headers
 * and URLs (32 Mi, like the store's detail and full-preview budgets: a request-end carries up to
 * 64 KB). The oldest events go first, globally, and `dropped` counts them.
 */
import { unhandledEvent, type CaptureEvent, type SourceInfo } from '../protocol';
import type { CaptureSource } from './capture-source';
import type { ConnectionRecord } from './connection-record';
import { headerChars } from './connection-records';

export const CAPTURE_LOG_CAPACITY = 200_000;
export const CAPTURE_LOG_CHARS = 32 * 1024 * 1024;

/** A source's kept events with, per event, its position and (connection starts) store serial. */
export interface LoggedSource extends CaptureSource {
  /** Absolute index of the first WebSocket/SSE message in the store that arrived after the event. */
  readonly at: readonly number[];
  /** Serial of the store's connection record for a connection start, -1 for other events. */
  readonly serials: readonly number[];
}

interface Entry {
  readonly source: SourceInfo;
  events: CaptureEvent[];
  at: number[];
  serials: number[];
  /** Index of the first kept event (evicted ones are compacted away lazily). */
  head: number;
}

export class CaptureLog {
  private readonly bySource = new Map<string, Entry>();
  /** Arrival order of (source, count) runs, to evict the globally oldest events first. */
  private readonly runs: { entry: Entry; count: number }[] = [];
  private runHead = 0;
  private size = 0;
  private chars = 0;
  /** The batch being ingested: its source's entry and how many of its events were kept. */
  private entry: Entry | null = null;
  private kept = 0;
  dropped = 0;

  constructor(
    readonly capacity = CAPTURE_LOG_CAPACITY,
    readonly charCapacity = CAPTURE_LOG_CHARS,
  ) {}

  /** Starts a batch of one source's events (`Capture.ingest` only). */
  begin(source: SourceInfo): void {
    // Every source gets an entry, even one seen only through messages: the export needs its SourceInfo.
    let entry = this.bySource.get(source.sourceId);
    if (!entry) this.bySource.set(source.sourceId, (entry = { source, events: [], at: [], serials: [], head: 0 }));
    this.entry = entry;
    this.kept = 0;
  }

  /**
   * One event of the batch, after the message store took its messages: kept unless it is a
   * message. `rec` is its record (connection starts note its serial); `at` is the store's absolute
   * message count now, so the messages below it came before the event and the others after.
   * Allocation-free for messages (the common case under load).
   */
  event(e: CaptureEvent, rec: ConnectionRecord | undefined, at: number): void {
    switch (e.kind) {
      case 'ws-message':
      case 'sse':
        return;
      case 'request-start':
      case 'es-create':
      case 'ws-create':
        this.keep(e, at, rec?.serial ?? -1);
        return;
      case 'page':
      case 'response':
      case 'chunk':
      case 'request-end':
      case 'es-open':
      case 'es-error':
      case 'es-close':
      case 'ws-open':
      case 'ws-error':
      case 'ws-close':
        this.keep(e, at, -1);
        return;
      default:
        unhandledEvent(e);
    }
  }

  /** Ends the batch: evicts the oldest events over the bounds. */
  end(): void {
    if (this.kept === 0 || !this.entry) return;
    this.runs.push({ entry: this.entry, count: this.kept });
    this.size += this.kept;
    this.kept = 0;
    while (this.size > this.capacity || (this.chars > this.charCapacity && this.size > 0)) this.evictOne();
  }

  private keep(e: CaptureEvent, at: number, serial: number): void {
    const entry = this.entry!;
    entry.events.push(e);
    entry.at.push(at);
    entry.serials.push(serial);
    this.chars += charsOf(e);
    this.kept++;
  }

  get length(): number {
    return this.size;
  }

  /**
   * Every source seen, in order of first appearance, with its kept events oldest first (possibly
   * none: its messages may still be in the store).
   */
  sources(): LoggedSource[] {
    const out: LoggedSource[] = [];
    for (const e of this.bySource.values()) {
      const h = e.head;
      out.push({
        source: e.source,
        events: h ? e.events.slice(h) : e.events,
        at: h ? e.at.slice(h) : e.at,
        serials: h ? e.serials.slice(h) : e.serials,
      });
    }
    return out;
  }

  clear(): void {
    this.entry = null;
    this.kept = 0;
    this.bySource.clear();
    this.runs.length = 0;
    this.runHead = 0;
    this.size = 0;
    this.chars = 0;
    this.dropped = 0;
  }

  private evictOne(): void {
    const run = this.runs[this.runHead]!;
    const entry = run.entry;
    this.chars -= charsOf(entry.events[entry.head]!);
    entry.head++;
    run.count--;
    this.size--;
    this.dropped++;
    if (run.count === 0) this.runHead++;
    // Compact now and then, so evicted events are really freed.
    if (entry.head > 4096 && entry.head * 2 > entry.events.length) {
      entry.events = entry.events.slice(entry.head);
      entry.at = entry.at.slice(entry.head);
      entry.serials = entry.serials.slice(entry.head);
      entry.head = 0;
    }
    if (this.runHead > 1024 && this.runHead * 2 > this.runs.length) {
      this.runs.splice(0, this.runHead);
      this.runHead = 0;
    }
  }
}

/** Characters of an event's variable-length parts (what can be large): what `charCapacity` counts. */
function charsOf(e: CaptureEvent): number {
  switch (e.kind) {
    case 'request-end':
      return e.preview ? e.preview.data.length : 0;
    case 'request-start':
      return e.url.length + headerChars(e.requestHeaders);
    case 'response':
      return e.url.length + headerChars(e.headers);
    case 'page':
    case 'es-create':
      return e.url.length;
    case 'ws-create':
      return e.protocols.reduce((n, p) => n + p.length + 2, e.url.length);
    case 'ws-close':
      return e.reason.length;
    case 'ws-message':
    case 'sse':
    case 'chunk':
    case 'es-open':
    case 'es-error':
    case 'es-close':
    case 'ws-open':
    case 'ws-error':
      return 0;
    default:
      unhandledEvent(e);
      return 0;
  }
}
