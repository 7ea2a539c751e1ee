/**
 * GET /api/status — a small constant JSON, the "is the server up" probe chatty pages hammer.
 * `?open=1` also lets any origin read it and its timing (CORS and Timing-Allow-Origin), as a
 * public API on another origin would: then that origin's protocol is visible to the page.
 */
import type { RequestContext } from '../context';
import { sendJson } from '../lib/respond';

const STATUS = { status: 'ok', service: 'polltergeist-demo', maintenance: false } as const;

export function handleStatus({ res, query }: RequestContext): void {
  if (query.get('open') === '1') {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Timing-Allow-Origin', '*');
  }
  sendJson(res, 200, STATUS);
}
