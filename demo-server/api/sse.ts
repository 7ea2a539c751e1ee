/**
 * GET /api/sse?rate&retry&disconnectAfter — a Server-Sent Events stream exercising every part
 * of the format: a `retry:` line, monotonic `id:`s resumed from `Last-Event-ID`, unnamed and
 * named (`tick`, `price`) events, multi-line `data:`, and `: comment` keep-alives. The response
 * ends after `disconnectAfter` events (0 = never) so EventSource's own reconnect kicks in.
 */
import type { RequestContext } from '../context';
import { intKnob } from '../lib/knobs';
import { startStream } from '../lib/respond';
import { openScope } from '../lib/response-scope';

export function handleSse({ req, res, query, state }: RequestContext): void {
  const rate = intKnob(query, 'rate', 500, 10, 600_000);
  const retry = intKnob(query, 'retry', 1000, 0, 600_000);
  const disconnectAfter = intKnob(query, 'disconnectAfter', 10, 0, 1_000_000);
  let lastId = parseLastEventId(req.headers['last-event-id']);

  startStream(res, 'text/event-stream; charset=utf-8', {
    Connection: 'keep-alive',
    // Tells nginx-style proxies not to buffer: SSE is useless if events arrive in batches.
    'X-Accel-Buffering': 'no',
  });
  const scope = openScope(res, state.resources);
  scope.write(`retry: ${retry}\n: connected, resuming after id ${lastId}\n\n`);

  let sent = 0;
  scope.every(rate, () => {
    lastId += 1;
    sent += 1;
    // One write per event: each event leaves the server as its own chunk, immediately.
    scope.write(formatEvent(lastId));
    if (sent % 3 === 0) scope.write(': keep-alive\n\n');
    if (disconnectAfter > 0 && sent >= disconnectAfter) scope.end();
  });
}

/** Header value → last id seen by the client; anything unparsable restarts at 0. */
function parseLastEventId(header: string | string[] | undefined): number {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined) return 0;
  const n = Number(raw.trim());
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

/** Deterministic rotation over the event kinds, driven by the id rather than the clock. */
export function formatEvent(id: number): string {
  switch (id % 4) {
    case 1:
      return `event: tick\nid: ${id}\ndata: ${JSON.stringify({ tick: id })}\n\n`;
    case 2:
      return `id: ${id}\ndata: ${JSON.stringify({ message: `hello #${id}` })}\n\n`;
    case 3: {
      const price = (100 + 5 * Math.sin(id / 3)).toFixed(2);
      return `event: price\nid: ${id}\ndata: ${JSON.stringify({ symbol: 'GHST', price: Number(price) })}\n\n`;
    }
    default:
      // Multi-line data: the client must join the lines with "\n".
      return `id: ${id}\ndata: multi-line event ${id}\ndata: second line\ndata: third line\n\n`;
  }
}
