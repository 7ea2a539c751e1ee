/**
 * `node --expose-gc --import tsx bench/store-memory.ts`: the panel's capture store in Node, fed
 * through `Capture.ingest` as the panel feeds it (classifier, records, messages and log).
 *
 * - Ingest: 1,000,000 WebSocket messages across 1,000 channels (one socket each), unique ~100-char
 *   text payloads, batches of 1,000 as the relay delivers them (each made just before it is
 *   ingested; only ingest is timed); time, JS heap after ingest, typed-array memory (outside the
 *   JS heap in Node), bytes per message.
 * - Timeline binning (1,000 columns): one lane holding 1,000,000 messages at full zoom-out and at
 *   1% zoom; 30 visible lanes of the 1M / 1,000-channel store at full zoom-out (one frame).
 * - Bars: one lane of 100,000 polls at full zoom-out, merged per pixel.
 * - Message list filters over 1M: a channel set, a text search, an incremental update.
 * - Retention check: 20,000 messages with unique 64 KB previews (if list previews kept their
 *   parent strings alive this would hold 1.3 GB).
 *
 * Targets (issue 4): ingest 1M well under 1 s, heap well under 250 MB, 1-lane binning <= 2 ms at
 * full zoom-out and <= 0.5 ms at 1% zoom, 30 lanes <= 8 ms.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CaptureEvent, SourceInfo } from '../src/core/protocol';
import { BarList, barsInRange, binLane, createLaneBins } from '../src/core/store/bins';
import { FilteredView, compileFilter } from '../src/core/store/filter-index';
import { Capture } from '../src/core/store/capture';
import type { ChannelLookup } from '../src/core/store/connection-records';
import { markdownTable, median, p95 } from './stats';
import { mulberry32 as rng } from '../test/corpus/random';

const RESULTS = resolve(import.meta.dirname, 'results/store-memory.json');
const SRC: SourceInfo = { sourceId: 'bench', frameId: 0, url: 'https://app.example/', top: true };
const T0 = 1_764_000_000_000;
const N = Number(process.env['BENCH_MESSAGES'] ?? 1_000_000);
const CHANNELS = 1000;
const COLUMNS = 1000;

/** Channel = the id up to '#'. */
const channelOf: ChannelLookup = (key) => {
  const id = key.slice(key.indexOf(':') + 1);
  const h = id.indexOf('#');
  return h < 0 ? id : id.slice(0, h);
};

const gc = (): void => {
  global.gc?.();
  global.gc?.();
};
const heap = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};
const buffers = (): number => {
  gc();
  return process.memoryUsage().arrayBuffers;
};
const time = (fn: () => void): number => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MB`;
const ms = (x: number): string => `${x.toFixed(3)} ms`;


const PAD = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(4);

/**
 * n ws-messages over `channels` sockets, ~0.5 ms apart, unique ~100-char JSON payloads, in batches
 * of 1,000 made just before each is ingested (as events arrive from the port: fresh, flat strings,
 * hot in cache). Only `ingest` is timed.
 */
function* makeBatches(n: number, channels: number, seed: number, unique = true): Generator<CaptureEvent[]> {
  const r = rng(seed);
  const creates: CaptureEvent[] = [];
  for (let c = 0; c < channels; c++) creates.push({ kind: 'ws-create', id: `c${c}#0`, t: T0, url: `wss://app.example/live/${c}`, protocols: [] });
  yield creates;
  const shared = { encoding: 'text' as const, data: '{"type":"tick","v":1}', truncated: false };
  let t = T0;
  let batch: CaptureEvent[] = [];
  for (let i = 0; i < n; i++) {
    t += r() * 1;
    const c = Math.floor(r() * channels);
    let preview = shared;
    if (unique) {
      const head = `{"seq":${i},"ch":${c},"type":"update","v":"`;
      // A flat 100-char string, as structured clone delivers it.
      const data = Buffer.from(head + PAD.slice(0, 98 - head.length) + '"}', 'latin1').toString('latin1');
      preview = { encoding: 'text', data, truncated: false };
    }
    batch.push({ kind: 'ws-message', id: `c${c}#0`, t, dir: r() < 0.3 ? 'up' : 'down', binary: false, size: preview.data.length, preview });
    if (batch.length >= 1000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

function ingestAll(capture: Capture, batches: Iterable<CaptureEvent[]>): number {
  let total = 0;
  for (const b of batches) total += time(() => capture.ingest(SRC, b));
  return total;
}

const rows: string[][] = [];
const results: Record<string, number> = {};
const record = (name: string, value: string, target: string, key: string, raw: number): void => {
  rows.push([name, value, target]);
  results[key] = raw;
};

/* ------------------------------------------------------------ ingest and memory */
{
  // Warm-up: the JIT sees every ingest path on a throwaway store.
  const warm = new Capture({ capacity: 200_000, channelOf });
  ingestAll(warm, makeBatches(200_000, CHANNELS, 99));
}
// Three runs on fresh stores (the machine may be shared): the time is their median; memory is
// measured on the last one.
// (In a function, so no interpreter register keeps a dropped store alive while the heap is measured.)
const twoRuns = (): number[] => [0, 1].map(() => ingestAll(new Capture({ channelOf }), makeBatches(N, CHANNELS, 1)));
const ingestRuns = twoRuns();
const heap0 = heap();
const buf0 = buffers();
const capture = new Capture({ channelOf });
ingestRuns.push(ingestAll(capture, makeBatches(N, CHANNELS, 1)));
const store = capture.messages;
const heapAfter = heap();
const storeHeap = heapAfter - heap0;
const storeBuffers = buffers() - buf0;
const ingestMs = median(ingestRuns);
// Floor on this machine: per event one Map lookup by id and one string kept, nothing else.
const floorMs = ((): number => {
  const conns = new Map<string, { n: number }>();
  const kept: string[] = [];
  let total = 0;
  for (const b of makeBatches(N, CHANNELS, 1)) {
    total += time(() => {
      for (const e of b) {
        if (e.kind !== 'ws-message') continue;
        let r = conns.get(e.id);
        if (!r) conns.set(e.id, (r = { n: 0 }));
        r.n++;
        kept.push(e.preview.data);
      }
    });
  }
  return total;
})();
record(
  `ingest ${N.toLocaleString('en')} messages, ${CHANNELS} channels (median of 3; runs)`,
  `${ms(ingestMs)} (${ingestRuns.map((x) => x.toFixed(0)).join(', ')})`,
  '≪ 1,000 ms',
  'ingestMs',
  ingestMs,
);
record('per message', `${((ingestMs * 1e6) / N).toFixed(0)} ns`, '', 'ingestNsPerMessage', (ingestMs * 1e6) / N);
record('  floor: a loop that only looks each id up in a Map and keeps the preview string', ms(floorMs), '', 'floorMs', floorMs);
record('JS heap after ingest (whole process)', mb(heapAfter), '≪ 250 MB', 'heapAfterIngestBytes', heapAfter);
record('  of which the store (heap delta)', mb(storeHeap), '', 'storeHeapBytes', storeHeap);
record('  typed arrays (outside the JS heap in Node)', mb(storeBuffers), '', 'storeArrayBufferBytes', storeBuffers);
record('bytes per message (heap + typed arrays)', `${((storeHeap + storeBuffers) / N).toFixed(1)} B`, '', 'bytesPerMessage', (storeHeap + storeBuffers) / N);

/* ------------------------------------------------------------ binning */
const out = createLaneBins(COLUMNS);
const first = store.timeOf(store.firstLogical);
const last = store.timeOf(store.nextLogical - 1);
{
  const frames: number[] = [];
  for (let f = 0; f < 60; f++) {
    frames.push(
      time(() => {
        for (let lane = 0; lane < 30; lane++) binLane(store, lane, first, last + 1, COLUMNS, out);
      }),
    );
  }
  const m = median(frames.slice(10));
  record(`30 lanes of the 1M/${CHANNELS}-channel store, full zoom-out (median, p95)`, `${ms(m)}, ${ms(p95(frames.slice(10)))}`, '≤ 8 ms', 'bin30LanesFullMs', m);
}

// One lane with 1M messages: a fresh store with one channel (the big one is dropped first).
{
  const oneChannel = new Capture({ channelOf });
  ingestAll(oneChannel, makeBatches(N, 1, 2, false));
  const one = oneChannel.messages;
  const lane = 0;
  const a = one.timeOf(one.firstLogical);
  const b = one.timeOf(one.nextLogical - 1) + 1;
  const full: number[] = [];
  for (let f = 0; f < 60; f++) full.push(time(() => binLane(one, lane, a, b, COLUMNS, out)));
  const mf = median(full.slice(10));
  record('1 lane of 1M messages, full zoom-out (median, p95)', `${ms(mf)}, ${ms(p95(full.slice(10)))}`, '≤ 2 ms', 'bin1LaneFullMs', mf);
  const r = rng(3);
  const zoom: number[] = [];
  const span = (b - a) / 100;
  for (let f = 0; f < 200; f++) {
    const t0 = a + r() * (b - a - span);
    zoom.push(time(() => binLane(one, lane, t0, t0 + span, COLUMNS, out)));
  }
  const mz = median(zoom.slice(20));
  record('1 lane of 1M messages, 1% zoom (median, p95)', `${ms(mz)}, ${ms(p95(zoom.slice(20)))}`, '≤ 0.5 ms', 'bin1LaneZoomMs', mz);
}

/* ------------------------------------------------------------ bars */
{
  const polls = new Capture({ channelOf });
  const ev: CaptureEvent[] = [];
  for (let i = 0; i < 100_000; i++) {
    const id = `poll#${i}`;
    const t = T0 + i * 1000;
    ev.push({ kind: 'request-start', id, t, transport: 'fetch', method: 'GET', url: 'https://app.example/api/poll', requestHeaders: [], requestBodySize: 0 });
    ev.push({ kind: 'request-end', id, t: t + 40, bodySize: 2, preview: null, hash: '', error: '', note: '' });
  }
  polls.ingest(SRC, ev);
  const bl = new BarList();
  const a = T0;
  const b = T0 + 100_000 * 1000;
  const frames: number[] = [];
  for (let f = 0; f < 40; f++) frames.push(time(() => barsInRange(polls.records, 0, a, b, b, bl, (b - a) / COLUMNS)));
  const m = median(frames.slice(10));
  record(`bars: 1 lane of 100,000 polls, full zoom-out, merged per pixel (→ ${bl.length} bars)`, ms(m), '', 'bars100kFullMs', m);
}

/* ------------------------------------------------------------ filters */
{
  const ok = <T>(r: { ok: true; filter: T } | { ok: false; error: string }): T => {
    if (!r.ok) throw new Error(r.error);
    return r.filter;
  };
  const byChannel = new FilteredView(store, ok(compileFilter({ channels: ['c1', 'c2', 'c3'] })));
  const tc = time(() => byChannel.update());
  record(`filter 1M by 3 channels (→ ${byChannel.length.toLocaleString('en')})`, ms(tc), '', 'filterChannelsMs', tc);
  const search = new FilteredView(store, ok(compileFilter({ text: '"seq":12345' })));
  const ts = time(() => search.update());
  record(`text search over 1M list previews (→ ${search.length})`, ms(ts), '', 'filterTextMs', ts);
  const regex = new FilteredView(store, ok(compileFilter({ text: '"ch":(7|77|777),', regex: true })));
  const tr = time(() => regex.update());
  record(`regex search over 1M list previews (→ ${regex.length.toLocaleString('en')})`, ms(tr), '', 'filterRegexMs', tr);
  for (const bt of makeBatches(1000, CHANNELS, 5)) capture.ingest(SRC, bt);
  const ti = time(() => search.update());
  record('incremental update after 1,000 new messages (text search)', ms(ti), '', 'filterIncrementalMs', ti);
}

/* ------------------------------------------------------------ retention */
{
  capture.clear();
  let big: Capture | null = new Capture({ capacity: 100_000, channelOf });
  const base = PAD.repeat(Math.ceil(65_536 / PAD.length)).slice(0, 65_000);
  big.ingest(SRC, [{ kind: 'ws-create', id: 'big#0', t: T0, url: 'wss://x/', protocols: [] }]);
  for (let i = 0; i < 20_000; i++) {
    // A unique, flat 64 KB string per message (as structured clone delivers it).
    const data = Buffer.from(`${i}:` + base, 'latin1').toString('latin1');
    big.ingest(SRC, [{ kind: 'ws-message', id: 'big#0', t: T0 + i, dir: 'down', binary: false, size: data.length, preview: { encoding: 'text', data, truncated: false } }]);
  }
  // What the store holds: the heap with it minus the heap once it is dropped.
  const withIt = heap();
  // Read the store after measuring: a variable the optimizer sees as dead is no GC root.
  const kept = big.messages.count;
  big = null;
  const retained = withIt - heap();
  record(`retention: ${kept.toLocaleString('en')} messages with unique 64 KB previews, heap held`, mb(retained), '≈ 32 MB full-preview budget + list previews', 'retention64kBytes', retained);
}

console.log(`\nCapture store (src/core/store) in Node ${process.version}${global.gc ? '' : ' — run with --expose-gc for memory numbers'}\n`);
console.log(markdownTable(['measure', 'result', 'target'], rows));
mkdirSync(dirname(RESULTS), { recursive: true });
writeFileSync(RESULTS, JSON.stringify({ date: new Date().toISOString(), node: process.version, messages: N, channels: CHANNELS, columns: COLUMNS, results }, null, 2));
console.log(`\nwrote ${RESULTS}`);
