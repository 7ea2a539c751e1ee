/**
 * The one-line note under a channel that shares a logical stream with others (ChannelView.stream):
 * an Engine.IO long-poll that upgrades to a WebSocket, a WebSocket that fell back to polling.
 * Worked out from the channels of the same stream in the order they started.
 */
import type { ChannelView, Pattern } from '../../core/classify/types';
import type { Transport } from '../../core/protocol';

const TRANSPORT: Readonly<Record<Transport, string>> = { fetch: 'fetch', xhr: 'XHR', eventsource: 'EventSource', websocket: 'WebSocket' };
const PATTERN: Readonly<Record<Pattern, string>> = {
  polling: 'polling',
  'long-polling': 'long-polling',
  sse: 'SSE',
  streaming: 'streaming',
  websocket: 'WebSocket',
  'one-off': 'one-off requests',
};

const isHttp = (t: Transport): boolean => t === 'fetch' || t === 'xhr';
const order = (a: ChannelView, b: ChannelView): number => a.firstAt - b.firstAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export function streamNote(c: ChannelView, channels: readonly ChannelView[]): string | null {
  if (!c.stream) return null;
  const group = channels.filter((o) => o.stream === c.stream || o.key === c.key).sort(order);
  const at = group.findIndex((o) => o.key === c.key);
  const earlier = group.slice(0, at);
  const later = group.slice(at + 1);
  if (c.transport !== 'websocket' && later.some((o) => o.transport === 'websocket')) return '↪ upgrades to WebSocket';
  if (!isHttp(c.transport)) {
    const next = later.find((o) => isHttp(o.transport));
    if (next) return `↪ falls back to ${PATTERN[next.pattern]}`;
  }
  if (c.transport === 'websocket') {
    const first = earlier.find((o) => o.transport !== 'websocket');
    if (first) return `↩ upgraded from ${PATTERN[first.pattern]}`;
  }
  if (isHttp(c.transport)) {
    const failed = earlier.find((o) => !isHttp(o.transport));
    if (failed) return `↩ fallback after ${TRANSPORT[failed.transport]}`;
  }
  const others = group.length - 1;
  return others > 0 ? `↔ one stream with ${others} other channel${others === 1 ? '' : 's'}` : null;
}
