import { expect, it } from 'vitest';
import { parseRawHeaders, REDACTED, redactHeaders } from './redact';

it('redacts credentials whatever their case and keeps everything else', () => {
  expect(
    redactHeaders([
      ['Authorization', 'Bearer s3cret'],
      ['cookie', 'sid=1'],
      ['Set-Cookie', 'a=b'],
      ['accept', 'application/json'],
    ]),
  ).toEqual([
    ['Authorization', REDACTED],
    ['cookie', REDACTED],
    ['Set-Cookie', REDACTED],
    ['accept', 'application/json'],
  ]);
});

it('parses raw XHR header text', () => {
  expect(parseRawHeaders('Content-Type: text/plain\r\nset-cookie: x=1\r\nbroken\r\n')).toEqual([
    ['content-type', 'text/plain'],
    ['set-cookie', REDACTED],
  ]);
});
