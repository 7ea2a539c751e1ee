import { describe, expect, it } from 'vitest';
import { connectionMessages } from './connection-messages';
import { SRC, requestStart, response, sse, wsCreate, wsMsg, testCapture } from './test-events';

describe('connectionMessages', () => {
  it('lists one connection of a shared lane, latest last, and counts all of it', () => {
    const c = testCapture();
    const s = c.messages;
    c.ingest(SRC, [wsCreate('chat#1', 0), wsCreate('chat#2', 1)]);
    const evs = [];
    for (let i = 0; i < 20; i++) evs.push(wsMsg(i % 2 ? 'chat#2' : 'chat#1', 10 + i, 'down', `m${i}`));
    c.ingest(SRC, evs);
    const rec = s.connections.find('s1', 'chat#2')!;
    const all = connectionMessages(s, rec, 100);
    expect(all.found).toBe(10);
    expect(all.logical.map((l) => s.listPreviewOf(l))).toEqual(['m1', 'm3', 'm5', 'm7', 'm9', 'm11', 'm13', 'm15', 'm17', 'm19']);
    const latest = connectionMessages(s, rec, 3);
    expect(latest.logical.map((l) => s.listPreviewOf(l))).toEqual(['m15', 'm17', 'm19']);
  });

  it('finds the messages of a connection whose channel is unknown, and leaves stream chunks out', () => {
    let channel: string | undefined = undefined;
    const c = testCapture({ channelOf: () => channel });
    const s = c.messages;
    c.ingest(SRC, [wsCreate('x', 0), wsMsg('x', 1, 'up', 'a'), wsMsg('x', 2, 'down', 'b')]);
    expect(connectionMessages(s, s.connections.find('s1', 'x')!, 10).logical.map((l) => s.listPreviewOf(l))).toEqual(['a', 'b']);
    channel = 'c';
    c.ingest(SRC, [
      requestStart('st', 3),
      response('st', 4, 'application/x-ndjson'),
      { kind: 'chunk', id: 'st', t: 5, size: 3 },
      { kind: 'chunk', id: 'st', t: 6, size: 3 },
      sse('es', 7, 'e1'),
    ]);
    const st = s.connections.find('s1', 'st')!;
    expect(s.count).toBeGreaterThanOrEqual(4); // the two chunks are timeline messages
    expect(connectionMessages(s, st, 10)).toEqual({ logical: [], found: 0 });
    expect(connectionMessages(s, s.connections.find('s1', 'es')!, 10).logical.map((l) => s.listPreviewOf(l))).toEqual(['e1']);
  });
});
