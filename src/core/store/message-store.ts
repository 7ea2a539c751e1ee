/**
 * The capture's messages: every WebSocket frame, SSE event and streamed HTTP chunk in typed-array
 * columns over a bounded ring, plus a per-channel lane index for the timeline. Only messages:
 * requests and connections are ConnectionRecords' (connection-records.ts), and messages are
 * appended only by `Capture.ingest` (capture.ts). Pure TS, no DOM.
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
 * so no copy) and a pointer: ~185 bytes for 100-byte text messages (bench/store-memory.ts). The
 * full preview (as captured, up to 64 KB) is kept only for the most recent `fullPreviewCapacity` messages within `fullPreviewChars` characters.
 */
import { hasControl, oneLine } from '../format/one-line';
import { base64ToBytes } from '../text/bytes';
import { frameBits } from '../protocol/frames';
import { FRAME_BASE64, FRAME_BINARY, FRAME_TRUNCATED, FRAME_UP, unhandledEvent, type CaptureEvent, type Direction, type Preview } from '../protocol';
import { ChannelIndex, UP_FLAG, type Lane } from './channel-index';
import type { ConnectionRecord } from './connection-record';
import type { ConnectionRecords } from './connection-records';

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

export interface MessageStoreOptions {
  /** Messages kept (default 1,000,000). */
  readonly capacity?: number;
  /** Most recent messages whose full preview is kept (default 20,000). */
  readonly fullPreviewCapacity?: number;
  /** Characters of full previews kept at most (default 32 Mi, ~32 MB of one-byte strings). */
  readonly fullPreviewChars?: number;
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
 * List preview of a captured text: the string itself when it has at most 160 chars (no copy, no
 * scan), else its first 159 chars (one line) and an ellipsis, detached from the original.
 */
export function listPreviewText(data: string): string {
  const max = LIST_PREVIEW_CHARS;
  if (data.length <= max) return data;
  // Most long texts have no control character in their first 160 chars: then nothing collapses
  // and the cut is plain (a regex over 640 chars per long message was 5% of the bench's ingest).
  let s = data.slice(0, max);
  if (hasControl(s)) s = oneLine(data.slice(0, max * 4));
  // The text goes on past what is kept: a full line gets the ellipsis.
  if (s.length >= max) {
    let cut = max - 1;
    const c = s.charCodeAt(cut - 1);
    if (c >= 0xd800 && c <= 0xdbff) cut--;
    s = s.slice(0, cut) + '\u2026';
  }
  return detach(s);
}

/** The list preview of this captured text is the whole text (FLAG_COMPLETE): nothing is lost when its full preview goes. */
function isWholeText(data: string, truncated: boolean): boolean {
  return !truncated && data.length <= LIST_PREVIEW_CHARS;
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
  /** Per channel, its messages by time (the timeline's lanes); records take their lane from here too. */
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
  /** List previews, <= 160 chars (strings are cheap when short); render them through `oneLine` (core/format). */
  readonly previews: string[] = [];

  private alloc = 0;
  private readonly chunkPolicy: 'streams' | 'all' | 'none';
  private readonly rebaseAt: number;
  private evictionsSinceSweep = 0;

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

  /**
   * @param connections the capture's records, read (never written) to join a message with its
   *   request or connection for the views (`connectionOf`, `message`).
   */
  constructor(
    readonly connections: ConnectionRecords,
    opts: MessageStoreOptions = {},
  ) {
    this.capacity = Math.max(1, Math.min(1 << 28, Math.floor(opts.capacity ?? 1_000_000)));
    this.fullPreviewCapacity = Math.max(0, Math.floor(opts.fullPreviewCapacity ?? 20_000));
    this.fullPreviewChars = Math.max(0, Math.floor(opts.fullPreviewChars ?? 32 * 1024 * 1024));
    this.fullCap = Math.min(this.fullPreviewCapacity, this.capacity);
    this.fullLen = new Uint32Array(this.fullCap);
    this.fullB64 = new Uint8Array(this.fullCap);
    this.chunkPolicy = opts.chunks ?? 'streams';
    this.rebaseAt = Math.max(this.capacity * 2, Math.min(2 ** 30, Math.floor(opts.rebaseAt ?? 2 ** 30)));
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
    this.lanes.clear();
    this.allocateColumns();
  }

  /* ------------------------------------------------------------ ingest (Capture.ingest only) */

  /**
   * One event of a batch, after ConnectionRecords applied it to `rec`: WebSocket messages, SSE
   * events and (per the chunk policy) response chunks become messages; other kinds are not
   * messages. O(1); allocates only a message's list preview when it is not the captured string.
   */
  event(rec: ConnectionRecord, e: CaptureEvent): void {
    switch (e.kind) {
      case 'ws-message':
        this.frame(rec, e.t, e.size, frameBits(e), e.preview.data);
        return;
      case 'sse': {
        const p = e.preview;
        let f = KIND_SSE | (p.truncated ? FLAG_TRUNCATED : 0);
        const lp = listPreviewText(p.data);
        if (isWholeText(p.data, p.truncated)) f |= FLAG_COMPLETE;
        if (e.lastEventId) f |= FLAG_SSE_ID;
        if (e.retry !== null) f |= FLAG_RETRY;
        const slot = this.push(rec, e.t, e.size, f, lp, p.data, p.encoding === 'base64');
        this.setSse(slot, e.event, e.lastEventId, e.retry);
        return;
      }
      case 'chunk':
        this.chunk(rec, e.t, e.size);
        return;
      case 'page':
      case 'request-start':
      case 'response':
      case 'request-end':
      case 'es-create':
      case 'es-open':
      case 'es-error':
      case 'es-close':
      case 'ws-create':
      case 'ws-open':
      case 'ws-error':
      case 'ws-close':
        return;
      default:
        unhandledEvent(e);
    }
  }

  /** One WebSocket message of record `rec`; `bits` as in FrameColumns. */
  frame(rec: ConnectionRecord, t: number, size: number, bits: number, data: string): void {
    const truncated = (bits & FRAME_TRUNCATED) !== 0;
    const base64 = (bits & FRAME_BASE64) !== 0;
    let f = KIND_WS | (bits & FRAME_UP ? FLAG_UP : 0) | (truncated ? FLAG_TRUNCATED : 0);
    let lp: string;
    if (bits & (FRAME_BINARY | FRAME_BASE64)) {
      f |= bits & FRAME_BINARY ? FLAG_BINARY : 0;
      lp = base64 ? listPreviewHex(data, truncated) : listPreviewText(data);
    } else {
      lp = listPreviewText(data);
      if (isWholeText(data, truncated)) f |= FLAG_COMPLETE;
    }
    this.push(rec, t, size, f, lp, data, base64);
  }

  /** Ends a batch: views compare `version` to know something changed (messages or records). */
  endBatch(): void {
    this.version++;
  }

  /** A response chunk (`rec.chunks` already counts it), as the chunk policy says. */
  private chunk(rec: ConnectionRecord, t: number, size: number): void {
    if (this.chunkPolicy === 'none' || rec.eventStream) return;
    if (this.chunkPolicy === 'streams') {
      if (rec.chunks === 1) return; // held back (on the record) until a second chunk shows a stream
      if (rec.chunks === 2) this.push(rec, rec.firstChunkT, rec.firstChunkSize, KIND_CHUNK, '', null, false);
    }
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
