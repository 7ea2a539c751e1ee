import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../protocol';
import { FilteredView, compileFilter } from './filter-index';
import { oneLine } from '../format/one-line';
import { FLAG_BINARY, FLAG_COMPLETE, FLAG_UP, LIST_PREVIEW_CHARS, listPreviewHex, listPreviewText } from './message-store';
import { SRC, requestEnd, requestStart, response, sse, text, wsBinary, wsCreate, wsMsg, testCapture } from './test-events';

const msgs = (id: string, n: number, t0 = 0): CaptureEvent[] =>
  Array.from({ length: n }, (_, i) => wsMsg(id, t0 + i, i % 2 ? 'down' : 'up', `m${i}`));

describe('MessageStore ring', () => {
  it('keeps the newest `capacity` messages and counts the dropped ones', () => {
    const c = testCapture({ capacity: 5 });
    const s = c.messages;
    c.ingest(SRC, [wsCreate('ws', 0), ...msgs('ws', 12)]);
    expect(s.count).toBe(5);
    expect(s.dropped).toBe(7);
    expect(s.firstLogical).toBe(7);
    expect(s.nextLogical).toBe(12);
    for (let l = 7; l < 12; l++) {
      expect(s.timeOf(l)).toBe(l);
      expect(s.listPreviewOf(l)).toBe(`m${l}`);
      expect(s.directionOf(l)).toBe(l % 2 ? 'down' : 'up');
    }
    expect(s.has(6)).toBe(false);
    expect(s.fullPreview(6)).toBe('dropped');
    expect(s.message(6)).toBeUndefined();
    expect(s.connectionOf(11)?.messagesUp).toBe(6);
    expect(s.connectionOf(11)?.messagesDown).toBe(6);
  });

  it('grows its columns geometrically below capacity and keeps everything across growth', () => {
    const c = testCapture({ capacity: 200_000 });
    const s = c.messages;
    const ev: CaptureEvent[] = [wsCreate('ws', 0)];
    for (let i = 0; i < 150_000; i++) ev.push(wsMsg('ws', i, 'down', 'x', i));
    c.ingest(SRC, ev);
    expect(s.count).toBe(150_000);
    expect(s.sizeOf(0)).toBe(0);
    expect(s.sizeOf(149_999)).toBe(149_999);
    expect(s.time.length).toBeGreaterThanOrEqual(150_000);
  });

  it('clamps sizes into the Uint32 column', () => {
    const c = testCapture();
    const s = c.messages;
    c.ingest(SRC, [wsCreate('ws', 0), wsMsg('ws', 1, 'down', 'a', 2 ** 40), wsMsg('ws', 2, 'down', 'b', -5)]);
    expect(s.sizeOf(0)).toBe(0xffffffff);
    expect(s.sizeOf(1)).toBe(0);
  });

  it('clear empties everything and bumps the generation', () => {
    const c = testCapture({ capacity: 3 });
    const s = c.messages;
    c.ingest(SRC, [wsCreate('ws', 0), ...msgs('ws', 5)]);
    const g = s.generation;
    c.clear();
    expect(s.generation).toBe(g + 1);
    expect([s.count, s.dropped, s.connections.size, s.lanes.size]).toEqual([0, 0, 0, 0]);
    c.ingest(SRC, [wsCreate('ws', 0), ...msgs('ws', 2)]);
    expect(s.count).toBe(2);
    expect(s.listPreviewOf(1)).toBe('m1');
  });
});

describe('previews', () => {
  it('list preview: the captured string itself when short and one line (no copy)', () => {
    const data = '{"a":1}';
    expect(listPreviewText(data)).toBe(data);
  });

  it('list preview: at most 160 chars, ellipsis when cut, no split surrogate; oneLine for rows', () => {
    const pretty = '{\n  "a": 1,\r\n\t"b": "x"\n}';
    expect(listPreviewText(pretty)).toBe(pretty);
    expect(oneLine(pretty)).toBe('{ "a": 1, "b": "x" }');
    expect(listPreviewText(pretty + ' '.repeat(200)).startsWith('{ "a": 1, "b": "x" }')).toBe(true);
    const long = 'y'.repeat(1000);
    const q = listPreviewText(long);
    expect(q.length).toBe(LIST_PREVIEW_CHARS);
    expect(q.endsWith('\u2026')).toBe(true);
    const emoji = 'a'.repeat(158) + '😀' + 'b'.repeat(10);
    const r = listPreviewText(emoji);
    expect(r.length).toBeLessThanOrEqual(LIST_PREVIEW_CHARS);
    expect(r).toBe('a'.repeat(158) + '\u2026');
    expect(oneLine('a\u2028b\u0000c')).toBe('a b c');
  });

  it('binary list preview is hex of the first bytes', () => {
    expect(listPreviewHex('AAEC/w==', false)).toBe('00 01 02 ff');
    const big = listPreviewHex('A'.repeat(400), false);
    expect(big.startsWith('00 00 00')).toBe(true);
    expect(big.endsWith('\u2026')).toBe(true);
    expect(big.length).toBeLessThanOrEqual(LIST_PREVIEW_CHARS);
  });

  it('keeps full previews for the most recent messages only and says so for older ones', () => {
    const c = testCapture({ capacity: 100, fullPreviewCapacity: 3 });
    const s = c.messages;
    const long = (i: number) => `${i}:` + 'z'.repeat(300);
    const ev: CaptureEvent[] = [wsCreate('ws', 0)];
    for (let i = 0; i < 6; i++) ev.push(wsMsg('ws', i, 'down', long(i)));
    ev.push(wsMsg('ws', 6, 'down', 'short'));
    c.ingest(SRC, ev);
    expect(s.fullPreviewFirst).toBe(4);
    expect(s.fullPreview(0)).toBe('evicted');
    expect(s.fullPreview(3)).toBe('evicted');
    expect(s.fullPreview(4)).toMatchObject({ encoding: 'text', data: long(4) });
    expect(s.listPreviewOf(0).startsWith('0:zzz')).toBe(true);
    // A complete list preview still answers once its full preview is gone.
    c.ingest(SRC, msgs('ws', 5, 10));
    expect(s.fullPreviewFirst).toBe(9);
    expect(s.fullPreview(6)).toEqual({ encoding: 'text', data: 'short', truncated: false });
    expect(s.flagsOf(6) & FLAG_COMPLETE).toBe(FLAG_COMPLETE);
    expect(s.message(6)?.preview).toEqual({ encoding: 'text', data: 'short', truncated: false });
  });

  it('bounds full previews by characters as well', () => {
    const c = testCapture({ capacity: 100, fullPreviewCapacity: 50, fullPreviewChars: 2500 });
    const s = c.messages;
    const ev: CaptureEvent[] = [wsCreate('ws', 0)];
    for (let i = 0; i < 10; i++) ev.push(wsMsg('ws', i, 'down', 'q'.repeat(1000)));
    c.ingest(SRC, ev);
    expect(s.fullPreviewFirst).toBe(8); // two of 1000 fit in 2500
    expect(s.fullPreview(7)).toBe('evicted');
    // One preview larger than the budget is still kept while it is the newest.
    c.ingest(SRC, [wsMsg('ws', 20, 'down', 'w'.repeat(5000))]);
    expect(s.fullPreview(10)).toMatchObject({ data: 'w'.repeat(5000) });
  });

  it('flags a truncated capture and never marks it complete', () => {
    const c = testCapture();
    const s = c.messages;
    c.ingest(SRC, [wsCreate('ws', 0), { kind: 'ws-message', id: 'ws', t: 1, dir: 'down', binary: false, size: 100_000, preview: text('abc', true) }]);
    expect(s.message(0)).toMatchObject({ truncated: true, listPreview: 'abc' });
    expect(s.flagsOf(0) & FLAG_COMPLETE).toBe(0);
  });
});

describe('message kinds and fields', () => {
  it('binary frames: flag, hex list preview, base64 full preview', () => {
    const c = testCapture();
    const s = c.messages;
    c.ingest(SRC, [wsCreate('ws', 0), wsBinary('ws', 1, 'up', 'AAEC/w==', 4)]);
    expect(s.flagsOf(0) & (FLAG_BINARY | FLAG_UP)).toBe(FLAG_BINARY | FLAG_UP);
    expect(s.message(0)).toMatchObject({ binary: true, dir: 'up', kind: 'ws', size: 4, listPreview: '00 01 02 ff' });
    expect(s.fullPreview(0)).toMatchObject({ encoding: 'base64', data: 'AAEC/w==' });
  });

  it('SSE fields: interned event names, ids only when set, retry; cleared when a slot is reused', () => {
    const c = testCapture({ capacity: 4 });
    const s = c.messages;
    c.ingest(
      SRC,
      [
        { kind: 'es-create', id: 'es', t: 0, url: 'https://app.test/events', withCredentials: false },
        sse('es', 1, 'a', 'message', '1'),
        sse('es', 2, 'b', 'tick', '', 3000),
        sse('es', 3, 'c', 'tick', '3'),
      ],
    );
    expect(s.sseFields(0)).toEqual({ event: 'message', id: '1', retry: null });
    expect(s.sseFields(1)).toEqual({ event: 'tick', id: '', retry: 3000 });
    expect(s.sseFields(2)).toEqual({ event: 'tick', id: '3', retry: null });
    expect(s.kindOf(2)).toBe('sse');
    expect(s.directionOf(2)).toBe('down');
    // Reuse slots 0 and 1 with messages without fields.
    c.ingest(SRC, [sse('es', 4, 'd', ''), sse('es', 5, 'e', ''), sse('es', 6, 'f', '')]);
    expect(s.firstLogical).toBe(2);
    expect(s.sseFields(4)).toEqual({ event: '', id: '', retry: null });
    expect(s.sseFields(5)).toEqual({ event: '', id: '', retry: null });
    expect(s.sseFields(2)).toEqual({ event: 'tick', id: '3', retry: null });
    expect(s.connectionOf(5)).toMatchObject({ transport: 'eventsource', messagesDown: 6 });
  });

  it('WebSocket frames have no SSE fields', () => {
    const c = testCapture();
    const s = c.messages;
    c.ingest(SRC, [wsCreate('ws', 0), ...msgs('ws', 1)]);
    expect(s.sseFields(0)).toBeNull();
  });

  it("HTTP chunks: plain responses add no message; a stream's chunks do, from the first; event streams' chunks don't", () => {
    const c = testCapture();
    const s = c.messages;
    c.ingest(
      SRC,
      [
        requestStart('poll', 0),
        response('poll', 5),
        { kind: 'chunk', id: 'poll', t: 6, size: 10 },
        requestEnd('poll', 7),
        requestStart('nd', 10),
        response('nd', 11, 'application/x-ndjson'),
        { kind: 'chunk', id: 'nd', t: 12, size: 1 },
        { kind: 'chunk', id: 'nd', t: 13, size: 2 },
        { kind: 'chunk', id: 'nd', t: 14, size: 3 },
        requestStart('fs', 20),
        response('fs', 21, 'text/event-stream'),
        { kind: 'chunk', id: 'fs', t: 22, size: 30 },
        { kind: 'chunk', id: 'fs', t: 23, size: 30 },
        sse('fs', 23, 'x'),
      ],
    );
    expect(s.count).toBe(4);
    expect([0, 1, 2].map((l) => [s.kindOf(l), s.timeOf(l), s.sizeOf(l)])).toEqual([
      ['chunk', 12, 1],
      ['chunk', 13, 2],
      ['chunk', 14, 3],
    ]);
    expect(s.kindOf(3)).toBe('sse');
    expect(s.connections.byKey('s1:nd')).toMatchObject({ chunks: 3, bytesDown: 6 });
    const allCapture = testCapture({ chunks: 'all' });
    const all = allCapture.messages;
    allCapture.ingest(SRC, [requestStart('poll', 0), { kind: 'chunk', id: 'poll', t: 6, size: 10 }]);
    expect(all.count).toBe(1);
  });
});

describe('renumbering past the Int32 range', () => {
  it('rebases logical indices in the store, its lanes and its views', () => {
    const c = testCapture({ capacity: 10, rebaseAt: 25 });
    const s = c.messages;
    const view = new FilteredView(s, (compileFilter({ direction: 'up' }) as { ok: true; filter: never }).filter);
    c.ingest(SRC, [wsCreate('ws', 0)]);
    for (let i = 0; i < 100; i++) {
      c.ingest(SRC, [wsMsg('ws', i, i % 2 ? 'down' : 'up', `m${i}`)]);
      view.update();
    }
    expect(s.epoch).toBeGreaterThan(0);
    expect(s.nextLogical).toBeLessThanOrEqual(26);
    expect(s.count).toBe(10);
    expect(s.listPreviewOf(s.nextLogical - 1)).toBe('m99');
    expect(s.listPreviewOf(s.firstLogical)).toBe('m90');
    const lane = s.liveLane(0)!;
    expect(Array.from(lane.logical.subarray(lane.head, lane.n))).toEqual(Array.from({ length: 10 }, (_, i) => s.firstLogical + i));
    expect(Array.from(view.indices()).map((l) => s.listPreviewOf(l))).toEqual(['m90', 'm92', 'm94', 'm96', 'm98']);
  });
});
