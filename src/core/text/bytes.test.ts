import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, isTextual, utf8Length } from './bytes';

describe('bytes', () => {
  it('base64 agrees with Node for every tail length and round-trips', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      const b64 = bytesToBase64(bytes);
      expect(b64).toBe(Buffer.from(bytes).toString('base64'));
      expect([...base64ToBytes(b64)]).toEqual([...bytes]);
      // Whitespace, line breaks and stray characters are skipped, as Node does.
      const noisy = b64.replace(/(.{5})/g, '$1\r\n ').replace(/^/, '*');
      expect([...base64ToBytes(noisy)], noisy).toEqual([...Buffer.from(noisy, 'base64')]);
      // A cut preview (the list shows the first 64 chars) decodes to the bytes it holds.
      const cut = b64.slice(0, 13);
      expect([...base64ToBytes(cut)], cut).toEqual([...Buffer.from(cut, 'base64')]);
    }
  });

  it('utf8Length agrees with TextEncoder, including astral characters and lone surrogates', () => {
    for (const s of ['', 'abc', 'é', '€', '😀x', 'a\ud800b', '\udc00']) {
      expect(utf8Length(s), JSON.stringify(s)).toBe(new TextEncoder().encode(s).length);
    }
  });

  it('classifies content types', () => {
    expect(isTextual('application/json; charset=utf-8')).toBe(true);
    expect(isTextual('text/event-stream')).toBe(true);
    expect(isTextual('application/octet-stream')).toBe(false);
    expect(isTextual('image/png')).toBe(false);
  });
});
