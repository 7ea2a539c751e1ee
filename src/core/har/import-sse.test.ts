import { describe, expect, it } from 'vitest';
import { analyze } from '../report/report';
import { toHar } from './export';
import { fromHar } from './import';
import { CHROME_PAGE, chromeEntry, harOf, PAGE_START } from './test-entries';

/** An event-stream body as a fetch-based SSE client (an AI chat) receives it. */
const BODY = Array.from({ length: 8 }, (_, i) => `id: ${i + 1}\nevent: delta\ndata: {"token":"w${i}"}\n\n`).join('') + ': keep-alive\n\n';

/** Chrome DevTools keeps a fetch stream's body in content.text, without per-event times. */
function fetchStream(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return chromeEntry({
    type: 'fetch',
    url: 'https://api.example/v1/chat/completions',
    at: 1000,
    time: 4020,
    mime: 'text/event-stream',
    text: BODY,
    extra: { timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 1, wait: 18, receive: 4000 }, ...extra },
  });
}

describe('fromHar: SSE events kept in a response body', () => {
  it("parses a fetch stream's event-stream body into its events, placed evenly over the response and marked", () => {
    const { sources } = fromHar(harOf([fetchStream()], CHROME_PAGE));
    const sse = sources[0]!.events.filter((e) => e.kind === 'sse');
    expect(sse).toHaveLength(8);
    expect(sse[0]).toMatchObject({ event: 'delta', lastEventId: '1', size: 14, preview: { data: '{"token":"w0"}' }, placed: true });
    // Answered at 1000 + 20 ms, ended at 1000 + 4020: 8 events, 500 ms apart, the last at the end.
    expect(sse.map((e) => e.t - PAGE_START)).toEqual([1520, 2020, 2520, 3020, 3520, 4020, 4520, 5020]);

    const channel = analyze(sources).channels[0]!;
    expect(channel).toMatchObject({ transport: 'fetch', messages: 8, messagesDown: 8, placedMessages: 8 });
    expect(channel.pattern).toBe('sse');
  });

  it("times each event by chrome-har's _chunks when the file has them: measured, not placed", () => {
    const half = Buffer.byteLength(BODY.slice(0, BODY.indexOf('id: 5')));
    const chunks = [
      { ts: 1100, bytes: half },
      { ts: 3000, bytes: Buffer.byteLength(BODY) - half },
    ];
    const { sources } = fromHar(harOf([fetchStream({ _chunks: chunks })], CHROME_PAGE));
    const sse = sources[0]!.events.filter((e) => e.kind === 'sse');
    expect(sse.map((e) => e.t - PAGE_START)).toEqual([1100, 1100, 1100, 1100, 3000, 3000, 3000, 3000]);
    expect(sse.some((e) => 'placed' in e)).toBe(false);
    expect(analyze(sources).channels[0]!.placedMessages).toBe(0);
  });

  it('reads the body of an EventSource entry that has no _eventSourceMessages (Firefox, Charles, mitmproxy)', () => {
    const es = chromeEntry({ type: 'eventsource', url: 'https://api.example/events', at: 0, time: 9000, mime: 'text/event-stream', text: BODY });
    const channel = analyze(fromHar(harOf([es], CHROME_PAGE)).sources).channels[0]!;
    expect(channel).toMatchObject({ transport: 'eventsource', pattern: 'sse', messages: 8, placedMessages: 8 });
  });

  it('prefers _eventSourceMessages, which carry real times, to the body', () => {
    const messages = [{ time: (PAGE_START + 1500) / 1000, eventName: 'delta', eventId: '1', data: 'x' }];
    const { sources } = fromHar(harOf([fetchStream({ _eventSourceMessages: messages })], CHROME_PAGE));
    const sse = sources[0]!.events.filter((e) => e.kind === 'sse');
    expect(sse).toHaveLength(1);
    expect(sse[0]!.t - PAGE_START).toBe(1500);
  });

  it('keeps the placed mark through our own export and import', () => {
    const first = fromHar(harOf([fetchStream()], CHROME_PAGE));
    const again = fromHar(JSON.stringify(toHar({ sources: first.sources, creatorVersion: '0.1.0' })));
    expect(again.sources).toEqual(first.sources);
    expect(analyze(again.sources).channels[0]!.placedMessages).toBe(8);
  });
});
