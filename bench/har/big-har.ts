/**
 * A big HAR shaped like a Chrome DevTools export of a chatty app: `entries` fetch/XHR polls of a
 * few dozen endpoints (JSON answers, a third of them identical), a few long-polls and SSE streams
 * with their events, WebSocket entries with frames, and the page's own loads. Written to `file`
 * in pieces (the generator never holds the file), padded so it lands near `targetBytes`.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mulberry32 } from '../../test/corpus/random';

export interface BigHarOptions {
  readonly entries: number;
  readonly targetBytes: number;
  readonly seed?: number;
}

const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);

export async function writeBigHar(file: string, opts: BigHarOptions): Promise<{ bytes: number; entries: number }> {
  const random = mulberry32(opts.seed ?? 7);
  const out = createWriteStream(file);
  let bytes = 0;
  const write = async (s: string): Promise<void> => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  // Pad each entry's answer so the file lands near the target size.
  const pad = Math.max(0, Math.floor(opts.targetBytes / opts.entries) - 525);
  await write(
    `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},` +
      `"pages":[{"startedDateTime":"${new Date(T0).toISOString()}","id":"page_1","title":"https://app.example/","pageTimings":{"onContentLoad":120,"onLoad":300}}],"entries":[`,
  );
  const endpoints = Array.from({ length: 40 }, (_, i) => `https://api.example/r${i}`);
  let t = T0;
  for (let i = 0; i < opts.entries; i++) {
    t = round(t + random() * 40);
    const roll = random();
    const entry =
      roll < 0.002 ? webSocket(i, t, random) : roll < 0.004 ? sse(i, t, random) : roll < 0.01 ? asset(i, t) : poll(i, t, endpoints[i % endpoints.length]!, random, pad);
    await write((i ? ',' : '') + JSON.stringify(entry));
  }
  await write(']}}\n');
  out.end();
  await once(out, 'finish');
  return { bytes, entries: opts.entries };
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;
const headers = (pairs: Record<string, string>): { name: string; value: string }[] =>
  Object.entries(pairs).map(([name, value]) => ({ name, value }));

function base(i: number, t: number, url: string, type: string, time: number): Record<string, unknown> {
  return {
    _resourceType: type,
    cache: {},
    startedDateTime: new Date(t).toISOString(),
    time: round(time),
    timings: { send: 0.1, wait: round(time - 3), receive: 1.7 },
    request: {
      method: 'GET',
      url,
      httpVersion: 'http/1.1',
      headers: [],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
  };
}

function poll(i: number, t: number, url: string, random: () => number, pad: number): unknown {
  const same = random() < 0.33;
  const text = JSON.stringify(same ? { ok: 1 } : { id: i, n: 'x'.repeat(pad) });
  return {
    ...base(i, t, url, i % 2 ? 'fetch' : 'xhr', 20 + random() * 30),
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'http/1.1',
      headers: [],
      cookies: [],
      content: { size: text.length, mimeType: 'application/json', text },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
  };
}

function asset(i: number, t: number): unknown {
  return {
    ...base(i, t, `https://app.example/static/chunk-${i}.js`, 'script', 12),
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'http/1.1',
      headers: headers({ 'Content-Type': 'text/javascript' }),
      cookies: [],
      content: { size: 1200, mimeType: 'text/javascript' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
  };
}

function sse(i: number, t: number, random: () => number): unknown {
  const messages = Array.from({ length: 20 }, (_, k) => ({ time: (t + 50 + k * 1000) / 1000, eventName: 'tick', eventId: String(k), data: `{"n":${k},"v":${random().toFixed(4)}}` }));
  return {
    ...base(i, t, 'https://api.example.com/v1/events', 'eventsource', 21_000),
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'http/1.1',
      headers: headers({ 'Content-Type': 'text/event-stream' }),
      cookies: [],
      content: { size: 0, mimeType: 'text/event-stream' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    _eventSourceMessages: messages,
  };
}

function webSocket(i: number, t: number, random: () => number): unknown {
  const frames = Array.from({ length: 30 }, (_, k) => ({ type: k % 3 ? 'receive' : 'send', time: (t + 30 + k * 500) / 1000, opcode: 1, data: `{"seq":${k},"price":${(random() * 100).toFixed(2)}}` }));
  return {
    ...base(i, t, 'wss://stream.example.com/socket', 'websocket', 16_000),
    response: {
      status: 101,
      statusText: 'Switching Protocols',
      httpVersion: 'http/1.1',
      headers: headers({ Upgrade: 'websocket', Connection: 'Upgrade' }),
      cookies: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    _webSocketMessages: frames,
  };
}
