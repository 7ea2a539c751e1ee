/** / — the landing page: every demo page, then the fixtures and the API for tests. */
import { escapeHtml } from '../lib/html';
import type { DemoPage } from './catalog';
import { renderPage } from './layout';

const APIS: readonly (readonly [path: string, summary: string])[] = [
  ['/api/poll', 'JSON {name, version, items}; knobs name, size, change, etag=1 (ETag + 304)'],
  ['/api/status', 'small constant JSON'],
  ['/api/long-poll', 'held until news (JSON) or 204 at the hold timeout; knobs hold, news'],
  ['/api/sse', 'text/event-stream; knobs rate, retry, disconnectAfter; honours Last-Event-ID'],
  ['/api/stream', 'application/x-ndjson, one line every rate ms; knobs rate, count, size'],
  ['/api/eio/?EIO=4&transport=polling', 'Engine.IO v4: handshake, then with sid= long-poll (GET), packets (POST) and the WebSocket upgrade; knobs hold, push'],
];

const FIXTURES: readonly (readonly [path: string, summary: string])[] = [
  ['/fixture/blank', 'an empty page, neutral start point for scripted tests and benchmarks'],
  ['/fixture/iframes', 'a same-origin and a cross-origin (localhost) frame, both polling'],
  ['/fixture/early', 'fetches /api/status?early=1 from its first head script'],
  ['/api/echo', 'echoes {method, headers, body}; ?status=N, ?delay=ms'],
  ['/api/redirect?to=/api/echo', '302 to a same-origin path'],
  ['/api/bytes?n=1024', 'N bytes of application/octet-stream, byte i = i % 256'],
  ['/api/slow?chunks=5&every=100', 'text/plain in N chunks, one every `every` ms'],
  ['/api/endless', 'text/plain that never ends, 1 KB every 50 ms'],
];

export function landingPage(pages: readonly DemoPage[]): string {
  const links = (items: readonly (readonly [string, string])[]): string =>
    `<ul>${items
      .map(([path, summary]) => `<li><a href="${escapeHtml(path)}">${escapeHtml(path)}</a> — ${escapeHtml(summary)}</li>`)
      .join('\n')}</ul>`;
  const body = `<h2>Patterns</h2>
${links(pages.map((p) => [p.path, p.summary] as const))}
<p>Every page takes knobs from its query string and forwards them to its API calls, e.g.
<a href="/polling?interval=200&amp;change=0.5">/polling?interval=200&amp;change=0.5</a>.</p>
<h2>API</h2>
${links(APIS)}
<p>WebSocket: <code>ws://&lt;host&gt;/ws</code> with knobs <code>push</code> and <code>closeAfter</code>.</p>
<h2>Fixtures for tests</h2>
${links(FIXTURES)}`;
  return renderPage(
    {
      title: 'Polltergeist demo server',
      explanation: `<p>Pages that talk to this server in every real-time style, to watch with the Polltergeist
DevTools panel. Open one, open DevTools, and see what the page is really doing.</p>`,
      knobs: [],
      body,
      script: '',
      isHome: true,
    },
    new URLSearchParams(),
  );
}
