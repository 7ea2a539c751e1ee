/** /api/bytes?n=N — fixture: N bytes (default 1024) of application/octet-stream, byte i = i % 256. */
import type { RequestContext } from '../context';
import { intKnob } from '../lib/knobs';
import { send } from '../lib/respond';

export function handleBytes({ res, query }: RequestContext): void {
  const n = intKnob(query, 'n', 1024, 0, 16 * 1024 * 1024);
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = i % 256;
  send(res, 200, 'application/octet-stream', bytes);
}
