/**
 * GET /api/long-poll?hold&news — holds the request open until "news" happens or `hold` ms pass.
 * With probability `news` (default 1) the news arrives at a uniformly random moment in
 * 1..hold ms and is answered as JSON; otherwise the request times out with 204, which is how
 * real long-poll backends say "nothing yet, ask again".
 */
import type { RequestContext } from '../context';
import { intKnob, numberKnob } from '../lib/knobs';
import { send, sendJson } from '../lib/respond';
import { openScope } from '../lib/response-scope';

export const HEADLINES = [
  'Ghost sighted in the network tab',
  'Poll interval lowered again',
  'Server pushes a new price',
  'Cache finally hit',
  'WebSocket reconnects after nap',
] as const;

export function handleLongPoll({ res, query, state }: RequestContext): void {
  const hold = intKnob(query, 'hold', 10_000, 10, 120_000);
  const newsProbability = numberKnob(query, 'news', 1, 0, 1);
  const scope = openScope(res, state.resources);
  const started = performance.now();

  if (Math.random() < newsProbability) {
    const at = 1 + Math.floor(Math.random() * hold);
    scope.after(at, () => {
      const id = ++state.newsCounter;
      const headline = HEADLINES[id % HEADLINES.length] ?? HEADLINES[0];
      sendJson(res, 200, { news: { id, headline }, waitedMs: Math.round(performance.now() - started) });
      scope.end();
    });
  } else {
    scope.after(hold, () => {
      send(res, 204, null, '');
      scope.end();
    });
  }
}
