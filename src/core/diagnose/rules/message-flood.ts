/**
 * message-flood: many tiny messages a second on a socket or event stream. The bytes are small;
 * the cost is per message — a frame header, an event dispatch, a JSON.parse and often a render
 * each — on the page's main thread, where a 60 fps frame has 16 ms for everything.
 */
import type { ChannelView } from '../../classify/types';
import type { Finding } from '../types';
import { formatBytes, formatRate } from '../../format/numbers';
import { cleanNumbers } from '../math';

/** 50/s is about one message per frame at 60 fps or more: the point where batching per frame pays. */
export const FLOOD_MIN_PER_SEC = 50;
/** 256 B or less is "tiny": per-message overhead (framing, dispatch, parse) rivals the payload. */
export const FLOOD_MAX_MEDIAN_BYTES = 256;
/** 500/s is ~8 messages per frame: the main thread spends real time on dispatch alone. */
export const FLOOD_ERROR_PER_SEC = 500;

export function messageFlood(ch: ChannelView): Finding | null {
  const streamy =
    ch.transport === 'websocket' || ch.transport === 'eventsource' || ch.pattern === 'websocket' || ch.pattern === 'sse';
  if (!streamy) return null;
  const f = ch.facts;
  const size = f.medianMessageBytes;
  if (size === null || !Number.isFinite(size) || size > FLOOD_MAX_MEDIAN_BYTES) return null;
  const up = Number.isFinite(f.peakMessagesPerSecUp) ? f.peakMessagesPerSecUp : 0;
  const down = Number.isFinite(f.peakMessagesPerSecDown) ? f.peakMessagesPerSecDown : 0;
  const peak = Math.max(up, down);
  if (peak < FLOOD_MIN_PER_SEC) return null;

  const who = down >= up ? 'the server sent' : 'the page sent';
  const message = `${who} up to ${formatRate(peak)} messages/s, median ${formatBytes(size)} each`;

  return {
    rule: 'message-flood',
    severity: peak >= FLOOD_ERROR_PER_SEC ? 'error' : 'warning',
    channel: ch.key,
    message,
    suggestion:
      'Batch: send one message per animation frame or per 50-100 ms carrying an array of updates, and coalesce ' +
      'updates to the same item so only the latest goes out.',
    numbers: cleanNumbers({
      peakMessagesPerSec: peak,
      peakMessagesPerSecUp: up,
      peakMessagesPerSecDown: down,
      medianMessageBytes: size,
    }),
  };
}
