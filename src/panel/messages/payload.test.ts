import { expect, it } from 'vitest';
import { bytesToBase64 } from '../../core/text/bytes';
import { capText, decodePayload, isPrintable } from './payload';

it('keeps text as text', () => {
  expect(decodePayload({ encoding: 'text', data: '<b>hi</b>', truncated: false })).toEqual({ text: '<b>hi</b>', bytes: null, base64: null });
});

it('decodes base64 to bytes, and to text only when it is valid UTF-8', () => {
  const utf8 = decodePayload({ encoding: 'base64', data: bytesToBase64(new TextEncoder().encode('héllo')), truncated: false });
  expect(utf8.text).toBe('héllo');
  expect([...utf8.bytes!]).toEqual([0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f]);
  const invalid = bytesToBase64(Uint8Array.from([0xff, 0xfe, 0xc3, 0x28, 0x41]));
  const bad = decodePayload({ encoding: 'base64', data: invalid, truncated: false });
  expect(bad.text).toBeNull();
  expect(bad.base64).toBe(invalid);
  expect(bad.bytes!.length).toBe(5);
});

it('caps long text without splitting a surrogate pair', () => {
  expect(capText('abc', 5)).toEqual({ text: 'abc', cut: false });
  expect(capText('abcdef', 4)).toEqual({ text: 'abcd', cut: true });
  expect(capText('ab😀cd', 3)).toEqual({ text: 'ab', cut: true });
  const big = 'x'.repeat(10 * 1024 * 1024);
  expect(capText(big).text.length).toBe(64 * 1024);
});

it('tells printable text from binary-looking text', () => {
  expect(isPrintable('hello\nworld\t!')).toBe(true);
  expect(isPrintable('\u0000\u0001\u0002\u0003abc')).toBe(false);
  expect(isPrintable('')).toBe(true);
});
