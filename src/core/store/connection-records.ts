/**
 * The capture's requests and connections: one record per fetch/XHR request, EventSource or
 * WebSocket, updated in place as its events arrive. These are the lifetimes the timeline draws as
 * bars (see `barsInRange` in bins.ts) and the rows the Requests table and the detail view show.
 *
 * This file is the only writer of a record: `event` and `frame` (called by `Capture.ingest`, see
 * capture.ts) set its status, state, counters and channel; everything else only reads records.
 *
 * Bounded twice:
 * - records: at most `capacity` (default 100,000); beyond it the record that finished longest ago
 *   goes, or the oldest one when none has finished; `dropped` counts them. Messages of an evicted
 *   connection stay in the message store (they carry their own lane).
 * - details (headers and body preview, the heavy part): kept for the `detailCapacity` most recent
 *   records (default 10,000) within `detailChars` characters (default 32 Mi); older records keep
 *   their numbers and answer `detailsEvicted: true`.
 */
import { unhandledEvent, type CaptureEvent, type Header, type SourceInfo, type Transport } from '../protocol';
import type { ConnectionRecord } from './connection-record';
import { LaneBars } from './lane-bars';
import { SerialQueue } from './serial-queue';

interface NewConnection {
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

/** The channel key of a connection key (`sourceId:id`), if known: the classifier's answer. */
export type ChannelLookup = (connectionKey: string) => string | undefined;

export interface ConnectionRecordsOptions {
  /** Records kept (default 100,000). */
  readonly capacity?: number;
  /** Records that keep their headers and body preview (default 10,000). */
  readonly detailCapacity?: number;
  /** Characters of headers and body previews kept over all records (default 32 Mi). */
  readonly detailChars?: number;
}

const MAX_GAP_NUMBERS = 64;

export class ConnectionRecords {
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

  /** The batch being ingested: its source and that source's records. */
  private source: SourceInfo | null = null;
  private conns = new Map<string, ConnectionRecord>();

  /**
   * @param channelOf a connection's channel key (the classifier's `channelKeyOf`);
   * @param laneOf the lane of a channel key (the message store's ChannelIndex, shared by the
   *   messages and the bars so a channel is one lane for both).
   */
  constructor(
    private readonly channelOf: ChannelLookup,
    private readonly laneOf: (channel: string) => number,
    opts: ConnectionRecordsOptions = {},
  ) {
    this.capacity = Math.max(1, Math.floor(opts.capacity ?? 100_000));
    this.detailCapacity = Math.max(0, Math.floor(opts.detailCapacity ?? 10_000));
    this.detailChars = Math.max(0, Math.floor(opts.detailChars ?? 32 * 1024 * 1024));
  }

  /* ------------------------------------------------------------ ingest (Capture.ingest only) */

  /** Starts a batch of one source's events. */
  begin(source: SourceInfo): void {
    this.source = source;
    this.conns = this.sourceMap(source.sourceId);
  }

  /**
   * Applies one event of the batch to its record. Returns that record (created by a start, or a
   * partial one for a message whose start was never seen), or undefined when the event has none.
   */
  event(e: CaptureEvent): ConnectionRecord | undefined {
    const conns = this.conns;
    switch (e.kind) {
      case 'page':
        return undefined;
      case 'request-start':
        return conns.get(e.id) ?? this.open(e.id, e.transport, e.method, e.url, e.t, e.requestHeaders, Math.max(0, e.requestBodySize), false);
      case 'es-create':
        return conns.get(e.id) ?? this.open(e.id, 'eventsource', 'GET', e.url, e.t, null, 0, false);
      case 'ws-create':
        return conns.get(e.id) ?? this.open(e.id, 'websocket', 'GET', e.url, e.t, null, 0, false);
      case 'ws-message': {
        const rec = this.socket(e.id, e.t);
        this.frame(rec, e.size, e.dir === 'up');
        return rec;
      }
      case 'sse': {
        const rec = conns.get(e.id) ?? this.open(e.id, 'eventsource', 'GET', '', e.t, null, 0, true);
        rec.messagesDown++;
        if (rec.transport === 'eventsource') rec.bytesDown += e.size;
        if (e.placed) rec.placedMessages++;
        rec.eventStream = true;
        rec.version++;
        if (rec.lane < 0) this.retryLookup(rec, true);
        return rec;
      }
      case 'chunk': {
        const rec = conns.get(e.id);
        if (!rec) return undefined;
        if (++rec.chunks === 1) {
          rec.firstChunkT = e.t;
          rec.firstChunkSize = e.size;
        }
        rec.bytesDown += e.size;
        rec.version++;
        if (rec.lane < 0 && !rec.eventStream) this.retryLookup(rec, true);
        return rec;
      }
    }
    const rec = conns.get(e.id);
    if (!rec) return undefined; // its start was evicted or never seen
    rec.version++;
    switch (e.kind) {
      case 'response':
        rec.responseAt = e.t;
        rec.status = e.status;
        rec.statusText = e.statusText;
        rec.contentType = e.contentType;
        rec.protocol = e.protocol;
        if (e.url) rec.url = e.url;
        if (rec.state === 'pending') rec.state = 'open';
        if (/event-stream/i.test(e.contentType)) rec.eventStream = true;
        if (!rec.detailsEvicted) {
          rec.responseHeaders = e.headers;
          this.addDetail(rec, headerChars(e.headers));
        }
        break;
      case 'request-end':
        rec.bytesDown = e.bodySize;
        rec.bodyHash = e.hash;
        rec.error = e.error;
        rec.note = e.note;
        rec.state = e.error ? 'error' : 'done';
        if (e.preview && !rec.detailsEvicted) {
          rec.bodyPreview = e.preview;
          this.addDetail(rec, e.preview.data.length);
        }
        this.ended(rec, e.t);
        break;
      case 'es-open':
        if (e.protocol) rec.protocol = e.protocol;
        if (rec.responseAt !== null) {
          rec.reconnects++;
          closeGap(rec, e.t);
        } else rec.responseAt = e.t;
        rec.state = 'open';
        rec.error = '';
        break;
      case 'es-error':
        // readyState CLOSED (2) after an error: the browser gave up; CONNECTING (0): it will retry.
        if (e.readyState === 2) {
          rec.error = 'closed by error';
          rec.state = 'error';
          closeGap(rec, e.t);
          this.ended(rec, e.t);
        } else {
          rec.error = 'reconnecting';
          openGap(rec, e.t);
        }
        break;
      case 'es-close':
        if (rec.end === null) rec.state = 'closed';
        closeGap(rec, e.t);
        this.ended(rec, e.t);
        break;
      case 'ws-open':
        rec.responseAt = e.t;
        rec.status = 101;
        rec.protocol = e.protocol;
        rec.state = 'open';
        break;
      case 'ws-error':
        rec.error = 'error';
        break;
      case 'ws-close':
        rec.closeCode = e.code;
        rec.closeReason = e.reason;
        rec.state = e.wasClean ? 'closed' : 'error';
        this.ended(rec, e.t);
        break;
      default:
        unhandledEvent(e);
        return undefined;
    }
    if (rec.lane < 0) this.retryLookup(rec, false);
    else this.touch(rec);
    return rec;
  }

  /**
   * The record of a socket id in this batch, for a run of its FrameColumns frames (`Capture.ingest`
   * asks once per run: no record is created or evicted within a run); a partial record when its
   * start was never seen.
   */
  socket(id: string, t: number): ConnectionRecord {
    return this.conns.get(id) ?? this.open(id, 'websocket', 'GET', '', t, null, 0, true);
  }

  /** One WebSocket message on its record (a `ws-message` event, or a frame on `socket(id)`'s record). */
  frame(rec: ConnectionRecord, size: number, up: boolean): void {
    if (up) {
      rec.messagesUp++;
      rec.bytesUp += size;
    } else {
      rec.messagesDown++;
      rec.bytesDown += size;
    }
    rec.version++;
    if (rec.lane < 0) this.retryLookup(rec, true);
  }

  private open(
    id: string,
    transport: Transport,
    method: string,
    url: string,
    t: number,
    requestHeaders: readonly Header[] | null,
    bytesUp: number,
    partial: boolean,
  ): ConnectionRecord {
    const source = this.source!;
    const rec = this.create({ sourceId: source.sourceId, id, transport, method, url, frameUrl: source.url, top: source.top, start: t, requestHeaders, bytesUp, partial });
    if (rec.lane < 0) this.lookup(rec);
    return rec;
  }

  private lookup(rec: ConnectionRecord): void {
    const ch = this.channelOf(rec.key);
    if (ch !== undefined) this.setLane(rec, this.laneOf(ch), ch);
  }

  /**
   * A record whose channel was unknown (a partial record, or a replay that brought its start
   * later) asks again: on every lifecycle event, and on its 1st, 2nd, 4th, 8th, ... message.
   */
  private retryLookup(rec: ConnectionRecord, message: boolean): void {
    if (message) {
      const n = ++rec.lookups;
      if ((n & (n - 1)) !== 0) return;
    }
    this.lookup(rec);
  }

  /* ------------------------------------------------------------ the table */

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

  /** The id -> record map of one source (kept for a batch, to skip a lookup per event). */
  private sourceMap(sourceId: string): Map<string, ConnectionRecord> {
    let m = this.bySource.get(sourceId);
    if (!m) this.bySource.set(sourceId, (m = new Map()));
    return m;
  }

  laneBars(lane: number): LaneBars | undefined {
    return this.lanes[lane];
  }

  /** A new record (callers look the id up in the batch's source map first). */
  private create(c: NewConnection): ConnectionRecord {
    const map = this.sourceMap(c.sourceId);
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
      placedMessages: 0,
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
      firstChunkT: 0,
      firstChunkSize: 0,
      lanePos: -1,
      detailSize: 0,
      lookups: 0,
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
  private setLane(rec: ConnectionRecord, lane: number, channel: string): void {
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
  private ended(rec: ConnectionRecord, t: number): void {
    if (rec.end !== null) return;
    rec.end = t;
    this.finishedQueue.push(rec.serial);
    if (rec.lane >= 0) this.lanes[rec.lane]?.update(rec);
  }

  /** Tells the record's lane about a change the timeline draws (response, error, reconnect gap). */
  private touch(rec: ConnectionRecord): void {
    if (rec.lane >= 0) this.lanes[rec.lane]?.update(rec);
  }

  /** Records characters of headers or body preview now held by `rec`, evicting older details over budget. */
  private addDetail(rec: ConnectionRecord, chars: number): void {
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
    this.source = null;
    this.conns = new Map();
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
    // The (possibly empty) map stays: `begin` holds it for the rest of the batch.
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
function openGap(rec: ConnectionRecord, t: number): void {
  const g = rec.gaps;
  if (g.length > 0 && Number.isNaN(g[g.length - 1])) return;
  g.push(t, NaN);
  if (g.length > MAX_GAP_NUMBERS) g.splice(0, g.length - MAX_GAP_NUMBERS);
}

/** Closes the open reconnect gap, if any. */
function closeGap(rec: ConnectionRecord, t: number): void {
  const g = rec.gaps;
  if (g.length > 0 && Number.isNaN(g[g.length - 1])) g[g.length - 1] = t;
}
