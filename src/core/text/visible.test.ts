import { expect, it } from 'vitest';
import { visible } from './visible';

it('writes control characters, bidi controls, lone surrogates and U+FFFD as visible escapes', () => {
  expect(visible('\x1b]0;pwned\x07\x1b[31mred')).toBe('\\x1b]0;pwned\\x07\\x1b[31mred');
  expect(visible('a\u009b2Jb')).toBe('a\\x9b2Jb');
  expect(visible('tab\there\r\n')).toBe('tab\\x09here\\x0d\\x0a');
  expect(visible('abc\u202etxt.exe')).toBe('abc\\u{202e}txt.exe');
  expect(visible('bad \ufffd byte')).toBe('bad \\u{fffd} byte');
  expect(visible('x\ud800y')).toBe('x\\u{d800}y');
});

it('leaves ordinary text alone, emoji and backslashes included, and cuts at max', () => {
  const plain = 'not a HAR file: "log" is missing — ok 😀 C:\\temp';
  expect(visible(plain)).toBe(plain);
  expect(visible('x'.repeat(10), 4)).toBe('xxxx…');
});
