/**
 * Defensive parsing of query-string knobs. Pages, tests and benchmarks shape traffic through
 * these, so a typo or a hostile value must fall back to a default or be clamped rather than
 * produce NaN timers, busy loops or gigantic bodies.
 */

/** A number knob: missing or unparsable → `def`; otherwise clamped to [min, max]. */
export function numberKnob(
  query: URLSearchParams,
  name: string,
  def: number,
  min: number,
  max: number,
): number {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return def;
  const value = Number(raw);
  if (!Number.isFinite(value)) return def;
  return Math.min(max, Math.max(min, value));
}

/** Same as numberKnob but rounded, for counts and milliseconds. */
export function intKnob(
  query: URLSearchParams,
  name: string,
  def: number,
  min: number,
  max: number,
): number {
  return Math.round(numberKnob(query, name, def, min, max));
}

/** A 0/1 style flag: "1", "true", "yes", "on" are true; anything else (or missing) → `def`. */
export function flagKnob(query: URLSearchParams, name: string, def: boolean): boolean {
  const raw = query.get(name);
  if (raw === null) return def;
  const v = raw.trim().toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes' || v === 'on') return true;
  if (v === '0' || v === 'false' || v === 'no' || v === 'off') return false;
  return def;
}

/** A short free-text knob (e.g. a poller name), trimmed and length-capped. */
export function textKnob(query: URLSearchParams, name: string, def: string, maxLength = 64): string {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return def;
  return raw.trim().slice(0, maxLength);
}
