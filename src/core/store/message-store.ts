/**
 * The panel's capture store: every message (WebSocket frame, SSE event, streamed HTTP chunk) in
 * typed-array columns over a bounded ring, plus the table of requests and connections, plus a
 * per-channel lane index for the timeline. Pure TS, no DOM.
 *
 * Numbering: each message gets a logical index that only grows. The live messages are
 * [firstLogical, nextLogical); physical slot = logical % capacity; the ring evicts the oldest when
 * full and counts it in `dropped`. Logical indices fit an Int32 (lanes and filtered views store
 * them as Int32Array): when nextLogical reaches `rebaseAt` (2^30) the store subtracts a multiple
 * of the capacity from every logical index it and its lanes hold and bumps `epoch`; views built on
 * the store follow (FilteredView does), anything else that keeps logical indices must re-read them.
 *
 * Memory per message: 21 bytes of columns (time 8, size 4, flags 1, connection 4, lane 4), 20 in
 * its lane, a list preview string (<= 160 chars; the captured string itself when it is that short,
 * so no copy) and a pointer: ~185 bytes for 100-byte text messages (bench/store-memory.ts). The full preview (as captured, up to 64 KB) is kept only
 * for the most recent `fullPreviewCapacity` messages within `fullPreviewChars` characters.
 */
import { base64ToBytes } from '../text/bytes';
import { frameBits, type FrameBatch } from '../protocol/frames';
import { FRAME_BASE64, FRAME_BINARY, FRAME_TRUNCATED, FRAME_UP, type CaptureEvent, type Direction, type Header, type Preview, type SourceInfo, type Transport } from '../protocol';
import { ChannelIndex, UP_FLAG, type Lane } from './channel-index';
import { closeGap, ConnectionTable, headerChars, openGap, type ConnectionRecord } from './connection-table';

export type MessageKind = 'ws' | 'sse' | 'chunk';

/** Bits of the flags column. */
export const FLAG_UP = UP_FLAG;
export const FLAG_BINARY = 2;
export const KIND_MASK = 12;
export const KIND_WS = 0;
export const KIND_SSE = 4;
export const KIND_CHUNK = 8;
/** The captured preview was cut at the capture cap (the message was longer). */
export const FLAG_TRUNCATED = 16;
export const FLAG_RETRY = 32;
export const FLAG_SSE_ID = 64;
/** The list preview is the whole captured text: nothing is lost when the full preview is evicted. */
export const FLAG_COMPLETE = 128;

/** Longest list preview, in UTF-16 code units (an ellipsis marks a cut). */
export const LIST_PREVIEW_CHARS = 160;
/** Bytes shown as hex in a binary message's list preview. */
const LIST_HEX_BYTES = 48;
const MAX_SIZE = 0xffffffff;
const NAME_OVERFLOW = 0xffff;

/** The classifier's answer for a connection key (`sourceId:id`): its channel key, if known. */
export type ChannelLookup = (connectionKey: string) => string | undefined;

export interface MessageStoreOptions {
  /** Messages kept (default 1,000,000). */
  readonly capacity?: number;
  /** Most recent messages whose full preview is kept (default 20,000). */
  readonly fullPreviewCapacity?: number;
  /** Characters of full previews kept at most (default 32 Mi, ~32 MB of one-byte strings). */
  readonly fullPreviewChars?: number;
  /** Connection records kept (default 100,000). */
  readonly connectionCapacity?: number;
  /** Connection records that keep headers and body preview (default 10,000). */
  readonly detailCapacity?: number;
  readonly detailChars?: number;
  /**
   * Which HTTP response chunks become messages: 'streams' (default) from the second chunk of a
   * response that is not an event stream on (the first one is added then), so plain responses add
   * no message and NDJSON/long streams tick on the timeline; 'all'; or 'none'.
   */
  readonly chunks?: 'streams' | 'all' | 'none';
  /** Renumber when nextLogical reaches this (default 2^30; lower only in tests). */
  readonly rebaseAt?: number;
}

export interface SseFields {
  readonly event: string;
  readonly id: string;
  readonly retry: number | null;
}

/** One message, assembled for the detail view (allocates: not for per-row rendering). */
export interface MessageInfo {
  readonly logical: number;
  readonly t: number;
  readonly size: number;
  readonly dir: Direction;
  readonly binary: boolean;
  readonly kind: MessageKind;
  readonly truncated: boolean;
  readonly lane: number;
  readonly channel: string;
  /** The connection record, undefined when it was evicted from the connection table. */
  readonly connection: ConnectionRecord | undefined;
  readonly listPreview: string;
  readonly preview: Preview | 'evicted';
  readonly sse: SseFields | null;
}

const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;
const CONTROL_RUN = /[\u0000-\u001f\u007f\u2028\u2029][\s\u0000-\u001f\u007f]*/g;
const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

/**
 * A copy of `s` that keeps no larger string alive. V8 (and SpiderMonkey) represent a slice as a
 * view on its parent, so a 160-char slice of a 64 KB preview would retain the 64 KB; slicing a
 * concatenation flattens it first (both engines), into a fresh small string the result views.
 * Measured in the bench (retention check); a regex pass to force the flattening was not needed.
 */
function detach(s: string): string {
  return (' ' + s).slice(1);
}

/**
 * Control characters (newlines, tabs, ...) as spaces, runs of them and the indentation after them
 * as one: what a list row shows. `listPreviewOf` strings are not normalized at ingest (scanning a
 * million previews costs more than normalizing the few dozen rows on screen): render through this.
 */
export function oneLine(s: string): string {
  return CONTROL.test(s) ? s.replace(CONTROL_RUN, ' ') : s;
}

let lastComplete = false;

/**
 * List preview of a captured text: the string itself when it has at most 160 chars (no copy, no
 * scan; sets `lastComplete` unless the capture was truncated), else its first 159 chars (one line)
 * and an ellipsis, detached from the original.
 */
export function listPreviewText(data: string, truncated: boolean): string {
  const max = LIST_PREVIEW_CHARS;
  if (data.length <= max) {
    lastComplete = !truncated;
    return data;
  }
  lastComplete = false;
  // Most long texts have no control character in their first 160 chars: then nothing collapses
  // and the cut is plain (a regex over 640 chars per long message was 5% of the bench's ingest).
  let s = data.slice(0, max);
  if (CONTROL.test(s)) s = data.slice(0, max * 4).replace(CONTROL_RUN, ' ');
  // The text goes on past what is kept: a full line gets the ellipsis.
  if (s.length >= max) {
    let cut = max - 1;
    const c = s.charCodeAt(cut - 1);
    if (c >= 0xd800 && c <= 0xdbff) cut--;
    s = s.slice(0, cut) + '\u2026';
  }
  return detach(s);
}

/** Hex of the first bytes of a base64 preview: "0a 1b 2c …". */
export function listPreviewHex(base64: string, truncated: boolean): string {
  const bytes = base64ToBytes(base64.length > 64 ? base64.slice(0, 64) : base64);
  const n = Math.min(bytes.length, LIST_HEX_BYTES);
  let s = '';
  for (let i = 0; i < n; i++) s += i === 0 ? HEX[bytes[i]!]! : ' ' + HEX[bytes[i]!]!;
  if (truncated || base64.length > 64) s += ' \u2026';
  return s.length < 13 ? s : detach(s);
}

export class MessageStore {
  readonly capacity: number;
  readonly fullPreviewCapacity: number;
  readonly fullPreviewChars: number;
  readonly connections: ConnectionTable;
  readonly lanes = new ChannelIndex();
  /** Oldest live logical index. */
  firstLogical = 0;
  /** One past the newest. */
  nextLogical = 0;
  /** Messages evicted by the ring since the last clear. */
  dropped = 0;
  /** Bumped by every ingest that changed something, and by clear. */
  version = 0;
  /** Bumped by clear: views built before must be rebuilt. */
  generation = 0;
  /** Bumped by every renumbering; `rebased` is the total subtracted so far. */
  epoch = 0;
  rebased = 0;

  /* columns, by physical slot; grown geometrically up to capacity */
  time = new Float64Array(0);
  size = new Uint32Array(0);
  flags = new Uint8Array(0);
  /** Serial of the message's connection record (look it up in `connections`; it may be evicted). */
  conn = new Int32Array(0);
  /** Lane (channel) index, -1 when the channel was unknown. */
  lane = new Int32Array(0);
  /** List previews, <= 160 chars (strings are cheap when short); render them through `oneLine`. */
  readonly previews: string[] = [];

  private alloc = 0;
  private readonly chunkPolicy: 'streams' | 'all' | 'none';
  private readonly rebaseAt: number;
  private evictionsSinceSweep = 0;
  /* The last frame's connection: frames come in runs from one socket, so the map lookup is skipped
     when the id repeats (valid while no record was created: a creation may evict the cached one). */
  private frameId = '';
  private frameRec: ConnectionRecord | undefined;
  private frameCreated = -1;

  /* full previews: logical [fullFirst, nextLogical) in a ring starting at fullHead */
  /** The captured text (or base64) of each kept full preview; its `truncated` is the message's flag. */
  private full: (string | null)[] = [];
  /** 1 where the kept full preview is base64. */
  private readonly fullB64: Uint8Array;
  /** Characters of each kept full preview (eviction reads this, not the cold string). */
  private readonly fullLen: Uint32Array;
  private readonly fullCap: number;
  private fullFirst = 0;
  private fullHead = 0;
  private fullUsed = 0;

  /* SSE fields */
  private sseName: Uint16Array | null = null;
  private readonly names: string[] = [''];
  private readonly nameIndex = new Map<string, number>([['', 0]]);
  private readonly overflowNames = new Map<number, string>();
  private sseIds: string[] | null = null;
  private readonly retries = new Map<number, number>();

  constructor(opts: MessageStoreOptions = {}) {
    this.capacity = Math.max(1, Math.min(1 << 28, Math.floor(opts.capacity ?? 1_000_000)));
    this.fullPreviewCapacity = Math.max(0, Math.floor(opts.fullPreviewCapacity ?? 20_000));
    this.fullPreviewChars = Math.max(0, Math.floor(opts.fullPreviewChars ?? 32 * 1024 * 1024));
    this.fullCap = Math.min(this.fullPreviewCapacity, this.capacity);
    this.fullLen = new Uint32Array(this.fullCap);
    this.fullB64 = new Uint8Array(this.fullCap);
    this.chunkPolicy = opts.chunks ?? 'streams';
    this.rebaseAt = Math.max(this.capacity * 2, Math.min(2 ** 30, Math.floor(opts.rebaseAt ?? 2 ** 30)));
    this.connections = new ConnectionTable({
      capacity: opts.connectionCapacity,
      detailCapacity: opts.detailCapacity,
      detailChars: opts.detailChars,
    });
    this.allocateColumns();
  }

  /** Fresh columns of the first growth step (64 Ki slots, or the capacity if smaller). */
  private allocateColumns(): void {
    this.alloc = Math.min(this.capacity, 1 << 16);
    this.time = new Float64Array(this.alloc);
    this.size = new Uint32Array(this.alloc);
    this.flags = new Uint8Array(this.alloc);
    this.conn = new Int32Array(this.alloc);
    this.lane = new Int32Array(this.alloc);
  }

  /** Live messages. */
  get count(): number {
    return this.nextLogical - this.firstLogical;
  }

  /** Oldest logical index whose full preview is still kept. */
  get fullPreviewFirst(): number {
    return this.fullFirst;
  }

  has(logical: number): boolean {
    return logical >= this.firstLogical && logical < this.nextLogical;
  }

  physical(logical: number): number {
    return logical % this.capacity;
  }

  timeOf(logical: number): number {
    return this.time[logical % this.capacity]!;
  }

  sizeOf(logical: number): number {
    return this.size[logical % this.capacity]!;
  }

  flagsOf(logical: number): number {
    return this.flags[logical % this.capacity]!;
  }

  directionOf(logical: number): Direction {
    return this.flags[logical % this.capacity]! & FLAG_UP ? 'up' : 'down';
  }

  kindOf(logical: number): MessageKind {
    const k = this.flags[logical % this.capacity]! & KIND_MASK;
    return k === KIND_SSE ? 'sse' : k === KIND_CHUNK ? 'chunk' : 'ws';
  }

  laneOf(logical: number): number {
    return this.lane[logical % this.capacity]!;
  }

  /** Channel key of a message ('' when unknown). */
  channelOf(logical: number): string {
    return this.lanes.keyOf(this.lane[logical % this.capacity]!);
  }

  connectionOf(logical: number): ConnectionRecord | undefined {
    return this.connections.get(this.conn[logical % this.capacity]!);
  }

  listPreviewOf(logical: number): string {
    return this.previews[logical % this.capacity] ?? '';
  }

  /**
   * The preview as captured: kept for recent messages; 'evicted' when it was dropped to bound
   * memory (a message whose list preview was already the whole text still answers it); 'dropped'
   * when the message itself is gone.
   */
  fullPreview(logical: number): Preview | 'evicted' | 'dropped' {
    if (!this.has(logical)) return 'dropped';
    const f = this.flags[logical % this.capacity]!;
    if (logical >= this.fullFirst && this.fullCap > 0) {
      const at = (this.fullHead + (logical - this.fullFirst)) % this.fullCap;
      const data = this.full[at];
      if (typeof data === 'string') return { encoding: this.fullB64[at] ? 'base64' : 'text', data, truncated: (f & FLAG_TRUNCATED) !== 0 };
    }
    if (f & FLAG_COMPLETE) return { encoding: 'text', data: this.previews[logical % this.capacity] ?? '', truncated: false };
    if ((f & KIND_MASK) === KIND_CHUNK) return { encoding: 'text', data: '', truncated: false };
    return 'evicted';
  }

  /** SSE event name, id and retry of an SSE message; null for other kinds. */
  sseFields(logical: number): SseFields | null {
    if (!this.has(logical)) return null;
    const p = logical % this.capacity;
    const f = this.flags[p]!;
    if ((f & KIND_MASK) !== KIND_SSE) return null;
    const ni = this.sseName ? this.sseName[p]! : 0;
    return {
      event: ni === NAME_OVERFLOW ? (this.overflowNames.get(p) ?? '') : (this.names[ni] ?? ''),
      id: f & FLAG_SSE_ID && this.sseIds ? (this.sseIds[p] ?? '') : '',
      retry: f & FLAG_RETRY ? (this.retries.get(p) ?? null) : null,
    };
  }

  /** Everything about one message, for the detail view; undefined when it was dropped. */
  message(logical: number): MessageInfo | undefined {
    if (!this.has(logical)) return undefined;
    const p = logical % this.capacity;
    const f = this.flags[p]!;
    const full = this.fullPreview(logical);
    return {
      logical,
      t: this.time[p]!,
      size: this.size[p]!,
      dir: f & FLAG_UP ? 'up' : 'down',
      binary: (f & FLAG_BINARY) !== 0,
      kind: this.kindOf(logical),
      truncated: (f & FLAG_TRUNCATED) !== 0,
      lane: this.lane[p]!,
      channel: this.lanes.keyOf(this.lane[p]!),
      connection: this.connections.get(this.conn[p]!),
      listPreview: this.previews[p] ?? '',
      preview: full === 'dropped' ? 'evicted' : full,
      sse: this.sseFields(logical),
    };
  }

  /**
   * A lane with its evicted entries dropped (use this, not `lanes.lane`, before querying) and the
   * rest filled with times and sizes; `logicalOnly` skips the fill, for readers of `count` and
   * `logical` alone (it costs what the lane received since its last read).
   */
  liveLane(index: number, logicalOnly = false): Lane | undefined {
    const l = this.lanes.lane(index);
    if (!l) return undefined;
    l.advance(this.firstLogical);
    if (!logicalOnly) l.sync(this);
    return l;
  }

  clear(): void {
    this.firstLogical = 0;
    this.nextLogical = 0;
    this.dropped = 0;
    this.generation++;
    this.version++;
    this.previews.length = 0;
    this.full = [];
    this.fullFirst = 0;
    this.fullHead = 0;
    this.fullUsed = 0;
    this.sseName = null;
    this.sseIds = null;
    this.names.length = 1;
    this.nameIndex.clear();
    this.nameIndex.set('', 0);
    this.overflowNames.clear();
    this.retries.clear();
    this.connections.clear();
    this.lanes.clear();
    this.allocateColumns();
  }

  /* ------------------------------------------------------------ ingest */

  /**
   * Folds a batch of one source's events in. O(1) per event; allocates only a message's list
   * preview when it is not the captured string itself. Feed the classifier first, so `channelOf`
   * knows the connections this batch creates (a connection whose channel is unknown is asked
   * again on its next lifecycle events and on its 1st, 2nd, 4th, 8th, ... message).
   */
  ingest(source: SourceInfo, events: readonly CaptureEvent[], channelOf: ChannelLookup, frames?: FrameBatch): void {
    if (events.length === 0 && !frames?.length) return;
    const conns = this.connections.sourceMap(source.sourceId);
    this.frameId = '';
    if (!frames) {
      for (let i = 0; i < events.length; i++) this.event(source, conns, events[i]!, channelOf);
    } else {
      const order = frames.order;
      const c = frames.cols;
      for (let k = 0; k < order.length; k++) {
        const m = order[k]!;
        if (m >= 0) {
          this.event(source, conns, events[m]!, channelOf);
          continue;
        }
        const j = ~m;
        this.frame(source, conns, c.ids[c.conn[j]!]!, c.t[j]!, c.size[j]!, c.bits[j]!, c.data[j]!, channelOf);
      }
    }
    this.version++;
  }

  /** One WebSocket message; `bits` as in FrameColumns. */
  private frame(
    source: SourceInfo,
    conns: Map<string, ConnectionRecord>,
    id: string,
    t: number,
    size: number,
    bits: number,
    data: string,
    channelOf: ChannelLookup,
  ): void {
    const table = this.connections;
    let rec = id === this.frameId && this.frameCreated === table.created ? this.frameRec : undefined;
    if (!rec) {
      rec = conns.get(id) ?? this.open(source, id, 'websocket', 'GET', '', t, null, 0, true, channelOf);
      this.frameId = id;
      this.frameRec = rec;
      this.frameCreated = table.created;
    }
    const up = (bits & FRAME_UP) !== 0;
    if (up) {
      rec.messagesUp++;
      rec.bytesUp += size;
    } else {
      rec.messagesDown++;
      rec.bytesDown += size;
    }
    rec.version++;
    if (rec.lane < 0) this.retryLookup(rec, channelOf, true);
    const truncated = (bits & FRAME_TRUNCATED) !== 0;
    const base64 = (bits & FRAME_BASE64) !== 0;
    let f = KIND_WS | (up ? FLAG_UP : 0) | (truncated ? FLAG_TRUNCATED : 0);
    let lp: string;
    if (bits & (FRAME_BINARY | FRAME_BASE64)) {
      f |= bits & FRAME_BINARY ? FLAG_BINARY : 0;
      lp = base64 ? listPreviewHex(data, truncated) : listPreviewText(data, truncated);
    } else {
      lp = listPreviewText(data, truncated);
      if (lastComplete) f |= FLAG_COMPLETE;
    }
    this.push(rec, t, size, f, lp, data, base64);
  }

  /** Any event but a FrameColumns frame. */
  private event(source: SourceInfo, conns: Map<string, ConnectionRecord>, e: CaptureEvent, channelOf: ChannelLookup): void {
    const table = this.connections;
    switch (e.kind) {
      case 'ws-message':
        this.frame(source, conns, e.id, e.t, e.size, frameBits(e), e.preview.data, channelOf);
        return;
      case 'sse': {
        const rec = conns.get(e.id) ?? this.open(source, e.id, 'eventsource', 'GET', '', e.t, null, 0, true, channelOf);
        rec.messagesDown++;
        if (rec.transport === 'eventsource') rec.bytesDown += e.size;
        rec.eventStream = true;
        rec.version++;
        if (rec.lane < 0) this.retryLookup(rec, channelOf, true);
        const p = e.preview;
        let f = KIND_SSE | (p.truncated ? FLAG_TRUNCATED : 0);
        const lp = listPreviewText(p.data, p.truncated);
        if (lastComplete) f |= FLAG_COMPLETE;
        if (e.lastEventId) f |= FLAG_SSE_ID;
        if (e.retry !== null) f |= FLAG_RETRY;
        const slot = this.push(rec, e.t, e.size, f, lp, p.data, p.encoding === 'base64');
        this.setSse(slot, e.event, e.lastEventId, e.retry);
        return;
      }
      case 'chunk': {
        const rec = conns.get(e.id);
        if (!rec) return;
        rec.chunks++;
        rec.bytesDown += e.size;
        rec.version++;
        this.chunk(rec, e.t, e.size, channelOf);
        return;
      }
      case 'page':
        return;
      case 'request-start':
        if (!conns.has(e.id)) {
          this.open(source, e.id, e.transport, e.method, e.url, e.t, e.requestHeaders, Math.max(0, e.requestBodySize), false, channelOf);
        }
        return;
      case 'es-create':
        if (!conns.has(e.id)) this.open(source, e.id, 'eventsource', 'GET', e.url, e.t, null, 0, false, channelOf);
        return;
      case 'ws-create':
        if (!conns.has(e.id)) this.open(source, e.id, 'websocket', 'GET', e.url, e.t, null, 0, false, channelOf);
        return;
    }
    const rec = conns.get(e.id);
    if (!rec) return; // its start was evicted or never seen
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
          table.addDetail(rec, headerChars(e.headers));
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
          table.addDetail(rec, e.preview.data.length);
        }
        table.ended(rec, e.t);
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
          table.ended(rec, e.t);
        } else {
          rec.error = 'reconnecting';
          openGap(rec, e.t);
        }
        break;
      case 'es-close':
        if (rec.end === null) rec.state = 'closed';
        closeGap(rec, e.t);
        table.ended(rec, e.t);
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
        table.ended(rec, e.t);
        break;
    }
    if (rec.lane < 0) this.retryLookup(rec, channelOf, false);
    else table.touch(rec);
  }

  private open(
    source: SourceInfo,
    id: string,
    transport: Transport,
    method: string,
    url: string,
    t: number,
    requestHeaders: readonly Header[] | null,
    bytesUp: number,
    partial: boolean,
    channelOf: ChannelLookup,
  ): ConnectionRecord {
    const rec = this.connections.create({
      sourceId: source.sourceId,
      id,
      transport,
      method,
      url,
      frameUrl: source.url,
      top: source.top,
      start: t,
      requestHeaders,
      bytesUp,
      partial,
    });
    if (rec.lane < 0) this.lookup(rec, channelOf);
    return rec;
  }

  private lookup(rec: ConnectionRecord, channelOf: ChannelLookup): void {
    const ch = channelOf(rec.key);
    if (ch !== undefined) this.connections.setLane(rec, this.lanes.laneFor(ch), ch);
  }

  /** Lifecycle events ask every time; messages on the 1st, 2nd, 4th, 8th, ... miss. */
  private retryLookup(rec: ConnectionRecord, channelOf: ChannelLookup, message: boolean): void {
    if (message) {
      const n = ++rec.lookups;
      if ((n & (n - 1)) !== 0) return;
    }
    this.lookup(rec, channelOf);
  }

  private chunk(rec: ConnectionRecord, t: number, size: number, channelOf: ChannelLookup): void {
    if (this.chunkPolicy === 'none' || rec.eventStream) return;
    if (this.chunkPolicy === 'streams') {
      if (rec.chunks === 1) {
        rec.firstChunkT = t;
        rec.firstChunkSize = size;
        return;
      }
      if (rec.lane < 0) this.retryLookup(rec, channelOf, true);
      if (rec.chunks === 2) this.push(rec, rec.firstChunkT, rec.firstChunkSize, KIND_CHUNK, '', null, false);
    } else if (rec.lane < 0) this.retryLookup(rec, channelOf, true);
    this.push(rec, t, size, KIND_CHUNK, '', null, false);
  }

  /** Appends one message; returns its physical slot. */
  private push(rec: ConnectionRecord, t: number, size: number, flags: number, listPreview: string, preview: string | null, base64: boolean): number {
    if (this.nextLogical >= this.rebaseAt) this.rebase();
    const logical = this.nextLogical;
    const slot = logical % this.capacity;
    if (logical - this.firstLogical === this.capacity) {
      this.evictOldest(slot);
    } else if (slot >= this.alloc) this.grow();
    this.time[slot] = t;
    this.size[slot] = size > MAX_SIZE ? MAX_SIZE : size > 0 ? size : 0;
    this.flags[slot] = flags;
    this.conn[slot] = rec.serial;
    this.lane[slot] = rec.lane;
    if (slot === this.previews.length) this.previews.push(listPreview);
    else this.previews[slot] = listPreview;
    this.nextLogical = logical + 1;
    this.pushFull(preview, base64);
    if (rec.lane >= 0) {
      const lane = this.lanes.lane(rec.lane)!;
      if (lane.n === lane.logical.length) lane.advance(this.firstLogical);
      lane.push(logical);
    }
    return slot;
  }

  private evictOldest(slot: number): void {
    const old = this.flags[slot]!;
    if (old & FLAG_RETRY) this.retries.delete(slot);
    if (old & FLAG_SSE_ID && this.sseIds) this.sseIds[slot] = '';
    if (this.sseName && this.sseName[slot] === NAME_OVERFLOW) {
      this.overflowNames.delete(slot);
      this.sseName[slot] = 0;
    }
    this.firstLogical++;
    this.dropped++;
    while (this.fullFirst < this.firstLogical) this.evictFull();
    // Lanes drop evicted entries when they grow or are read; sweep idle ones now and then.
    if (++this.evictionsSinceSweep >= this.capacity >>> 2) {
      this.evictionsSinceSweep = 0;
      this.lanes.advanceAll(this.firstLogical);
    }
  }

  private pushFull(preview: string | null, base64: boolean): void {
    const cap = this.fullCap;
    if (cap === 0) {
      this.fullFirst = this.nextLogical;
      return;
    }
    const logical = this.nextLogical - 1;
    while (logical - this.fullFirst >= cap) this.evictFull();
    const at = (this.fullHead + (logical - this.fullFirst)) % cap;
    if (at === this.full.length) this.full.push(preview);
    else this.full[at] = preview;
    this.fullB64[at] = base64 ? 1 : 0;
    const len = preview === null ? 0 : preview.length;
    this.fullLen[at] = len;
    this.fullUsed += len;
    while (this.fullUsed > this.fullPreviewChars && this.nextLogical - this.fullFirst > 1) this.evictFull();
  }

  private evictFull(): void {
    if (this.fullCap === 0 || this.fullFirst >= this.nextLogical) {
      this.fullFirst = Math.max(this.fullFirst, this.firstLogical);
      return;
    }
    this.fullUsed -= this.fullLen[this.fullHead]!;
    this.full[this.fullHead] = null;
    this.fullHead = this.fullHead + 1 === this.fullCap ? 0 : this.fullHead + 1;
    this.fullFirst++;
  }

  private setSse(slot: number, event: string, id: string, retry: number | null): void {
    if (event || this.sseName) {
      let ni = this.nameIndex.get(event);
      if (ni === undefined) {
        if (this.names.length < NAME_OVERFLOW) {
          ni = this.names.length;
          this.names.push(event);
          this.nameIndex.set(event, ni);
        } else ni = NAME_OVERFLOW;
      }
      if (ni !== 0 && !this.sseName) this.sseName = new Uint16Array(this.alloc);
      if (this.sseName) {
        if (this.sseName[slot] === NAME_OVERFLOW) this.overflowNames.delete(slot);
        this.sseName[slot] = ni;
        if (ni === NAME_OVERFLOW) this.overflowNames.set(slot, event.length > 256 ? detach(event.slice(0, 256)) : event);
      }
    }
    if (id) {
      if (!this.sseIds) this.sseIds = [];
      while (this.sseIds.length < slot) this.sseIds.push('');
      if (slot === this.sseIds.length) this.sseIds.push(id);
      else this.sseIds[slot] = id;
    }
    if (retry !== null) this.retries.set(slot, retry);
  }

  private grow(): void {
    const n = Math.min(this.capacity, this.alloc * 2);
    const g = <T extends Float64Array | Uint32Array | Uint8Array | Int32Array | Uint16Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.time = g(this.time, new Float64Array(n));
    this.size = g(this.size, new Uint32Array(n));
    this.flags = g(this.flags, new Uint8Array(n));
    this.conn = g(this.conn, new Int32Array(n));
    this.lane = g(this.lane, new Int32Array(n));
    if (this.sseName) this.sseName = g(this.sseName, new Uint16Array(n));
    this.alloc = n;
  }

  /** Subtracts a multiple of the capacity from every logical index (keeps physical slots). */
  private rebase(): void {
    const by = Math.floor(this.firstLogical / this.capacity) * this.capacity;
    if (by === 0) return;
    this.firstLogical -= by;
    this.nextLogical -= by;
    this.fullFirst -= by;
    this.lanes.advanceAll(this.firstLogical + by);
    this.lanes.rebase(by);
    this.rebased += by;
    this.epoch++;
  }
}
