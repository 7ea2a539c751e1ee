import { describe, expect, it } from 'vitest';
import { fromHar } from '../har/import';
import { chromeEntry, CHROME_PAGE, harOf } from '../har/test-entries';
import { RATE_MIN_EVENTS, RATE_MIN_SPAN_MS } from '../classify/rate';
import { analyze, formatReport } from './report';

/** Requests of a burst, shaped like a Chrome export's XHR entries. */
const burst = (path: string, n: number, gapMs: number, at = 1000) =>
  Array.from({ length: n }, (_, i) => chromeEntry({ type: 'xhr', url: `https://api.example${path}`, at: at + i * gapMs, time: 8, text: `{"i":${i}}` }));

describe('rates need evidence', () => {
  const report = analyze(fromHar(harOf([...burst('/pair', 2, 40), ...burst('/four', 4, 5, 3000), ...burst('/poll', 8, 1000, 5000)], CHROME_PAGE)).sources);
  const byPath = (p: string) => report.channels.find((c) => c.template === p)!;

  it('two requests 40 ms apart and four in 16 ms have no rate in --json (null), only their count', () => {
    expect(byPath('/pair')).toMatchObject({ requests: 2, requestsPerMin: null });
    expect(byPath('/four')).toMatchObject({ requests: 4, requestsPerMin: null });
  });

  it('the text report says "n requests" where it would have printed thousands a minute', () => {
    const text = formatReport(report, { width: 160 });
    expect(text).not.toMatch(/(1500|3158|10000|11250|3600) req\/min/);
    expect(text).toMatch(/2 requests/);
    expect(text).toMatch(/4 requests/);
    // Regular polling over 7 s is a rate.
    expect(byPath('/poll').requestsPerMin).toBe(60);
    expect(text).toMatch(/60 req\/min/);
  });

  it('the threshold is RATE_MIN_EVENTS events over RATE_MIN_SPAN_MS, no less', () => {
    const at = (n: number, spanMs: number) =>
      analyze(fromHar(harOf(burst('/x', n, spanMs / (n - 1)), CHROME_PAGE)).sources).channels[0]!.requestsPerMin;
    expect(at(RATE_MIN_EVENTS, RATE_MIN_SPAN_MS)).toBe(((RATE_MIN_EVENTS - 1) * 60_000) / RATE_MIN_SPAN_MS);
    expect(at(RATE_MIN_EVENTS - 1, RATE_MIN_SPAN_MS * 2)).toBeNull();
    expect(at(RATE_MIN_EVENTS * 3, RATE_MIN_SPAN_MS * 0.9)).toBeNull();
  });

  it('a socket with a handful of messages reports counts, not rates', () => {
    const ws = chromeEntry({
      type: 'websocket',
      url: 'wss://api.example/live',
      at: 100,
      status: 101,
      mime: 'x-unknown',
      extra: { _webSocketMessages: [1, 2, 3].map((k) => ({ type: 'receive', time: (Date.parse(CHROME_PAGE[0]!.startedDateTime) + 100 + k * 10) / 1000, opcode: 1, data: 'x' })) },
    });
    const r = analyze(fromHar(harOf([ws], CHROME_PAGE)).sources);
    expect(r.channels[0]).toMatchObject({ messages: 3, messagesPerMinDown: null, messagesPerMinUp: null });
    expect(formatReport(r, { width: 160 })).toMatch(/3 messages/);
  });
});
