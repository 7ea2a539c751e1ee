/**
 * The messages of one request or connection, for its detail view. The store indexes messages by
 * channel (lane), not by connection, so this scans the connection's lane backwards (typed arrays:
 * ~1 ms per 300,000 entries) and stops once it has the latest `max`. A connection whose channel is
 * not known yet has no lane: then the whole store is scanned, newest first, as far as `scanLimit`.
 */
import type { ConnectionRecord } from './connection-record';
import { KIND_CHUNK, KIND_MASK, type MessageStore } from './message-store';

export interface ConnectionMessages {
  /** Logical indices of the latest messages, oldest first (WebSocket frames and SSE events; stream chunks are not listed). */
  readonly logical: readonly number[];
  /** Messages of the connection still in the store (scanned), at least `logical.length`. */
  readonly found: number;
}

export function connectionMessages(store: MessageStore, rec: ConnectionRecord, max: number, scanLimit = 2_000_000): ConnectionMessages {
  const out: number[] = [];
  let found = 0;
  const cap = store.capacity;
  const take = (logical: number): void => {
    const p = logical % cap;
    if (store.conn[p] !== rec.serial || (store.flags[p]! & KIND_MASK) === KIND_CHUNK) return;
    found++;
    if (out.length < max) out.push(logical);
  };
  const lane = rec.lane >= 0 ? store.liveLane(rec.lane, true) : undefined;
  if (lane) {
    for (let i = lane.n - 1; i >= lane.head && out.length < max; i--) take(lane.logical[i]!);
  } else {
    const stop = Math.max(store.firstLogical, store.nextLogical - scanLimit);
    for (let l = store.nextLogical - 1; l >= stop && out.length < max; l--) take(l);
  }
  out.reverse();
  return { logical: out, found };
}
