/**
 * connection-limit: under HTTP/1.x a browser opens at most 6 connections per origin — per
 * browser, shared by every tab — and a request held open (SSE, long-poll, stream) keeps its
 * connection. With 6 of them open, every other request to that origin waits in the queue.
 * HTTP/2 and HTTP/3 multiplex ~100 streams on one connection, so they are not affected.
 *
 * Protocol choice: we fire only when the origin is known to speak http/1.0 or http/1.1. An
 * unknown protocol ('' — cross-origin without Timing-Allow-Origin, a HAR without it) is most often
 * h2 on today's HTTPS sites, and an error-level alarm on a guess would mostly be wrong.
 */
import type { ChannelView } from '../../classify/types';
import type { Finding } from '../types';
import { cleanNumbers } from '../math';

/** Chrome's and Firefox's per-origin connection cap for HTTP/1.x. */
export const HTTP1_CONNECTIONS_PER_ORIGIN = 6;
const HTTP1 = new Set(['http/1.1', 'http/1.0']);

/** Long-lived: a request that holds its connection. WebSockets have their own pool and do not count. */
function isLongLived(ch: ChannelView): boolean {
  if (ch.transport === 'websocket') return false;
  if (ch.transport === 'eventsource') return true;
  return ch.pattern === 'sse' || ch.pattern === 'long-polling' || ch.pattern === 'streaming';
}

/**
 * The origin's HTTP/1.x version ("HTTP/1.1"), or null. HTTP/1.x only when every channel that
 * knows the protocol says so: one h2 answer means the browser can multiplex to this origin.
 */
function http1Name(channels: readonly ChannelView[]): string | null {
  const known = new Set(channels.map((c) => c.facts.protocol.trim().toLowerCase()).filter((p) => p !== ''));
  if (known.size === 0 || ![...known].every((p) => HTTP1.has(p))) return null;
  return known.size === 1 ? [...known][0]!.toUpperCase() : 'HTTP/1.x';
}

interface Overlap {
  readonly concurrent: number;
  /** Lifetimes open at the peak, per channel key. */
  readonly perChannel: ReadonlyMap<string, number>;
}

/**
 * Largest number of lifetimes open at one instant, by a sweep over start/end points. Intervals
 * are half-open ([start, end)): a long-poll that starts as the previous one ends reuses its
 * connection, so ends sort before starts at equal times. An open end (null) never closes.
 */
export function maxOverlap(channels: readonly ChannelView[]): Overlap {
  type Point = { t: number; delta: 1 | -1; key: string };
  const points: Point[] = [];
  for (const ch of channels) {
    for (const [start, end] of ch.facts.lifetimes) {
      if (!Number.isFinite(start)) continue;
      points.push({ t: start, delta: 1, key: ch.key });
      if (end !== null && Number.isFinite(end)) points.push({ t: Math.max(start, end), delta: -1, key: ch.key });
    }
  }
  points.sort((a, b) => a.t - b.t || a.delta - b.delta);

  const open = new Map<string, number>();
  let count = 0;
  let best: Overlap = { concurrent: 0, perChannel: new Map() };
  for (const p of points) {
    count += p.delta;
    open.set(p.key, (open.get(p.key) ?? 0) + p.delta);
    if (count > best.concurrent) best = { concurrent: count, perChannel: new Map(open) };
  }
  return best;
}

/** One origin's channels in, one finding (blaming the channel holding most connections) out. */
export function connectionLimit(origin: string, channels: readonly ChannelView[]): Finding | null {
  const protocol = http1Name(channels);
  if (protocol === null) return null;
  const longLived = channels.filter(isLongLived);
  const { concurrent, perChannel } = maxOverlap(longLived);
  if (concurrent < HTTP1_CONNECTIONS_PER_ORIGIN) return null;

  // Most connections at the peak first; the key breaks ties so the blame is deterministic.
  const ranked = longLived
    .map((ch) => ({ ch, open: perChannel.get(ch.key) ?? 0 }))
    .filter((r) => r.open > 0)
    .sort((a, b) => b.open - a.open || (a.ch.key < b.ch.key ? -1 : a.ch.key > b.ch.key ? 1 : 0));
  const blamed = ranked[0];
  if (!blamed) return null;

  const where = `${blamed.ch.method} ${blamed.ch.template}`.trim();
  const message =
    `${concurrent} long-lived requests open at once to ${origin} over ${protocol} ` +
    `(${blamed.open} of them ${where}); the browser allows ${HTTP1_CONNECTIONS_PER_ORIGIN} per origin, ` +
    'so every other request to it waits';

  return {
    rule: 'connection-limit',
    severity: 'error',
    channel: blamed.ch.key,
    message,
    suggestion:
      'Serve this origin over HTTP/2 (one connection carries ~100 streams), or share one stream: a single ' +
      'EventSource or WebSocket for all topics, shared between components and tabs (SharedWorker or BroadcastChannel). ' +
      'The limit is per browser, so every open tab of this site counts.',
    numbers: cleanNumbers({
      concurrent,
      limit: HTTP1_CONNECTIONS_PER_ORIGIN,
      channels: ranked.length,
      blamedOpen: blamed.open,
    }),
  };
}
