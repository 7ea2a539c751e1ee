/** Rates per minute, and the minimum evidence one needs before it is shown. */

/**
 * Minimum evidence for a rate per minute: RATE_MIN_EVENTS events over at least RATE_MIN_SPAN_MS.
 * Below it a rate is an extrapolation of a burst (two requests 40 ms apart are not "1500 req/min",
 * four XHRs in 16 ms not "11250 req/min"): the report says "n requests" instead.
 */
export const RATE_MIN_EVENTS = 4;
export const RATE_MIN_SPAN_MS = 1000;

/** Messages a minute both ways: null only when neither direction has a rate (a quiet direction adds nothing). */
export function messagesPerMin(e: { readonly messagesPerMinUp: number | null; readonly messagesPerMinDown: number | null }): number | null {
  if (e.messagesPerMinUp === null && e.messagesPerMinDown === null) return null;
  return (e.messagesPerMinUp ?? 0) + (e.messagesPerMinDown ?? 0);
}

/** `steps` per minute over `spanMs`, or null when `events` over `spanMs` are too little evidence. */
export function ratePerMin(steps: number, spanMs: number, events: number): number | null {
  if (events < RATE_MIN_EVENTS || !(spanMs >= RATE_MIN_SPAN_MS)) return null;
  return Math.round((steps * 600_000) / spanMs) / 10;
}
