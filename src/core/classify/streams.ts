/**
 * Transitions: channels that carry one logical stream. Two ways to tell:
 * - a shared session token (Engine.IO/Socket.IO `sid` on the long-poll and on the WebSocket that
 *   upgrades it, SignalR's `id`, a SockJS session path segment) on the same host;
 * - a fallback: a WebSocket or EventSource that never got a working connection and that the page
 *   stopped trying, followed within FALLBACK_WINDOW_MS of its last attempt by new HTTP traffic to
 *   the same host under the same first path segment. HTTP traffic that began while the socket was
 *   still being retried is not a fallback: a page that keeps reconnecting has not given up on it
 *   (a reconnect storm beside the app's ordinary polling is two things, not one stream).
 * Computed on read over the channel list (a handful of channels), never per event.
 */
import type { Transport } from '../protocol';
import type { LogicalStream, Pattern, StreamStep } from './types';

export interface StreamCandidate {
  readonly key: string;
  readonly transport: Transport;
  readonly pattern: Pattern;
  readonly host: string;
  /** First path segment of the template (`socket.io` for `/socket.io/?...`). */
  readonly pathHead: string;
  readonly sessionTokens: ReadonlySet<string>;
  readonly firstAt: number;
  readonly lastAt: number;
  /** Every connection failed (never opened, or died at once without a message). */
  readonly neverWorked: boolean;
}

export const FALLBACK_WINDOW_MS = 10_000;
/** A fallback may start this much before the socket's last sign of life (its close event trails the error). */
export const FALLBACK_OVERLAP_MS = 1000;

export function linkStreams(channels: readonly StreamCandidate[]): LogicalStream[] {
  const out: LogicalStream[] = [];
  const claimed = new Set<string>();

  // 1. Shared session tokens.
  const byToken = new Map<string, StreamCandidate[]>();
  for (const c of channels) {
    for (const tok of c.sessionTokens) {
      const k = `${c.host} ${tok}`;
      let list = byToken.get(k);
      if (!list) byToken.set(k, (list = []));
      list.push(c);
    }
  }
  for (const [k, list] of byToken) {
    const members = list.filter((c) => !claimed.has(c.key));
    if (members.length < 2 || new Set(members.map((c) => c.transport === 'xhr' ? 'fetch' : c.transport)).size < 2) continue;
    for (const c of members) claimed.add(c.key);
    const token = k.slice(k.indexOf(' ') + 1);
    out.push({ id: `session:${token}`, link: 'session', session: token, steps: steps(members) });
  }

  // 2. Fallbacks after a failed WebSocket/EventSource.
  for (const failed of channels) {
    if (claimed.has(failed.key) || !failed.neverWorked) continue;
    if (failed.transport !== 'websocket' && failed.transport !== 'eventsource') continue;
    const next = channels.find(
      (c) =>
        c !== failed &&
        !claimed.has(c.key) &&
        (c.transport === 'fetch' || c.transport === 'xhr') &&
        c.host === failed.host &&
        c.pathHead === failed.pathHead &&
        c.firstAt >= failed.lastAt - FALLBACK_OVERLAP_MS &&
        c.firstAt <= failed.lastAt + FALLBACK_WINDOW_MS,
    );
    if (!next) continue;
    claimed.add(failed.key);
    claimed.add(next.key);
    out.push({ id: `fallback:${failed.key}`, link: 'fallback', session: '', steps: steps([failed, next]) });
  }
  return out;
}

function steps(members: readonly StreamCandidate[]): StreamStep[] {
  return [...members]
    .sort((a, b) => a.firstAt - b.firstAt)
    .map((c) => ({ channel: c.key, pattern: c.pattern, transport: c.transport, from: c.firstAt, to: c.lastAt }));
}

/** `socket.io` for `/socket.io/?EIO=4`, '' for `/`. */
export function pathHead(template: string): string {
  const path = template.split('?')[0] ?? '';
  return path.split('/').find((s) => s !== '') ?? '';
}
