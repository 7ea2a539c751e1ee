/**
 * GET /api/stream?rate&count&size — NDJSON: one JSON line every `rate` ms, `count` lines, then
 * the response ends. Each line is its own write so the client's reader sees them arrive
 * spread over time instead of as one body.
 */
import type { RequestContext } from '../context';
import { intKnob } from '../lib/knobs';
import { startStream } from '../lib/respond';
import { openScope } from '../lib/response-scope';

export function handleStream({ res, query, state }: RequestContext): void {
  const rate = intKnob(query, 'rate', 300, 10, 600_000);
  const count = intKnob(query, 'count', 20, 1, 100_000);
  const size = intKnob(query, 'size', 64, 0, 100_000);

  startStream(res, 'application/x-ndjson; charset=utf-8', { 'X-Accel-Buffering': 'no' });
  const scope = openScope(res, state.resources);

  let seq = 0;
  const writeLine = (): void => {
    seq += 1;
    scope.write(ndjsonLine(seq, count, size));
    if (seq >= count) scope.end();
  };
  writeLine();
  scope.every(rate, writeLine);
}

/** One line padded to roughly `size` bytes (excluding the newline). */
export function ndjsonLine(seq: number, count: number, size: number): string {
  const base = JSON.stringify({ seq, of: count, pad: '' });
  const pad = '.'.repeat(Math.max(0, size - base.length));
  return `${JSON.stringify({ seq, of: count, pad })}\n`;
}
