/**
 * no-conditional-requests: a poll that keeps getting the same answer in full because nothing in
 * the exchange lets the server say "unchanged". With an ETag (or Last-Modified) on the response
 * the browser revalidates by itself (fetch's default cache mode sends If-None-Match), and an
 * unchanged answer becomes a 304 without a body.
 *
 * We fire only when all three signs are absent. A response with a validator may already be
 * revalidated by the browser's HTTP cache, which the page never sees (fetch reports a cached 304 as
 * the 200 it revalidated), so "validators present, no conditional requests seen" is not proof.
 */
import type { ChannelView } from '../../classify/types';
import type { Finding } from '../types';
import { formatBytesPerMin, formatPct } from '../../format/numbers';
import { cleanNumbers, orZero, perMinute, ratio } from '../math';

/** Two identical answers: the first repeat could be chance, a second one is a habit. */
export const NO_CONDITIONAL_MIN_IDENTICAL = 2;
/**
 * Re-downloaded bodies at 50 KB/min or more (3 MB an hour of an open tab) make this a warning;
 * below, the fix is hygiene (info).
 */
export const NO_CONDITIONAL_WARN_BYTES_PER_MIN = 50 * 1024;

export function noConditionalRequests(ch: ChannelView): Finding | null {
  // Polling only: a long-poll's repeated answer is a timeout or a ping, not a resent document.
  if (ch.pattern !== 'polling') return null;
  const f = ch.facts;
  // Empty identical answers (a long-poll's timeout, a 204) leave no body for a 304 to save.
  if (f.identical < NO_CONDITIONAL_MIN_IDENTICAL || f.identicalBytes <= 0) return null;
  if (f.responsesWithValidators > 0 || f.conditionalRequests > 0 || f.notModified > 0) return null;

  const ev = ch.evidence;
  const share = ev.identicalShare ?? ratio(f.identical, f.compared);
  // Zero span: spread the identical bodies over the identical answers' rate instead.
  const bytesPerMin =
    perMinute(f.identicalBytes, ev.spanMs) ??
    orZero(ratio(f.identicalBytes, f.identical)) * orZero(ev.requestsPerMin) * orZero(share);

  const shareText = share !== null ? ` (${formatPct(share)})` : '';
  const message =
    `${f.identical} of ${f.compared} answers identical${shareText}, resent in full without ETag, ` +
    `Last-Modified or If-None-Match: ${formatBytesPerMin(bytesPerMin)} of repeated bodies`;

  return {
    rule: 'no-conditional-requests',
    severity: bytesPerMin >= NO_CONDITIONAL_WARN_BYTES_PER_MIN ? 'warning' : 'info',
    channel: ch.key,
    message,
    suggestion:
      'Have the server send an ETag (or Last-Modified) and answer If-None-Match with 304 Not Modified; ' +
      "the browser then revalidates by itself (fetch's default cache mode), or send If-None-Match yourself.",
    numbers: cleanNumbers({
      identical: f.identical,
      compared: f.compared,
      identicalPct: share !== null ? share * 100 : null,
      wastedBytesPerMin: bytesPerMin,
      requestsPerMin: ev.requestsPerMin,
    }),
  };
}
