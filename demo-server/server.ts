/**
 * The Polltergeist demo server: plain node:http + ws, serving demo pages, the APIs they talk to
 * and fixtures for the extension's tests. `close()` tears down everything (held requests,
 * streams, sockets, timers) so a test run can exit as soon as it is done.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EIO_PATH } from './api/eio';
import { createWebSocketEndpoint } from './api/websocket';
import { createState } from './context';
import { parseRequestUrl } from './lib/request-url';
import { sendText } from './lib/respond';
import { route } from './router';

export interface DemoServerOptions {
  /** Default 5175; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface DemoServer {
  /** Origin without a trailing slash, e.g. http://127.0.0.1:5175, so `${url}/polling` works. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 5175;
export const DEFAULT_HOST = '127.0.0.1';

export async function startDemoServer(opts: DemoServerOptions = {}): Promise<DemoServer> {
  const host = opts.host ?? DEFAULT_HOST;
  const state = createState();
  const webSockets = createWebSocketEndpoint();

  const server = createServer((req, res) => {
    const url = parseRequestUrl(req.url);
    if (url === null) {
      sendText(res, 400, 'Bad request URL\n');
      return;
    }
    try {
      route({ req, res, url, query: url.searchParams, state });
    } catch (err) {
      // A bug in one handler must not take the demo down for every other open page.
      console.error('[demo-server] handler failed:', err);
      if (!res.headersSent) sendText(res, 500, 'Internal error\n');
      else res.destroy();
    }
  });
  server.on('upgrade', (req, socket, head) => {
    if (parseRequestUrl(req.url)?.pathname === EIO_PATH) state.eio.handleUpgrade(req, socket, head);
    else webSockets.handleUpgrade(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  state.port = port;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      // End held/streaming responses and stop their timers, then drop every socket (including
      // idle keep-alive ones) so server.close() resolves now rather than after client timeouts.
      state.resources.closeAll();
      await Promise.all([webSockets.close(), state.eio.close()]);
      server.closeAllConnections();
      await httpClosed;
    })();
    return closing;
  };

  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${hostForUrl}:${port}`, port, close };
}
