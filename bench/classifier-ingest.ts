/**
 * `npm run bench:classify` (also part of `npm run bench`): how fast the classifier ingests capture
 * events in Node, whether the per-event cost stays flat as history grows, and memory per event.
 *
 * Workload: one synthetic page with the traffic mix a realtime page produces — a 1 s poller and a
 * 250 ms poller with cache busters (4 events per request), a long-poll, an EventSource, a chatty
 * WebSocket (most events) and page-load bursts to templated endpoints — built up front so only
 * `ingest` is timed. Batches of 1,000 events, as the relay delivers them. The baseline in the same
 * run is a plain loop that reads every event's kind and time (the floor any consumer pays).
 */
import { Classifier } from '../src/core/classify/classifier';
import type { CaptureEvent, SourceInfo } from '../src/core/protocol';
import { markdownTable } from './stats';

const SRC: SourceInfo = { sourceId: 'bench', frameId: 0, url: 'https://app.example/', top: true };
const T0 = 1_764_000_000_000;
const TARGET = 1_000_000;

function makeEvents(count: number): CaptureEvent[] {
  const out: CaptureEvent[] = [];
  const preview = { encoding: 'text' as const, data: '{"v":1}', truncated: false };
  let t = T0;
  let n = 0;
  out.push({ kind: 'ws-create', id: 'ws', t, url: 'wss://app.example/live', protocols: [] });
  out.push({ kind: 'ws-open', id: 'ws', t, protocol: '', extensions: '' });
  out.push({ kind: 'es-create', id: 'es', t, url: 'https://app.example/api/events', withCredentials: false });
  out.push({ kind: 'es-open', id: 'es', t, readyState: 1 });
  const request = (url: string, hold: number, body: string): void => {
    const id = `r${n++}`;
    out.push({ kind: 'request-start', id, t, transport: 'fetch', method: 'GET', url, requestHeaders: [['accept', 'application/json']], requestBodySize: 0 });
    out.push({ kind: 'response', id, t: t + hold, status: 200, statusText: 'OK', url, redirected: false, headers: [['content-type', 'application/json'], ['etag', '"a"']], contentType: 'application/json', protocol: 'h2' });
    out.push({ kind: 'chunk', id, t: t + hold, size: body.length });
    out.push({ kind: 'request-end', id, t: t + hold + 1, bodySize: body.length, preview, hash: body === '{}' ? '1' : '2', error: '', note: '' });
  };
  for (let step = 0; out.length < count; step++) {
    t += 10; // 100 steps per second of page time
    out.push({ kind: 'ws-message', id: 'ws', t, dir: step % 4 ? 'down' : 'up', binary: false, size: 120, preview });
    if (step % 3 === 0) out.push({ kind: 'ws-message', id: 'ws', t, dir: 'down', binary: false, size: 80, preview });
    if (step % 25 === 0) request(`https://app.example/api/fast?_=${t}`, 12, '{}');
    if (step % 100 === 0) request(`https://app.example/api/poll?t=${step}&room=lobby`, 40, '{"x":1}');
    if (step % 50 === 0) out.push({ kind: 'sse', id: 'es', t, event: 'tick', lastEventId: String(step), retry: null, size: 40, preview });
    if (step % 2000 === 0) for (let i = 0; i < 20; i++) request(`https://app.example/api/items/${step + i}`, 30, `{"i":${i}}`);
  }
  return out.slice(0, count);
}

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function batches(events: CaptureEvent[], size: number): CaptureEvent[][] {
  const out: CaptureEvent[][] = [];
  for (let i = 0; i < events.length; i += size) out.push(events.slice(i, i + size));
  return out;
}

const TOTAL = Number(process.env['BENCH_EVENTS'] ?? 4_000_000);
const SLICES = 4;
const events = makeEvents(TOTAL);
const chunks = batches(events, 1000);

// Warm-up on a separate classifier so the JIT has seen every path.
{
  const w = new Classifier();
  for (const b of chunks.slice(0, 200)) w.ingest(SRC, b);
  w.channels();
}

let floorSum = 0;
const floorMs = time(() => {
  for (const b of chunks) for (const e of b) floorSum += e.t + e.kind.length;
});

if (global.gc) global.gc();
const heapBefore = process.memoryUsage().heapUsed;
const c = new Classifier();
const per = chunks.length / SLICES;
const sliceMs: number[] = [];
for (let s = 0; s < SLICES; s++) {
  sliceMs.push(
    time(() => {
      for (let i = s * per; i < (s + 1) * per; i++) c.ingest(SRC, chunks[i]!);
    }),
  );
}
const readMs = time(() => c.channels());
if (global.gc) global.gc();
const heapAfter = process.memoryUsage().heapUsed;

const totalMs = sliceMs.reduce((a, b) => a + b, 0);
const rate = (events.length / totalMs) * 1000;
const rows = sliceMs.map((ms, i) => [
  `events ${((i * events.length) / SLICES / 1e6).toFixed(1)}M–${(((i + 1) * events.length) / SLICES / 1e6).toFixed(1)}M`,
  `${((per * 1000) / ms / 1000).toFixed(2)} M/s`,
  `${((ms * 1e6) / (per * 1000)).toFixed(0)} ns`,
]);
console.log(`\nClassifier ingest, ${events.length.toLocaleString('en')} events, ${c.channelCount} channels (floor: read every event ${((floorMs * 1e6) / events.length).toFixed(0)} ns/event)\n`);
console.log(markdownTable(['slice of history', 'rate', 'per event'], rows));
const flat = Math.max(...sliceMs) / Math.min(...sliceMs);
console.log(`\noverall ${(rate / 1e6).toFixed(2)} M events/s (target ≥ ${TARGET / 1e6} M/s: ${rate >= TARGET ? 'PASS' : 'MISS'}); slowest/fastest slice ${flat.toFixed(2)}× (flat = history does not slow ingest)`);
console.log(`channels() read of all channels: ${readMs.toFixed(2)} ms`);
console.log(`memory retained: ${((heapAfter - heapBefore) / 1024).toFixed(0)} KB for ${events.length.toLocaleString('en')} events = ${((heapAfter - heapBefore) / events.length).toFixed(2)} B/event${global.gc ? '' : ' (run with --expose-gc for exact numbers)'}`);
void floorSum;
