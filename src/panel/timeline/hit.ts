/**
 * What is under the pointer on the timeline (a message tick, a request/connection bar, a lane
 * label) and the words the tooltip shows for it. Costs a few binary searches per call: hovering
 * never scans a lane.
 */
import type { Pattern } from '../../core/classify/types';
import type { Transport } from '../../core/protocol';
import { BarList, barsInRange, laneSlice, nearestMessage } from '../../core/store/bins';
import type { ConnectionRecord } from '../../core/store/connection-record';
import type { MessageStore } from '../../core/store/message-store';
import { formatBytes, formatDuration } from '../../core/format/numbers';
import { oneLine } from '../../core/format/one-line';
import { formatClock, localTzOffset, type TzOffset } from './axis';
import { pickBar, plotWidth, regionAt, type Layout } from './layout';
import { xToTime, type TimeWindow } from './viewport';

/** A lane as the tooltip describes it (a ChannelView satisfies it). */
export interface HitLane {
  readonly key: string;
  readonly template: string;
  readonly pattern: Pattern;
  readonly transport?: Transport;
  readonly origin?: string;
  readonly reason?: string;
}

export type Hit =
  | { readonly kind: 'message'; readonly row: number; readonly logical: number; readonly t: number; readonly inPixel: number }
  | { readonly kind: 'bar'; readonly row: number; readonly record: ConnectionRecord; readonly t: number; readonly inPixel: number }
  | { readonly kind: 'label'; readonly row: number };

/** Pixels of slack around a tick or a bar. */
export const HIT_SLOP_PX = 3;

/**
 * The item at canvas point (x, y) in CSS pixels: in the bar band a bar first, above or below it a
 * message first (each falls back to the other). Null over empty space and the axis.
 */
export function hitTest(
  store: MessageStore,
  lanes: readonly HitLane[],
  layout: Layout,
  win: TimeWindow,
  now: number,
  x: number,
  y: number,
  scratch: BarList = new BarList(16),
): Hit | null {
  const r = regionAt(layout, x, y);
  if (r.kind === 'label') return { kind: 'label', row: r.lane };
  if (r.kind !== 'plot') return null;
  const lane = lanes[r.lane];
  if (!lane) return null;
  const li = store.lanes.indexOf(lane.key);
  if (li < 0) return null;
  const pw = plotWidth(layout);
  const t = xToTime(r.x, win, pw);
  const px = (win.t1 - win.t0) / pw;
  const tol = HIT_SLOP_PX * px;
  const message = (): Hit | null => {
    const logical = nearestMessage(store, li, t, tol);
    if (logical < 0) return null;
    // Messages sharing the hovered pixel column.
    const col = Math.floor(r.x);
    const inPixel = laneSlice(store, li, win.t0 + col * px, win.t0 + (col + 1) * px).length;
    return { kind: 'message', row: r.lane, logical, t: store.timeOf(logical), inPixel: Math.max(1, inPixel) };
  };
  const bar = (): Hit | null => {
    barsInRange(store.connections, li, t - tol, t + tol, now, scratch, 0);
    const b = pickBar(scratch, t, tol);
    if (b < 0) return null;
    const record = store.connections.get(scratch.serial[b]!);
    if (!record) return null;
    let inPixel = 0;
    const from = t - px / 2;
    const to = t + px / 2;
    for (let i = 0; i < scratch.length; i++) if (scratch.start[i]! <= to && scratch.end[i]! >= from) inPixel++;
    return { kind: 'bar', row: r.lane, record, t, inPixel: Math.max(1, inPixel) };
  };
  return r.zone === 'bar' ? (bar() ?? message()) : (message() ?? bar());
}

const TRANSPORT: Record<Transport, string> = { fetch: 'fetch', xhr: 'XHR', eventsource: 'EventSource', websocket: 'WebSocket' };

function statusOf(rec: ConnectionRecord): string {
  if (rec.transport === 'websocket' || rec.transport === 'eventsource') {
    if (rec.end === null) return rec.responseAt === null ? 'connecting' : 'open';
    if (rec.closeCode !== null) return `closed ${rec.closeCode}${rec.closeReason ? ` ${rec.closeReason}` : ''}`;
    return rec.state === 'error' ? 'closed by error' : 'closed';
  }
  if (rec.status > 0) return `${rec.status}${rec.statusText ? ` ${rec.statusText}` : ''}`;
  if (rec.state === 'error') return 'failed';
  return rec.end === null ? 'pending' : 'no response';
}

/** Tooltip lines for a hit (plain text: the caller sets textContent). */
export function describeHit(store: MessageStore, lanes: readonly HitLane[], hit: Hit, now: number, tz: TzOffset = localTzOffset): string[] {
  const lane = lanes[hit.row];
  if (hit.kind === 'label') {
    if (!lane) return [];
    const li = store.lanes.indexOf(lane.key);
    const lb = li >= 0 ? store.connections.laneBars(li) : undefined;
    const requests = lb ? lb.n - lb.removed : 0;
    const messages = li >= 0 ? (store.liveLane(li, true)?.count ?? 0) : 0;
    const head = [lane.pattern, lane.transport ? TRANSPORT[lane.transport] : '', lane.origin ?? ''].filter(Boolean).join(' · ');
    return [
      lane.template || lane.key,
      head,
      lane.reason ?? '',
      `${requests.toLocaleString('en-US')} request${requests === 1 ? '' : 's'} · ${messages.toLocaleString('en-US')} message${messages === 1 ? '' : 's'}`,
    ].filter(Boolean);
  }
  if (hit.kind === 'message') {
    const m = hit.logical;
    if (!store.has(m)) return ['(message dropped)'];
    const up = store.directionOf(m) === 'up';
    const kind = store.kindOf(m);
    const sse = kind === 'sse' ? store.sseFields(m) : null;
    const lines = [
      `${up ? '↑ sent' : '↓ received'} · ${formatClock(store.timeOf(m), true, tz)} · ${formatBytes(store.sizeOf(m))}${
        sse && sse.event && sse.event !== 'message' ? ` · event ${sse.event}` : ''
      }`,
      oneLine(store.listPreviewOf(m), 160) || '(empty)',
    ];
    if (lane) lines.push(lane.template || lane.key);
    if (hit.inPixel > 1) lines.push(`${hit.inPixel.toLocaleString('en-US')} messages in this pixel: zoom in to tell them apart`);
    return lines;
  }
  const rec = hit.record;
  const end = rec.end ?? now;
  const lines = [
    `${rec.transport === 'websocket' || rec.transport === 'eventsource' ? TRANSPORT[rec.transport] : rec.method} ${oneLine(rec.url, 300)}`,
    `${statusOf(rec)} · ${formatDuration(end - rec.start)}${rec.end === null ? ' so far' : ''} · from ${formatClock(rec.start, true, tz)}`,
  ];
  if (rec.error) lines.push(`error: ${rec.error}`);
  if (rec.reconnects > 0) lines.push(`${rec.reconnects} reconnect${rec.reconnects === 1 ? '' : 's'}`);
  if (rec.messagesUp + rec.messagesDown > 0) lines.push(`${rec.messagesUp} sent · ${rec.messagesDown} received`);
  if (hit.inPixel > 1) lines.push(`${hit.inPixel} requests in this pixel: zoom in to tell them apart`);
  return lines;
}
