import { describe, expect, it } from 'vitest';
import type { CaptureEvent, SourceInfo } from '../protocol';
import { ConnectionModel } from './connections';

const src: SourceInfo = { sourceId: 'd', frameId: 0, url: 'https://x.test/', top: true };
const text = (data: string) => ({ encoding: 'text' as const, data, truncated: false });

describe('ConnectionModel', () => {
  it('folds a fetch lifecycle into one row', () => {
    const m = new ConnectionModel();
    m.ingest(src, [
      { kind: 'request-start', id: 'r', t: 10, transport: 'fetch', method: 'POST', url: 'https://x.test/a', requestHeaders: [], requestBodySize: 5 },
      { kind: 'response', id: 'r', t: 20, status: 200, statusText: 'OK', url: 'https://x.test/a', redirected: false, headers: [], contentType: 'application/json', protocol: 'h2' },
      { kind: 'chunk', id: 'r', t: 21, size: 3 },
      { kind: 'chunk', id: 'r', t: 22, size: 4 },
    ]);
    expect(m.rows.get('d:r')).toMatchObject({ bytesDown: 7, state: 'open' });
    m.ingest(src, [
      { kind: 'request-end', id: 'r', t: 30, bodySize: 7, preview: text('{"a":1}'), hash: 'h', error: '', note: '' },
    ]);
    expect(m.rows.get('d:r')).toMatchObject({ transport: 'fetch', method: 'POST', start: 10, responseAt: 20, end: 30, status: 200, chunks: 2, bytesUp: 5, bytesDown: 7, state: 'done', bodyHash: 'h', protocol: 'h2' });
  });

  it('counts WebSocket frames both ways, and an EventSource’s reconnects and events', () => {
    const m = new ConnectionModel();
    const events: CaptureEvent[] = [
      { kind: 'ws-create', id: 'w', t: 0, url: 'wss://x.test/ws', protocols: [] },
      { kind: 'ws-open', id: 'w', t: 1, protocol: '', extensions: '' },
      { kind: 'ws-message', id: 'w', t: 2, dir: 'up', binary: false, size: 2, preview: text('hi') },
      { kind: 'ws-message', id: 'w', t: 3, dir: 'down', binary: true, size: 16, preview: { encoding: 'base64', data: 'AAA=', truncated: false } },
      { kind: 'ws-close', id: 'w', t: 4, code: 4000, reason: 'bye', wasClean: true },
      { kind: 'es-create', id: 'e', t: 0, url: 'https://x.test/sse', withCredentials: false },
      { kind: 'es-open', id: 'e', t: 1, readyState: 1, protocol: 'http/1.1' },
      { kind: 'sse', id: 'e', t: 2, event: 'tick', lastEventId: '1', retry: null, size: 3, preview: text('abc') },
      { kind: 'es-error', id: 'e', t: 3, readyState: 0 },
      { kind: 'es-open', id: 'e', t: 4, readyState: 1 },
    ];
    m.ingest(src, events);
    expect(m.rows.get('d:w')).toMatchObject({ messagesUp: 1, messagesDown: 1, bytesUp: 2, bytesDown: 16, closeCode: 4000, state: 'closed' });
    // The second open knew no protocol (older hook, or unknown): the first one's stays.
    expect(m.rows.get('d:e')).toMatchObject({ reconnects: 1, messagesDown: 1, state: 'open', error: '', protocol: 'http/1.1' });
    expect(m.messagesOf('d:w').map((x) => x.dir)).toEqual(['up', 'down']);
    expect(m.messagesOf('d:e')[0]).toMatchObject({ event: 'tick', lastEventId: '1' });
  });

  it('stays bounded: oldest finished rows and oldest messages go first, and are counted', () => {
    const m = new ConnectionModel({ maxRows: 3, maxMessages: 5 });
    m.ingest(src, [{ kind: 'ws-create', id: 'open', t: 0, url: 'wss://x.test/', protocols: [] }]);
    for (let i = 0; i < 5; i++) {
      m.ingest(src, [
        { kind: 'request-start', id: `r${i}`, t: i, transport: 'xhr', method: 'GET', url: 'https://x.test/p', requestHeaders: [], requestBodySize: 0 },
        { kind: 'request-end', id: `r${i}`, t: i + 1, bodySize: 1, preview: null, hash: '', error: '', note: '' },
      ]);
    }
    expect([...m.rows.keys()]).toEqual(['d:open', 'd:r3', 'd:r4']);
    expect(m.droppedRows).toBe(3);
    for (let i = 0; i < 8; i++) m.ingest(src, [{ kind: 'ws-message', id: 'open', t: i, dir: 'down', binary: false, size: 1, preview: text(String(i)) }]);
    expect(m.messagesOf().map((x) => x.preview.data)).toEqual(['3', '4', '5', '6', '7']);
    expect(m.droppedMessages).toBe(3);
  });
});
