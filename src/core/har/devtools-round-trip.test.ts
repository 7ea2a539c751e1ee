import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../protocol';
import { toHar } from './export';
import { fromHar } from './import';
import { CaptureBuilder } from './test-capture';
import { devToolsImportProblems } from './test-devtools-format';
import { CHROME_PAGE, chromeEntry, harOf } from './test-entries';

const count = (events: readonly CaptureEvent[], kind: CaptureEvent['kind']) => events.filter((e) => e.kind === kind).length;

describe('round trip through the format Chrome DevTools imports', () => {
  it('the checker rejects what DevTools rejects', () => {
    expect(devToolsImportProblems({ log: { entries: {} } })).toContain('log.entries is not an array');
    expect(devToolsImportProblems({ log: { creator: {}, entries: [{ startedDateTime: 'x', time: 'y', request: {}, response: {}, timings: {} }] } })).toEqual(
      expect.arrayContaining(['entry 0 startedDateTime is not a date', 'entry 0 time is not a number', 'entry 0 timings.send is not a number']),
    );
  });

  it('a capture with every kind of message passes DevTools\' checks and comes back with every frame and event', () => {
    const c = new CaptureBuilder();
    c.poll('https://api.example/status', 6, 1000);
    c.webSocket('wss://api.example/live', 100, [
      { at: 200, dir: 'up', text: '{"op":"sub"}' },
      { at: 300, dir: 'down', text: '{"t":1}' },
      { at: 350, dir: 'down', base64: 'AAECAw==' },
    ]);
    c.eventSource('https://api.example/events', 50, [
      { at: 400, data: 'a' },
      { at: 900, data: 'b' },
    ]);
    c.sseFetch('https://api.example/chat', 500, [
      { at: 600, data: '{"d":1}', event: 'delta', id: '1' },
      { at: 700, data: '{"d":2}', event: 'delta', id: '2', retry: 3000 },
    ]);
    const first = c.sorted().sources;
    // Imported fields too: SSE events with placed times and entries whose headers are unknown.
    const foreign = fromHar(
      harOf(
        [
          chromeEntry({ type: 'fetch', url: 'https://api.example/v1/stream', at: 0, time: 2000, mime: 'text/event-stream', text: 'data: x\n\ndata: y\n\n' }),
          { ...chromeEntry({ type: 'xhr', url: 'https://api.example/bare', at: 10 }), request: { method: 'GET', url: 'https://api.example/bare', httpVersion: '', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 } },
        ],
        CHROME_PAGE,
      ),
    ).sources;
    for (const sources of [first, foreign]) {
      const har = toHar({ sources, creatorVersion: '0.1.0' });
      const json = JSON.parse(JSON.stringify(har)) as unknown;
      expect(devToolsImportProblems(json)).toEqual([]);
      const back = fromHar(JSON.stringify(json));
      expect(back.warnings).toEqual([]);
      expect(back.sources).toEqual(sources);
      const all = (xs: typeof sources) => xs.flatMap((s) => s.events);
      expect(count(all(back.sources), 'ws-message')).toBe(count(all(sources), 'ws-message'));
      expect(count(all(back.sources), 'sse')).toBe(count(all(sources), 'sse'));
    }
  });

  it('the WebSocket frames and SSE events survive a reader that knows only the standard and Chrome fields', () => {
    const c = new CaptureBuilder();
    c.webSocket('wss://api.example/live', 100, [
      { at: 200, dir: 'up', text: 'ping' },
      { at: 300, dir: 'down', text: 'pong' },
    ]);
    c.eventSource('https://api.example/events', 50, [{ at: 400, data: 'a' }]);
    const har = toHar({ sources: c.sorted().sources, creatorVersion: '0.1.0' });
    // As DevTools re-exports it: our own fields gone.
    const stripped = JSON.parse(JSON.stringify(har, (k, v: unknown) => (k === '_polltergeist' ? undefined : v))) as unknown;
    expect(devToolsImportProblems(stripped)).toEqual([]);
    const events = fromHar(JSON.stringify(stripped)).sources.flatMap((s) => s.events);
    expect(events.filter((e) => e.kind === 'ws-message').map((e) => (e.kind === 'ws-message' ? [e.dir, e.preview.data] : []))).toEqual([
      ['up', 'ping'],
      ['down', 'pong'],
    ]);
    expect(events.filter((e) => e.kind === 'sse').map((e) => (e.kind === 'sse' ? e.preview.data : ''))).toEqual(['a']);
  });
});
