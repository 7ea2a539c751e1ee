/**
 * The pattern rules, in one place. Input: measurements over a channel's recent window (see
 * `ChannelState.measure`). Output: a label, how sure it is, and the reason in words.
 *
 * Order matters: what the transport or content type proves (WebSocket, SSE) first, then the body's
 * shape (streaming), then the timing of the requests (long-polling before polling: a long-poll
 * that always times out at the same hold is also "regular", but back-to-back long holds are the
 * stronger signal).
 */
import type { Transport } from '../protocol';
import { formatDuration as formatMs } from '../format/numbers';
import type { Pattern } from './types';

export interface Measures {
  readonly transport: Transport;
  /** Requests (HTTP) or connections (WebSocket/EventSource) in the window. */
  readonly count: number;
  readonly sseSeen: boolean;
  readonly streamingSeen: boolean;
  /** Median chunks of the streaming requests (for the reason). */
  readonly streamChunks: number;
  readonly intervalsVisible: readonly number[];
  readonly intervalsHidden: readonly number[];
  readonly medianInterval: number | null;
  readonly dispersion: number | null;
  readonly regular: number;
  readonly holds: readonly number[];
  readonly medianHold: number | null;
  readonly gaps: readonly number[];
  readonly medianGap: number | null;
  readonly maxInFlight: number;
  /** First to last activity of the whole channel (sustained traffic outlives the window). */
  readonly channelSpanMs: number;
}

export interface Decision {
  readonly pattern: Pattern;
  readonly confidence: number;
  readonly reason: string;
}

/** Long-polling: the client re-asks within this long after an answer (product spec: ~100–250 ms). */
export const LONG_POLL_MAX_GAP_MS = 300;
/** ...and the server held the answer at least this long (shorter holds: see SHORT_HOLD_*). */
export const LONG_POLL_MIN_HOLD_MS = 1000;
/**
 * Back-to-back requests with short holds are a long-poll whose server answers at once (polling in
 * disguise) only when sustained: a paginated loader or a page-load burst looks the same for a
 * few seconds, then stops.
 */
export const SHORT_HOLD_MIN_REQUESTS = 10;
export const SHORT_HOLD_MIN_SPAN_MS = 30_000;
/** Overlaps shorter than this are our own reading of the body finishing after the page re-asked. */
export const OVERLAP_TOLERANCE_MS = 50;
/** Faster than this is a burst, not a timer (browsers clamp nested timers to 4 ms; pollers are slower). */
export const POLL_MIN_INTERVAL_MS = 100;
/** Polling shows from the 4th request (three intervals). */
export const POLL_MIN_REQUESTS = 4;
/** Intervals within ±30% (dispersion) read as "every N s" in a reason, as real pollers jitter. */
const STEADY_DISPERSION = 0.3;

export function decide(m: Measures): Decision {
  if (m.transport === 'websocket') {
    return { pattern: 'websocket', confidence: 1, reason: `${plural(m.count, 'connection')}` };
  }
  if (m.transport === 'eventsource') {
    return { pattern: 'sse', confidence: 1, reason: `EventSource, ${plural(m.count, 'connection')}` };
  }
  if (m.sseSeen) {
    return { pattern: 'sse', confidence: 0.95, reason: `text/event-stream over ${m.transport}` };
  }
  if (m.streamingSeen) {
    return {
      pattern: 'streaming',
      confidence: 0.8,
      reason: `body arrives over time in ~${m.streamChunks} chunks with pauses`,
    };
  }
  const lp = longPolling(m);
  if (lp) return lp;
  const poll = polling(m);
  if (poll) return poll;
  return { pattern: 'one-off', confidence: m.count >= 8 ? 0.8 : 0.5, reason: oneOffReason(m) };
}

/**
 * Why regular-looking requests are still one-off, in the rules' own terms, so the reason never
 * contradicts the numbers beside it (a regular share of 1 next to "no regular rhythm").
 */
function oneOffReason(m: Measures): string {
  if (m.count <= 1 || m.medianInterval === null) return m.count <= 1 ? 'a single request' : `${m.count} requests`;
  if (m.medianInterval < POLL_MIN_INTERVAL_MS) return `${m.count} requests in a burst, ${formatMs(m.medianInterval)} apart`;
  if (backToBack(m)) return `${m.count} requests back to back, each as soon as the previous answer came: a loader, not a timer`;
  if (m.count < POLL_MIN_REQUESTS) {
    const steady = m.dispersion !== null && m.dispersion <= STEADY_DISPERSION;
    return `${m.count} requests${steady ? ` every ${formatMs(m.medianInterval)}` : ''}: too few to call it polling (it takes ${POLL_MIN_REQUESTS})`;
  }
  return `${m.count} requests, no regular rhythm`;
}

/**
 * Each request waits for the previous answer, with no pause between: a loader or a burst, not a
 * timer. Overlapping requests (a slow server under setInterval) are not back to back.
 */
function backToBack(m: Measures): boolean {
  if (m.medianGap === null || m.medianHold === null) return false;
  return m.medianGap >= -OVERLAP_TOLERANCE_MS && m.medianGap <= Math.min(250, 0.25 * m.medianHold);
}

function longPolling(m: Measures): Decision | null {
  if (m.count < 3 || m.holds.length < 2 || m.gaps.length < 2) return null;
  if (m.maxInFlight > 1 || m.medianGap === null || m.medianHold === null) return null;
  if (m.medianGap > LONG_POLL_MAX_GAP_MS) return null;
  // Most re-asks are prompt (a few may back off after errors).
  let prompt = 0;
  for (const g of m.gaps) if (g <= 1000) prompt++;
  if (prompt / m.gaps.length < 0.6) return null;
  if (m.medianHold < 2 * Math.max(m.medianGap, 0)) return null;
  // Held: the median request, or (Engine.IO and friends, whose long holds alternate with instant
  // answers: handshake, connect ack, a ping right after news) a third of them.
  let held = 0;
  for (const h of m.holds) if (h >= LONG_POLL_MIN_HOLD_MS) held++;
  const oftenHeld = held >= 2 && held * 3 >= m.holds.length;
  const sustainedShort = m.count >= SHORT_HOLD_MIN_REQUESTS && m.channelSpanMs >= SHORT_HOLD_MIN_SPAN_MS;
  if (m.medianHold < LONG_POLL_MIN_HOLD_MS && !oftenHeld && !sustainedShort) return null;
  return {
    pattern: 'long-polling',
    confidence: Math.min(0.95, 0.55 + 0.1 * (m.count - 3)),
    reason: `${m.count} requests back to back: held ${formatMs(m.medianHold)}, next after ${formatMs(
      Math.max(0, m.medianGap),
    )}`,
  };
}

function polling(m: Measures): Decision | null {
  if (m.count < POLL_MIN_REQUESTS || !m.regular || m.medianInterval === null) return null;
  if (m.medianInterval < POLL_MIN_INTERVAL_MS) return null;
  if (backToBack(m)) return null;
  const n = m.intervalsVisible.length + m.intervalsHidden.length;
  const spread = m.dispersion === null ? '' : ` ±${Math.round(m.dispersion * 100)}%`;
  return {
    pattern: 'polling',
    confidence: Math.min(0.99, (0.45 + 0.05 * n) * m.regular + 0.1),
    reason: `${m.count} requests every ${formatMs(m.medianInterval)}${spread}${
      m.medianHold === null ? '' : `, answered in ${formatMs(m.medianHold)}`
    }`,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
