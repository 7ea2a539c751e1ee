/**
 * hidden-tab-polling: the poller keeps going while nobody can see the page. Browsers throttle
 * hidden timers (Chrome to about once a second, later once a minute for chained timers), but
 * every request that still goes out costs the user battery and data and the server load.
 */
import type { ChannelView } from '../../classify/types';
import type { Finding } from '../types';
import { formatDuration, formatRate } from '../../format/numbers';
import { cleanNumbers, intervalOf, ratio } from '../math';

/** Three requests started while hidden: one or two can be in flight when the tab is switched. */
export const HIDDEN_MIN_STARTS = 3;
/**
 * A hidden interval at least 4× the visible one means the page (or the browser's throttling)
 * already slows down a lot: still worth knowing (info), no longer a warning.
 */
export const HIDDEN_SLOWED_FACTOR = 4;

export function hiddenTabPolling(ch: ChannelView): Finding | null {
  if (ch.pattern !== 'polling') return null;
  const f = ch.facts;
  if (f.hiddenStarts < HIDDEN_MIN_STARTS) return null;

  const ev = ch.evidence;
  const hiddenMs = f.hiddenMedianIntervalMs !== null && f.hiddenMedianIntervalMs > 0 ? f.hiddenMedianIntervalMs : null;
  const visibleMs = ev.medianIntervalMs ?? (ev.requestsPerMin === null ? null : intervalOf(ev.requestsPerMin));
  const hiddenPerMin = hiddenMs !== null ? ratio(60_000, hiddenMs) : null;
  const slowdown = hiddenMs !== null && visibleMs !== null ? ratio(hiddenMs, visibleMs) : null;

  const cadence =
    hiddenMs !== null && hiddenPerMin !== null
      ? `, every ${formatDuration(hiddenMs)} (${formatRate(hiddenPerMin)}/min)` +
        (visibleMs !== null ? ` vs ${formatDuration(visibleMs)} when visible` : '')
      : '';
  const message = `kept polling while the tab was hidden: ${f.hiddenStarts} requests${cadence}`;

  return {
    rule: 'hidden-tab-polling',
    severity: slowdown !== null && slowdown >= HIDDEN_SLOWED_FACTOR ? 'info' : 'warning',
    channel: ch.key,
    message,
    suggestion:
      'Stop the timer on visibilitychange when document.hidden is true and poll once when the page is shown again ' +
      '(or at least poll much less often while hidden).',
    numbers: cleanNumbers({
      hiddenStarts: f.hiddenStarts,
      hiddenIntervalMs: hiddenMs,
      hiddenRequestsPerMin: hiddenPerMin,
      visibleIntervalMs: visibleMs,
    }),
  };
}
