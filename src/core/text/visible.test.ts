import { expect, it } from 'vitest';
import { visible } from './visible';

it.each([
  ['\x1b]0;pwned\x07\x1b[31mred', '\\x1b]0;pwned\\x07\\x1b[31mred'],
  ['a\u009b2Jb', 'a\\x9b2Jb'],
  ['tab\there\r\n', 'tab\\x09here\\x0d\\x0a'],
  ['abc\u202etxt.exe', 'abc\\u{202e}txt.exe'],
  ['bad \ufffd byte', 'bad \\u{fffd} byte'],
  ['x\ud800y', 'x\\u{d800}y'],
])('writes control characters, bidi controls, lone surrogates and U+FFFD as visible escapes: %j', (raw, shown) => {
  expect(visible(raw)).toBe(shown);
});

it('leaves ordinary text alone, emoji and backslashes included, and cuts at max', () => {
  const plain = 'not a HAR file: "log" is missing — ok 😀 C:\\temp';
  expect(visible(plain)).toBe(plain);
  expect(visible('x'.repeat(10), 4)).toBe('xxxx…');
});
