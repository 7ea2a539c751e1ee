/**
 * /api/endless — fixture: text/plain that never finishes, a 1 KB chunk every 50 ms until the
 * client disconnects or the server closes. Used to test aborts and memory caps on captures.
 */
import type { RequestContext } from '../context';
import { startStream } from '../lib/respond';
import { openScope } from '../lib/response-scope';

const CHUNK = `${'x'.repeat(1023)}\n`;

export function handleEndless({ res, state }: RequestContext): void {
  startStream(res, 'text/plain; charset=utf-8');
  const scope = openScope(res, state.resources);
  scope.write(CHUNK);
  scope.every(50, () => {
    // A client that stopped reading must not make us buffer forever: skip until it drains.
    if (!res.writableNeedDrain) scope.write(CHUNK);
  });
}
