/**
 * In-page entry for the "peer" configuration: @mswjs/interceptors watching fetch and WebSocket
 * in observe-only mode (nothing is mocked; WebSocket traffic passes through server.connect()).
 * Bundled to an IIFE by peer-bundle.ts and evaluated in the benchmark page once it has loaded. Not part of the
 * extension: it runs only inside the benchmark's browser.
 */
import { FetchInterceptor } from '@mswjs/interceptors/fetch';
import { WebSocketInterceptor } from '@mswjs/interceptors/WebSocket';

export interface PeerStats {
  requests: number;
  responses: number;
  connections: number;
  clientMessages: number;
  serverMessages: number;
  serverBytes: number;
}

const stats: PeerStats = { requests: 0, responses: 0, connections: 0, clientMessages: 0, serverMessages: 0, serverBytes: 0 };
let last = '';

const fetchInterceptor = new FetchInterceptor();
fetchInterceptor.on('request', ({ request }) => {
  stats.requests++;
  last = `${request.method} ${request.url}`;
});
fetchInterceptor.on('response', ({ response }) => {
  stats.responses++;
  last = `${response.status}`;
});
fetchInterceptor.apply();

const wsInterceptor = new WebSocketInterceptor();
wsInterceptor.on('connection', ({ client, server }) => {
  stats.connections++;
  // Passthrough, as the docs describe: connect to the real server; client → server and
  // server → client messages are forwarded by default, we only look at them.
  server.connect();
  client.addEventListener('message', (event) => {
    stats.clientMessages++;
    last = typeof event.data === 'string' ? event.data : '';
  });
  server.addEventListener('message', (event) => {
    stats.serverMessages++;
    if (typeof event.data === 'string') stats.serverBytes += event.data.length;
  });
});
wsInterceptor.apply();

Object.defineProperty(globalThis, Symbol.for('polltergeist.bench.peer'), {
  value: { stats, last: () => last },
  enumerable: false,
});
