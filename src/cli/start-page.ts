/**
 * A blank page on 127.0.0.1 for the recorded tab to show while the recorder subscribes. The
 * extension's hook runs in it, so the tab is announced to the background router and can be found
 * by a marker in its URL; the tab then navigates to the page to record, whose document is recorded
 * fully attached from its first request, as with DevTools open before the page loads.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StartPage {
  /** Origin without a trailing slash. */
  readonly origin: string;
  /** A URL of the blank page that carries `marker`. */
  url(marker: string): string;
  close(): Promise<void>;
}

const HTML = '<!doctype html><meta charset="utf-8"><title>Polltergeist recorder</title><p>Starting the recording…</p>\n';

export async function startStartPage(): Promise<StartPage> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(HTML);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (marker) => `${origin}/polltergeist-start?marker=${encodeURIComponent(marker)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
