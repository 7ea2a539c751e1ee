/**
 * Reading fields out of a parsed HAR that may be anything: every reader checks the type and caps
 * strings, so a hostile file (a 10 MB header, a number where a string goes) yields inert, bounded
 * values and never an exception. Nothing read here is ever evaluated or rendered as markup.
 */
import type { Header, Preview } from '../protocol';
import { PREVIEW_CAP } from '../text/preview';
import { redactHeaders } from '../text/redact';

/** Bodies and message payloads: the capture's own preview cap (text in characters). */
export const TEXT_CAP = PREVIEW_CAP;
/** Base64 previews: the same number of bytes as the hook keeps, in base64 characters. */
export const BASE64_CAP = Math.ceil(PREVIEW_CAP / 3) * 4;
/** URLs: a long data: URL is legitimate, a megabyte one is not worth keeping. */
export const URL_CAP = PREVIEW_CAP;
/** Every other string (header names and values, methods, ids, reasons...). */
export const FIELD_CAP = 16 * 1024;

export type Json = Record<string, unknown>;

export const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** "a string", "an array", "null"...: for messages that say what was found instead. */
export function kindOf(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'undefined') return 'missing';
  return `a ${typeof x}`;
}

/** A value as a short quote for a warning: `"yesterday"`, `-5`, `{…}`. */
export function shown(x: unknown): string {
  let s: string;
  if (typeof x === 'string') s = JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  else if (typeof x === 'number' || typeof x === 'boolean' || x === null) s = String(x);
  else s = Array.isArray(x) ? '[…]' : '{…}';
  return s;
}

/**
 * A string cut to `cap` characters. A cut string is copied, so the capped value does not keep a
 * multi-megabyte parent string alive (engines may share storage between a slice and its source).
 */
export function capped(s: string, cap: number): { text: string; cut: boolean } {
  if (s.length <= cap) return { text: s, cut: false };
  return { text: JSON.parse(JSON.stringify(s.slice(0, cap))) as string, cut: true };
}

export function str(x: unknown, cap = FIELD_CAP): string | undefined {
  return typeof x === 'string' ? capped(x, cap).text : undefined;
}

export function num(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

export function bool(x: unknown): boolean | undefined {
  return typeof x === 'boolean' ? x : undefined;
}

/** HAR `[{name, value}]` to our header pairs (malformed items skipped), redacted. */
export function headersOf(x: unknown, keep: (name: string) => boolean = () => true): Header[] {
  if (!Array.isArray(x)) return [];
  const out: [string, string][] = [];
  for (const h of x) {
    if (!isObject(h)) continue;
    const name = str(h['name']);
    const value = str(h['value']) ?? '';
    if (name === undefined || name === '' || !keep(name)) continue;
    out.push([name, value]);
  }
  return redactHeaders(out);
}

export function headerValue(headers: readonly Header[], name: string): string | undefined {
  const n = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === n)?.[1];
}

/** A body or message payload as a preview, capped like the hook caps it. */
export function previewOf(data: string, encoding: 'text' | 'base64', truncated = false): Preview {
  const c = capped(data, encoding === 'base64' ? BASE64_CAP : TEXT_CAP);
  return { encoding, data: c.text, truncated: truncated || c.cut };
}

/** Decoded byte length of base64 text, without decoding it. */
export function base64Length(b64: string): number {
  let n = 0;
  for (let i = 0; i < b64.length; i++) {
    const c = b64.charCodeAt(i);
    // A-Z a-z 0-9 + / (and the URL-safe - _): every 4 count 3 bytes; padding and whitespace do not.
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 45 || c === 95) n++;
  }
  return Math.floor((n * 3) / 4);
}
