import { describe, expect, it } from 'vitest';
import { analyze } from '../report/report';
import { toHar } from './export';
import { fromHar } from './import';
import { CaptureBuilder, SOURCE, T0 } from './test-capture';

const VERSION = '0.1.0';

describe('toHar', () => {
  it('writes a HAR 1.2 log with one page per source and our analysis', () => {
    const c = new CaptureBuilder().page(0, 'visible', 'install').poll('https://api.example/status?_=1', 5, 1000).sorted();
    const har = toHar({ sources: c.sources, creatorVersion: VERSION, page: { url: SOURCE.url, title: 'App' } });
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'Polltergeist', version: VERSION });
    expect(har.log.pages).toHaveLength(1);
    expect(har.log.pages![0]).toMatchObject({ id: 'page_1', title: 'App', startedDateTime: new Date(T0).toISOString() });
    expect(har.log.pages![0]!._polltergeist).toMatchObject({ sourceId: 'src1', frameId: 0, url: SOURCE.url, top: true });
    expect(har.log.entries).toHaveLength(5);
    expect(har.log.entries.every((e) => e.pageref === 'page_1')).toBe(true);
    expect(har.log._polltergeist).toEqual(analyze(c.sources));
    expect(har.log._polltergeist!.channels[0]!.pattern).toBe('polling');
  });

  it('writes a fetch poll like Chrome does', () => {
    const c = new CaptureBuilder();
    c.fetch('https://api.example/items?room=a%20b&_=9', 100, 42, {
      reqHeaders: [['if-none-match', '"v1"']],
      headers: [['content-type', 'application/json'], ['etag', '"v1"']],
      body: '{"items":[]}',
    });
    const e = toHar({ sources: c.sources, creatorVersion: VERSION }).log.entries[0]!;
    expect(e.startedDateTime).toBe(new Date(T0 + 100).toISOString());
    expect(e._resourceType).toBe('fetch');
    expect(e.request).toEqual({
      method: 'GET',
      url: 'https://api.example/items?room=a%20b&_=9',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [{ name: 'if-none-match', value: '"v1"' }],
      queryString: [
        { name: 'room', value: 'a b' },
        { name: '_', value: '9' },
      ],
      headersSize: -1,
      bodySize: 0,
    });
    expect(e.response).toEqual({
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [
        { name: 'content-type', value: 'application/json' },
        { name: 'etag', value: '"v1"' },
      ],
      content: { size: 12, mimeType: 'application/json', text: '{"items":[]}' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 12,
    });
    expect(e.timings).toEqual({ blocked: -1, dns: -1, connect: -1, send: 0, wait: 42, receive: 0.6, ssl: -1 });
    expect(e.time).toBe(42.6);
    expect(e.cache).toEqual({});
  });

  it('keeps a binary body as base64 content', () => {
    const c = new CaptureBuilder();
    c.fetch('https://api.example/blob', 0, 5, { body: 'AAEC', base64: true, type: 'application/octet-stream' });
    const e = toHar({ sources: c.sources, creatorVersion: VERSION }).log.entries[0]!;
    expect(e.response.content).toEqual({ size: 3, mimeType: 'application/octet-stream', text: 'AAEC', encoding: 'base64' });
  });

  it('adds _eventSourceMessages to SSE over fetch, time in epoch seconds', () => {
    const c = new CaptureBuilder();
    c.sseFetch('https://api.example/events', 0, [
      { at: 100.5, data: '{"n":1}', event: 'tick', id: '1', retry: 500 },
      { at: 300.25, data: 'two\nlines', id: '2' },
    ]);
    const e = toHar({ sources: c.sources, creatorVersion: VERSION }).log.entries[0]!;
    expect(e._resourceType).toBe('fetch');
    expect(e.response.content.mimeType).toBe('text/event-stream');
    expect(e._eventSourceMessages).toEqual([
      { time: (T0 + 100.6) / 1000, eventName: 'tick', eventId: '1', data: '{"n":1}' },
      { time: (T0 + 300.35) / 1000, eventName: 'message', eventId: '2', data: 'two\nlines' },
    ]);
  });

  it('writes an EventSource as one eventsource entry', () => {
    const c = new CaptureBuilder();
    c.eventSource('https://api.example/stream', 0, [{ at: 200, data: 'a' }, { at: 400, data: 'bb' }], 1000);
    const e = toHar({ sources: c.sources, creatorVersion: VERSION }).log.entries[0]!;
    expect(e._resourceType).toBe('eventsource');
    expect(e.request.method).toBe('GET');
    expect(e.response).toMatchObject({ status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', content: { size: 3, mimeType: 'text/event-stream' } });
    expect(e._eventSourceMessages).toEqual([
      { time: (T0 + 200) / 1000, eventName: 'message', eventId: '', data: 'a' },
      { time: (T0 + 400) / 1000, eventName: 'message', eventId: '', data: 'bb' },
    ]);
    expect(e.timings.wait).toBe(12.3);
    expect(e.time).toBe(1000);
  });

  it("writes WebSocket frames exactly as Chrome DevTools' _webSocketMessages", () => {
    const c = new CaptureBuilder();
    c.webSocket(
      'wss://api.example/socket',
      0,
      [
        { at: 10.125, dir: 'up', text: '{"op":"sub"}' },
        { at: 20.5, dir: 'down', base64: 'AAECAw==', size: 4 },
      ],
      { at: 5000, code: 1000 },
    );
    const e = toHar({ sources: c.sources, creatorVersion: VERSION }).log.entries[0]!;
    expect(e._resourceType).toBe('websocket');
    expect(e.request.url).toBe('wss://api.example/socket');
    expect(e.request.headers).toEqual([{ name: 'Sec-WebSocket-Protocol', value: 'chat' }]);
    expect(e.response.status).toBe(101);
    expect(e.response.statusText).toBe('Switching Protocols');
    expect(e.response.headers).toEqual([{ name: 'Sec-WebSocket-Protocol', value: 'chat' }]);
    expect(e._webSocketMessages).toEqual([
      { type: 'send', time: (T0 + 10.125) / 1000, opcode: 1, data: '{"op":"sub"}' },
      { type: 'receive', time: (T0 + 20.5) / 1000, opcode: 2, data: 'AAECAw==' },
    ]);
    for (const m of e._webSocketMessages!) {
      // Seconds since the epoch as a float, not milliseconds.
      expect(m.time).toBeGreaterThan(1.7e9);
      expect(m.time).toBeLessThan(1e10);
      expect(Object.keys(m)).toEqual(['type', 'time', 'opcode', 'data']);
    }
    expect(e.time).toBe(5000);
  });

  it('exports an open request up to the end of the capture, and the import keeps it open', () => {
    const c = new CaptureBuilder();
    c.fetch('https://api.example/hold', 0, 30, { open: true });
    c.fetch('https://api.example/other', 2000, 5);
    const har = toHar({ sources: c.sources, creatorVersion: VERSION });
    const open = har.log.entries[0]!;
    const last = T0 + 2005.6;
    expect(open.time).toBe(Math.round((last - T0) * 1000) / 1000);
    expect(open.timings).toMatchObject({ send: 0, wait: 30, receive: Math.round((last - T0 - 30) * 1000) / 1000 });
    expect(open.response.status).toBe(200);
    expect(open.response.bodySize).toBe(-1);
    expect(open._polltergeist!.end).toBeUndefined();
    const events = fromHar(JSON.stringify(har)).sources[0]!.events.filter((e) => 'id' in e && e.id === 'f1');
    expect(events.map((e) => e.kind)).toEqual(['request-start', 'response']);
  });

  it('exports a request that never got an answer with status 0 and all its time as wait', () => {
    const c = new CaptureBuilder();
    c.events.push({ kind: 'request-start', id: 'x', t: T0, transport: 'xhr', method: 'POST', url: 'https://api.example/slow', requestHeaders: [], requestBodySize: -1 });
    c.events.push({ kind: 'request-end', id: 'x', t: T0 + 900, bodySize: 0, preview: null, hash: '', error: 'timeout', note: '' });
    const e = toHar({ sources: c.sources, creatorVersion: VERSION }).log.entries[0]!;
    expect(e.response).toMatchObject({ status: 0, statusText: '', _error: 'timeout', content: { size: 0, mimeType: 'x-unknown' } });
    expect(e.response.content.text).toBeUndefined();
    expect(e.request.bodySize).toBe(-1);
    expect(e.timings).toMatchObject({ wait: 900, receive: 0 });
    expect(e._resourceType).toBe('xhr');
  });

  it('never writes credentials, even when the events carry them', () => {
    const c = new CaptureBuilder();
    c.fetch('https://api.example/me', 0, 5, {
      reqHeaders: [['Authorization', 'Bearer secret'], ['cookie', 'sid=secret']],
      headers: [['set-cookie', 'sid=secret'], ['content-type', 'application/json']],
    });
    const text = JSON.stringify(toHar({ sources: c.sources, creatorVersion: VERSION }));
    expect(text).not.toContain('secret');
    expect(text).toContain('[redacted]');
  });

  it('with redact leaves out payloads but keeps sizes, times and hashes', () => {
    const c = new CaptureBuilder();
    c.fetch('https://api.example/a', 0, 5, { body: '{"private":1}' });
    c.webSocket('wss://api.example/s', 10, [{ at: 20, dir: 'down', text: 'private message' }]);
    const har = toHar({ sources: c.sources, creatorVersion: VERSION, redact: true });
    const text = JSON.stringify(har);
    expect(text).not.toContain('private');
    expect(har.log.entries[0]!.response.content).toEqual({ size: 13, mimeType: 'application/json' });
    expect(har.log.entries[1]!._webSocketMessages![0]).toMatchObject({ opcode: 1, data: '' });
    expect(har.log.entries[0]!._polltergeist!.end!.hash).not.toBe('');
  });

  it('titles the top page with the tab and keeps an empty capture valid', () => {
    const empty = toHar({ sources: [], creatorVersion: VERSION, page: { url: 'https://x.example/', title: 'X', startedAt: T0 } });
    expect(empty.log.entries).toEqual([]);
    expect(empty.log.pages).toEqual([{ startedDateTime: new Date(T0).toISOString(), id: 'page_1', title: 'X', pageTimings: { onContentLoad: -1, onLoad: -1 } }]);
    expect(empty.log._polltergeist).toEqual({ version: 1, channels: [], findings: [] });
  });
});
