/**
 * short-long-poll: a long-poll the server answers almost at once is polling with no interval —
 * the client re-asks as fast as the round trip allows. Either the server does not hold (no news
 * wait, or a proxy cuts it), or the data changes so often that a stream would fit better.
 */
import type { ChannelView } from '../../classify/types';
import type { Finding } from '../types';
import { formatDuration, formatRate } from '../../format/numbers';
import { cleanNumbers } from '../math';

/** Under a second of hold is not "waiting for news"; real long-polls hold 20-60 s. */
export const SHORT_HOLD_MAX_MS = 1000;
/** The classifier's own bar for "often held" (see classify/decide.ts). */
export const HELD_SHARE_OK = 1 / 3;
/** Once a second or faster is as chatty as the worst poller: error. */
export const SHORT_HOLD_ERROR_REQUESTS_PER_MIN = 60;

export function shortLongPoll(ch: ChannelView): Finding | null {
  if (ch.pattern !== 'long-polling') return null;
  const hold = ch.evidence.medianHoldMs;
  if (hold === null || !Number.isFinite(hold) || hold >= SHORT_HOLD_MAX_MS) return null;
  // Engine.IO-style long-polls alternate long holds with instant answers (handshake, ack, a ping
  // right after news): when a third or more are really held, the server does hold.
  if (ch.facts.heldShare !== null && ch.facts.heldShare >= HELD_SHARE_OK) return null;

  const rpm = ch.evidence.requestsPerMin;
  // "re-asks n×/min" needs a rate: too few requests are no evidence of a loop yet.
  if (rpm === null) return null;
  const message =
    `long-poll held only ${formatDuration(hold)} on median, so it re-asks ${formatRate(rpm)}×/min: ` +
    'polling in disguise';

  return {
    rule: 'short-long-poll',
    severity: rpm >= SHORT_HOLD_ERROR_REQUESTS_PER_MIN ? 'error' : 'warning',
    channel: ch.key,
    message,
    suggestion:
      'Hold the request on the server until there is news or a 20-30 s timeout (under common 60 s proxy idle limits); ' +
      'if there really is news this often, one SSE stream or WebSocket carries it without a request each time.',
    numbers: cleanNumbers({ medianHoldMs: hold, requestsPerMin: rpm }),
  };
}
