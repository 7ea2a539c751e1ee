/**
 * reconnect-storm: a WebSocket or EventSource that keeps failing and comes straight back. Without
 * backoff every client of a struggling server hammers it at the same pace (a thundering herd when
 * it restarts). WebSocket never reconnects by itself, so the loop is the page's; EventSource
 * retries on its own every ~3 s (or the server's `retry:`), forever.
 */
import type { ChannelView } from '../../classify/types';
import type { Finding } from '../types';
import { formatDuration } from '../../format/numbers';
import { cleanNumbers, median, ratio } from '../math';

/** Three failures in a row: one drop is a network blip, a second can be a deploy; three is a loop. */
export const STORM_MIN_FAILING_STREAK = 3;
/** The delays judged: the last 4 (3 steps), enough to see a backoff, recent enough to be the current behaviour. */
export const STORM_WINDOW = 4;
/**
 * Backing off means the delay at least doubled across the window. Judging the whole window, not
 * each step, keeps a jittered constant delay (0.4 s, 0.7 s, 0.5 s) a storm and a gentle 1.3×
 * backoff (1 s, 1.3 s, 1.7 s, 2.2 s) not one.
 */
export const STORM_BACKOFF_GROWTH = 2;
/**
 * Growth is measured from at least 100 ms: a loop at 0 ms is the worst storm, not an infinite
 * backoff, and 0 → 150 ms is still no backoff.
 */
export const STORM_GROWTH_FLOOR_MS = 100;
/** Reconnecting every 5 s or slower is a polite cadence even when it does not grow. */
export const STORM_MAX_MEDIAN_DELAY_MS = 5000;
/** Coming back in under a second on median hammers the server: error. */
export const STORM_ERROR_MEDIAN_DELAY_MS = 1000;
/** How many delays the message lists before the ellipsis. */
const SHOWN_DELAYS = 6;

function isReconnecting(ch: ChannelView): boolean {
  return (
    ch.transport === 'websocket' || ch.transport === 'eventsource' || ch.pattern === 'websocket' || ch.pattern === 'sse'
  );
}

export function reconnectStorm(ch: ChannelView): Finding | null {
  if (!isReconnecting(ch)) return null;
  const f = ch.facts;
  if (f.failingStreak < STORM_MIN_FAILING_STREAK) return null;
  const delays = f.reconnectDelaysMs.filter((d) => Number.isFinite(d) && d >= 0);
  if (delays.length < 2) return null;

  const recent = delays.slice(-STORM_WINDOW);
  const first = recent[0]!;
  const last = recent[recent.length - 1]!;
  const mid = median(recent);
  if (mid === null || mid >= STORM_MAX_MEDIAN_DELAY_MS) return null;
  const base = Math.max(first, STORM_GROWTH_FLOOR_MS);
  if (last >= STORM_BACKOFF_GROWTH * base) return null;
  const growth = ratio(last, base);

  const shown = delays.slice(-SHOWN_DELAYS).map(formatDuration).join(', ');
  const more = delays.length > SHOWN_DELAYS ? '… ' : '';
  const code = f.closeCodes.length > 0 ? f.closeCodes[f.closeCodes.length - 1]! : null;
  const ending = code !== null ? `with close ${code}` : 'each ending in an error';
  const message = `failed ${f.failingStreak}× in a row, reconnecting after ${more}${shown} ${ending}: no backoff`;

  return {
    rule: 'reconnect-storm',
    severity: mid < STORM_ERROR_MEDIAN_DELAY_MS ? 'error' : 'warning',
    channel: ch.key,
    message,
    suggestion: suggest(ch, code),
    numbers: cleanNumbers({
      failingStreak: f.failingStreak,
      reconnects: delays.length,
      medianDelayMs: mid,
      lastDelayMs: last,
      delayGrowth: growth,
      closeCode: code,
    }),
  };
}

function suggest(ch: ChannelView, code: number | null): string {
  const why =
    code === 1006
      ? ' Close 1006 means the connection dropped without a close frame: look at the server, proxy or load balancer (idle timeouts, Upgrade headers).'
      : '';
  if (ch.transport === 'eventsource' || (ch.transport !== 'websocket' && ch.pattern === 'sse')) {
    return (
      'EventSource retries by itself at a fixed delay: have the server send a longer `retry:` while it struggles, ' +
      'answer 204 to stop the retries, or close() it on error and reconnect with exponential backoff and jitter.' +
      why
    );
  }
  return (
    'Reconnect with exponential backoff and jitter (e.g. 1 s, 2 s, 4 s … capped at 30 s), reset after a connection ' +
    'that stayed up, and give up or ask the user after a limit.' +
    why
  );
}
