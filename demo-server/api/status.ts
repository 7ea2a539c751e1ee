/** GET /api/status — a small constant JSON, the "is the server up" probe chatty pages hammer. */
import type { RequestContext } from '../context';
import { sendJson } from '../lib/respond';

const STATUS = { status: 'ok', service: 'polltergeist-demo', maintenance: false } as const;

export function handleStatus({ res }: RequestContext): void {
  sendJson(res, 200, STATUS);
}
