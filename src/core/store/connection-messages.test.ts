import { describe, expect, it } from 'vitest';
import { connectionMessages } from './connection-messages';
import { MessageStore } from './message-store';
import { SRC, laneByIdPrefix, requestStart, response, sse, wsCreate, wsMsg } from './test-events';

describe('connectionMessages', () => {
  it('lists one connection of a shared lane, latest last, and counts all of it', () => {
    const s = new MessageStore();
    s.ingest(SRC, [wsCreate('chat#1', 0), wsCreate('chat#2', 1)], laneByIdPrefix);
    const evs = [];
    for (let i = 0; i < 20; i++) evs.push(wsMsg(i % 2 ? 'chat#2' : 'chat#1', 10 + i, 'down', `m${i}`));
    s.ingest(SRC, evs, laneByIdPrefix);
    const rec = s.connections.find('s1', 'chat#2')!;
    const all = connectionMessages(s, rec, 100);
    expect(all.found).toBe(10);
    expect(all.logical.map((l) => s.listPreviewOf(l))).toEqual(['m1', 'm3', 'm5', 'm7', 'm9', 'm11', 'm13', 'm15', 'm17', 'm19']);
    const latest = connectionMessages(s, rec, 3);
    expect(latest.logical.map((l) => s.listPreviewOf(l))).toEqual(['m15', 'm17', 'm19']);
  });

  it('finds the messages of a connection whose channel is unknown, and leaves stream chunks out', () => {
    const s = new MessageStore();
    s.ingest(SRC, [wsCreate('x', 0), wsMsg('x', 1, 'up', 'a'), wsMsg('x', 2, 'down', 'b')], () => undefined);
    expect(connectionMessages(s, s.connections.find('s1', 'x')!, 10).logical.map((l) => s.listPreviewOf(l))).toEqual(['a', 'b']);
    s.ingest(
      SRC,
      [requestStart('st', 3), response('st', 4, 'application/x-ndjson'), { kind: 'chunk', id: 'st', t: 5, size: 3 }, { kind: 'chunk', id: 'st', t: 6, size: 3 }, sse('es', 7, 'e1')],
      () => 'c',
    );
    const st = s.connections.find('s1', 'st')!;
    expect(s.count).toBeGreaterThanOrEqual(4); // the two chunks are timeline messages
    expect(connectionMessages(s, st, 10)).toEqual({ logical: [], found: 0 });
    expect(connectionMessages(s, s.connections.find('s1', 'es')!, 10).logical.map((l) => s.listPreviewOf(l))).toEqual(['e1']);
  });
});
