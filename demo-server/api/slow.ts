/**
 * /api/slow?chunks=N&every=ms — fixture: text/plain written as N chunks "chunk i\n" (i = 1..N),
 * the first at once and then one every `every` ms (defaults 5 and 100), then the end.
 */
import type { RequestContext } from '../context';
import { intKnob } from '../lib/knobs';
import { startStream } from '../lib/respond';
import { openScope } from '../lib/response-scope';

export function handleSlow({ res, query, state }: RequestContext): void {
  const chunks = intKnob(query, 'chunks', 5, 1, 10_000);
  const every = intKnob(query, 'every', 100, 10, 600_000);

  startStream(res, 'text/plain; charset=utf-8');
  const scope = openScope(res, state.resources);
  let i = 0;
  const next = (): void => {
    i += 1;
    scope.write(`chunk ${i}\n`);
    if (i >= chunks) scope.end();
  };
  next();
  scope.every(every, next);
}
