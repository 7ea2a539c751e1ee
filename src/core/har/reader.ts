/**
 * HAR entries to capture events, one entry at a time, from any writer: our own files (rebuilt
 * exactly, via `_polltergeist`), Chrome DevTools, chrome-har, Playwright, Firefox, Fiddler,
 * Charles, mitmproxy. Fed by `fromHar` (a parsed file) or by the streaming scanner (`read-stream.ts`,
 * a file too big to parse whole); both give the same events.
 *
 * Events are handed to the sink in time order as runs of one source. With a finite `window`, an
 * event is handed on once the entries reach `window` ms past it, so memory holds only the events
 * still in play; a file whose entries are further out of order than that throws `OutOfOrder` and
 * is read again whole (window Infinity). Our own pages' events are replayed in their captured
 * order and returned by `finish` (`collected`) rather than streamed.
 *
 * Errors: a broken entry (a startedDateTime that is not a date, a negative time, no URL) is
 * skipped with a warning naming it; when no entry at all is usable, HarError.
 */
import type { CaptureEvent, SourceInfo } from '../protocol';
import type { CaptureSource } from '../store/capture-source';
import { FIELD_CAP, isObject, kindOf, num, shown, str, type Json } from './fields';
import { HarError } from './har-error';
import { transportOf } from './entry-kind';
import { entryTimes } from './entry-times';
import { CursorHeap } from './event-heap';
import { eventsOf, newSlot, readPages, sourceOf, type Slot } from './pages';
import { eventsFromForeign, type EntryTimes } from './read-foreign';
import { eventsFromOurs } from './read-ours';
import { ClockWindow, FENCE_WINDOW, inFence, offFence, type TimeFence } from './time-fence';
import { Warnings } from './warnings';

type ConnEvent = Exclude<CaptureEvent, { kind: 'page' }>;

export type HarSink = (source: SourceInfo, events: CaptureEvent[]) => void;

export interface HarReaderOptions {
  /** ms: hand events on once entries are this far past them; Infinity holds all until `finish`. */
  readonly window?: number;
}

/** The file cannot be read entry by entry (out of order, pages after entries): read it whole. */
export class ReadWhole extends Error {
  override readonly name = 'ReadWhole';
}

export interface HarReadResult {
  readonly warnings: string[];
  /** Sources of our own pages, their events in captured order: ingest after the streamed ones. */
  readonly collected: CaptureSource[];
  /** Source ids in the file's page order (then entries without a page), for callers that collect. */
  readonly order: string[];
}

/** The log's `version` and `entries` as HAR requires them; the message when they are not. */
export function versionProblem(version: unknown): string | null {
  if (version === undefined) return 'not a HAR file: "log.version" is missing';
  if (typeof version !== 'string') return `not a HAR file: "log.version" is ${kindOf(version)}, not a string`;
  return null;
}

export function entriesProblem(entries: unknown): string | null {
  if (entries === undefined) return 'not a HAR file: "log.entries" is missing';
  if (!Array.isArray(entries)) return `not a HAR file: "log.entries" is ${kindOf(entries)}, not an array`;
  return null;
}

export class HarReader {
  private readonly warnings = new Warnings();
  private readonly window: number;
  private slots = new Map<string, Slot>();
  private readonly unpaged = newSlot(null, null, null);
  private readonly sources = new Map<Slot, SourceInfo>();
  private readonly heap = new CursorHeap<ConnEvent>((e) => e.t);
  /** Each queued entry's slot (a source), by entry index, until its last event has gone on. */
  private readonly slotOf = new Map<number, Slot>();
  private readonly skipped = new Map<string, number>();
  private version: unknown = undefined;
  private sawEntries = false;
  private count = 0;
  private valid = 0;
  private guessed = 0;
  private firstProblem = '';
  /** Highest key handed on: an entry starting before it is out of order beyond the window. */
  private flushedKey = -Infinity;
  private early: unknown[] | null = [];
  private clock: ClockWindow | null = null;
  private lastGood: { index: number; start: number } | null = null;

  constructor(
    private readonly sink: HarSink,
    opts: HarReaderOptions = {},
  ) {
    this.window = opts.window ?? Infinity;
  }

  /** A member of `log` other than `entries`, in file order. */
  member(name: string, value: unknown): void {
    if (name === 'version') {
      const problem = versionProblem(value);
      if (problem) throw new HarError(problem);
      this.version = value;
      if (value !== '1.2' && value !== '1.1') this.warnings.add(`log.version is ${shown(value)}; read as HAR 1.2`);
    } else if (name === 'pages') {
      // Entries already read went to the unpaged source: a file that lists its pages last is read whole.
      if (this.count > 0) throw new ReadWhole('log.pages comes after log.entries');
      this.slots = readPages(value, this.warnings);
    }
  }

  /** `log.entries` begins (its items follow through `entry`). */
  beginEntries(): void {
    this.sawEntries = true;
  }

  entry(raw: unknown): void {
    const index = this.count++;
    if (this.early) {
      this.early.push(raw);
      if (this.early.length >= FENCE_WINDOW) this.drainEarly();
      return;
    }
    this.process(raw, index, null);
  }

  finish(): HarReadResult {
    if (this.early) this.drainEarly();
    const vp = versionProblem(this.version);
    if (vp) throw new HarError(vp);
    if (!this.sawEntries) throw new HarError(entriesProblem(undefined)!);
    this.flush(Infinity);
    const w = this.warnings;
    if (this.count > 0 && this.valid === 0) {
      throw new HarError(`no usable entries: all ${this.count} entr${this.count === 1 ? 'y is' : 'ies are'} broken (${this.firstProblem})`);
    }
    if (this.count === 0) w.add('the HAR has no entries');
    if (this.skipped.size) {
      const total = [...this.skipped.values()].reduce((a, b) => a + b, 0);
      const kinds = [...this.skipped].map(([k, n]) => `${k} ${n}`).join(', ');
      w.add(
        `skipped ${total} entr${total === 1 ? 'y that is' : 'ies that are'} not fetch, XHR, EventSource or WebSocket traffic (${kinds}): the page's own loads are invisible to a live capture too`,
      );
    }
    if (this.guessed) w.add(`${this.guessed} entr${this.guessed === 1 ? 'y has' : 'ies have'} no _resourceType; read as fetch or WebSocket by URL and MIME type`);

    const collected: CaptureSource[] = [];
    const order: string[] = [];
    for (const slot of [...this.slots.values(), this.unpaged]) {
      if (slot.ours) {
        if (!slot.conns.length && !slot.ours.events.length) continue;
        const source = this.sourceFor(slot);
        collected.push({ source, events: eventsOf(slot, w) });
        order.push(source.sourceId);
      } else if (this.sources.has(slot)) {
        order.push(this.sources.get(slot)!.sourceId);
      }
    }
    return { warnings: w.done(), collected, order };
  }

  /* ------------------------------------------------------------ entries */

  /** The first entries, held until the clock's first window is known. */
  private drainEarly(): void {
    const early = this.early!;
    this.early = null;
    const starts: number[] = [];
    for (const e of early) {
      const sdt = isObject(e) ? e['startedDateTime'] : undefined;
      const t = typeof sdt === 'string' ? Date.parse(sdt) : NaN;
      if (Number.isFinite(t)) starts.push(t);
    }
    this.clock = new ClockWindow(starts);
    const base = this.count - early.length;
    early.forEach((raw, k) => this.process(raw, base + k, early.slice(k + 1)));
  }

  private process(raw: unknown, i: number, ahead: readonly unknown[] | null): void {
    const w = this.warnings;
    const problem = (message: string): void => {
      if (!this.firstProblem) this.firstProblem = message;
      w.add(`${message}; entry skipped`);
    };
    if (!isObject(raw)) return problem(`entry ${i}: is ${kindOf(raw)}, not an object`);
    let times = entryTimes(raw, i);
    if (typeof times === 'string') return problem(times);
    const fence = this.clock!.fence();
    if (fence && !inFence(fence, times.start) && raw['_polltergeist'] === undefined) {
      const placed = placeOutlier(raw, times, fence, this.lastGood, ahead);
      w.add(`entry ${i}: startedDateTime ${shown(raw['startedDateTime'])} is ${offFence(fence, times.start)} the file's other entries; ${placed.where}`);
      times = placed.times;
    } else {
      this.lastGood = { index: i, start: times.start };
      if (!ahead) this.clock!.accept(times.start);
    }
    const request = raw['request'];
    if (!isObject(request)) return problem(`entry ${i}: request is ${request === undefined ? 'missing' : `${kindOf(request)}, not an object`}`);
    if (typeof request['url'] !== 'string' || request['url'] === '') return problem(`entry ${i}: request.url is missing`);
    this.valid++;

    const pageref = str(raw['pageref'], FIELD_CAP);
    const slot = (pageref !== undefined ? this.slots.get(pageref) : undefined) ?? this.unpaged;
    let events: ConnEvent[] | null = null;
    let ours = false;
    if (raw['_polltergeist'] !== undefined) {
      const read = eventsFromOurs(raw, raw['_polltergeist']);
      if ('events' in read) {
        events = read.events;
        ours = true;
      } else {
        w.add(`entry ${i}: its _polltergeist field is damaged (${read.damaged}); read as a plain HAR entry`);
      }
    }
    if (!events) {
      const kind = transportOf(raw, request);
      if ('skip' in kind) {
        this.skipped.set(kind.skip, (this.skipped.get(kind.skip) ?? 0) + 1);
        return;
      }
      if (kind.guessed) this.guessed++;
      events = eventsFromForeign(raw, kind.transport, times, { pageStart: slot.start, fence, warn: (m) => w.add(m) });
    }
    if (slot.ours) {
      slot.conns.push({ entry: i, events, ours });
      return;
    }
    this.queue(slot, i, events, times.start);
  }

  /** An entry's events into the time-ordered queue; those no later entry can precede go on. */
  private queue(slot: Slot, entry: number, events: readonly ConnEvent[], start: number): void {
    if (start < this.flushedKey) {
      throw new ReadWhole(`entry ${entry} starts ${Math.round(this.flushedKey - start)} ms before events already read`);
    }
    if (!events.length) return;
    this.slotOf.set(entry, slot);
    this.heap.add(entry, events);
    if (this.window !== Infinity) this.flush(start - this.window);
  }

  private flush(limit: number): void {
    let slot: Slot | null = null;
    let run: CaptureEvent[] = [];
    while (this.heap.size && this.heap.peekKey() <= limit) {
      const cursor = this.heap.top();
      if (cursor.key > this.flushedKey) this.flushedKey = cursor.key;
      const from = this.slotOf.get(cursor.entry)!;
      const event = this.heap.take();
      if (cursor.pos === cursor.events.length) this.slotOf.delete(cursor.entry);
      if (from !== slot) {
        if (slot && run.length) this.sink(this.sourceFor(slot), run);
        slot = from;
        run = [];
      }
      run.push(event);
    }
    if (slot && run.length) this.sink(this.sourceFor(slot), run);
  }

  private sourceFor(slot: Slot): SourceInfo {
    let s = this.sources.get(slot);
    if (!s) {
      s = sourceOf(slot, this.sources.size);
      this.sources.set(slot, s);
    }
    return s;
  }
}

/**
 * Where an entry stamped off the file's clock goes: at its first WebSocket frame or SSE event when
 * that is on the clock (the connection was open by then), else with the entry before it in the
 * file (exporters write entries in the order they started), else with the first one after it that
 * is on the clock (`ahead`: the entries after it that are known yet).
 */
function placeOutlier(
  raw: Json,
  times: EntryTimes,
  fence: TimeFence,
  before: { index: number; start: number } | null,
  ahead: readonly unknown[] | null,
): { times: EntryTimes; where: string } {
  for (const field of ['_webSocketMessages', '_eventSourceMessages']) {
    const list = raw[field];
    const first = Array.isArray(list) ? list.find((m) => isObject(m) && num(m['time']) !== undefined) : undefined;
    const t = isObject(first) ? num(first['time'])! * 1000 : NaN;
    if (Number.isFinite(t) && inFence(fence, t)) {
      return { times: { ...times, start: t }, where: `placed at its first ${field === '_webSocketMessages' ? 'WebSocket message' : 'event'}` };
    }
  }
  if (before) return { times: { ...times, start: before.start }, where: `placed with entry ${before.index}, the one before it in the file` };
  for (const [k, e] of (ahead ?? []).entries()) {
    const sdt = isObject(e) ? e['startedDateTime'] : undefined;
    const t = typeof sdt === 'string' ? Date.parse(sdt) : NaN;
    if (Number.isFinite(t) && inFence(fence, t)) return { times: { ...times, start: t }, where: `placed with entry ${times.index + 1 + k}, the first after it in the file` };
  }
  return { times, where: 'left where it is' };
}
