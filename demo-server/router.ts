/**
 * Path → handler table. Exact paths only: the demo has a fixed surface and anything else is a
 * 404, which is itself something the extension's tests look at.
 */
import { handleBytes } from './api/bytes';
import { handleEcho } from './api/echo';
import { EIO_PATH, handleEio } from './api/eio';
import { handleEndless } from './api/endless';
import { handleLongPoll } from './api/long-poll';
import { handlePoll } from './api/poll';
import { handleRedirect } from './api/redirect';
import { handleSlow } from './api/slow';
import { handleSse } from './api/sse';
import { handleStatus } from './api/status';
import { handleStream } from './api/stream';
import { WS_PATH } from './api/websocket';
import type { Handler, RequestContext } from './context';
import { sendHtml, sendText } from './lib/respond';
import { DEMO_PAGES } from './pages/catalog';
import { blankFixture, earlyFixture, iframesFixture } from './pages/fixtures';
import { landingPage } from './pages/landing';

interface Route {
  readonly handler: Handler;
  /** Only /api/echo and /api/eio/ (which checks GET/POST itself) take writes; everything else is read-only. */
  readonly anyMethod?: boolean;
}

const page =
  (render: (ctx: RequestContext) => string): Handler =>
  (ctx) =>
    sendHtml(ctx.res, render(ctx));

const ROUTES = new Map<string, Route>([
  ['/', { handler: page(() => landingPage(DEMO_PAGES)) }],
  ...DEMO_PAGES.map((p): [string, Route] => [p.path, { handler: page((ctx) => p.render(ctx.query)) }]),
  ['/fixture/blank', { handler: page(blankFixture) }],
  ['/fixture/iframes', { handler: page((ctx) => iframesFixture(ctx.state.port)) }],
  ['/fixture/early', { handler: page(earlyFixture) }],
  ['/api/poll', { handler: handlePoll }],
  ['/api/status', { handler: handleStatus }],
  ['/api/long-poll', { handler: handleLongPoll }],
  ['/api/sse', { handler: handleSse }],
  ['/api/stream', { handler: handleStream }],
  ['/api/echo', { handler: handleEcho, anyMethod: true }],
  ['/api/redirect', { handler: handleRedirect }],
  ['/api/bytes', { handler: handleBytes }],
  ['/api/slow', { handler: handleSlow }],
  ['/api/endless', { handler: handleEndless }],
  [EIO_PATH, { handler: handleEio, anyMethod: true }],
  [WS_PATH, { handler: ({ res }) => sendText(res, 426, 'WebSocket endpoint: connect with an Upgrade request\n', { Upgrade: 'websocket' }) }],
]);

export function route(ctx: RequestContext): void {
  const found = ROUTES.get(ctx.url.pathname);
  if (found === undefined) {
    sendText(ctx.res, 404, 'Not found\n');
    return;
  }
  const method = ctx.req.method ?? 'GET';
  if (found.anyMethod !== true && method !== 'GET' && method !== 'HEAD') {
    sendText(ctx.res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
    return;
  }
  found.handler(ctx);
}
