/**
 * The list of demo pages: one source for both the router and the landing page, so a page cannot
 * be served without being linked (or linked without being served).
 */
import { allPage } from './all';
import { chattyPage } from './chatty';
import { longPollingPage } from './long-polling';
import { pollingPage } from './polling';
import { sseFetchPage } from './sse-fetch';
import { ssePage } from './sse';
import { streamingPage } from './streaming';
import { upgradePage } from './upgrade';
import { websocketPage } from './websocket';
import { xhrPollingPage } from './xhr-polling';

export interface DemoPage {
  readonly path: string;
  readonly summary: string;
  readonly render: (query: URLSearchParams) => string;
}

export const DEMO_PAGES: readonly DemoPage[] = [
  { path: '/polling', summary: 'fetch polling every second, mostly unchanged JSON, jQuery-style _= buster', render: pollingPage },
  { path: '/xhr-polling', summary: 'the same polling with XMLHttpRequest', render: xhrPollingPage },
  { path: '/long-polling', summary: 'requests held until news arrives or a 204 timeout, then asked again at once', render: longPollingPage },
  { path: '/sse', summary: 'Server-Sent Events via EventSource: named events, ids, retry, automatic reconnects', render: ssePage },
  { path: '/sse-fetch', summary: 'the same SSE stream read with fetch + reader and parsed by the page', render: sseFetchPage },
  { path: '/streaming', summary: 'NDJSON lines streamed over one response, read incrementally, looping', render: streamingPage },
  { path: '/websocket', summary: 'WebSocket with text and binary echo, server pushes and optional server close', render: websocketPage },
  { path: '/upgrade', summary: 'Engine.IO-style session: XHR long-polling, then upgraded to a WebSocket with the same sid', render: upgradePage },
  { path: '/chatty', summary: 'the bad example: four aggressive pollers with identical answers and no ETag', render: chattyPage },
  { path: '/all', summary: 'every pattern at once on one page, same knobs forwarded to each', render: allPage },
];
