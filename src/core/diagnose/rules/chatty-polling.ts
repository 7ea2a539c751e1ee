/**
 * chatty-polling: a poller that asks often and mostly hears the same answer. What it costs is
 * every identical exchange (the body downloaded again plus both header blocks), and what a push
 * transport would save is every poll's headers plus the identical bodies.
 */
import type { ChannelView } from '../../classify/types';
import type { Finding } from '../types';
import { formatBytesPerMin, formatDuration, formatPct, formatRate } from '../../format/numbers';
import { cleanNumbers, intervalOf, orZero, perMinute, ratio } from '../math';

/** 12/min = every 5 s or faster. Slower pollers cost little per minute even when nothing changes. */
export const CHATTY_MIN_REQUESTS_PER_MIN = 12;
/** At least half the answers identical: most of the traffic is re-asking, not learning. */
export const CHATTY_MIN_IDENTICAL_SHARE = 0.5;
/** Fewer than 3 compared answers is too little to call a share (2 of 2 identical is chance). */
export const CHATTY_MIN_COMPARED = 3;
/** Once a second or faster and 4 in 5 answers identical: near-pure waste, shown as an error. */
export const CHATTY_ERROR_REQUESTS_PER_MIN = 60;
export const CHATTY_ERROR_IDENTICAL_SHARE = 0.8;
/**
 * What pushing one changed answer over SSE costs beyond its body: `id: N\n`, `data: `, the blank
 * line, and the chunked-encoding frame around it under HTTP/1.1 — about 24 bytes.
 */
export const SSE_EVENT_OVERHEAD_BYTES = 24;

export function chattyPolling(ch: ChannelView): Finding | null {
  if (ch.pattern !== 'polling') return null;
  const ev = ch.evidence;
  const f = ch.facts;
  const share = ev.identicalShare ?? ratio(f.identical, f.compared);
  if (share === null || f.compared < CHATTY_MIN_COMPARED) return null;
  const rpm = ev.requestsPerMin;
  if (rpm === null || rpm < CHATTY_MIN_REQUESTS_PER_MIN || share < CHATTY_MIN_IDENTICAL_SHARE) return null;

  const headerBytes = orZero(f.medianHeaderBytesUp) + orZero(f.medianHeaderBytesDown);
  const wasted = f.identicalBytes + f.identical * headerBytes;
  const changed = Math.max(0, ev.requests - f.identical);
  const saving = Math.max(0, ev.requests * headerBytes + f.identicalBytes - changed * SSE_EVENT_OVERHEAD_BYTES);
  // Totals spread over the channel's span; for a zero span (one instant, a HAR without timings)
  // fall back to the per-exchange cost times the measured rate.
  const identicalPerMin = rpm * share;
  const wastedPerMin =
    perMinute(wasted, ev.spanMs) ?? orZero(ratio(wasted, f.identical)) * identicalPerMin;
  const savingPerMin =
    perMinute(saving, ev.spanMs) ?? orZero(ratio(saving, ev.requests)) * rpm;

  const intervalMs = ev.medianIntervalMs ?? intervalOf(rpm);
  const every = intervalMs !== null ? `polled every ${formatDuration(intervalMs)}` : 'polled';
  const message =
    `${every} (${formatRate(rpm)}/min); ${formatPct(share)} of answers identical: ` +
    `${formatBytesPerMin(wastedPerMin)} wasted`;

  const severity =
    rpm >= CHATTY_ERROR_REQUESTS_PER_MIN && share >= CHATTY_ERROR_IDENTICAL_SHARE ? 'error' : 'warning';

  return {
    rule: 'chatty-polling',
    severity,
    channel: ch.key,
    message,
    suggestion: suggest(ch, rpm, share, savingPerMin),
    numbers: cleanNumbers({
      requestsPerMin: rpm,
      intervalMs,
      identicalPct: share * 100,
      wastedBytesPerMin: wastedPerMin,
      pushSavingBytesPerMin: savingPerMin,
    }),
  };
}

function suggest(ch: ChannelView, rpm: number, share: number, savingPerMin: number): string {
  const f = ch.facts;
  const saving = savingPerMin > 0 ? ` (about ${formatBytesPerMin(savingPerMin)} less)` : '';
  const push =
    `Push changes instead of asking: SSE (one-way, reconnects by itself) or a WebSocket sends only what changed${saving}; ` +
    'long-polling works where neither can be deployed.';
  // How often the answer really changed is the interval this poller could afford.
  const changeEvery = share < 1 ? intervalOf(rpm * (1 - share)) : null;
  const slower =
    changeEvery !== null
      ? `Or poll less often: the answer changed only about every ${formatDuration(changeEvery)}.`
      : 'Or poll less often: the answer never changed while we watched.';
  const usesConditional = f.conditionalRequests > 0 || f.notModified > 0;
  const conditional = usesConditional
    ? 'Conditional requests already spare the bodies, but every poll still pays for its headers.'
    : 'Meanwhile, send an ETag and If-None-Match so an unchanged answer is an empty 304.';
  return `${push} ${slower} ${conditional}`;
}
