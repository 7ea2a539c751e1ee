import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../text/bytes';
import type { Capture, CaptureOptions } from './capture';
import type { CaptureLog } from './capture-log';
import { toHar } from '../har/export';
import { fromHar } from '../har/import';
import { CaptureBuilder, SOURCE, T0 } from '../har/test-capture';
import { MSG_TRUNCATED } from '../har/types';
import type { CaptureEvent, SourceInfo } from '../protocol';
import type { CaptureSource } from './capture-source';
import { exportSources } from './export-events';
import type { MessageStore } from './message-store';
import { rng, sse, testCapture, text, wsBinary, wsCreate, wsMsg } from './test-events';

const WIDGET: SourceInfo = { sourceId: 'src2', frameId: 3, url: 'https://widget.example/', top: false };
const VERSION = '0.0.0-test';

/** Events the store keeps as messages (the export rebuilds them from its columns): never in the log. */
const isMessageEvent = (e: CaptureEvent): boolean => e.kind === 'ws-message' || e.kind === 'sse';

/** A panel's capture fed batch by batch, as PanelSession does, beside the raw events it was fed. */
class Panel {
  readonly capture: Capture;
  /** The raw events per source, in order of first appearance: what the log alone used to hold. */
  private readonly raw = new Map<string, { source: SourceInfo; events: CaptureEvent[] }>();

  constructor(opts: CaptureOptions = {}) {
    this.capture = testCapture(opts);
  }

  get store(): MessageStore {
    return this.capture.messages;
  }

  get log(): CaptureLog {
    return this.capture.log;
  }

  feed(source: SourceInfo, events: CaptureEvent[]): void {
    let r = this.raw.get(source.sourceId);
    if (!r) this.raw.set(source.sourceId, (r = { source, events: [] }));
    r.events.push(...events);
    this.capture.ingest(source, events);
  }

  get rawSources(): CaptureSource[] {
    return [...this.raw.values()];
  }

  get exported(): CaptureSource[] {
    return exportSources(this.capture);
  }
}

/** Feeds the sources' events in batches of 1..7 events, taking sources in a seeded random turn. */
function interleave(panel: Panel, captures: readonly CaptureBuilder[], seed: number): void {
  const next = rng(seed);
  const pos = captures.map(() => 0);
  for (;;) {
    const open = captures.map((_, i) => i).filter((i) => pos[i]! < captures[i]!.events.length);
    if (!open.length) return;
    const i = open[Math.floor(next() * open.length)]!;
    const n = 1 + Math.floor(next() * 7);
    panel.feed(captures[i]!.source, captures[i]!.events.slice(pos[i]!, pos[i]! + n));
    pos[i]! += n;
  }
}

/** An NDJSON stream: a fetch whose chunks (from the second on) are store messages, not exported ones. */
function ndjson(c: CaptureBuilder, id: string, at: number, lines: number): void {
  c.events.push({ kind: 'request-start', id, t: T0 + at, transport: 'fetch', method: 'GET', url: 'https://app.example/feed', requestHeaders: [], requestBodySize: 0 });
  c.events.push({ kind: 'response', id, t: T0 + at + 3, status: 200, statusText: 'OK', url: 'https://app.example/feed', redirected: false, headers: [['content-type', 'application/x-ndjson']], contentType: 'application/x-ndjson', protocol: 'h2' });
  for (let i = 0; i < lines; i++) c.events.push({ kind: 'chunk', id, t: T0 + at + 4 + i * 10, size: 20 });
  c.events.push({ kind: 'request-end', id, t: T0 + at + 5 + lines * 10, bodySize: lines * 20, preview: text('{"n":1}\n'), hash: 'h', error: '', note: '' });
}

function twoSources(): CaptureBuilder[] {
  const app = new CaptureBuilder(SOURCE);
  app.page(0, 'visible', 'install');
  app.webSocket(
    'wss://app.example/live',
    1,
    [
      { at: 10, dir: 'up', text: '{"op":"subscribe","topic":"prices"}' },
      { at: 20, dir: 'down', base64: 'AAECAwQFBgc=', size: 8 },
      { at: 30, dir: 'down', text: 'tick\nline two' },
      { at: 45, dir: 'up', base64: '/w==', size: 1 },
    ],
    { at: 400, code: 1000 },
  );
  app.sseFetch('https://app.example/stream', 5, [
    { at: 40, data: '{"a":1}', event: 'update', id: '7', retry: 3000 },
    { at: 50, data: '{"a":2}', event: 'update', id: '8' },
    { at: 60, data: 'plain' },
  ]);
  ndjson(app, 'nd1', 8, 5);
  app.poll('https://app.example/api/poll', 4, 100);
  app.page(300, 'hidden');
  app.sorted();

  const widget = new CaptureBuilder(WIDGET);
  widget.eventSource('https://widget.example/events', 2, [
    { at: 15, data: 'hello' },
    { at: 35, data: 'x'.repeat(500) },
  ], 350);
  widget.webSocket('wss://widget.example/ws', 3, [
    { at: 25, dir: 'down', text: 'w1' },
    { at: 55, dir: 'up', text: 'w2' },
  ]);
  widget.sorted();
  return [app, widget];
}

describe('exportSources', () => {
  it('rebuilds exactly the captured events of two sources when nothing was evicted', () => {
    for (const seed of [1, 2, 3]) {
      const panel = new Panel();
      interleave(panel, twoSources(), seed);
      // The log holds no message; the store holds them all (and the stream's chunk messages).
      expect(panel.log.sources().some((s) => s.events.some(isMessageEvent))).toBe(false);
      expect(panel.store.dropped).toBe(0);
      expect(panel.exported).toEqual(panel.rawSources);
      const page = { url: SOURCE.url };
      expect(toHar({ sources: panel.exported, page, creatorVersion: VERSION })).toEqual(
        toHar({ sources: panel.rawSources, page, creatorVersion: VERSION }),
      );
    }
  });

  it('keeps arrival order where lifecycle and message events interleave, in and across batches', () => {
    const panel = new Panel();
    const e: CaptureEvent[] = [
      wsCreate('a', 0),
      wsMsg('a', 1, 'up', 'a1'),
      { kind: 'ws-error', id: 'a', t: 2 },
      wsMsg('a', 3, 'down', 'a2'),
      wsCreate('b', 3),
      wsMsg('b', 3, 'down', 'b1'),
      wsMsg('a', 3, 'down', 'a3'),
      { kind: 'ws-close', id: 'a', t: 4, code: 1000, reason: '', wasClean: true },
      // Same times on purpose: only the arrival order tells these apart.
      { kind: 'ws-error', id: 'b', t: 4 },
      wsMsg('b', 4, 'up', 'b2'),
      { kind: 'ws-close', id: 'b', t: 4, code: 1006, reason: 'gone', wasClean: false },
    ];
    for (const [from, to] of [[0, 2], [2, 3], [3, 8], [8, 9], [9, 11]] as const) panel.feed(SOURCE, e.slice(from, to));
    expect(panel.exported).toEqual([{ source: SOURCE, events: e }]);
  });

  it('leaves out messages older than the ring and keeps every lifecycle event around them', () => {
    const panel = new Panel({ capacity: 3 });
    const e: CaptureEvent[] = [
      wsCreate('a', 0),
      wsMsg('a', 1, 'up', 'gone1'),
      { kind: 'ws-error', id: 'a', t: 2 },
      wsMsg('a', 3, 'up', 'gone2'),
      wsMsg('a', 4, 'down', 'kept1'),
      { kind: 'ws-error', id: 'a', t: 5 },
      wsMsg('a', 6, 'down', 'kept2'),
      wsMsg('a', 7, 'up', 'kept3'),
      { kind: 'ws-close', id: 'a', t: 8, code: 1000, reason: '', wasClean: true },
    ];
    panel.feed(SOURCE, e.slice(0, 4));
    panel.feed(SOURCE, e.slice(4));
    expect(panel.store.dropped).toBe(2);
    const dropped = new Set([e[1], e[3]]);
    expect(panel.exported).toEqual([{ source: SOURCE, events: e.filter((x) => !dropped.has(x)) }]);
  });

  it("keeps a message's source and id after its connection left the store's connection table", () => {
    const panel = new Panel({ connectionCapacity: 2 });
    const e: CaptureEvent[] = [
      wsCreate('w', 0),
      wsMsg('w', 1, 'down', 'before'),
      { kind: 'ws-close', id: 'w', t: 2, code: 1000, reason: '', wasClean: true },
      wsCreate('x', 3),
      wsCreate('y', 4),
    ];
    panel.feed(SOURCE, e.slice(0, 3));
    panel.feed(SOURCE, e.slice(3));
    expect(panel.store.connections.find(SOURCE.sourceId, 'w')).toBeUndefined();
    expect(panel.store.connectionOf(0)).toBeUndefined();
    expect(panel.exported).toEqual([{ source: SOURCE, events: e }]);
  });

  it('keeps positions through the store renumbering its messages', () => {
    const panel = new Panel({ capacity: 4, rebaseAt: 8 });
    panel.feed(SOURCE, [wsCreate('w', 0)]);
    const tail: CaptureEvent[] = [];
    for (let i = 1; i <= 12; i++) {
      const batch: CaptureEvent[] = [wsMsg('w', i, 'up', `m${i}`), { kind: 'ws-error', id: 'w', t: i }];
      panel.feed(SOURCE, batch);
      if (i > 8) tail.push(...batch);
      else tail.push(batch[1]!);
    }
    expect(panel.store.rebased).toBeGreaterThan(0);
    expect(panel.exported).toEqual([{ source: SOURCE, events: [wsCreate('w', 0), ...tail] }]);
  });

  describe('messages whose full preview was evicted', () => {
    const long = 'L'.repeat(100) + '\n' + 'M'.repeat(400);
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => i);
    const events: CaptureEvent[] = [
      wsCreate('w', 0),
      wsMsg('w', 1, 'down', long),
      wsMsg('w', 2, 'up', 'short and whole'),
      { kind: 'ws-message', id: 'w', t: 3, dir: 'down', binary: false, size: 9000, preview: text('cut at capture', true) },
      wsBinary('w', 4, 'down', bytesToBase64(bytes), 100),
      wsBinary('w', 5, 'up', bytesToBase64(bytes.subarray(0, 5)), 5),
      { kind: 'es-create', id: 'e', t: 5.5, url: 'https://app.example/events', withCredentials: false },
      sse('e', 6, long, 'update', '42', 1500),
      // The two most recent keep their full preview.
      wsMsg('w', 7, 'up', 'fresh1'),
      wsMsg('w', 8, 'up', 'fresh2'),
    ];

    function exported(): { panel: Panel; events: readonly CaptureEvent[] } {
      const panel = new Panel({ fullPreviewCapacity: 2 });
      panel.feed(SOURCE, events);
      const [s] = panel.exported;
      return { panel, events: s!.events };
    }

    it('export the list preview: as is when whole, else marked truncated', () => {
      const { panel, events: out } = exported();
      expect(out).toHaveLength(events.length);
      const previewOf = (i: number): unknown => (out[i] as { preview?: unknown }).preview;
      expect(previewOf(1)).toEqual({ encoding: 'text', data: panel.store.listPreviewOf(0), truncated: true });
      expect(panel.store.listPreviewOf(0)).toHaveLength(160);
      expect(previewOf(2)).toEqual(text('short and whole'));
      expect(previewOf(3)).toEqual(text('cut at capture', true));
      // Binary: the bytes the hex list preview shows, as base64 (the HAR's encoding for opcode 2).
      expect(previewOf(4)).toEqual({ encoding: 'base64', data: bytesToBase64(bytes.subarray(0, 48)), truncated: true });
      expect(previewOf(5)).toEqual({ encoding: 'base64', data: bytesToBase64(bytes.subarray(0, 5)), truncated: false });
      expect(previewOf(7)).toEqual({ encoding: 'text', data: panel.store.listPreviewOf(5), truncated: true });
      expect(out[7]).toMatchObject({ kind: 'sse', event: 'update', lastEventId: '42', retry: 1500, size: long.length });
      // Everything else is as captured.
      for (const i of [0, 6, 8, 9]) expect(out[i]).toEqual(events[i]);
      expect(out.map((e) => [e.kind, e.t])).toEqual(events.map((e) => [e.kind, e.t]));
    });

    it('and the HAR flags them truncated, so an import reads them back truncated', () => {
      const { events: out } = exported();
      const har = toHar({ sources: [{ source: SOURCE, events: out }], creatorVersion: VERSION });
      const ws = har.log.entries.find((x) => x._resourceType === 'websocket')!;
      const flags = ws._polltergeist!.messages!.map((m) => (m[2] & MSG_TRUNCATED) !== 0);
      expect(flags).toEqual([true, false, true, true, false, false, false]);
      expect(ws._webSocketMessages![0]!.data).toBe((out[1] as { preview: { data: string } }).preview.data);
      const es = har.log.entries.find((x) => x._resourceType === 'eventsource')!;
      expect(es._polltergeist!.messages![0]![2] & MSG_TRUNCATED).toBe(MSG_TRUNCATED);

      const back = fromHar(JSON.stringify(har)).sources[0]!.events;
      const truncated = back.filter(isMessageEvent).map((e) => (e as { preview: { truncated: boolean } }).preview.truncated);
      // Import order: the socket's frames, then the EventSource's event (entries by start time).
      expect(truncated.sort()).toEqual([false, false, false, false, true, true, true, true]);
    });
  });
});
