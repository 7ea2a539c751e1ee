import { describe, expect, it } from 'vitest';
import type { CaptureLog } from './capture-log';
import type { CaptureEvent, SourceInfo } from '../protocol';
import { testCapture, requestEnd, requestStart, response, sse, wsCreate, wsMsg } from './test-events';

const src = (id: string): SourceInfo => ({ sourceId: id, frameId: 0, url: `https://a.example/${id}`, top: true });
const ev = (id: string, t: number): CaptureEvent => ({ kind: 'ws-error', id, t });
const chunk = (id: string, t: number): CaptureEvent => ({ kind: 'chunk', id, t, size: 10 });

const times = (log: CaptureLog): [string, number[]][] =>
  log.sources().map((s) => [s.source.sourceId, s.events.map((e) => e.t)]);

describe('CaptureLog', () => {
  it('keeps events per source in arrival order', () => {
    const c = testCapture({ logCapacity: 10 });
    const { log } = c;
    c.ingest(src('a'), [ev('1', 1), ev('1', 2)]);
    c.ingest(src('b'), [ev('2', 3)]);
    c.ingest(src('a'), [ev('1', 4)]);
    expect(times(log)).toEqual([
      ['a', [1, 2, 4]],
      ['b', [3]],
    ]);
    expect(log.length).toBe(4);
  });

  it('keeps no WebSocket or SSE message, but lists a source seen only through messages', () => {
    const c = testCapture();
    const { log, messages: store } = c;
    c.ingest(src('a'), [wsCreate('w', 1), wsMsg('w', 2, 'up', 'hi'), sse('e', 3, 'data'), ev('w', 4)]);
    c.ingest(src('b'), [wsMsg('x', 5, 'down', 'only messages')]);
    expect(times(log)).toEqual([
      ['a', [1, 4]],
      ['b', []],
    ]);
    expect(log.length).toBe(2);
    expect(store.count).toBe(3);
  });

  it("places each event among the store's messages: at = the first message after it", () => {
    const c = testCapture();
    const { log } = c;
    c.ingest(src('a'), [wsCreate('w', 0), wsMsg('w', 1, 'up', 'm0'), wsMsg('w', 2, 'up', 'm1'), ev('w', 3), wsMsg('w', 4, 'up', 'm2')]);
    c.ingest(src('a'), [ev('w', 5)]);
    const [a] = log.sources();
    expect(a!.at).toEqual([0, 2, 3]);
  });

  it('skips stream-chunk messages when placing events (the export does not rebuild them)', () => {
    const c = testCapture();
    const { log, messages: store } = c;
    // An NDJSON stream: from its second chunk on, every chunk is a store message too.
    c.ingest(src('a'), [requestStart('f', 0), response('f', 1, 'application/x-ndjson'), chunk('f', 2), wsCreate('w', 2.5)]);
    c.ingest(src('a'), [chunk('f', 3), wsMsg('w', 4, 'up', 'm'), chunk('f', 5), requestEnd('f', 6)]);
    expect(store.nextLogical).toBe(4); // chunk 2, chunk 3, the frame, chunk 5
    expect(store.kindOf(2)).toBe('ws');
    const [a] = log.sources();
    expect(a!.events.map((e) => e.kind)).toEqual(['request-start', 'response', 'chunk', 'ws-create', 'chunk', 'chunk', 'request-end']);
    // Before the frame (message 2): the first five events; after it (and after chunk 3): the last two.
    // Batch one made no message yet: 0 places its events before message 0, as good as 2 (0 and 1 are chunks).
    expect(a!.at).toEqual([0, 0, 0, 0, 2, 4, 4]);
  });

  it('keeps positions absolute across the store renumbering its messages', () => {
    const c = testCapture({ capacity: 4, rebaseAt: 8 });
    const { log, messages: store } = c;
    c.ingest(src('a'), [wsCreate('w', 0)]);
    for (let i = 0; i < 12; i++) c.ingest(src('a'), [wsMsg('w', i, 'up', `m${i}`), ev('w', i + 0.5)]);
    expect(store.rebased).toBeGreaterThan(0);
    const [a] = log.sources();
    expect(a!.at).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('notes the store serial of connection starts', () => {
    const c = testCapture();
    const { log, messages: store } = c;
    c.ingest(src('a'), [requestStart('f', 0), wsCreate('w', 1), ev('w', 2)]);
    const [a] = log.sources();
    expect(a!.serials).toEqual([store.connections.find('a', 'f')!.serial, store.connections.find('a', 'w')!.serial, -1]);
  });

  it('evicts the globally oldest events first and counts them', () => {
    const c = testCapture({ logCapacity: 3 });
    const { log } = c;
    c.ingest(src('a'), [ev('1', 1), ev('1', 2)]);
    c.ingest(src('b'), [ev('2', 3), ev('2', 4)]);
    c.ingest(src('a'), [ev('1', 5)]);
    expect(log.dropped).toBe(2);
    expect(times(log)).toEqual([
      ['a', [5]],
      ['b', [3, 4]],
    ]);
  });

  it('bounds the characters of bodies, headers and URLs it holds', () => {
    const c = testCapture({ logCapacity: 1000, logChars: 10_000 });
    const { log } = c;
    const body = 'x'.repeat(3000);
    for (let i = 0; i < 10; i++) c.ingest(src('a'), [requestStart(`r${i}`, i), requestEnd(`r${i}`, i + 0.5, body)]);
    // Three bodies fit (the starts' URLs and headers count a little): the oldest events went first.
    const kept = log.sources()[0]!.events;
    expect(kept.filter((e) => e.kind === 'request-end')).toHaveLength(3);
    expect(kept[kept.length - 1]).toMatchObject({ kind: 'request-end', id: 'r9' });
    expect(log.dropped).toBe(20 - kept.length);
  });

  it('stays bounded over a long session', () => {
    const c = testCapture({ logCapacity: 1000 });
    const { log } = c;
    for (let i = 0; i < 100_000; i++) c.ingest(src(String(i % 3)), [ev('x', i)]);
    expect(log.length).toBe(1000);
    expect(log.dropped).toBe(99_000);
    const all = log
      .sources()
      .flatMap((s) => s.events.map((e) => e.t))
      .sort((a, b) => a - b);
    expect(all[0]).toBe(99_000);
    expect(all.length).toBe(1000);
  });
});
