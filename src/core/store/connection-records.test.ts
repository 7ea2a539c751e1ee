import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../protocol';
import { barsInRange } from './bins';
import { SRC, requestEnd, requestStart, response, testCapture, wsCreate, wsMsg } from './test-events';

const msgs = (id: string, n: number, t0 = 0): CaptureEvent[] =>
  Array.from({ length: n }, (_, i) => wsMsg(id, t0 + i, i % 2 ? 'down' : 'up', `m${i}`));

describe('connections', () => {
  it('folds a request lifecycle and keeps its details', () => {
    const c = testCapture();
    const s = c.messages;
    c.ingest(SRC, [requestStart('r', 10), response('r', 20), requestEnd('r', 30, '{"a":1}')]);
    const r = s.connections.byKey('s1:r')!;
    expect(r).toMatchObject({ transport: 'fetch', start: 10, responseAt: 20, end: 30, status: 200, state: 'done', channel: 'r', lane: 0 });
    expect(r.requestHeaders).toEqual([['accept', '*/*']]);
    expect(r.responseHeaders).toEqual([['content-type', 'application/json']]);
    expect(r.bodyPreview?.data).toBe('{"a":1}');
  });

  it('creates a partial record for messages of a connection it never saw start', () => {
    const c = testCapture();
    const s = c.messages;
    c.ingest(SRC, [wsMsg('lost', 5, 'down', 'hello')]);
    expect(s.connectionOf(0)).toMatchObject({ partial: true, transport: 'websocket', start: 5, lane: 0, messagesDown: 1 });
  });

  it('never counts a message on a record evicted earlier in the same batch', () => {
    const c = testCapture({ connectionCapacity: 2 });
    const s = c.messages;
    c.ingest(SRC, [wsCreate('a', 0), wsMsg('a', 1, 'up', 'x'), wsCreate('b', 2), wsCreate('c', 3), wsMsg('a', 4, 'up', 'y')]);
    expect(s.connections.dropped).toBe(2); // a by c, then b by the partial record of a
    expect(s.connectionOf(1)).toMatchObject({ partial: true, messagesUp: 1, start: 4 });
    expect(s.connectionOf(0)).toBeUndefined();
  });

  it('asks for an unknown channel again on lifecycle events and on the 1st, 2nd, 4th ... message', () => {
    const asked: string[] = [];
    let known = false;
    const lookup = (k: string) => {
      asked.push(k);
      return known ? 'chat' : undefined;
    };
    const c = testCapture({ channelOf: lookup });
    const s = c.messages;
    c.ingest(SRC, [wsCreate('ws', 0), ...msgs('ws', 3)]);
    expect(asked.length).toBe(3); // create, 1st, 2nd message
    expect(s.laneOf(0)).toBe(-1);
    known = true;
    c.ingest(SRC, [{ kind: 'ws-open', id: 'ws', t: 4, protocol: '', extensions: '' }, ...msgs('ws', 2, 5)]);
    expect(asked.length).toBe(4);
    expect(s.laneOf(3)).toBe(0);
    expect(s.channelOf(3)).toBe('chat');
    expect(s.channelOf(0)).toBe(''); // earlier messages keep the lane they were stored with
  });

  it('evicts the record that finished longest ago first, and counts it', () => {
    const c = testCapture({ connectionCapacity: 3 });
    const s = c.messages;
    c.ingest(SRC, [wsCreate('live', 0), requestStart('a', 1), requestStart('b', 2), requestEnd('b', 3), requestEnd('a', 4)]);
    c.ingest(SRC, [requestStart('c', 5)]);
    expect(s.connections.dropped).toBe(1);
    expect(s.connections.byKey('s1:b')).toBeUndefined();
    expect(s.connections.byKey('s1:a')).toBeDefined();
    c.ingest(SRC, [requestStart('d', 6)]);
    expect(s.connections.byKey('s1:a')).toBeUndefined();
    // Nothing finished: the oldest goes.
    c.ingest(SRC, [requestStart('e', 7)]);
    expect(s.connections.byKey('s1:live')).toBeUndefined();
    expect(s.connections.dropped).toBe(3);
    expect(s.connections.size).toBe(3);
  });

  it('keeps headers and bodies for the most recent records only', () => {
    const c = testCapture({ detailCapacity: 2 });
    const s = c.messages;
    for (const id of ['a', 'b', 'c']) c.ingest(SRC, [requestStart(id, 0), response(id, 1), requestEnd(id, 2, 'body')]);
    expect(s.connections.byKey('s1:a')).toMatchObject({ detailsEvicted: true, requestHeaders: null, bodyPreview: null, status: 200 });
    expect(s.connections.byKey('s1:c')?.bodyPreview?.data).toBe('body');
    const budgetCapture = testCapture({ detailChars: 100 });
    const budget = budgetCapture.messages;
    budgetCapture.ingest(SRC, [requestStart('a', 0), requestEnd('a', 1, 'x'.repeat(80)), requestStart('b', 2), requestEnd('b', 3, 'y'.repeat(80))]);
    expect(budget.connections.byKey('s1:a')?.detailsEvicted).toBe(true);
    expect(budget.connections.byKey('s1:b')?.bodyPreview?.data).toBe('y'.repeat(80));
  });

  it("records an EventSource's reconnect gaps, and bars show them", () => {
    const c = testCapture();
    const s = c.messages;
    c.ingest(
      SRC,
      [
        { kind: 'es-create', id: 'es', t: 0, url: 'https://app.test/events', withCredentials: false },
        { kind: 'es-open', id: 'es', t: 10, readyState: 1 },
        { kind: 'es-error', id: 'es', t: 100, readyState: 0 },
        { kind: 'es-open', id: 'es', t: 150, readyState: 1 },
        { kind: 'es-error', id: 'es', t: 300, readyState: 0 },
      ],
    );
    const r = s.connections.byKey('s1:es')!;
    expect(r.reconnects).toBe(1);
    expect(r.gaps.slice(0, 3)).toEqual([100, 150, 300]);
    expect(Number.isNaN(r.gaps[3])).toBe(true);
    const bars = barsInRange(s.connections, 0, 0, 1000, 400);
    expect(bars.length).toBe(2);
    expect([bars.start[0], bars.end[0], bars.start[1], bars.end[1]]).toEqual([0, 100, 150, 300]);
    c.ingest(SRC, [{ kind: 'es-open', id: 'es', t: 350, readyState: 1 }]);
    expect(barsInRange(s.connections, 0, 0, 1000, 400).length).toBe(3);
  });
});

describe('ConnectionRecords', () => {
  it('is the earliest start of any record, not the first one created, and clears', () => {
    const c = testCapture();
    const s = c.messages;
    c.ingest(SRC, [wsCreate('late', 500), requestStart('early', 100), requestStart('mid', 300)]);
    expect([...s.connections.values()][0]!.start).toBe(500);
    expect(s.connections.firstStart).toBe(100);
    c.clear();
    expect(s.connections.firstStart).toBe(Infinity);
  });

  it('ordered(): every record still kept, oldest first, across creations, evictions and clear', () => {
    const c = testCapture({ connectionCapacity: 3 });
    const s = c.messages;
    c.ingest(SRC, ['a', 'b'].map((id, i) => requestStart(id, i)));
    const first = s.connections.ordered();
    expect(first.map((r) => r.id)).toEqual(['a', 'b']);
    expect(s.connections.ordered()).toBe(first);
    c.ingest(SRC, [requestStart('c', 2)]);
    expect(s.connections.ordered().map((r) => r.id)).toEqual(['a', 'b', 'c']);
    c.ingest(SRC, ['d', 'e'].map((id, i) => requestStart(id, 3 + i)));
    expect(s.connections.ordered().map((r) => r.id)).toEqual(['c', 'd', 'e']);
    c.clear();
    expect(s.connections.ordered()).toEqual([]);
    c.ingest(SRC, [requestStart('f', 9)]);
    expect(s.connections.ordered().map((r) => r.id)).toEqual(['f']);
    // Eviction takes the record that finished longest ago, from the middle.
    c.ingest(SRC, [requestStart('g', 10), requestStart('h', 11), requestEnd('g', 12)]);
    expect(s.connections.ordered().map((r) => r.id)).toEqual(['f', 'g', 'h']);
    c.ingest(SRC, [requestStart('i', 13)]);
    expect(s.connections.ordered().map((r) => r.id)).toEqual(['f', 'h', 'i']);
  });
});
