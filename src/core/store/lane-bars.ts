/**
 * The timeline's index of request and connection lifetimes, one LaneBars per lane (channel):
 * `barsInRange` (bins.ts) scans it instead of the records. Filled by ConnectionRecords, which
 * calls `append` when a record joins a lane and `update` when its drawn state changes.
 */
import type { ConnectionRecord } from './connection-record';

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
