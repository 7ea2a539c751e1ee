import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../protocol';
import { barsInRange } from './bins';
import { FilteredView, compileFilter } from './filter-index';
import { FLAG_BINARY, FLAG_COMPLETE, FLAG_UP, LIST_PREVIEW_CHARS, MessageStore, listPreviewHex, listPreviewText, oneLine } from './message-store';
import { SRC, laneByIdPrefix, requestEnd, requestStart, response, sse, text, wsBinary, wsCreate, wsMsg } from './test-events';

const msgs = (id: string, n: number, t0 = 0): CaptureEvent[] =>
  Array.from({ length: n }, (_, i) => wsMsg(id, t0 + i, i % 2 ? 'down' : 'up', `m${i}`));

describe('MessageStore ring', () => {
  it('keeps the newest `capacity` messages and counts the dropped ones', () => {
    const s = new MessageStore({ capacity: 5 });
    s.ingest(SRC, [wsCreate('ws', 0), ...msgs('ws', 12)], laneByIdPrefix);
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
    const s = new MessageStore({ capacity: 200_000 });
    const ev: CaptureEvent[] = [wsCreate('ws', 0)];
    for (let i = 0; i < 150_000; i++) ev.push(wsMsg('ws', i, 'down', 'x', i));
    s.ingest(SRC, ev, laneByIdPrefix);
    expect(s.count).toBe(150_000);
    expect(s.sizeOf(0)).toBe(0);
    expect(s.sizeOf(149_999)).toBe(149_999);
    expect(s.time.length).toBeGreaterThanOrEqual(150_000);
  });

  it('clamps sizes into the Uint32 column', () => {
    const s = new MessageStore();
    s.ingest(SRC, [wsCreate('ws', 0), wsMsg('ws', 1, 'down', 'a', 2 ** 40), wsMsg('ws', 2, 'down', 'b', -5)], laneByIdPrefix);
    expect(s.sizeOf(0)).toBe(0xffffffff);
    expect(s.sizeOf(1)).toBe(0);
  });

  it('clear empties everything and bumps the generation', () => {
    const s = new MessageStore({ capacity: 3 });
    s.ingest(SRC, [wsCreate('ws', 0), ...msgs('ws', 5)], laneByIdPrefix);
    const g = s.generation;
    s.clear();
    expect(s.generation).toBe(g + 1);
    expect([s.count, s.dropped, s.connections.size, s.lanes.size]).toEqual([0, 0, 0, 0]);
    s.ingest(SRC, [wsCreate('ws', 0), ...msgs('ws', 2)], laneByIdPrefix);
    expect(s.count).toBe(2);
    expect(s.listPreviewOf(1)).toBe('m1');
  });
});

describe('previews', () => {
  it('list preview: the captured string itself when short and one line (no copy)', () => {
    const data = '{"a":1}';
    expect(listPreviewText(data, false)).toBe(data);
  });

  it('list preview: at most 160 chars, ellipsis when cut, no split surrogate; oneLine for rows', () => {
    const pretty = '{\n  "a": 1,\r\n\t"b": "x"\n}';
    expect(listPreviewText(pretty, false)).toBe(pretty);
    expect(oneLine(pretty)).toBe('{ "a": 1, "b": "x" }');
    expect(listPreviewText(pretty + ' '.repeat(200), false).startsWith('{ "a": 1, "b": "x" }')).toBe(true);
    const long = 'y'.repeat(1000);
    const q = listPreviewText(long, false);
    expect(q.length).toBe(LIST_PREVIEW_CHARS);
    expect(q.endsWith('\u2026')).toBe(true);
    const emoji = 'a'.repeat(158) + '😀' + 'b'.repeat(10);
    const r = listPreviewText(emoji, false);
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
    const s = new MessageStore({ capacity: 100, fullPreviewCapacity: 3 });
    const long = (i: number) => `${i}:` + 'z'.repeat(300);
    const ev: CaptureEvent[] = [wsCreate('ws', 0)];
    for (let i = 0; i < 6; i++) ev.push(wsMsg('ws', i, 'down', long(i)));
    ev.push(wsMsg('ws', 6, 'down', 'short'));
    s.ingest(SRC, ev, laneByIdPrefix);
    expect(s.fullPreviewFirst).toBe(4);
    expect(s.fullPreview(0)).toBe('evicted');
    expect(s.fullPreview(3)).toBe('evicted');
    expect(s.fullPreview(4)).toMatchObject({ encoding: 'text', data: long(4) });
    expect(s.listPreviewOf(0).startsWith('0:zzz')).toBe(true);
    // A complete list preview still answers once its full preview is gone.
    s.ingest(SRC, msgs('ws', 5, 10), laneByIdPrefix);
    expect(s.fullPreviewFirst).toBe(9);
    expect(s.fullPreview(6)).toEqual({ encoding: 'text', data: 'short', truncated: false });
    expect(s.flagsOf(6) & FLAG_COMPLETE).toBe(FLAG_COMPLETE);
    expect(s.message(6)?.preview).toEqual({ encoding: 'text', data: 'short', truncated: false });
  });

  it('bounds full previews by characters as well', () => {
    const s = new MessageStore({ capacity: 100, fullPreviewCapacity: 50, fullPreviewChars: 2500 });
    const ev: CaptureEvent[] = [wsCreate('ws', 0)];
    for (let i = 0; i < 10; i++) ev.push(wsMsg('ws', i, 'down', 'q'.repeat(1000)));
    s.ingest(SRC, ev, laneByIdPrefix);
    expect(s.fullPreviewFirst).toBe(8); // two of 1000 fit in 2500
    expect(s.fullPreview(7)).toBe('evicted');
    // One preview larger than the budget is still kept while it is the newest.
    s.ingest(SRC, [wsMsg('ws', 20, 'down', 'w'.repeat(5000))], laneByIdPrefix);
    expect(s.fullPreview(10)).toMatchObject({ data: 'w'.repeat(5000) });
  });

  it('flags a truncated capture and never marks it complete', () => {
    const s = new MessageStore();
    s.ingest(SRC, [wsCreate('ws', 0), { kind: 'ws-message', id: 'ws', t: 1, dir: 'down', binary: false, size: 100_000, preview: text('abc', true) }], laneByIdPrefix);
    expect(s.message(0)).toMatchObject({ truncated: true, listPreview: 'abc' });
    expect(s.flagsOf(0) & FLAG_COMPLETE).toBe(0);
  });
});

describe('message kinds and fields', () => {
  it('binary frames: flag, hex list preview, base64 full preview', () => {
    const s = new MessageStore();
    s.ingest(SRC, [wsCreate('ws', 0), wsBinary('ws', 1, 'up', 'AAEC/w==', 4)], laneByIdPrefix);
    expect(s.flagsOf(0) & (FLAG_BINARY | FLAG_UP)).toBe(FLAG_BINARY | FLAG_UP);
    expect(s.message(0)).toMatchObject({ binary: true, dir: 'up', kind: 'ws', size: 4, listPreview: '00 01 02 ff' });
    expect(s.fullPreview(0)).toMatchObject({ encoding: 'base64', data: 'AAEC/w==' });
  });

  it('SSE fields: interned event names, ids only when set, retry; cleared when a slot is reused', () => {
    const s = new MessageStore({ capacity: 4 });
    s.ingest(
      SRC,
      [
        { kind: 'es-create', id: 'es', t: 0, url: 'https://app.test/events', withCredentials: false },
        sse('es', 1, 'a', 'message', '1'),
        sse('es', 2, 'b', 'tick', '', 3000),
        sse('es', 3, 'c', 'tick', '3'),
      ],
      laneByIdPrefix,
    );
    expect(s.sseFields(0)).toEqual({ event: 'message', id: '1', retry: null });
    expect(s.sseFields(1)).toEqual({ event: 'tick', id: '', retry: 3000 });
    expect(s.sseFields(2)).toEqual({ event: 'tick', id: '3', retry: null });
    expect(s.kindOf(2)).toBe('sse');
    expect(s.directionOf(2)).toBe('down');
    // Reuse slots 0 and 1 with messages without fields.
    s.ingest(SRC, [sse('es', 4, 'd', ''), sse('es', 5, 'e', ''), sse('es', 6, 'f', '')], laneByIdPrefix);
    expect(s.firstLogical).toBe(2);
    expect(s.sseFields(4)).toEqual({ event: '', id: '', retry: null });
    expect(s.sseFields(5)).toEqual({ event: '', id: '', retry: null });
    expect(s.sseFields(2)).toEqual({ event: 'tick', id: '3', retry: null });
    expect(s.connectionOf(5)).toMatchObject({ transport: 'eventsource', messagesDown: 6 });
  });

  it('WebSocket frames have no SSE fields', () => {
    const s = new MessageStore();
    s.ingest(SRC, [wsCreate('ws', 0), ...msgs('ws', 1)], laneByIdPrefix);
    expect(s.sseFields(0)).toBeNull();
  });

  it("HTTP chunks: plain responses add no message; a stream's chunks do, from the first; event streams' chunks don't", () => {
    const s = new MessageStore();
    s.ingest(
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
      laneByIdPrefix,
    );
    expect(s.count).toBe(4);
    expect([0, 1, 2].map((l) => [s.kindOf(l), s.timeOf(l), s.sizeOf(l)])).toEqual([
      ['chunk', 12, 1],
      ['chunk', 13, 2],
      ['chunk', 14, 3],
    ]);
    expect(s.kindOf(3)).toBe('sse');
    expect(s.connections.byKey('s1:nd')).toMatchObject({ chunks: 3, bytesDown: 6 });
    const all = new MessageStore({ chunks: 'all' });
    all.ingest(SRC, [requestStart('poll', 0), { kind: 'chunk', id: 'poll', t: 6, size: 10 }], laneByIdPrefix);
    expect(all.count).toBe(1);
  });
});

describe('connections', () => {
  it('folds a request lifecycle and keeps its details', () => {
    const s = new MessageStore();
    s.ingest(SRC, [requestStart('r', 10), response('r', 20), requestEnd('r', 30, '{"a":1}')], laneByIdPrefix);
    const r = s.connections.byKey('s1:r')!;
    expect(r).toMatchObject({ transport: 'fetch', start: 10, responseAt: 20, end: 30, status: 200, state: 'done', channel: 'r', lane: 0 });
    expect(r.requestHeaders).toEqual([['accept', '*/*']]);
    expect(r.responseHeaders).toEqual([['content-type', 'application/json']]);
    expect(r.bodyPreview?.data).toBe('{"a":1}');
  });

  it('creates a partial record for messages of a connection it never saw start', () => {
    const s = new MessageStore();
    s.ingest(SRC, [wsMsg('lost', 5, 'down', 'hello')], laneByIdPrefix);
    expect(s.connectionOf(0)).toMatchObject({ partial: true, transport: 'websocket', start: 5, lane: 0, messagesDown: 1 });
  });

  it('never counts a message on a record evicted earlier in the same batch', () => {
    const s = new MessageStore({ connectionCapacity: 2 });
    s.ingest(SRC, [wsCreate('a', 0), wsMsg('a', 1, 'up', 'x'), wsCreate('b', 2), wsCreate('c', 3), wsMsg('a', 4, 'up', 'y')], laneByIdPrefix);
    expect(s.connections.dropped).toBe(2); // a by c, then b by the partial record of a
    expect(s.connectionOf(1)).toMatchObject({ partial: true, messagesUp: 1, start: 4 });
    expect(s.connectionOf(0)).toBeUndefined();
  });

  it('asks for an unknown channel again on lifecycle events and on the 1st, 2nd, 4th ... message', () => {
    const s = new MessageStore();
    const asked: string[] = [];
    let known = false;
    const lookup = (k: string) => {
      asked.push(k);
      return known ? 'chat' : undefined;
    };
    s.ingest(SRC, [wsCreate('ws', 0), ...msgs('ws', 3)], lookup);
    expect(asked.length).toBe(3); // create, 1st, 2nd message
    expect(s.laneOf(0)).toBe(-1);
    known = true;
    s.ingest(SRC, [{ kind: 'ws-open', id: 'ws', t: 4, protocol: '', extensions: '' }, ...msgs('ws', 2, 5)], lookup);
    expect(asked.length).toBe(4);
    expect(s.laneOf(3)).toBe(0);
    expect(s.channelOf(3)).toBe('chat');
    expect(s.channelOf(0)).toBe(''); // earlier messages keep the lane they were stored with
  });

  it('evicts the record that finished longest ago first, and counts it', () => {
    const s = new MessageStore({ connectionCapacity: 3 });
    s.ingest(SRC, [wsCreate('live', 0), requestStart('a', 1), requestStart('b', 2), requestEnd('b', 3), requestEnd('a', 4)], laneByIdPrefix);
    s.ingest(SRC, [requestStart('c', 5)], laneByIdPrefix);
    expect(s.connections.dropped).toBe(1);
    expect(s.connections.byKey('s1:b')).toBeUndefined();
    expect(s.connections.byKey('s1:a')).toBeDefined();
    s.ingest(SRC, [requestStart('d', 6)], laneByIdPrefix);
    expect(s.connections.byKey('s1:a')).toBeUndefined();
    // Nothing finished: the oldest goes.
    s.ingest(SRC, [requestStart('e', 7)], laneByIdPrefix);
    expect(s.connections.byKey('s1:live')).toBeUndefined();
    expect(s.connections.dropped).toBe(3);
    expect(s.connections.size).toBe(3);
  });

  it('keeps headers and bodies for the most recent records only', () => {
    const s = new MessageStore({ detailCapacity: 2 });
    for (const id of ['a', 'b', 'c']) s.ingest(SRC, [requestStart(id, 0), response(id, 1), requestEnd(id, 2, 'body')], laneByIdPrefix);
    expect(s.connections.byKey('s1:a')).toMatchObject({ detailsEvicted: true, requestHeaders: null, bodyPreview: null, status: 200 });
    expect(s.connections.byKey('s1:c')?.bodyPreview?.data).toBe('body');
    const budget = new MessageStore({ detailChars: 100 });
    budget.ingest(SRC, [requestStart('a', 0), requestEnd('a', 1, 'x'.repeat(80)), requestStart('b', 2), requestEnd('b', 3, 'y'.repeat(80))], laneByIdPrefix);
    expect(budget.connections.byKey('s1:a')?.detailsEvicted).toBe(true);
    expect(budget.connections.byKey('s1:b')?.bodyPreview?.data).toBe('y'.repeat(80));
  });

  it("records an EventSource's reconnect gaps, and bars show them", () => {
    const s = new MessageStore();
    s.ingest(
      SRC,
      [
        { kind: 'es-create', id: 'es', t: 0, url: 'https://app.test/events', withCredentials: false },
        { kind: 'es-open', id: 'es', t: 10, readyState: 1 },
        { kind: 'es-error', id: 'es', t: 100, readyState: 0 },
        { kind: 'es-open', id: 'es', t: 150, readyState: 1 },
        { kind: 'es-error', id: 'es', t: 300, readyState: 0 },
      ],
      laneByIdPrefix,
    );
    const r = s.connections.byKey('s1:es')!;
    expect(r.reconnects).toBe(1);
    expect(r.gaps.slice(0, 3)).toEqual([100, 150, 300]);
    expect(Number.isNaN(r.gaps[3])).toBe(true);
    const bars = barsInRange(s.connections, 0, 0, 1000, 400);
    expect(bars.length).toBe(2);
    expect([bars.start[0], bars.end[0], bars.start[1], bars.end[1]]).toEqual([0, 100, 150, 300]);
    s.ingest(SRC, [{ kind: 'es-open', id: 'es', t: 350, readyState: 1 }], laneByIdPrefix);
    expect(barsInRange(s.connections, 0, 0, 1000, 400).length).toBe(3);
  });
});

describe('renumbering past the Int32 range', () => {
  it('rebases logical indices in the store, its lanes and its views', () => {
    const s = new MessageStore({ capacity: 10, rebaseAt: 25 });
    const view = new FilteredView(s, (compileFilter({ direction: 'up' }) as { ok: true; filter: never }).filter);
    s.ingest(SRC, [wsCreate('ws', 0)], laneByIdPrefix);
    for (let i = 0; i < 100; i++) {
      s.ingest(SRC, [wsMsg('ws', i, i % 2 ? 'down' : 'up', `m${i}`)], laneByIdPrefix);
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

describe('ConnectionTable', () => {
  it('is the earliest start of any record, not the first one created, and clears', () => {
    const s = new MessageStore();
    s.ingest(SRC, [wsCreate('late', 500), requestStart('early', 100), requestStart('mid', 300)], laneByIdPrefix);
    expect([...s.connections.values()][0]!.start).toBe(500);
    expect(s.connections.firstStart).toBe(100);
    s.clear();
    expect(s.connections.firstStart).toBe(Infinity);
  });

  it('ordered(): every record still kept, oldest first, across creations, evictions and clear', () => {
    const s = new MessageStore({ connectionCapacity: 3 });
    s.ingest(SRC, ['a', 'b'].map((id, i) => requestStart(id, i)), laneByIdPrefix);
    const first = s.connections.ordered();
    expect(first.map((r) => r.id)).toEqual(['a', 'b']);
    expect(s.connections.ordered()).toBe(first);
    s.ingest(SRC, [requestStart('c', 2)], laneByIdPrefix);
    expect(s.connections.ordered().map((r) => r.id)).toEqual(['a', 'b', 'c']);
    s.ingest(SRC, ['d', 'e'].map((id, i) => requestStart(id, 3 + i)), laneByIdPrefix);
    expect(s.connections.ordered().map((r) => r.id)).toEqual(['c', 'd', 'e']);
    s.clear();
    expect(s.connections.ordered()).toEqual([]);
    s.ingest(SRC, [requestStart('f', 9)], laneByIdPrefix);
    expect(s.connections.ordered().map((r) => r.id)).toEqual(['f']);
    // Eviction takes the record that finished longest ago, from the middle.
    s.ingest(SRC, [requestStart('g', 10), requestStart('h', 11), requestEnd('g', 12)], laneByIdPrefix);
    expect(s.connections.ordered().map((r) => r.id)).toEqual(['f', 'g', 'h']);
    s.ingest(SRC, [requestStart('i', 13)], laneByIdPrefix);
    expect(s.connections.ordered().map((r) => r.id)).toEqual(['f', 'h', 'i']);
  });
});
