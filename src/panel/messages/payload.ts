/**
 * A captured payload made ready for the detail view: text stays text; base64 (binary frames,
 * bodies that were not valid text) becomes bytes for the hex dump, and text again only when the
 * bytes are valid UTF-8 (otherwise the raw view shows the base64 as captured). Display caps keep
 * a huge payload from reaching the DOM whole.
 */
import { base64ToBytes } from '../../core/text/bytes';
import type { Preview } from '../../core/protocol';

/** Characters of raw text put in the DOM at most. */
export const RAW_DISPLAY_CHARS = 64 * 1024;

export interface Payload {
  /** The payload as text: captured text, or bytes that decode as UTF-8; null when they do not. */
  readonly text: string | null;
  /** Bytes of a base64 payload; null for captured text. */
  readonly bytes: Uint8Array | null;
  /** The base64 as captured (what the raw view shows for bytes that are not UTF-8). */
  readonly base64: string | null;
}

export function decodePayload(p: Preview): Payload {
  if (p.encoding === 'text') return { text: p.data, bytes: null, base64: null };
  const bytes = base64ToBytes(p.data);
  let text: string | null = null;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = null;
  }
  return { text, bytes, base64: p.data };
}

/** At most `max` characters of `s`, not splitting a surrogate pair. */
export function capText(s: string, max = RAW_DISPLAY_CHARS): { readonly text: string; readonly cut: boolean } {
  if (s.length <= max) return { text: s, cut: false };
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return { text: s.slice(0, end), cut: true };
}

/** Text is mostly readable (no NULs or other C0 controls besides whitespace): worth a text view of bytes. */
export function isPrintable(s: string, sample = 4096): boolean {
  const n = Math.min(s.length, sample);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) bad++;
  }
  return bad * 20 <= n;
}
