import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaptureEvent, SourceInfo } from '../protocol';
import { analyze } from '../report/report';
import type { CaptureSource } from '../store/capture-source';
import { toHar } from './export';
import { FIELD_CAP, TEXT_CAP } from './fields';
import { fromHar, HarError } from './import';
import { CaptureBuilder, T0 } from './test-capture';
import type { Har } from './types';
import { CHROME_PAGE, chromeEntry, harOf, PAGE_START } from './test-entries';

const VERSION = '0.1.0';
const CAPTURES = new URL('../../../test/fixtures/captures/', import.meta.url);

interface RecordedCapture {
  readonly url: string;
  readonly sources: CaptureSource[];
  readonly expect: readonly { transport: string; pathPrefix: string; pattern: string }[];
}

function roundTrip(sources: readonly CaptureSource[], page?: { url: string; title?: string }) {
  const har = toHar({ sources, creatorVersion: VERSION, page });
  const text = JSON.stringify(har);
  const imported = fromHar(text);
  const again = JSON.stringify(toHar({ sources: imported.sources, creatorVersion: VERSION, page }));
  return { har, text, imported, again };
}

function errorOf(text: string): string {
  try {
    fromHar(text);
  } catch (e) {
    expect(e).toBeInstanceOf(HarError);
    expect((e as HarError).name).toBe('HarError');
    return (e as Error).message;
  }
  throw new Error('fromHar did not throw');
}

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}


/** Events of one request/connection, without the ids. */
function kindsOf(events: readonly CaptureEvent[], id: string): string[] {
  return events.filter((e) => 'id' in e && e.id === id).map((e) => e.kind);
}

describe('fromHar: our own files', () => {
  const files = readdirSync(CAPTURES).filter((f) => f.endsWith('.json'));

  it('has recorded captures to round-trip', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(`round-trips ${file}: same HAR again, same analysis`, () => {
      const capture = JSON.parse(readFileSync(new URL(file, CAPTURES), 'utf8')) as RecordedCapture;
      const { text, imported, again } = roundTrip(capture.sources, { url: capture.url, title: 'demo' });
      expect(imported.warnings).toEqual([]);
      expect(again).toBe(text);
      const before = analyze(capture.sources);
      const after = analyze(imported.sources);
      expect(after).toEqual(before);
      for (const want of capture.expect) {
        const ch = after.channels.find((c) => c.transport === want.transport && c.template.startsWith(want.pathPrefix));
        expect(ch?.pattern, `${want.transport} ${want.pathPrefix}`).toBe(want.pattern);
      }
    });
  }

  it('rebuilds exactly the captured events, in captured order, across sources', () => {
    const other: SourceInfo = { sourceId: 'frame2', frameId: 7, url: 'https://ads.example/frame', top: false };
    const a = new CaptureBuilder().page(0, 'visible', 'install');
    a.poll('https://api.example/poll?_=1', 4, 500);
    a.page(1800, 'hidden');
    a.sseFetch('https://api.example/events', 100, [
      { at: 300, data: 'one', event: 'tick', id: '1', retry: 2000 },
      { at: 600, data: 'two', id: '2' },
    ]);
    a.webSocket('wss://api.example/ws', 50, [
      { at: 60, dir: 'up', text: 'hi' },
      { at: 70.5, dir: 'down', base64: 'AAEC', size: 3 },
    ]);
    a.events.push({ kind: 'ws-error', id: 'w6', t: T0 + 80 }, { kind: 'ws-close', id: 'w6', t: T0 + 80, code: 1006, reason: '', wasClean: false });
    a.fetch('https://api.example/open', 900, 10, { open: true });
    a.fetch('https://api.example/aborted', 950, 10, { error: 'abort', transport: 'xhr', method: 'POST' });
    a.events.push({
      kind: 'ws-message',
      id: 'w6',
      t: T0 + 79,
      dir: 'down',
      binary: false,
      size: 100_000,
      preview: { encoding: 'text', data: 'x'.repeat(100), truncated: true },
    });
    const b = new CaptureBuilder(other);
    const es = b.eventSource('https://api.example/stream', 10, [{ at: 40, data: 'm' }]);
    b.events.push({ kind: 'es-error', id: es, t: T0 + 50, readyState: 0 });
    b.events.push({ kind: 'es-open', id: es, t: T0 + 3050, readyState: 1 });
    // An event whose request started before the capture: not exportable, ignored by the classifier too.
    b.events.push({ kind: 'chunk', id: 'unknown', t: T0 + 3060, size: 5 });
    a.sorted();
    const sources = [...a.sources, ...b.sources];
    const { imported, again, text } = roundTrip(sources);
    expect(imported.warnings).toEqual([]);
    expect(again).toBe(text);
    expect(imported.sources[0]).toEqual(sources[0]);
    expect(imported.sources[1]!.source).toEqual(other);
    expect(imported.sources[1]!.events).toEqual(b.events.slice(0, -1));
    expect(analyze(imported.sources)).toEqual(analyze(sources));
  });

  it('reads an entry whose _polltergeist field is damaged as a plain entry, with a warning', () => {
    const c = new CaptureBuilder().poll('https://api.example/poll', 5, 1000);
    const har = toHar({ sources: c.sources, creatorVersion: VERSION });
    (har.log.entries[2]!._polltergeist as unknown as Record<string, unknown>)['order'] = 'RRRR';
    const { sources, warnings } = fromHar(JSON.stringify(har));
    expect(warnings).toEqual(['entry 2: its _polltergeist field is damaged (order has 4 R); read as a plain HAR entry']);
    expect(sources[0]!.events.filter((e) => e.kind === 'request-start')).toHaveLength(5);
    expect(analyze(sources).channels[0]!.pattern).toBe('polling');
  });
});

/* ------------------------------------------------------------------ other writers */

describe('fromHar: Chrome DevTools exports', () => {
  const polls = Array.from({ length: 6 }, (_, i) =>
    chromeEntry({ type: 'fetch', url: `https://api.example/status?_=${i}`, at: 1000 + i * 1000, text: '{"v":1}' }),
  );
  const ws = chromeEntry({
    type: 'websocket',
    url: 'wss://api.example/socket',
    at: 500,
    time: 3,
    status: 101,
    mime: 'x-unknown',
    extra: {
      _webSocketMessages: [
        { type: 'send', time: (PAGE_START + 600.5) / 1000, opcode: 1, data: '{"op":"sub"}' },
        { type: 'receive', time: (PAGE_START + 700.25) / 1000, opcode: 2, data: 'AAECAw==' },
        { type: 'receive', time: (PAGE_START + 800) / 1000, opcode: 8, data: '' },
      ],
    },
  });
  const es = chromeEntry({ type: 'eventsource', url: 'https://api.example/stream', at: 200, time: 5000, mime: 'text/event-stream' });
  const loads = [
    chromeEntry({ type: 'document', url: 'https://app.example/', at: 0, mime: 'text/html', text: '<html></html>' }),
    chromeEntry({ type: 'script', url: 'https://app.example/app.js', at: 50, mime: 'text/javascript' }),
    chromeEntry({ type: 'image', url: 'https://app.example/logo.png', at: 60, mime: 'image/png' }),
  ];
  const file = harOf([...loads, es, ws, ...polls], CHROME_PAGE);

  it('keeps fetch/XHR/EventSource/WebSocket entries and counts the page loads it skips', () => {
    const { sources, warnings } = fromHar(file);
    expect(warnings).toEqual([
      'entry 4: 1 WebSocket control frames (close, ping, pong) were skipped',
      "skipped 3 entries that are not fetch, XHR, EventSource or WebSocket traffic (document 1, script 1, image 1): the page's own loads are invisible to a live capture too",
    ]);
    expect(sources).toHaveLength(1);
    expect(sources[0]!.source).toEqual({ sourceId: 'har:page_1', frameId: 0, url: 'https://app.example/', top: true });
  });

  it('classifies them: a poller, an SSE stream and a WebSocket', () => {
    const report = analyze(fromHar(file).sources);
    const byTransport = Object.fromEntries(report.channels.map((c) => [c.transport, c]));
    expect(byTransport['fetch']).toMatchObject({ pattern: 'polling', requests: 6, template: '/status', medianIntervalMs: 1000 });
    expect(byTransport['eventsource']!.pattern).toBe('sse');
    expect(byTransport['websocket']).toMatchObject({ pattern: 'websocket', messagesUp: 1, messagesDown: 1 });
  });

  it('synthesizes honest request events: response after blocked+send+wait, one chunk and the end at start+time', () => {
    const events = fromHar(file).sources[0]!.events;
    const id = 'har5';
    const start = PAGE_START + 1000;
    expect(events.filter((e) => 'id' in e && e.id === id)).toEqual([
      {
        kind: 'request-start',
        id,
        t: start,
        transport: 'fetch',
        method: 'GET',
        url: 'https://api.example/status?_=0',
        requestHeaders: [['accept', 'application/json']],
        requestBodySize: 0,
      },
      {
        kind: 'response',
        id,
        t: start + 10.7,
        status: 200,
        statusText: '',
        url: 'https://api.example/status?_=0',
        redirected: false,
        headers: [
          ['content-type', 'application/json'],
          ['set-cookie', '[redacted]'],
        ],
        contentType: 'application/json',
        protocol: 'h2',
      },
      { kind: 'chunk', id, t: start + 12, size: 7 },
      {
        kind: 'request-end',
        id,
        t: start + 12,
        bodySize: 7,
        preview: { encoding: 'text', data: '{"v":1}', truncated: false },
        hash: expect.stringMatching(/^[0-9a-f]{8}$/),
        error: '',
        note: '',
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('secret');
  });

  it('reads _webSocketMessages: epoch seconds, text and base64 binary', () => {
    const events = fromHar(file).sources[0]!.events;
    expect(kindsOf(events, 'har4')).toEqual(['ws-create', 'ws-open', 'ws-message', 'ws-message']);
    const frames = events.filter((e) => e.kind === 'ws-message');
    expect(frames).toEqual([
      { kind: 'ws-message', id: 'har4', t: PAGE_START + 600.5, dir: 'up', binary: false, size: 12, preview: { encoding: 'text', data: '{"op":"sub"}', truncated: false } },
      { kind: 'ws-message', id: 'har4', t: PAGE_START + 700.25, dir: 'down', binary: true, size: 4, preview: { encoding: 'base64', data: 'AAECAw==', truncated: false } },
    ]);
  });

  it('reads an EventSource entry as open then closed', () => {
    const events = fromHar(file).sources[0]!.events;
    expect(kindsOf(events, 'har3')).toEqual(['es-create', 'es-open', 'es-close']);
  });

  it('guesses the transport of entries without _resourceType (Firefox) from URL and MIME type', () => {
    const strip = (e: Record<string, unknown>): Record<string, unknown> => {
      const { _resourceType: _, ...rest } = e;
      return rest;
    };
    const { sources, warnings } = fromHar(harOf([...loads, ws, ...polls].map(strip), CHROME_PAGE));
    expect(warnings).toContain('7 entries have no _resourceType; read as fetch or WebSocket by URL and MIME type');
    expect(warnings).toContain(
      "skipped 3 entries that are not fetch, XHR, EventSource or WebSocket traffic (document 1, script 1, image 1): the page's own loads are invisible to a live capture too",
    );
    expect(analyze(sources).channels.map((c) => `${c.transport} ${c.pattern}`).sort()).toEqual(['fetch polling', 'websocket websocket']);
  });
});

describe('fromHar: chrome-har and cypress-har-generator', () => {
  const ndjson = (chunks: boolean, at: number): Record<string, unknown> =>
    chromeEntry({
      type: 'fetch',
      url: 'https://api.example/feed',
      at,
      time: 3000,
      mime: 'application/x-ndjson',
      extra: {
        timings: { blocked: 1, dns: -1, connect: -1, send: 0, wait: 20, receive: 2979, ssl: -1 },
        response: {
          status: 200,
          statusText: 'OK',
          httpVersion: 'http/1.1',
          headers: [{ name: 'Content-Type', value: 'application/x-ndjson' }],
          cookies: [],
          content: { mimeType: 'application/x-ndjson', size: 600 },
          redirectURL: '',
          headersSize: -1,
          bodySize: 600,
          _transferSize: 700,
        },
        ...(chunks ? { _chunks: Array.from({ length: 6 }, (_, i) => ({ ts: at + 21 + i * 500, bytes: 100 })) } : {}),
      },
    });

  it("uses chrome-har's _chunks (ms since the page's start) as chunk times: a stream classifies as streaming", () => {
    const { sources, warnings } = fromHar(harOf([ndjson(true, 100)], CHROME_PAGE));
    expect(warnings).toEqual([]);
    const chunks = sources[0]!.events.filter((e) => e.kind === 'chunk');
    expect(chunks.map((e) => e.t - PAGE_START)).toEqual([121, 621, 1121, 1621, 2121, 2621]);
    expect(analyze(sources).channels[0]!.pattern).toBe('streaming');
  });

  it('without chunk times a stream is one response with one chunk at its end, streaming by its type and length', () => {
    const { sources } = fromHar(harOf([ndjson(false, 100)], CHROME_PAGE));
    const events = sources[0]!.events;
    expect(events.map((e) => [e.kind, e.t - PAGE_START])).toEqual([
      ['request-start', 100],
      ['response', 121],
      ['chunk', 3100],
      ['request-end', 3100],
    ]);
    // No chunk times: the classifier knows it streams from its declared type and its 3 s body.
    expect(analyze(sources).channels[0]!.pattern).toBe('streaming');
  });

  it("realigns cypress-har-generator's monotonic _eventSourceMessages times, with a warning", () => {
    const entry = chromeEntry({
      type: 'EventSource',
      url: 'https://api.example/stream',
      at: 0,
      time: 4000,
      mime: 'text/event-stream',
      extra: {
        _eventSourceMessages: [
          { time: 81234.5, eventName: 'tick', eventId: '1', data: '{"n":1}' },
          { time: 81235.75, eventName: 'tick', eventId: '2', data: '{"n":2}' },
        ],
      },
    });
    const { sources, warnings } = fromHar(harOf([entry], CHROME_PAGE));
    expect(warnings).toEqual(['entry 0: _eventSourceMessages times are not seconds since the epoch; aligned the first one with the response']);
    const sse = sources[0]!.events.filter((e) => e.kind === 'sse');
    expect(sse[0]!.t - PAGE_START).toBeCloseTo(10.7, 3);
    expect(sse[1]!.t - PAGE_START).toBeCloseTo(1260.7, 3);
    expect(sse[0]).toMatchObject({ event: 'tick', lastEventId: '1', size: 7, preview: { data: '{"n":1}' } });
    expect(analyze(sources).channels[0]).toMatchObject({ transport: 'eventsource', pattern: 'sse', messages: 2 });
  });
});

/* ------------------------------------------------------------------ bad files */

describe('fromHar: bad input', () => {
  it.each([
    ['', 'not a HAR file: it is empty'],
    ['   \n', 'not a HAR file: it is empty'],
    ['hello', `not a HAR file: not JSON (${jsonError('hello')})`],
    ['{"log": {', `not a HAR file: not JSON (${jsonError('{"log": {')})`],
    ['[]', 'not a HAR file: the JSON is an array, not an object with a "log" field'],
    ['"log"', 'not a HAR file: the JSON is a string, not an object with a "log" field'],
    ['null', 'not a HAR file: the JSON is null, not an object with a "log" field'],
    ['{}', 'not a HAR file: there is no "log" field at the top level'],
    ['{"log":"x"}', 'not a HAR file: "log" is a string, not an object'],
    ['{"log":{"entries":[]}}', 'not a HAR file: "log.version" is missing'],
    ['{"log":{"version":1.2,"entries":[]}}', 'not a HAR file: "log.version" is a number, not a string'],
    ['{"log":{"version":"1.2"}}', 'not a HAR file: "log.entries" is missing'],
    ['{"log":{"version":"1.2","entries":{}}}', 'not a HAR file: "log.entries" is an object, not an array'],
    [
      harOf([{ startedDateTime: 'yesterday', time: 1, request: { url: 'https://a.example/' } }]),
      'no usable entries: all 1 entry is broken (entry 0: startedDateTime "yesterday" is not a date)',
    ],
    [harOf([1, 2]), 'no usable entries: all 2 entries are broken (entry 0: is a number, not an object)'],
  ])('%j -> %s', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('keeps what is valid in a partly broken file and names each broken entry', () => {
    const good = chromeEntry({ type: 'fetch', url: 'https://api.example/a', at: 0 });
    const file = harOf([
      good,
      { ...good, startedDateTime: 'yesterday' },
      { ...good, time: -5 },
      { ...good, time: 'abc' },
      { ...good, request: { method: 'GET' } },
      { ...good, request: 'GET /' },
      { ...good, startedDateTime: undefined },
      42,
      chromeEntry({ type: 'xhr', url: 'https://api.example/b', at: 100 }),
    ], CHROME_PAGE);
    const { sources, warnings } = fromHar(file);
    expect(warnings).toEqual([
      'entry 1: startedDateTime "yesterday" is not a date; entry skipped',
      'entry 2: time -5 is negative; entry skipped',
      'entry 3: time "abc" is not a number; entry skipped',
      'entry 4: request.url is missing; entry skipped',
      'entry 5: request is a string, not an object; entry skipped',
      'entry 6: startedDateTime is missing; entry skipped',
      'entry 7: is a number, not an object; entry skipped',
    ]);
    expect(sources[0]!.events.filter((e) => e.kind === 'request-start').map((e) => e.id)).toEqual(['har0', 'har8']);
  });

  it('quotes the file only through visible escapes, in errors and warnings, and names a gzip-compressed file', () => {
    const control = /[\u0000-\u001f\u007f-\u009f]/;
    // What a decoder makes of a .har.gz read as text: 1f, U+FFFD for 8b, then binary.
    expect(() => fromHar('\x1f\ufffd\b\x00\x00\x00\x00\x00\x00\x03')).toThrow(/^not a HAR file as text: it is gzip-compressed/);
    try {
      fromHar('\x1b]0;pwned\x07\x1b[31m{"log"');
      expect.unreachable();
    } catch (e) {
      expect((e as HarError).message).toMatch(/^not a HAR file: not JSON/);
      expect((e as HarError).message).not.toMatch(control);
    }
    // U+009B is an 8-bit CSI, which JSON.stringify leaves as it is.
    const { warnings } = fromHar(JSON.stringify({ log: { version: '\u009b2J', entries: [] } }));
    expect(warnings[0]).toContain('\\x9b2J');
    for (const w of warnings) expect(w).not.toMatch(control);
  });

  it('reads a file that starts with a UTF-8 byte order mark', () => {
    const file = '\ufeff' + harOf([chromeEntry({ type: 'fetch', url: 'https://api.example/a', at: 0 })], CHROME_PAGE);
    expect(fromHar(file).sources[0]!.events.map((e) => e.kind)).toEqual(['request-start', 'response', 'request-end']);
  });

  it('warns about an unknown HAR version and an empty entry list, and still reads', () => {
    const { sources, warnings } = fromHar('{"log":{"version":"2.0","creator":{},"entries":[]}}');
    expect(sources).toEqual([]);
    expect(warnings).toEqual(['log.version is "2.0"; read as HAR 1.2', 'the HAR has no entries']);
  });

  it('caps the warnings of a file with thousands of broken entries', () => {
    const good = chromeEntry({ type: 'fetch', url: 'https://api.example/a', at: 0 });
    const broken = Array.from({ length: 1000 }, () => ({ ...good, time: -1 }));
    const { warnings } = fromHar(harOf([good, ...broken]));
    expect(warnings).toHaveLength(31);
    expect(warnings[30]).toBe('970 more warnings not shown');
  });

  it('keeps hostile strings as inert, capped text', () => {
    const huge = `<script>alert(1)</script><img src=x onerror=alert(2)>${'x'.repeat(10 * 1024 * 1024)}`;
    const entry = chromeEntry({
      type: 'fetch',
      url: 'https://api.example/a',
      at: 0,
      text: huge,
      extra: {},
    });
    (entry['request'] as { headers: unknown[] }).headers.push({ name: 'x-evil', value: huge });
    const socket = chromeEntry({
      type: 'websocket',
      url: 'wss://api.example/s',
      at: 10,
      status: 101,
      extra: { _webSocketMessages: [{ type: 'receive', time: (PAGE_START + 20) / 1000, opcode: 1, data: huge }] },
    });
    const { sources } = fromHar(harOf([entry, socket], CHROME_PAGE));
    const events = sources[0]!.events;
    const end = events.find((e) => e.kind === 'request-end');
    expect(end?.kind === 'request-end' && end.preview).toEqual({ encoding: 'text', data: huge.slice(0, TEXT_CAP), truncated: true });
    const start = events.find((e) => e.kind === 'request-start');
    expect(start?.kind === 'request-start' && start.requestHeaders.find(([n]) => n === 'x-evil')?.[1]).toBe(huge.slice(0, FIELD_CAP));
    const frame = events.find((e) => e.kind === 'ws-message');
    expect(frame?.kind === 'ws-message' && frame.preview.data.length).toBe(TEXT_CAP);
    expect(frame?.kind === 'ws-message' && frame.preview.truncated).toBe(true);
    // The size is the message's, not the preview's.
    expect(frame?.kind === 'ws-message' && frame.size).toBe(huge.length);
    expect(frame?.kind === 'ws-message' && frame.preview.data.startsWith('<script>alert(1)</script>')).toBe(true);
  });

  it('ignores prototype keys and wrong types instead of failing', () => {
    const entry = chromeEntry({ type: 'fetch', url: 'https://api.example/a', at: 0 });
    const odd = { ...entry, response: 'nope', timings: 7, _chunks: 'x', _eventSourceMessages: {}, _polltergeist: null };
    const file = harOf([odd, { ...entry, request: { url: 'https://api.example/b', method: 5, headers: 'x', bodySize: 'big' } }]).replace(
      '{"_initiator"',
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"_initiator"',
    );
    const { sources, warnings } = fromHar(file);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(warnings).toContain('entry 0: its _polltergeist field is damaged (it is not an object); read as a plain HAR entry');
    const starts = sources[0]!.events.filter((e) => e.kind === 'request-start');
    expect(starts.map((e) => [e.method, e.url, e.requestHeaders, e.requestBodySize])).toEqual([
      ['GET', 'https://api.example/a', [['accept', 'application/json']], 0],
      ['GET', 'https://api.example/b', [], 0],
    ]);
  });
});

describe('fromHar on its own output, for any HAR', () => {
  it('is stable: a Chrome HAR imported, exported and imported again gives the same events', () => {
    const polls = Array.from({ length: 5 }, (_, i) => chromeEntry({ type: 'xhr', url: `https://api.example/s?_=${i}`, at: i * 2000, text: `{"v":${i}}` }));
    const first = fromHar(harOf(polls, CHROME_PAGE));
    const har: Har = toHar({ sources: first.sources, creatorVersion: VERSION });
    const second = fromHar(JSON.stringify(har));
    expect(second.sources).toEqual(first.sources);
  });
});
