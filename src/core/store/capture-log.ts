/**
 * The events a HAR export needs that the MessageStore does not keep: everything except WebSocket
 * frames and SSE events (page, request and connection lifecycle, response chunks), per source,
 * bounded. The messages themselves live only in the store's columns; export-events.ts rebuilds
 * them from there. Keeping every raw message object here too made each one survive the young
 * generation (1M messages: over a second of GC in bench:panel) and could pin 200k previews of up
 * to 64 KB each.
 *
 * Position: each kept event remembers `at`, the store's absolute message index (logical +
 * `rebased`, so renumbering does not move it) of the first WebSocket/SSE message that arrived
 * after it: messages below `at` came before the event, the others after. That is enough to merge
 * the two back into arrival order exactly. Stream-chunk messages (which the store makes from
 * `chunk` events, kept here as events) take store indices too, but are never the message an
 * event is placed before: the export does not rebuild them, so only WebSocket/SSE ones are ordered.
 *
 * Connection starts also remember the serial of the store's record for them, so their messages
 * keep their source and hook id after the record left the store's connection table.
 *
 * Bounds: at most `capacity` events (200,000) and `charCapacity` characters of previews, headers
 * and URLs (32 Mi, like the store's detail and full-preview budgets: a request-end carries up to
 * 64 KB). The oldest events go first, globally, and `dropped` counts them.
 */
import type { FrameBatch } from '../protocol/frames';
import type { CaptureEvent, SourceInfo } from '../protocol';
import type { CaptureSource } from '../report/report';
import { headerChars } from './connection-table';
import type { MessageStore } from './message-store';

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

/** Events the store keeps as messages (and the export rebuilds from it): never logged. */
export function isMessageEvent(e: CaptureEvent): boolean {
  return e.kind === 'ws-message' || e.kind === 'sse';
}

/** The store's absolute message count: take it just before `store.ingest`, pass it to `append`. */
export function messageMark(store: MessageStore): number {
  return store.nextLogical + store.rebased;
}

export class CaptureLog {
  private readonly bySource = new Map<string, Entry>();
  /** Arrival order of (source, count) runs, to evict the globally oldest events first. */
  private readonly runs: { entry: Entry; count: number }[] = [];
  private runHead = 0;
  private size = 0;
  private chars = 0;
  /** Positions of one batch's kept events (reused). */
  private readonly scratch: number[] = [];
  dropped = 0;

  constructor(
    readonly capacity = CAPTURE_LOG_CAPACITY,
    readonly charCapacity = CAPTURE_LOG_CHARS,
  ) {}

  /**
   * Keeps the non-message events of a batch `store` has just ingested; `mark` is
   * `messageMark(store)` taken before that ingest. O(batch), allocation-free for a batch of
   * messages only (the common case under load).
   */
  append(source: SourceInfo, events: readonly CaptureEvent[], store: MessageStore, mark: number, frames?: FrameBatch): void {
    // Every source gets an entry, even one seen only through messages: the export needs its SourceInfo.
    let entry = this.bySource.get(source.sourceId);
    if (!entry) this.bySource.set(source.sourceId, (entry = { source, events: [], at: [], serials: [], head: 0 }));
    let kept = 0;
    for (let i = 0; i < events.length; i++) if (!isMessageEvent(events[i]!)) kept++;
    if (kept === 0) return;
    const at = this.positions(events, kept, store, mark, frames);
    const conns = store.connections;
    let j = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (isMessageEvent(e)) continue;
      entry.events.push(e);
      entry.at.push(at[j++]!);
      const starts = e.kind === 'request-start' || e.kind === 'es-create' || e.kind === 'ws-create';
      entry.serials.push(starts ? (conns.find(source.sourceId, e.id)?.serial ?? -1) : -1);
      this.chars += charsOf(e);
    }
    this.runs.push({ entry, count: kept });
    this.size += kept;
    while (this.size > this.capacity || (this.chars > this.charCapacity && this.size > 0)) this.evictOne();
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
    this.bySource.clear();
    this.runs.length = 0;
    this.runHead = 0;
    this.size = 0;
    this.chars = 0;
    this.dropped = 0;
  }

  /**
   * Positions of the batch's kept events, in order. Walks backwards from the store's end, in
   * arrival order (events and `frames` merged): each WebSocket/SSE event made exactly one message,
   * in order, so the message of the last one is the newest non-chunk message, and so on down. Below the store's oldest live message the kinds are
   * unknown (a batch longer than the ring), but every position there means "before every live
   * message" alike, so counting them as non-chunks is harmless.
   */
  private positions(events: readonly CaptureEvent[], kept: number, store: MessageStore, mark: number, frames: FrameBatch | undefined): number[] {
    const out = this.scratch;
    out.length = kept;
    const rebased = store.rebased;
    let next = store.nextLogical + rebased;
    const total = events.length + (frames ? frames.length : 0);
    // Only stream chunks make the store's count differ from the batch's message events.
    const chunks = next - mark !== total - kept;
    const order = frames?.order;
    let j = kept;
    for (let k = total - 1; k >= 0; k--) {
      const i = order ? order[k]! : k;
      if (i >= 0 && !isMessageEvent(events[i]!)) {
        out[--j] = next;
        continue;
      }
      let m = next - 1;
      if (chunks) {
        while (m > mark && store.has(m - rebased) && store.kindOf(m - rebased) === 'chunk') m--;
      }
      next = m;
    }
    return out;
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
    default:
      return 0;
  }
}
