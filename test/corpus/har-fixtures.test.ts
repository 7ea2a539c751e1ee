/**
 * Real Chrome-format HARs (test/fixtures/har/, recorded by scripts/record-chrome-har.ts; see the
 * README there) through the same path as `polltergeist analyze`: fromHar, then analyze. Each
 * demo page's main endpoint must get its pattern, and the page's own loads (document, favicon...)
 * must be skipped with a warning that counts them.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pattern } from '../../src/core/classify/types';
import { fromHar } from '../../src/core/har/import';
import type { Transport } from '../../src/core/protocol';
import { analyze } from '../../src/core/report/report';

const DIR = resolve(import.meta.dirname, '../fixtures/har');

interface Expected {
  readonly file: string;
  /** `log.creator.name`: who wrote the file. */
  readonly creator: 'chrome-har' | 'WebInspector' | 'Playwright' | 'mitmproxy har_dump';
  /** The page loads skipped by kind, for files without `_resourceType` (else counted from it). */
  readonly skipped?: Readonly<Record<string, number>>;
  /** Warnings besides the skipped loads' one, in order. */
  readonly notes?: readonly RegExp[];
  /** The page's main endpoint and its pattern; null when the file holds none of its traffic. */
  readonly main: { readonly transport: Transport; readonly path: string; readonly pattern: Pattern } | null;
}

const FIXTURES: readonly Expected[] = [
  { file: 'chrome-har-polling.har', creator: 'chrome-har', main: { transport: 'fetch', path: '/api/poll', pattern: 'polling' } },
  {
    file: 'chrome-har-long-polling.har',
    creator: 'chrome-har',
    main: { transport: 'fetch', path: '/api/long-poll', pattern: 'long-polling' },
  },
  { file: 'chrome-har-sse.har', creator: 'chrome-har', main: { transport: 'eventsource', path: '/api/sse', pattern: 'sse' } },
  { file: 'chrome-har-streaming.har', creator: 'chrome-har', main: { transport: 'fetch', path: '/api/stream', pattern: 'streaming' } },
  // chrome-har ignores every Network.webSocket* event: the socket is not in its HAR at all.
  { file: 'chrome-har-websocket.har', creator: 'chrome-har', main: null },
  {
    file: 'devtools-export-websocket.har',
    creator: 'WebInspector',
    main: { transport: 'websocket', path: '/ws', pattern: 'websocket' },
  },
  // Playwright's recordHar (scripts/record-playwright-har.ts): bodies embedded, so an EventSource's
  // events come from its body, their times placed; a fetch stream still open has no body yet.
  { file: 'playwright-polling.har', creator: 'Playwright', main: { transport: 'fetch', path: '/api/poll', pattern: 'polling' } },
  { file: 'playwright-sse.har', creator: 'Playwright', main: { transport: 'eventsource', path: '/api/sse', pattern: 'sse' } },
  { file: 'playwright-sse-fetch.har', creator: 'Playwright', main: { transport: 'fetch', path: '/api/sse', pattern: 'sse' } },
  // Playwright writes _webSocketMessages times in epoch milliseconds (Chrome: seconds): said once.
  {
    file: 'playwright-websocket.har',
    creator: 'Playwright',
    main: { transport: 'websocket', path: '/ws', pattern: 'websocket' },
    notes: [/^entry 1: _webSocketMessages times are milliseconds, not seconds, since the epoch; read as milliseconds$/],
  },
  // mitmproxy's har_dump (scripts/record-mitmproxy-har.ts): no pages, no _resourceType (the kind
  // of each entry is inferred: the favicon by its Sec-Fetch-Dest), bodies embedded; an EventSource
  // is read as a fetch stream, its events from its body.
  {
    file: 'mitmproxy-polling.har',
    creator: 'mitmproxy har_dump',
    main: { transport: 'fetch', path: '/api/poll', pattern: 'polling' },
    skipped: { document: 1, image: 1 },
    notes: [/^\d+ entries have no _resourceType/],
  },
  {
    file: 'mitmproxy-sse.har',
    creator: 'mitmproxy har_dump',
    main: { transport: 'fetch', path: '/api/sse', pattern: 'sse' },
    skipped: { document: 1, image: 1 },
    notes: [/^\d+ entries have no _resourceType/],
  },
];

type Json = Record<string, unknown>;

const KEPT = new Set(['fetch', 'xhr', 'eventsource', 'websocket']);

function load(file: string): { text: string; log: Json; entries: Json[] } {
  const text = readFileSync(join(DIR, file), 'utf8');
  const log = (JSON.parse(text) as { log: Json }).log;
  return { text, log, entries: log['entries'] as Json[] };
}

/** The entries the import must skip, counted by `_resourceType`, as in its warning. */
function skippedKinds(entries: readonly Json[]): Map<string, number> {
  const kinds = new Map<string, number>();
  for (const e of entries) {
    const type = String(e['_resourceType']);
    if (!KEPT.has(type)) kinds.set(type, (kinds.get(type) ?? 0) + 1);
  }
  return kinds;
}

describe('Chrome-format HAR fixtures: fromHar + analyze', () => {
  for (const x of FIXTURES) {
    describe(x.file, () => {
      const { text, log, entries } = load(x.file);
      const imported = fromHar(text);
      const report = analyze(imported.sources);

      it(`was written by ${x.creator}`, () => {
        expect((log['creator'] as Json)['name']).toBe(x.creator);
        expect(entries.length).toBeGreaterThan(0);
      });

      if (x.main) {
        const main = x.main;
        it(`classifies ${main.transport} ${main.path} as ${main.pattern}`, () => {
          const channels = report.channels.filter((c) => new URL(c.url).pathname === main.path);
          expect(channels.map((c) => [c.transport, c.pattern, c.reason])).toEqual([[main.transport, main.pattern, expect.any(String)]]);
          // Nothing else on these pages talks to the server.
          expect(report.channels).toHaveLength(1);
        });
      } else {
        it('has no channel: the page traffic chrome-har keeps is all skipped', () => {
          expect(entries.some((e) => e['_resourceType'] === 'websocket' || /^wss?:/.test(String((e['request'] as Json)['url'])))).toBe(false);
          expect(imported.sources).toEqual([]);
          expect(report.channels).toEqual([]);
        });
      }

      it('warns about the skipped page loads, counted by kind', () => {
        const kinds = x.skipped ? new Map(Object.entries(x.skipped)) : skippedKinds(entries);
        expect(kinds.get('document')).toBe(1);
        const total = [...kinds.values()].reduce((a, b) => a + b, 0);
        const others = imported.warnings.filter((w) => !w.startsWith('skipped'));
        expect(others).toEqual((x.notes ?? []).map((re) => expect.stringMatching(re)));
        expect(imported.warnings).toHaveLength(others.length + 1);
        const warning = imported.warnings.find((w) => w.startsWith('skipped'))!;
        expect(warning).toMatch(new RegExp(`^skipped ${total} entr(y|ies) .*not fetch, XHR, EventSource or WebSocket`));
        for (const [kind, n] of kinds) expect(warning).toContain(`${kind} ${n}`);
      });
    });
  }
});

describe('the fixtures are in the shape their writer gives', () => {
  it("Playwright: an EventSource's events only in its body (no _eventSourceMessages), read as events with placed times", () => {
    const { text, entries } = load('playwright-sse.har');
    const streams = entries.filter((e) => e['_resourceType'] === 'eventsource');
    expect(streams.length).toBeGreaterThan(0);
    for (const e of streams) {
      expect(e['_eventSourceMessages']).toBeUndefined();
      expect(String(((e['response'] as Json)['content'] as Json)['text'])).toMatch(/^data: /m);
    }
    const channel = analyze(fromHar(text).sources).channels[0]!;
    expect(channel.messages).toBeGreaterThan(10);
    expect(channel.placedMessages).toBe(channel.messages);
  });

  it('mitmproxy: no pages and no _resourceType; what each entry is comes from its request', () => {
    const { log, entries } = load('mitmproxy-polling.har');
    expect(log['pages']).toBeUndefined();
    for (const e of entries) expect(e['_resourceType']).toBeUndefined();
  });

  it('chrome-har: lower-case _resourceType, _chunks from Network.dataReceived, no WebSocket or SSE messages', () => {
    const { entries } = load('chrome-har-streaming.har');
    const streams = entries.filter((e) => e['_resourceType'] === 'fetch');
    expect(streams.length).toBeGreaterThan(0);
    for (const e of streams) {
      const chunks = e['_chunks'] as { ts: number; bytes: number }[];
      expect(chunks.length).toBeGreaterThan(1);
      for (const c of chunks) expect(Object.keys(c).sort()).toEqual(['bytes', 'ts']);
    }
    for (const file of FIXTURES.filter((f) => f.creator === 'chrome-har').map((f) => f.file)) {
      for (const e of load(file).entries) {
        expect(e['_webSocketMessages'], file).toBeUndefined();
        expect(e['_eventSourceMessages'], file).toBeUndefined();
      }
    }
  });

  it('DevTools export: a websocket entry with _webSocketMessages in epoch seconds, and DevTools entry fields', () => {
    const { log, entries } = load('devtools-export-websocket.har');
    expect((log['pages'] as Json[])[0]).toMatchObject({ id: 'page_1', pageTimings: { onContentLoad: expect.any(Number), onLoad: expect.any(Number) } });
    const sockets = entries.filter((e) => e['_resourceType'] === 'websocket');
    expect(sockets).toHaveLength(1);
    const ws = sockets[0]!;
    expect(Object.keys(ws)).toEqual([
      '_initiator',
      '_priority',
      '_resourceType',
      '_webSocketMessages',
      'cache',
      'pageref',
      'request',
      'response',
      'serverIPAddress',
      'startedDateTime',
      'time',
      'timings',
    ]);
    expect(ws['response']).toMatchObject({ status: 101, statusText: 'Switching Protocols', content: { size: 0, mimeType: 'x-unknown' } });
    expect((ws['_initiator'] as Json)['type']).toBe('script');
    const start = Date.parse(String(ws['startedDateTime'])) / 1000;
    const messages = ws['_webSocketMessages'] as { type: string; time: number; opcode: number; data: string }[];
    expect(messages.length).toBeGreaterThan(10);
    for (const m of messages) {
      expect(Object.keys(m)).toEqual(['type', 'time', 'opcode', 'data']);
      expect(['send', 'receive']).toContain(m.type);
      expect([1, 2]).toContain(m.opcode);
      // Seconds since the epoch, within the recording (not ms, not the protocol's monotonic clock).
      expect(m.time).toBeGreaterThanOrEqual(start - 1);
      expect(m.time).toBeLessThan(start + 60);
    }
    expect(new Set(messages.map((m) => m.type))).toEqual(new Set(['send', 'receive']));
    const doc = entries.find((e) => e['_resourceType'] === 'document')!;
    expect(doc).toMatchObject({ _initiator: { type: 'other' }, serverIPAddress: '127.0.0.1', connection: expect.any(String) });
    expect(doc['timings']).toHaveProperty('_blocked_queueing');
    expect((doc['response'] as Json)['content']).toHaveProperty('text');
  });
});
