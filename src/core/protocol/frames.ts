/**
 * WebSocket messages as columns (FrameColumns in ./index.ts): packed by the router for the panel,
 * read by the panel's session, classifier, store and capture log without one object per frame.
 */
import {
  FRAME_BASE64,
  FRAME_BINARY,
  FRAME_TRUNCATED,
  FRAME_UP,
  type FrameColumns,
  type SequencedEvent,
  type WebSocketMessageEvent,
} from './index';

/** FrameColumns `bits` of a WebSocket message. */
export function frameBits(e: WebSocketMessageEvent): number {
  const p = e.preview;
  return (e.dir === 'up' ? FRAME_UP : 0) | (e.binary ? FRAME_BINARY : 0) | (p.encoding === 'base64' ? FRAME_BASE64 : 0) | (p.truncated ? FRAME_TRUNCATED : 0);
}

/** Splits a batch into its WebSocket messages (as columns) and every other event, keeping the order. */
export function packFrames(all: readonly SequencedEvent[]): { events: SequencedEvent[]; frames: FrameColumns | undefined } {
  const events: SequencedEvent[] = [];
  const ids: string[] = [];
  const idIndex = new Map<string, number>();
  const conn: number[] = [];
  const seq: number[] = [];
  const t: number[] = [];
  const size: number[] = [];
  const bits: number[] = [];
  const data: string[] = [];
  const order: number[] = [];
  let run = 0;
  let inFrames = false;
  for (const e of all) {
    const frame = e.kind === 'ws-message';
    if (frame !== inFrames) {
      order.push(run);
      run = 0;
      inFrames = frame;
    }
    run++;
    if (!frame) {
      events.push(e);
      continue;
    }
    let k = idIndex.get(e.id);
    if (k === undefined) {
      k = ids.length;
      ids.push(e.id);
      idIndex.set(e.id, k);
    }
    conn.push(k);
    seq.push(e.seq);
    t.push(e.t);
    size.push(e.size);
    bits.push(frameBits(e));
    data.push(e.preview.data);
  }
  if (conn.length === 0) return { events, frames: undefined };
  order.push(run);
  return { events, frames: { ids, conn, seq, t, size, bits, data, order } };
}

/** A validated FrameColumns with its batch's arrival order spelled out. */
export class FrameBatch {
  /** Frames in the batch. */
  readonly length: number;
  /** Arrival position -> index into the batch's events (>= 0), or ~index of a frame (< 0). */
  readonly order: Int32Array;

  private constructor(
    readonly cols: FrameColumns,
    eventCount: number,
  ) {
    this.length = cols.conn.length;
    const order = new Int32Array(eventCount + this.length);
    let k = 0;
    let ev = 0;
    let fr = 0;
    for (let r = 0; r < cols.order.length; r++) {
      const n = cols.order[r]!;
      if (r % 2 === 0) for (let i = 0; i < n; i++) order[k++] = ev++;
      else for (let i = 0; i < n; i++) order[k++] = ~fr++;
    }
    this.order = order;
  }

  /**
   * Checks the columns against a batch of `eventCount` events: a FrameBatch, or what is wrong
   * (the panel drops such a batch's frames rather than store garbage).
   */
  static read(x: unknown, eventCount: number): FrameBatch | string {
    if (typeof x !== 'object' || x === null) return 'frames is not an object';
    const c = x as Record<string, unknown>;
    const cols = ['conn', 'seq', 't', 'size', 'bits', 'data', 'ids', 'order'] as const;
    for (const k of cols) if (!Array.isArray(c[k])) return `frames.${k} is not an array`;
    const f = x as FrameColumns;
    const n = f.conn.length;
    for (const k of ['seq', 't', 'size', 'bits', 'data'] as const) {
      if (f[k].length !== n) return `frames.${k} has ${f[k].length} entries for ${n} frames`;
    }
    let events = 0;
    let frames = 0;
    for (let r = 0; r < f.order.length; r++) {
      const v = f.order[r];
      if (typeof v !== 'number' || !(v >= 0) || !Number.isInteger(v)) return `frames.order[${r}] is not a count`;
      if (r % 2 === 0) events += v;
      else frames += v;
    }
    if (events !== eventCount || frames !== n) return `frames.order counts ${events} events and ${frames} frames, the batch has ${eventCount} and ${n}`;
    for (let j = 0; j < n; j++) {
      const k = f.conn[j]!;
      if (!(k >= 0 && k < f.ids.length) || typeof f.ids[k] !== 'string') return `frames.conn[${j}] names no connection`;
      if (typeof f.data[j] !== 'string' || typeof f.t[j] !== 'number' || typeof f.size[j] !== 'number' || typeof f.seq[j] !== 'number' || typeof f.bits[j] !== 'number') {
        return `frame ${j} has a field of the wrong type`;
      }
    }
    return new FrameBatch(f, eventCount);
  }

  /** Frame j as the event it was packed from (export, tests, the rare filtered batch). */
  event(j: number): SequencedEvent & WebSocketMessageEvent {
    const c = this.cols;
    const b = c.bits[j]!;
    return {
      kind: 'ws-message',
      id: c.ids[c.conn[j]!]!,
      t: c.t[j]!,
      dir: b & FRAME_UP ? 'up' : 'down',
      binary: (b & FRAME_BINARY) !== 0,
      size: c.size[j]!,
      preview: { encoding: b & FRAME_BASE64 ? 'base64' : 'text', data: c.data[j]!, truncated: (b & FRAME_TRUNCATED) !== 0 },
      seq: c.seq[j]!,
    };
  }

  /** Sequence number of the event at arrival position k. */
  seqAt(events: readonly SequencedEvent[], k: number): number {
    const m = this.order[k]!;
    return m >= 0 ? events[m]!.seq : this.cols.seq[~m]!;
  }

  /** Time of the event at arrival position k. */
  timeAt(events: readonly SequencedEvent[], k: number): number {
    const m = this.order[k]!;
    return m >= 0 ? events[m]!.t : this.cols.t[~m]!;
  }

  /** Every event of the batch as objects, in arrival order. */
  unpack(events: readonly SequencedEvent[]): SequencedEvent[] {
    const out: SequencedEvent[] = [];
    for (let k = 0; k < this.order.length; k++) {
      const m = this.order[k]!;
      out.push(m >= 0 ? events[m]! : this.event(~m));
    }
    return out;
  }
}
