/**
 * The store's table of requests and connections: one record per fetch/XHR request, EventSource or
 * WebSocket, updated in place as its events arrive. These are the lifetimes the timeline draws as
 * bars (see `barsInRange` in bins.ts) and the rows the detail view shows headers and timing for.
 *
 * Bounded twice:
 * - records: at most `capacity` (default 100,000); beyond it the record that finished longest ago
 *   goes, or the oldest one when none has finished; `dropped` counts them. Messages of an evicted
 *   connection stay in the message store (they carry their own lane).
 * - details (headers and body preview, the heavy part): kept for the `detailCapacity` most recent
 *   records (default 10,000) within `detailChars` characters (default 32 Mi); older records keep
 *   their numbers and answer `detailsEvicted: true`.
 */
import type { Header, Preview, Transport } from '../protocol';

export type ConnectionState = 'pending' | 'open' | 'done' | 'error' | 'closed';

export interface ConnectionRecord {
  /** Stable id of this record in the table (messages refer to it); grows with every record. */
  readonly serial: number;
  /** sourceId + ':' + the hook's id. */
  readonly key: string;
  readonly sourceId: string;
  readonly id: string;
  /** Channel key from the classifier ('' until known) and its lane in the store's ChannelIndex (-1 until known). */
  channel: string;
  lane: number;
  readonly transport: Transport;
  readonly method: string;
  url: string;
  readonly frameUrl: string;
  readonly top: boolean;
  readonly start: number;
  /** Response headers arrived / the connection (first) opened. */
  responseAt: number | null;
  end: number | null;
  status: number;
  statusText: string;
  contentType: string;
  protocol: string;
  state: ConnectionState;
  /** '' | 'abort' | 'error' | 'timeout' for requests; 'error', 'reconnecting', 'closed by error' for sockets and EventSources. */
  error: string;
  note: string;
  closeCode: number | null;
  closeReason: string;
  bytesUp: number;
  bytesDown: number;
  messagesUp: number;
  messagesDown: number;
  chunks: number;
  /** EventSource opens after the first (automatic reconnects). */
  reconnects: number;
  /**
   * Reconnect gaps (EventSource): flat [from, to, from, to, ...], `to` NaN while the gap is still
   * open. The most recent 32 gaps are kept.
   */
  gaps: number[];
  /** Headers and body preview: null once evicted (`detailsEvicted`) or before they arrive. */
  requestHeaders: readonly Header[] | null;
  responseHeaders: readonly Header[] | null;
  bodyPreview: Preview | null;
  bodyHash: string;
  detailsEvicted: boolean;
  /** Created from a message whose connection start was never seen (evicted, or before a replay). */
  readonly partial: boolean;
  /** The response is an event stream (its chunks are not messages: its SSE events are). */
  eventStream: boolean;
  /** Bumped on every change so a UI can re-render only touched rows. */
  version: number;
  /** Internal: position in its lane's bar list, characters of kept details, channel lookups missed. */
  lanePos: number;
  detailSize: number;
  lookups: number;
  firstChunkT: number;
  firstChunkSize: number;
}

export interface NewConnection {
  readonly sourceId: string;
  readonly id: string;
  readonly transport: Transport;
  readonly method: string;
  readonly url: string;
  readonly frameUrl: string;
  readonly top: boolean;
  readonly start: number;
  readonly requestHeaders: readonly Header[] | null;
  readonly bytesUp: number;
  readonly partial: boolean;
}

export interface ConnectionTableOptions {
  /** Records kept (default 100,000). */
  readonly capacity?: number;
  /** Records that keep their headers and body preview (default 10,000). */
  readonly detailCapacity?: number;
  /** Characters of headers and body previews kept over all records (default 32 Mi). */
  readonly detailChars?: number;
}

const MAX_GAP_NUMBERS = 64;

/** Bits of LaneBars.flags. */
export const ENTRY_ERROR = 2;
export const ENTRY_PENDING = 4;
/** The record has reconnect gaps: draw it from the record. */
export const ENTRY_GAPS = 32;
export const ENTRY_REMOVED = 64;

/**
 * Per lane: its records in order of start as parallel arrays, so the timeline's bars are a scan
 * of typed arrays (records are read only for open ones and ones with reconnect gaps).
 */
export class LaneBars {
  n = 0;
  serial = new Int32Array(16);
  /** max(start, previous startKey): sorted, for binary search. */
  startKey = new Float64Array(16);
  start = new Float64Array(16);
  /** End of a finished record, -Infinity while open. */
  endKey = new Float64Array(16);
  /** Response / open time, NaN before. */
  resp = new Float64Array(16);
  flags = new Uint8Array(16);
  /** Running max of endKey over [0, i]; valid below `dirtyFrom`. */
  prefEnd = new Float64Array(16);
  dirtyFrom = 0;
  /** Positions of open records, ascending. */
  open: number[] = [];
  removed = 0;
  private lastStart = -Infinity;

  append(rec: ConnectionRecord): void {
    if (this.n === this.serial.length) this.resize(this.n * 2);
    const i = this.n++;
    this.serial[i] = rec.serial;
    const key = rec.start > this.lastStart ? rec.start : this.lastStart;
    this.lastStart = key;
    this.startKey[i] = key;
    this.start[i] = rec.start;
    this.endKey[i] = rec.end ?? -Infinity;
    if (rec.end === null) this.open.push(i);
    if (i < this.dirtyFrom) this.dirtyFrom = i;
    rec.lanePos = i;
    this.update(rec);
  }

  /** Copies a record's state (response, error, gaps, end) into its entry. */
  update(rec: ConnectionRecord): void {
    const i = rec.lanePos;
    if (i < 0 || i >= this.n || this.serial[i] !== rec.serial) return;
    this.resp[i] = rec.responseAt ?? NaN;
    this.flags[i] =
      (rec.state === 'error' ? ENTRY_ERROR : 0) | (rec.responseAt === null ? ENTRY_PENDING : 0) | (rec.gaps.length > 0 ? ENTRY_GAPS : 0);
    if (rec.end !== null && this.endKey[i] === -Infinity) {
      this.endKey[i] = rec.end;
      const k = this.open.indexOf(i);
      if (k >= 0) this.open.splice(k, 1);
      if (i < this.dirtyFrom) this.dirtyFrom = i;
    }
  }

  removedRecord(rec: ConnectionRecord, get: (serial: number) => ConnectionRecord | undefined): void {
    const i = rec.lanePos;
    if (i >= 0 && i < this.n && this.serial[i] === rec.serial) {
      this.flags[i] = ENTRY_REMOVED;
      const k = this.open.indexOf(i);
      if (k >= 0) this.open.splice(k, 1);
    }
    this.removed++;
    if (this.removed >= 64 && this.removed * 2 >= this.n) this.compact(get);
  }

  /** Brings prefEnd up to date. */
  refresh(): void {
    const n = this.n;
    let i = this.dirtyFrom;
    if (i >= n) return;
    const pe = this.prefEnd;
    const ek = this.endKey;
    let m = i > 0 ? pe[i - 1]! : -Infinity;
    for (; i < n; i++) {
      const v = ek[i]!;
      if (v > m) m = v;
      pe[i] = m;
    }
    this.dirtyFrom = n;
  }

  private compact(get: (serial: number) => ConnectionRecord | undefined): void {
    let w = 0;
    this.open = [];
    for (let r = 0; r < this.n; r++) {
      const rec = get(this.serial[r]!);
      if (!rec || this.flags[r]! & ENTRY_REMOVED) continue;
      this.serial[w] = this.serial[r]!;
      this.startKey[w] = this.startKey[r]!;
      this.start[w] = this.start[r]!;
      this.endKey[w] = this.endKey[r]!;
      this.resp[w] = this.resp[r]!;
      this.flags[w] = this.flags[r]!;
      if (this.endKey[w] === -Infinity) this.open.push(w);
      rec.lanePos = w;
      w++;
    }
    this.n = w;
    this.removed = 0;
    this.dirtyFrom = 0;
    let cap = this.serial.length;
    while (cap > 16 && cap >= w * 4) cap >>>= 1;
    if (cap !== this.serial.length) this.resize(cap);
  }

  private resize(cap: number): void {
    const n = Math.min(this.n, cap);
    const copy = <T extends Int32Array | Float64Array | Uint8Array>(a: T, b: T): T => {
      b.set(a.subarray(0, n));
      return b;
    };
    this.serial = copy(this.serial, new Int32Array(cap));
    this.startKey = copy(this.startKey, new Float64Array(cap));
    this.start = copy(this.start, new Float64Array(cap));
    this.endKey = copy(this.endKey, new Float64Array(cap));
    this.resp = copy(this.resp, new Float64Array(cap));
    this.flags = copy(this.flags, new Uint8Array(cap));
    this.prefEnd = copy(this.prefEnd, new Float64Array(cap));
  }
}

/** A FIFO of serials with O(1) amortized push/shift and occasional compaction. */
class SerialQueue {
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

export class ConnectionTable {
  readonly capacity: number;
  readonly detailCapacity: number;
  readonly detailChars: number;
  /** Records evicted since the last clear. */
  dropped = 0;
  /** Bumped on every change. */
  version = 0;
  /** Records created since the table was made. */
  created = 0;
  /**
   * Earliest start of any record since the last clear: the time origin of the Requests table.
   * Not the first record's: frames batch independently, so a later record can have started earlier.
   */
  firstStart = Infinity;
  private readonly bySerial = new Map<number, ConnectionRecord>();
  private readonly bySource = new Map<string, Map<string, ConnectionRecord>>();
  private readonly order = new SerialQueue();
  private readonly finishedQueue = new SerialQueue();
  private readonly detailQueue = new SerialQueue();
  private detailCount = 0;
  private detailUsed = 0;
  private nextSerial = 0;
  private readonly lanes: (LaneBars | undefined)[] = [];
  private orderedCache: ConnectionRecord[] | null = null;

  constructor(opts: ConnectionTableOptions = {}) {
    this.capacity = Math.max(1, Math.floor(opts.capacity ?? 100_000));
    this.detailCapacity = Math.max(0, Math.floor(opts.detailCapacity ?? 10_000));
    this.detailChars = Math.max(0, Math.floor(opts.detailChars ?? 32 * 1024 * 1024));
  }

  get size(): number {
    return this.bySerial.size;
  }

  get(serial: number): ConnectionRecord | undefined {
    return this.bySerial.get(serial);
  }

  find(sourceId: string, id: string): ConnectionRecord | undefined {
    return this.bySource.get(sourceId)?.get(id);
  }

  /** By connection key (`sourceId:id`; source ids contain no ':'). */
  byKey(key: string): ConnectionRecord | undefined {
    const c = key.indexOf(':');
    return c < 0 ? undefined : this.find(key.slice(0, c), key.slice(c + 1));
  }

  /** Records in order of creation. */
  values(): IterableIterator<ConnectionRecord> {
    return this.bySerial.values();
  }

  /**
   * Every record, oldest first, as one array (the Requests table windows over it). Kept between
   * calls and extended by creations; a removal or a clear drops it, and the next call rebuilds it.
   */
  ordered(): readonly ConnectionRecord[] {
    return (this.orderedCache ??= [...this.bySerial.values()]);
  }

  /** The id -> record map of one source (the store keeps it to skip a lookup per event). */
  sourceMap(sourceId: string): Map<string, ConnectionRecord> {
    let m = this.bySource.get(sourceId);
    if (!m) this.bySource.set(sourceId, (m = new Map()));
    return m;
  }

  laneBars(lane: number): LaneBars | undefined {
    return this.lanes[lane];
  }

  /** A new record; when the source already has one with this id (a duplicate create), that one. */
  create(c: NewConnection): ConnectionRecord {
    const map = this.sourceMap(c.sourceId);
    const existing = map.get(c.id);
    if (existing) return existing;
    if (c.start < this.firstStart) this.firstStart = c.start;
    const rec: ConnectionRecord = {
      serial: this.nextSerial++,
      key: `${c.sourceId}:${c.id}`,
      sourceId: c.sourceId,
      id: c.id,
      channel: '',
      lane: -1,
      transport: c.transport,
      method: c.method,
      url: c.url,
      frameUrl: c.frameUrl,
      top: c.top,
      start: c.start,
      responseAt: null,
      end: null,
      status: 0,
      statusText: '',
      contentType: '',
      protocol: '',
      state: c.partial ? 'open' : 'pending',
      error: '',
      note: '',
      closeCode: null,
      closeReason: '',
      bytesUp: c.bytesUp,
      bytesDown: 0,
      messagesUp: 0,
      messagesDown: 0,
      chunks: 0,
      reconnects: 0,
      gaps: [],
      requestHeaders: c.requestHeaders,
      responseHeaders: null,
      bodyPreview: null,
      bodyHash: '',
      detailsEvicted: false,
      partial: c.partial,
      eventStream: c.transport === 'eventsource',
      version: 0,
      lanePos: -1,
      detailSize: 0,
      lookups: 0,
      firstChunkT: 0,
      firstChunkSize: 0,
    };
    map.set(c.id, rec);
    this.created++;
    this.bySerial.set(rec.serial, rec);
    this.orderedCache?.push(rec);
    this.order.push(rec.serial);
    this.version++;
    if (c.requestHeaders) this.addDetail(rec, headerChars(c.requestHeaders));
    while (this.bySerial.size > this.capacity) this.evictOne();
    // The queues keep serials of records evicted by the other path: trim them now and then.
    if (this.order.length > 2 * this.capacity + 1024) this.order.retain((s) => this.bySerial.has(s));
    if (this.finishedQueue.length > 2 * this.capacity + 1024) this.finishedQueue.retain((s) => this.bySerial.has(s));
    if (this.detailQueue.length > 2 * this.detailCapacity + 1024) {
      this.detailQueue.retain((s) => (this.bySerial.get(s)?.detailSize ?? 0) > 0);
    }
    return rec;
  }

  /** Puts a record in a lane (once its channel is known). */
  setLane(rec: ConnectionRecord, lane: number, channel: string): void {
    if (rec.lane === lane) return;
    rec.lane = lane;
    rec.channel = channel;
    let lb = this.lanes[lane];
    if (!lb) {
      while (this.lanes.length <= lane) this.lanes.push(undefined);
      this.lanes[lane] = lb = new LaneBars();
    }
    lb.append(rec);
  }

  /** Marks a record ended at `t` (the first end counts). */
  ended(rec: ConnectionRecord, t: number): void {
    if (rec.end !== null) return;
    rec.end = t;
    this.finishedQueue.push(rec.serial);
    if (rec.lane >= 0) this.lanes[rec.lane]?.update(rec);
  }

  /** Tells the record's lane about a change the timeline draws (response, error, reconnect gap). */
  touch(rec: ConnectionRecord): void {
    if (rec.lane >= 0) this.lanes[rec.lane]?.update(rec);
  }

  /** Records characters of headers or body preview now held by `rec`, evicting older details over budget. */
  addDetail(rec: ConnectionRecord, chars: number): void {
    if (rec.detailsEvicted) return;
    if (rec.detailSize === 0) {
      this.detailQueue.push(rec.serial);
      this.detailCount++;
    }
    rec.detailSize += chars + 1;
    this.detailUsed += chars + 1;
    while (this.detailCount > this.detailCapacity || this.detailUsed > this.detailChars) {
      const s = this.detailQueue.shift();
      if (s === undefined) break;
      const r = this.bySerial.get(s);
      if (!r || r.detailSize === 0) continue;
      this.dropDetails(r);
      if (r === rec) break;
    }
  }

  clear(): void {
    this.bySerial.clear();
    this.orderedCache = null;
    this.bySource.clear();
    this.order.clear();
    this.finishedQueue.clear();
    this.detailQueue.clear();
    this.detailCount = 0;
    this.detailUsed = 0;
    this.lanes.length = 0;
    this.dropped = 0;
    this.firstStart = Infinity;
    this.version++;
  }

  private dropDetails(r: ConnectionRecord): void {
    this.detailUsed -= r.detailSize;
    this.detailCount--;
    r.detailSize = 0;
    r.requestHeaders = null;
    r.responseHeaders = null;
    r.bodyPreview = null;
    r.detailsEvicted = true;
    r.version++;
  }

  private evictOne(): void {
    for (let s = this.finishedQueue.shift(); s !== undefined; s = this.finishedQueue.shift()) {
      const r = this.bySerial.get(s);
      if (r) return this.remove(r);
    }
    for (let s = this.order.shift(); s !== undefined; s = this.order.shift()) {
      const r = this.bySerial.get(s);
      if (r) return this.remove(r);
    }
  }

  private remove(r: ConnectionRecord): void {
    this.bySerial.delete(r.serial);
    this.orderedCache = null;
    const m = this.bySource.get(r.sourceId);
    // The (possibly empty) map stays: the store holds it across a batch.
    if (m && m.get(r.id) === r) m.delete(r.id);
    if (r.detailSize > 0) {
      this.detailUsed -= r.detailSize;
      this.detailCount--;
      r.detailSize = 0;
    }
    if (r.lane >= 0) this.lanes[r.lane]?.removedRecord(r, (s) => this.bySerial.get(s));
    this.dropped++;
    this.version++;
  }
}

export function headerChars(headers: readonly Header[]): number {
  let n = 0;
  for (const [k, v] of headers) n += k.length + v.length + 4;
  return n;
}

/** Adds a reconnect gap start (EventSource error while it will retry). */
export function openGap(rec: ConnectionRecord, t: number): void {
  const g = rec.gaps;
  if (g.length > 0 && Number.isNaN(g[g.length - 1])) return;
  g.push(t, NaN);
  if (g.length > MAX_GAP_NUMBERS) g.splice(0, g.length - MAX_GAP_NUMBERS);
}

/** Closes the open reconnect gap, if any. */
export function closeGap(rec: ConnectionRecord, t: number): void {
  const g = rec.gaps;
  if (g.length > 0 && Number.isNaN(g[g.length - 1])) g[g.length - 1] = t;
}
