/**
 * A one-off channel's reason says why it is not a pattern, in agreement with its numbers: real
 * HAR exports (Fiddler-like: no _resourceType, XHRs with an Accept header, a few ms apart) gave
 * "no regular rhythm" beside regularShare 1 and a dispersion of 0.05.
 */
import { describe, expect, it } from 'vitest';
import { fromHar } from '../har/import';
import { analyze } from './report';

const T0 = Date.parse('2026-11-30T10:00:00.000Z');

/** One XHR entry the way Fiddler writes it: no _resourceType, sizes it could not tell as -1. */
function xhr(url: string, startMs: number, timeMs: number): unknown {
  return {
    startedDateTime: new Date(T0 + startMs).toISOString(),
    time: timeMs,
    request: {
      method: 'GET',
      url,
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'Accept', value: 'application/json, text/javascript, */*; q=0.01' },
        { name: 'X-Requested-With', value: 'XMLHttpRequest' },
      ],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      cookies: [],
      content: { size: 2, mimeType: 'application/json', text: '{}' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 2,
    },
    cache: {},
    timings: { send: 0, wait: timeMs, receive: 0 },
  };
}

function channelOf(entries: unknown[]) {
  const { sources } = fromHar(JSON.stringify({ log: { version: '1.2', creator: { name: 'Fiddler', version: '5.0' }, entries } }));
  const [channel] = analyze(sources).channels;
  return channel!;
}

describe('the reason of a one-off channel agrees with its numbers', () => {
  it('four requests 5 ms apart: a burst, not "no regular rhythm"', () => {
    const c = channelOf([0, 5, 10, 15].map((t) => xhr('https://shop.example/api/cart/items', t, 1)));
    expect(c.pattern).toBe('one-off');
    expect(c.regularShare).toBe(1);
    expect(c.reason).toBe('4 requests in a burst, 5 ms apart');
  });

  it('regular requests, each sent as soon as the previous answer came: a loader', () => {
    const c = channelOf([0, 400, 800, 1200, 1600].map((t) => xhr('https://shop.example/api/page', t, 390)));
    expect(c.pattern).toBe('one-off');
    expect(c.regularShare).toBe(1);
    expect(c.reason).toBe('5 requests back to back, each as soon as the previous answer came: a loader, not a timer');
  });

  it('three regular requests: too few to call it polling yet', () => {
    const c = channelOf([0, 2000, 4000].map((t) => xhr('https://shop.example/api/status', t, 20)));
    expect(c.pattern).toBe('one-off');
    expect(c.regularShare).toBe(1);
    expect(c.reason).toBe('3 requests every 2.00 s: too few to call it polling (it takes 4)');
  });

  it('irregular requests still say so', () => {
    const c = channelOf([0, 300, 5000, 5200, 12000, 30000].map((t) => xhr('https://shop.example/api/search', t, 20)));
    expect(c.pattern).toBe('one-off');
    expect(c.reason).toBe('6 requests, no regular rhythm');
  });
});
