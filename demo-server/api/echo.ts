/**
 * /api/echo (any method) — fixture for browser tests: answers `{method, headers, body}` describing
 * the request it got (body as text), so a test can assert what the page really sent.
 * Knobs: `status` (200..599) sets the answer status, `delay` (ms) holds the answer.
 */
import type { RequestContext } from '../context';
import { intKnob } from '../lib/knobs';
import { sendJson } from '../lib/respond';
import { openScope } from '../lib/response-scope';

/** Bodies past this are cut (the fixture only needs to prove a body arrived). */
const MAX_BODY_BYTES = 1024 * 1024;

export function handleEcho({ req, res, query, state }: RequestContext): void {
  const status = intKnob(query, 'status', 200, 200, 599);
  const delay = intKnob(query, 'delay', 0, 0, 60_000);
  const scope = openScope(res, state.resources);

  const chunks: Buffer[] = [];
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    if (received >= MAX_BODY_BYTES) return;
    chunks.push(chunk.subarray(0, MAX_BODY_BYTES - received));
    received += chunk.length;
  });
  // An aborted upload just means nobody is waiting for the answer.
  req.on('error', () => scope.end());
  req.on('end', () => {
    const answer = {
      method: req.method ?? 'GET',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    const reply = (): void => {
      sendJson(res, status, answer);
      scope.end();
    };
    if (delay > 0) scope.after(delay, reply);
    else reply();
  });
}
