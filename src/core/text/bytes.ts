/** Byte helpers shared by the hook (in the page) and Node code; pure, no DOM. */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[v >>> 18]! + B64[(v >>> 12) & 63]! + B64[(v >>> 6) & 63]! + B64[v & 63]!;
  }
  if (i < n) {
    const a = bytes[i]!;
    const b = i + 1 < n ? bytes[i + 1]! : 0;
    const v = (a << 16) | (b << 8);
    out += B64[v >>> 18]! + B64[(v >>> 12) & 63]! + (i + 1 < n ? B64[(v >>> 6) & 63]! : '=') + '=';
  }
  return out;
}

/** Value of each base64 character by char code, -1 for the rest; built on first use (the hook never decodes). */
let b64Values: Int8Array | null = null;

/** Decodes base64, ignoring anything that is not a base64 character (padding, whitespace). */
export function base64ToBytes(b64: string): Uint8Array {
  let values = b64Values;
  if (!values) {
    values = b64Values = new Int8Array(128).fill(-1);
    for (let i = 0; i < 64; i++) values[B64.charCodeAt(i)] = i;
  }
  const out = new Uint8Array(Math.floor((b64.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < b64.length; i++) {
    const c = b64.charCodeAt(i);
    const v = c < 128 ? values[c]! : -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 255;
    }
  }
  return out.subarray(0, o);
}

/** UTF-8 byte length of a JS string without allocating (lone surrogates count as U+FFFD, 3 bytes). */
const NON_ASCII = /[^\x00-\x7f]/;

export function utf8Length(s: string): number {
  // Most captured text is ASCII up to its end: one native scan finds where counting has to start
  // (twice as fast as the loop for a 100-char WebSocket message, the hook's hottest path).
  const first = s.search(NON_ASCII);
  if (first < 0) return s.length;
  let n = first;
  for (let i = first; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Content types whose bodies we show as text. */
export function isTextual(contentType: string): boolean {
  const ct = contentType.toLowerCase();
  return (
    ct.startsWith('text/') ||
    ct.includes('json') ||
    ct.includes('xml') ||
    ct.includes('javascript') ||
    ct.includes('x-www-form-urlencoded') ||
    ct.includes('graphql') ||
    ct === ''
  );
}

/** The file starts with gzip's magic bytes (1f 8b): a `.har.gz`, or a HAR saved compressed under any name. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
