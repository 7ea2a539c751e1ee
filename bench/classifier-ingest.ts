/**
 * `npm run bench:classify` (also part of `npm run bench`): how fast the classifier ingests capture
 * events in Node, whether the per-event cost stays flat as history grows, and memory per event.
 *
 * Workload: one synthetic page with the traffic mix a realtime page produces — a 1 s poller and a
 * 250 ms poller with cache busters (4 events per request), a long-poll, an EventSource, a chatty
 * WebSocket (most events) and page-load bursts to templated endpoints — built up front so only
 * `ingest` is timed; and an HTTP-only page (every event a request event, the classifier's worst
 * case). Batches of 1,000 events, as the relay delivers them. The floor in the same run is a plain
 * loop that reads every event's kind and time. Each workload is timed in four quarters: if
 * history slowed ingest, the later quarters would be slower.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Capture } from '../src/core/store/capture';
import type { CaptureEvent, SourceInfo } from '../src/core/protocol';
import { markdownTable } from './stats';

const SRC: SourceInfo = { sourceId: 'bench', frameId: 0, url: 'https://app.example/', top: true };
const T0 = 1_764_000_000_000;
const TARGET = 1_000_000;
const RESULTS = resolve(import.meta.dirname, 'results/classifier-ingest.json');

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

/** Worst case for the classifier: every event belongs to a request (a page of pollers, no sockets). */
function makeHttpOnly(count: number): CaptureEvent[] {
  const out: CaptureEvent[] = [];
  let t = T0;
  for (let i = 0; out.length < count; i++) {
    const id = `h${i}`;
    const url = `https://app.example/api/poll?room=${i % 3}&_=${t}`;
    out.push({ kind: 'request-start', id, t, transport: 'fetch', method: 'GET', url, requestHeaders: [], requestBodySize: 0 });
    out.push({ kind: 'response', id, t: t + 5, status: 200, statusText: 'OK', url, redirected: false, headers: [['etag', '"x"']], contentType: 'application/json', protocol: 'h2' });
    out.push({ kind: 'chunk', id, t: t + 5, size: 10 });
    out.push({ kind: 'request-end', id, t: t + 6, bodySize: 10, preview: null, hash: 'a', error: '', note: '' });
    t += 333 + (i % 7) * 10;
  }
  return out.slice(0, count);
}

interface Run {
  readonly name: string;
  readonly events: number;
  readonly channels: number;
  readonly sliceMs: readonly number[];
  readonly readMs: number;
  readonly retainedBytes: number;
}

function run(name: string, events: CaptureEvent[]): Run {
  const chunks = batches(events, 1000);
  // Warm-up on a separate classifier so the JIT has seen every path.
  const w = new Capture({ keep: false });
  for (const b of chunks.slice(0, 200)) w.ingest(SRC, b);
  w.classifier.channels();
  let c: Capture | null = new Capture({ keep: false });
  const per = chunks.length / SLICES;
  const sliceMs: number[] = [];
  for (let s = 0; s < SLICES; s++) {
    sliceMs.push(
      time(() => {
        for (let i = s * per; i < (s + 1) * per; i++) c!.ingest(SRC, chunks[i]!);
      }),
    );
  }
  const readMs = time(() => c!.classifier.channels());
  const channels = c.classifier.channelCount;
  // What the classifier holds: the heap with it, minus the heap once it is dropped.
  global.gc?.();
  const withIt = process.memoryUsage().heapUsed;
  c = null;
  global.gc?.();
  const retainedBytes = withIt - process.memoryUsage().heapUsed;
  return { name, events: events.length, channels, sliceMs, readMs, retainedBytes };
}

const TOTAL = Number(process.env['BENCH_EVENTS'] ?? 4_000_000);
const SLICES = 4;

const floorEvents = makeEvents(TOTAL);
let floorSum = 0;
const floorMs = time(() => {
  for (const e of floorEvents) floorSum += e.t + e.kind.length;
});
void floorSum;

const runs = [run('mixed page', floorEvents), run('HTTP only', makeHttpOnly(TOTAL))];
console.log(`\nClassifier ingest in Node ${process.version}, ${TOTAL.toLocaleString('en')} events per workload, batches of 1,000`);
console.log(`(floor: a loop that only reads each event's kind and time costs ${((floorMs * 1e6) / TOTAL).toFixed(0)} ns/event)\n`);
const rows: string[][] = [];
const results = runs.map((r) => {
  const total = r.sliceMs.reduce((a, b) => a + b, 0);
  const rate = (r.events / total) * 1000;
  const perSlice = r.sliceMs.map((ms) => ((r.events / SLICES / ms) * 1000) / 1e6);
  const flat = Math.max(...r.sliceMs) / Math.min(...r.sliceMs);
  rows.push([
    r.name,
    `${(rate / 1e6).toFixed(2)} M/s`,
    `${((total * 1e6) / r.events).toFixed(0)} ns`,
    perSlice.map((x) => x.toFixed(2)).join(' → '),
    `${flat.toFixed(2)}×`,
    `${r.channels}`,
    `${(r.retainedBytes / 1024).toFixed(0)} KB (${(r.retainedBytes / r.events).toFixed(2)} B/event)`,
    `${r.readMs.toFixed(2)} ms`,
  ]);
  return { name: r.name, eventsPerSec: Math.round(rate), nsPerEvent: (total * 1e6) / r.events, sliceRatesMps: perSlice, flatness: flat, retainedBytes: r.retainedBytes, channels: r.channels, readMs: r.readMs };
});
console.log(
  markdownTable(
    ['workload', 'rate', 'per event', 'M/s by quarter of history', 'slowest/fastest quarter', 'channels', 'heap retained', 'read all channels'],
    rows,
  ),
);
const mixed = results[0]!;
console.log(
  `\ntarget ≥ ${TARGET / 1e6} M events/s on the mixed page: ${mixed.eventsPerSec >= TARGET ? 'PASS' : 'MISS'} (${(mixed.eventsPerSec / 1e6).toFixed(2)} M/s).` +
    ' The classifier stores no events: per-channel windows are fixed, so retained memory stays flat however many events pass.' +
    (global.gc ? '' : ' (run with --expose-gc for exact memory numbers)'),
);
mkdirSync(dirname(RESULTS), { recursive: true });
writeFileSync(RESULTS, JSON.stringify({ date: new Date().toISOString(), node: process.version, eventsPerWorkload: TOTAL, target: TARGET, results }, null, 2));
console.log(`wrote ${RESULTS}`);
