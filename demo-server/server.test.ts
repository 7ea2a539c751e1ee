/**
 * Exercises every endpoint of the demo server over real HTTP and WebSocket connections on a
 * random port. Knobs are set small so the whole file runs in a few seconds.
 */
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RawData } from 'ws';
import { intKnob, numberKnob } from './lib/knobs';
import { DEMO_PAGES } from './pages/catalog';
import { startDemoServer } from './server';
import type { DemoServer } from './server';

let server: DemoServer;
let base: string;

beforeAll(async () => {
  server = await startDemoServer({ port: 0 });
  base = server.url;
});

afterAll(async () => {
  await server.close();
});

const get = (path: string, init?: RequestInit): Promise<Response> => fetch(base + path, init);

interface TimedChunk {
  readonly at: number;
  readonly text: string;
}

/** Reads a streaming body chunk by chunk, remembering when each chunk arrived. */
async function readTimed(res: Response): Promise<TimedChunk[]> {
  const started = performance.now();
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const chunks: TimedChunk[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push({ at: performance.now() - started, text: decoder.decode(value, { stream: true }) });
  }
}

interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
}

/** Minimal spec-style parser: enough to check what the server wrote. */
function parseSse(text: string): { events: SseEvent[]; retry: number[]; comments: string[] } {
  const events: SseEvent[] = [];
  const retry: number[] = [];
  const comments: string[] = [];
  for (const block of text.split('\n\n')) {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '') continue;
      if (line.startsWith(':')) {
        comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry') retry.push(Number(value));
    }
    if (data.length > 0) events.push({ event, id, data: data.join('\n') });
  }
  return { events, retry, comments };
}

interface WsMessage {
  readonly data: Buffer;
  readonly isBinary: boolean;
}

/** Opens a socket and queues everything it receives, so tests can await specific messages. */
async function openSocket(path: string): Promise<{
  ws: WebSocket;
  next(match: (m: WsMessage) => boolean, timeoutMs?: number): Promise<WsMessage>;
  closed: Promise<{ code: number; reason: string }>;
}> {
  const ws = new WebSocket(base.replace(/^http/, 'ws') + path);
  const received: WsMessage[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    received.push({ data: buf, isBinary });
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = (match: (m: WsMessage) => boolean, timeoutMs = 2000): Promise<WsMessage> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a message')), timeoutMs);
      const check = (): void => {
        const index = received.findIndex(match);
        if (index === -1) {
          waiters.push(check);
          return;
        }
        clearTimeout(timer);
        resolve(received.splice(index, 1)[0]!);
      };
      check();
    });
  return { ws, next, closed };
}

describe('knob parsing', () => {
  it('falls back to the default on NaN and clamps to bounds', () => {
    const q = new URLSearchParams('a=abc&b=5&c=99999&d=&e=0.4');
    expect(numberKnob(q, 'a', 7, 10, 100)).toBe(7);
    expect(numberKnob(q, 'b', 7, 10, 100)).toBe(10);
    expect(numberKnob(q, 'c', 7, 10, 100)).toBe(100);
    expect(numberKnob(q, 'd', 7, 10, 100)).toBe(7);
    expect(numberKnob(q, 'missing', 7, 10, 100)).toBe(7);
    expect(intKnob(q, 'e', 3, 0, 1)).toBe(0);
  });
});

describe('pages', () => {
  it('landing page links every demo page', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    for (const page of DEMO_PAGES) expect(html).toContain(`href="${page.path}"`);
  });

  it('serves every demo page with a live log, a link back to / and valid inline JavaScript', async () => {
    for (const page of DEMO_PAGES) {
      const res = await get(page.path);
      expect(res.status, page.path).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html, page.path).toContain('href="/"');
      expect(html, page.path).toMatch(/<ol class="log"/);
      const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
      expect(scripts.length, page.path).toBe(1);
      // Compiling (not running) catches syntax errors in the client code without a browser.
      for (const code of scripts) expect(() => new Script(code, { filename: page.path })).not.toThrow();
    }
  });

  it('escapes knob values reflected from the query string', async () => {
    const evil = encodeURIComponent('"><img src=x onerror=alert(1)>');
    const html = await (await get(`/polling?interval=${evil}`)).text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('/api/poll and /api/status', () => {
  it('answers byte-identical JSON while nothing changes', async () => {
    const first = await get('/api/poll?name=same&change=0&size=500&_=1');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('etag')).toBeNull();
    const a = await first.text();
    const b = await (await get('/api/poll?name=same&change=0&size=500&_=2')).text();
    expect(b).toBe(a);
    const body = JSON.parse(a) as { name: string; version: number; items: unknown[] };
    expect(body.name).toBe('same');
    expect(body.items.length).toBeGreaterThan(0);
    expect(a.length).toBeGreaterThanOrEqual(500);
    expect(a.length).toBeLessThan(600);
  });

  it('bumps the per-name version when change=1', async () => {
    const read = async (name: string, change: number): Promise<number> =>
      ((await (await get(`/api/poll?name=${name}&change=${change}`)).json()) as { version: number }).version;
    const v1 = await read('bump', 1);
    const v2 = await read('bump', 1);
    expect(v2).toBe(v1 + 1);
    expect(await read('other', 0)).toBe(1);
  });

  it('supports ETag revalidation with etag=1', async () => {
    const first = await get('/api/poll?name=etag&change=0&etag=1');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const second = await get('/api/poll?name=etag&change=0&etag=1', { headers: { 'If-None-Match': etag! } });
    expect(second.status).toBe(304);
    expect(second.headers.get('cache-control')).toBe('no-store');
    const stale = await get('/api/poll?name=etag&change=0&etag=1', { headers: { 'If-None-Match': '"nope"' } });
    expect(stale.status).toBe(200);
  });

  it('/api/status is constant JSON', async () => {
    const a = await get('/api/status');
    expect(a.headers.get('content-type')).toMatch(/^application\/json/);
    const b = await get('/api/status?early=1');
    expect(await a.text()).toBe(await b.text());
  });

  it('/api/status?open=1 lets any origin read it and its timing; plain /api/status does not', async () => {
    const open = await get('/api/status?open=1');
    expect([open.headers.get('access-control-allow-origin'), open.headers.get('timing-allow-origin')]).toEqual(['*', '*']);
    const plain = await get('/api/status');
    expect([plain.headers.get('access-control-allow-origin'), plain.headers.get('timing-allow-origin')]).toEqual([null, null]);
  });
});

describe('/api/long-poll', () => {
  it('holds for `hold` ms then answers 204 when no news comes, or news JSON within the hold', async () => {
    const timed = async (path: string): Promise<{ res: Response; ms: number; body: string }> => {
      const started = performance.now();
      const res = await get(path);
      const body = await res.text();
      return { res, ms: performance.now() - started, body };
    };
    const [timeout, news] = await Promise.all([
      timed('/api/long-poll?hold=200&news=0'),
      timed('/api/long-poll?hold=200&news=1'),
    ]);
    expect(timeout.res.status).toBe(204);
    expect(timeout.ms).toBeGreaterThanOrEqual(190);
    expect(timeout.res.headers.get('cache-control')).toBe('no-store');
    expect(news.res.status).toBe(200);
    expect(news.ms).toBeLessThan(200 + 250); // within the hold, plus slack for a loaded machine
    const parsed = JSON.parse(news.body) as { news: { id: number; headline: string } };
    expect(parsed.news.id).toBeGreaterThan(0);
    expect(typeof parsed.news.headline).toBe('string');
  });
});

describe('/api/sse', () => {
  it('writes retry, ids, named and unnamed events, multi-line data and comments, then ends', async () => {
    const res = await get('/api/sse?rate=20&retry=1234&disconnectAfter=6');
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const chunks = await readTimed(res);
    const text = chunks.map((c) => c.text).join('');
    expect(text.startsWith('retry: 1234\n')).toBe(true);
    const { events, retry, comments } = parseSse(text);
    expect(retry).toEqual([1234]);
    expect(events.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(new Set(events.map((e) => e.event))).toEqual(new Set(['message', 'tick', 'price']));
    expect(events.some((e) => e.data.includes('\n'))).toBe(true);
    expect(comments).toContain('keep-alive');
    // Flushed per event: the events did not arrive as one chunk.
    expect(chunks.length).toBeGreaterThanOrEqual(4);
  });

  it('resumes ids after Last-Event-ID', async () => {
    const res = await get('/api/sse?rate=10&disconnectAfter=3', { headers: { 'Last-Event-ID': '41' } });
    const { events } = parseSse(await res.text());
    expect(events.map((e) => e.id)).toEqual(['42', '43', '44']);
  });

  it('restarts at 1 when Last-Event-ID is garbage', async () => {
    const res = await get('/api/sse?rate=10&disconnectAfter=1', { headers: { 'Last-Event-ID': 'abc' } });
    expect(parseSse(await res.text()).events.map((e) => e.id)).toEqual(['1']);
  });
});

describe('/api/stream', () => {
  it('writes NDJSON lines spread over time', async () => {
    const res = await get('/api/stream?rate=60&count=4&size=100');
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const chunks = await readTimed(res);
    const lines = chunks
      .map((c) => c.text)
      .join('')
      .split('\n')
      .filter((l) => l !== '');
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2, 3, 4]);
    expect(lines[0]!.length).toBeGreaterThanOrEqual(100);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    const spread = chunks[chunks.length - 1]!.at - chunks[0]!.at;
    expect(spread).toBeGreaterThanOrEqual(120);
  });
});

describe('/ws', () => {
  it('echoes text and binary with their types, pushes text and binary, closes with 4000', async () => {
    const { ws, next, closed } = await openSocket('/ws?push=40&closeAfter=600');
    ws.send('hello text');
    const echoText = await next((m) => !m.isBinary && m.data.toString() === 'hello text');
    expect(echoText.isBinary).toBe(false);

    const bytes = Uint8Array.from({ length: 16 }, (_, i) => 255 - i);
    ws.send(bytes);
    const echoBinary = await next((m) => m.isBinary && m.data.length === 16);
    expect([...echoBinary.data]).toEqual([...bytes]);

    const pushText = await next((m) => !m.isBinary && m.data.toString().includes('"push"'));
    expect(JSON.parse(pushText.data.toString())).toMatchObject({ type: 'push' });
    const pushBinary = await next((m) => m.isBinary && m.data.length === 8);
    expect(pushBinary.data[0]).toBe(5);

    expect(await closed).toEqual({ code: 4000, reason: 'demo close' });
  });

  it('rejects upgrades on other paths and plain GETs on /ws', async () => {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/nope`);
    const failed = await new Promise<boolean>((resolve) => {
      ws.on('error', () => resolve(true));
      ws.on('open', () => resolve(false));
    });
    expect(failed).toBe(true);
    expect((await get('/ws')).status).toBe(426);
  });
});

describe('/api/eio/ (Engine.IO v4)', () => {
  const SEP = '\x1e';
  const eio = (query: string, init?: RequestInit): Promise<Response> => get(`/api/eio/?EIO=4&transport=polling&t=${Math.random().toString(36).slice(2)}${query}`, init);

  async function handshake(knobs = ''): Promise<{ sid: string; upgrades: string[]; pingInterval: number; pingTimeout: number; maxPayload: number }> {
    const res = await eio(knobs);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.charAt(0)).toBe('0');
    return JSON.parse(text.slice(1)) as { sid: string; upgrades: string[]; pingInterval: number; pingTimeout: number; maxPayload: number };
  }

  /** A long-poll: its packets and how long the server held it. */
  async function poll(sid: string): Promise<{ packets: string[]; ms: number }> {
    const started = performance.now();
    const res = await eio(`&sid=${sid}`);
    expect(res.status).toBe(200);
    const packets = (await res.text()).split(SEP);
    return { packets, ms: performance.now() - started };
  }

  it('handshakes with a 20-character base64url sid, websocket upgrades and the ping settings', async () => {
    const open = await handshake();
    expect(open.sid).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(open).toMatchObject({ upgrades: ['websocket'], pingInterval: 3000, pingTimeout: 20000, maxPayload: 1000000 });
    expect(Object.keys(open)).toEqual(['sid', 'upgrades', 'pingInterval', 'pingTimeout', 'maxPayload']);
    expect((await handshake('&hold=1500')).pingInterval).toBe(1500);
    expect((await handshake()).sid).not.toBe(open.sid);
  });

  it('holds a poll until news is pushed (or answers the ping after `hold`), and takes packets by POST', async () => {
    const { sid } = await handshake('&hold=300');
    let news: { packets: string[]; ms: number } | undefined;
    for (let i = 0; i < 20 && news === undefined; i++) {
      const answer = await poll(sid);
      if (answer.packets.some((p) => p.startsWith('4'))) news = answer;
      else {
        // Nothing to say within the hold: the server pings.
        expect(answer.packets).toEqual(['2']);
        expect(answer.ms).toBeGreaterThanOrEqual(290);
        const pong = await eio(`&sid=${sid}`, { method: 'POST', body: '3', headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });
        expect(await pong.text()).toBe('ok');
      }
    }
    expect(news, 'a poll answered by news').toBeDefined();
    const packet = news!.packets.find((p) => p.startsWith('4'))!;
    expect(JSON.parse(packet.slice(1))).toMatchObject({ type: 'news', n: expect.any(Number), headline: expect.any(String) });
    // Several packets in one POST, joined by the record separator.
    const sent = await eio(`&sid=${sid}`, { method: 'POST', body: ['4{"type":"hello","n":1}', '3'].join(SEP) });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toBe('ok');
    // A second poll while one is held is refused.
    const held = eio(`&sid=${sid}`);
    await new Promise((r) => setTimeout(r, 30));
    const overlap = await eio(`&sid=${sid}`);
    expect(overlap.status).toBe(400);
    expect(await overlap.json()).toEqual({ code: 3, message: 'Bad request' });
    await held;
  });

  it('probes and upgrades a session to a WebSocket: 2probe → 3probe, the pending poll gets a noop, then 5', async () => {
    // A long hold (and so no news for at least 5 s): the poll below is still held when the probe comes.
    const { sid } = await handshake('&hold=5000&push=40');
    const pending = poll(sid);
    await new Promise((r) => setTimeout(r, 30));
    const { ws, next } = await openSocket(`/api/eio/?EIO=4&transport=websocket&sid=${sid}&t=x`);
    ws.send('2probe');
    expect((await next((m) => !m.isBinary)).data.toString()).toBe('3probe');
    const released = await pending;
    expect(released.packets).toEqual(['6']);
    expect(released.ms).toBeLessThan(1000);
    ws.send('5');
    // From now on the news comes over the socket, about every `push` ms...
    const pushed = await next((m) => m.data.toString().startsWith('4'));
    expect(JSON.parse(pushed.data.toString().slice(1))).toMatchObject({ type: 'news' });
    ws.send('4{"type":"hello","n":1}');
    ws.send('3');
    const later = await next((m) => m.data.toString().startsWith('4'));
    expect(JSON.parse(later.data.toString().slice(1))).toMatchObject({ type: 'news', received: 1 });
    // ...and the session no longer polls.
    const refused = await eio(`&sid=${sid}`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ code: 3, message: 'Bad request' });
    // Closing the upgraded socket ends the session.
    ws.close();
    await new Promise((r) => setTimeout(r, 50));
    expect((await eio(`&sid=${sid}`)).status).toBe(400);
  });

  it('pings over the upgraded socket every pingInterval', async () => {
    const { sid } = await handshake('&hold=60&push=600000');
    const { ws, next } = await openSocket(`/api/eio/?EIO=4&transport=websocket&sid=${sid}`);
    ws.send('2probe');
    await next((m) => m.data.toString() === '3probe');
    ws.send('5');
    await next((m) => m.data.toString() === '2');
    ws.send('3');
    await next((m) => m.data.toString() === '2');
    ws.close();
  });

  it('answers Engine.IO errors: unknown sid, bad transport or version, POST handshake', async () => {
    const unknown = await eio('&sid=AAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await unknown.json()).toEqual({ code: 1, message: 'Session ID unknown' });
    expect((await eio('&sid=nope', { method: 'POST', body: '3' })).status).toBe(400);
    expect(await (await get('/api/eio/?EIO=4&transport=carrier-pigeon')).json()).toEqual({ code: 0, message: 'Transport unknown' });
    expect(await (await get('/api/eio/?EIO=3&transport=polling')).json()).toEqual({ code: 5, message: 'Unsupported protocol version' });
    expect(await (await eio('', { method: 'POST', body: '3' })).json()).toEqual({ code: 2, message: 'Bad handshake method' });
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/eio/?EIO=4&transport=websocket&sid=unknown`);
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(400);
  });
});

describe('request targets', () => {
  it('tolerates a doubled leading slash and never reads "//x" as a host', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await get('//api/status')).status).toBe(200);
    expect((await get('//polling')).headers.get('content-type')).toContain('text/html');
  });
});

describe('errors', () => {
  it('answers 404 text for unknown paths and 405 for writes to read-only endpoints', async () => {
    const res = await get('/definitely/not/here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await get('/api/poll', { method: 'POST', body: 'x' })).status).toBe(405);
  });
});

describe('fixtures', () => {
  it('/api/echo echoes method, headers and body, with status and delay knobs', async () => {
    const started = performance.now();
    const res = await get('/api/echo?status=201&delay=80', {
      method: 'PUT',
      headers: { 'X-Test': 'yes', 'Content-Type': 'text/plain' },
      body: 'payload',
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { method: string; headers: Record<string, string>; body: string };
    expect(body).toMatchObject({ method: 'PUT', body: 'payload' });
    expect(body.headers['x-test']).toBe('yes');
  });

  it('/api/redirect redirects to same-origin paths only', async () => {
    const res = await get('/api/redirect?to=/api/echo?x=1', { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/api/echo?x=1');
    const followed = await get('/api/redirect');
    expect(followed.url).toBe(`${base}/api/echo`);
    expect((await get('/api/redirect?to=//evil.example/', { redirect: 'manual' })).status).toBe(400);
  });

  it('/api/bytes sends N bytes with value i % 256', async () => {
    const res = await get('/api/bytes?n=300');
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.length).toBe(300);
    expect(bytes.every((b, i) => b === i % 256)).toBe(true);
    expect((await (await get('/api/bytes')).arrayBuffer()).byteLength).toBe(1024);
  });

  it('/api/slow sends its chunks over time', async () => {
    const chunks = await readTimed(await get('/api/slow?chunks=3&every=40'));
    expect(chunks.map((c) => c.text).join('')).toBe('chunk 1\nchunk 2\nchunk 3\n');
    expect(chunks[chunks.length - 1]!.at - chunks[0]!.at).toBeGreaterThanOrEqual(60);
  });

  it('/api/endless keeps streaming and survives the client going away', async () => {
    const controller = new AbortController();
    const res = await get('/api/endless', { signal: controller.signal });
    const reader = res.body!.getReader();
    let received = 0;
    while (received < 3 * 1024) received += (await reader.read()).value?.length ?? 0;
    controller.abort();
    await reader.read().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 120));
    // The server is still healthy after a mid-stream disconnect.
    expect((await get('/api/status')).status).toBe(200);
  });

  it('/fixture pages: blank, iframes (same and cross origin) and early', async () => {
    expect(await (await get('/fixture/blank')).text()).toBe('<!doctype html><title>blank</title>');
    const iframes = await (await get('/fixture/iframes')).text();
    expect(iframes).toContain('src="/polling?interval=500"');
    expect(iframes).toContain(`src="http://localhost:${server.port}/polling?interval=500"`);
    const early = await (await get('/fixture/early')).text();
    expect(early).toMatch(/<head><script>fetch\('\/api\/status\?early=1'\);<\/script>/);
  });
});

describe('close()', () => {
  it('ends open streams, held requests and sockets promptly', async () => {
    const other = await startDemoServer({ port: 0 });
    const url = other.url;

    const endless = await fetch(`${url}/api/endless`);
    const sse = await fetch(`${url}/api/sse?rate=20&disconnectAfter=0`);
    const held = fetch(`${url}/api/long-poll?hold=60000&news=0`);
    const open = JSON.parse((await (await fetch(`${url}/api/eio/?EIO=4&transport=polling&hold=60000`)).text()).slice(1)) as { sid: string };
    const heldEio = fetch(`${url}/api/eio/?EIO=4&transport=polling&sid=${open.sid}`);
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws?push=20`);
    await new Promise((resolve) => ws.once('open', resolve));
    const wsClosed = new Promise((resolve) => ws.once('close', resolve));
    await new Promise((r) => setTimeout(r, 50));

    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1000);

    const settle = (p: Promise<unknown>): Promise<string> =>
      p.then(
        () => 'done',
        () => 'failed',
      );
    // Streams end (cleanly or by reset); neither may hang.
    await expect(settle(endless.text())).resolves.toMatch(/done|failed/);
    await expect(settle(sse.text())).resolves.toMatch(/done|failed/);
    const heldStatus = await held.then(
      (r) => r.status,
      () => 0,
    );
    expect([0, 503]).toContain(heldStatus);
    expect([0, 503]).toContain(await heldEio.then((r) => r.status, () => 0));
    await wsClosed;
    // close() is idempotent.
    await other.close();
  });
});
