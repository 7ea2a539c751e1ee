/**
 * `npm run bench:panel`: the Realtime panel at a million messages (issue 4, deliverable 9).
 *
 * The page (bench/panel/main.tsx, built by `vite build -c bench/panel/vite.config.ts` into
 * dist/bench-panel/, served here from 127.0.0.1) mounts the real panel App on a synthetic
 * PanelTransport; a worker standing in for the background router streams 1,000,000 WebSocket
 * messages across 1,000 channels (plus HTTP polling channels) as `events` messages of 1,000
 * SequencedEvents (bench/panel/traffic.ts). In headless Chromium, timed in the page:
 *   ingest          — first `events` message handed to the session → last one applied (store.count
 *                     === 1,000,000); the panel renders as it does live meanwhile;
 *   heap            — performance.memory.usedJSHeapSize (--enable-precise-memory-info) after the
 *                     router is gone and a GC forced through CDP HeapProfiler.collectGarbage;
 *   timeline redraw — the Timeline component's own data-draw-ms over N redraws forced by wheel
 *                     events on its canvas, at full zoom-out ("Fit") and at 1% of that span; also
 *                     drawTimeline called directly with the real store, raster included (getImageData);
 *   list first paint— click on the Messages tab → after the frame that shows the first rows;
 *   scroll          — wheel input (CDP) over the message list for ~60 frames: rAF-to-rAF frame time,
 *                     and each frame's main-thread time (rAF → a task posted from it, after paint).
 * One browser, one fresh page per round, closed at the end. Misses are reported, never fatal.
 * Then once more with the session alone (no UI): the floor of ingest and heap. When ingest or the
 * list's first paint misses its target, a CPU profile of one more round names what costs.
 *
 * Knobs (env): BENCH_PANEL_REPS (3 rounds, the report is the median), BENCH_PANEL_MESSAGES
 * (1000000), BENCH_PANEL_DRAWS (30), BENCH_PANEL_PREVIEW_CHARS (0: previews are the whole message
 * text; N: cut at N chars), BENCH_PANEL_PROFILE (1: profile even when every target is met).
 */
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import puppeteer, { type Browser, type CDPSession, type Page } from 'puppeteer-core';
import { findBrowser } from '../../src/cli/find-browser';
import { CHROMIUM_ARGS } from '../../src/cli/launch';
import { ContentionMonitor } from '../contention';
import { load1, machineInfo, measuredCommit } from '../machine';
import { markdownTable, median, p95, round } from '../stats';
import type { DrawSeries, FrameLog, IngestResult, ListPaint, Planned, SettleResult } from './api';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = resolve(ROOT, 'dist/bench-panel');
const RESULTS = resolve(ROOT, 'bench/results/panel.json');
const SCREENSHOT = resolve(ROOT, 'bench/results/panel-1m.png');
const REPS = intEnv('BENCH_PANEL_REPS', 3);
const MESSAGES = intEnv('BENCH_PANEL_MESSAGES', 1_000_000);
const DRAWS = intEnv('BENCH_PANEL_DRAWS', 30);
const PREVIEW_CHARS = intEnv('BENCH_PANEL_PREVIEW_CHARS', 0);
const SCROLL_FRAMES = 60;
const VIEWPORT = { width: 1400, height: 900 };
const MB = 1024 * 1024;

const TARGETS = { ingestMs: 3000, heapBytes: 250 * MB, redrawMedianMs: 8, listFirstPaintMs: 50 } as const;

function intEnv(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

function log(msg: string): void {
  process.stderr.write(`[bench:panel] ${msg}\n`);
}

/* ------------------------------------------------------------ static server */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      if (addr === null || typeof addr === 'string') return reject(new Error('no address'));
      resolve({ server, url: `http://127.0.0.1:${addr.port}/` });
    });
  });
}

/* ------------------------------------------------------------ one round */

interface Heap {
  /** performance.memory.usedJSHeapSize after GC. */
  used: number;
  total: number;
  /** CDP Runtime.getHeapUsage (the page's isolate). */
  cdpUsed: number;
}

interface HeapParts {
  /** Before ingest: the panel mounted, empty. */
  empty: number;
  /** At the end of the round (timeline and list views built). */
  end: number;
  /** What clearing each part freed, in this order. */
  captureLog: number;
  messageStore: number;
  /** The panel's Clear: classifier, connection table, views. */
  rest: number;
  /** After Clear. */
  cleared: number;
}

interface Round {
  round: number;
  planned: Planned;
  heapEmpty: number;
  heapParts: HeapParts | null;
  ingest: IngestResult;
  settle: SettleResult;
  heap: Heap;
  heapEnd: Heap | null;
  timeline: Partial<Record<'full' | 'one-percent', DrawSeries>>;
  direct: Partial<Record<'full' | 'one-percent', DrawSeries>>;
  list: ListPaint | null;
  scroll: { frameMs: number[]; busyMs: number[]; scrolledPx: number; wheels: number; scrollHeight: number } | null;
  skipped: string[];
  /** The page's main thread while ingesting (CDP Performance.getMetrics deltas). */
  cpu: Cpu;
  load1: [number, number];
  contention: { samples: number; contended: number };
}

interface Cpu {
  /** Driver's clock around the ingest call (a little more than the page's ingest time). */
  wallMs: number;
  /** CPU time of the renderer's main thread. */
  threadMs: number;
  taskMs: number;
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: ms } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(ms.map((m) => [m.name, m.value]));
}

const bench = <T>(page: Page, expr: string): Promise<T> => page.evaluate(expr) as Promise<T>;

async function heapNow(page: Page, cdp: CDPSession): Promise<Heap> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const mem = await bench<{ used: number; total: number }>(
    page,
    '({ used: performance.memory.usedJSHeapSize, total: performance.memory.totalJSHeapSize })',
  );
  const usage = await cdp.send('Runtime.getHeapUsage');
  return { used: mem.used, total: mem.total, cdpUsed: usage.usedSize };
}

async function openPage(browser: Browser, url: string, mode = ''): Promise<{ page: Page; cdp: CDPSession; planned: Planned }> {
  const page = await browser.newPage();
  await page.setViewport({ ...VIEWPORT, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${url}?messages=${MESSAGES}&preview=${PREVIEW_CHARS}${mode ? `&mode=${mode}` : ''}`, { waitUntil: 'load' });
  await page.waitForFunction('window.__panelBench !== undefined', { timeout: 30_000 }).catch(() => {
    throw new Error(`the bench page did not start: ${errors.join(' | ') || 'no error reported'}`);
  });
  const planned = await bench<Planned>(page, 'window.__panelBench.planned');
  const cdp = await page.createCDPSession();
  return { page, cdp, planned };
}

async function scrollList(page: Page): Promise<Round['scroll']> {
  const box = await bench<{ x: number; y: number; width: number; height: number; scrollHeight: number } | null>(
    page,
    'window.__panelBench.listScroller()',
  );
  if (!box) return null;
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
  await bench(page, 'window.__panelBench.startFrames()');
  const t0 = Date.now();
  let wheels = 0;
  // Wheel input until ~60 frames went by (each dispatch waits for the renderer to take it).
  while (Date.now() - t0 < 15_000) {
    // Upwards: the list opens at the newest message (it follows the end).
    await page.mouse.wheel({ deltaY: -120 });
    wheels++;
    if (wheels % 4 === 0) {
      const n = await bench<number>(page, 'window.__panelBench.frameCount()');
      if (n > SCROLL_FRAMES) break;
    }
  }
  const f = await bench<FrameLog>(page, 'window.__panelBench.stopFrames()');
  const frameMs = f.starts.slice(1).map((t, i) => t - f.starts[i]!);
  const busyMs = f.starts.map((t, i) => f.ends[i]! - t);
  const scrolledPx = Math.abs((f.scrollTops.at(-1) ?? 0) - (f.scrollTops[0] ?? 0));
  return { frameMs, busyMs, scrolledPx, wheels, scrollHeight: box.scrollHeight };
}

async function runRound(browser: Browser, url: string, r: number, last: boolean): Promise<Round> {
  const skipped: string[] = [];
  const loadBefore = load1();
  const { page, cdp, planned } = await openPage(browser, url);
  try {
    const heapEmpty = (await heapNow(page, cdp)).used;
    log(`round ${r}: ${planned.events.toLocaleString('en')} events in ${planned.batches} batches (${(planned.bytes / MB).toFixed(0)} MB of JSON) built in ${planned.planMs.toFixed(0)} ms, router packing ${planned.packMs.toFixed(0)} ms`);
    const monitor = new ContentionMonitor();
    monitor.start();
    let ingest: IngestResult;
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const before = await metrics(cdp);
    const wall0 = Date.now();
    try {
      ingest = await bench<IngestResult>(page, 'window.__panelBench.ingest()');
    } finally {
      monitor.stop();
    }
    const after = await metrics(cdp);
    const cpu: Cpu = {
      wallMs: Date.now() - wall0,
      threadMs: (after['ThreadTime']! - before['ThreadTime']!) * 1000,
      taskMs: (after['TaskDuration']! - before['TaskDuration']!) * 1000,
      scriptMs: (after['ScriptDuration']! - before['ScriptDuration']!) * 1000,
      layoutMs: (after['LayoutDuration']! - before['LayoutDuration']!) * 1000,
      styleMs: (after['RecalcStyleDuration']! - before['RecalcStyleDuration']!) * 1000,
    };
    const settle = await bench<SettleResult>(page, 'window.__panelBench.settle()');
    log(`round ${r}: ingest ${ingest.ms.toFixed(0)} ms (${ingest.storeCount.toLocaleString('en')} in the store, ${ingest.channels} channels), settled +${settle.ms.toFixed(0)} ms`);
    await bench(page, 'window.__panelBench.stopRouter()');
    const heap = await heapNow(page, cdp);
    log(`round ${r}: heap ${(heap.used / MB).toFixed(1)} MB`);
    if (last) {
      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT as `${string}.png` });
    }

    const timeline: Round['timeline'] = {};
    const direct: Round['direct'] = {};
    const ready = await bench<boolean>(page, 'window.__panelBench.timelineReady');
    for (const zoom of ['full', 'one-percent'] as const) {
      if (ready) {
        try {
          timeline[zoom] = await bench<DrawSeries>(page, `window.__panelBench.timelineRedraws('${zoom}', ${DRAWS})`);
        } catch (e) {
          skipped.push(`timeline ${zoom}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      direct[zoom] = await bench<DrawSeries>(page, `window.__panelBench.directDraws('${zoom}', ${DRAWS})`);
    }
    if (!ready) skipped.push('timeline component: no drawn [data-testid=timeline-canvas] (placeholder?)');

    let list: ListPaint | null = null;
    let scroll: Round['scroll'] = null;
    try {
      list = await bench<ListPaint>(page, 'window.__panelBench.listFirstPaint()');
      scroll = await scrollList(page);
      if (!scroll) skipped.push('scroll: no scrollable ancestor of the message rows');
      if (last) await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-messages.png') as `${string}.png` });
    } catch (e) {
      skipped.push(`message list: ${e instanceof Error ? e.message : String(e)}`);
    }
    const heapEnd = await heapNow(page, cdp).catch(() => null);
    let heapParts: HeapParts | null = null;
    if (last && heapEnd) {
      try {
        const weigh = async (part: string): Promise<number> => {
          await bench(page, `window.__panelBench.release('${part}')`);
          return (await heapNow(page, cdp)).used;
        };
        const afterLog = await weigh('log');
        const afterStore = await weigh('store');
        const afterAll = await weigh('all');
        heapParts = {
          empty: heapEmpty,
          end: heapEnd.used,
          captureLog: heapEnd.used - afterLog,
          messageStore: afterLog - afterStore,
          rest: afterStore - afterAll,
          cleared: afterAll,
        };
      } catch (e) {
        skipped.push(`heap attribution: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return {
      round: r,
      planned,
      heapEmpty,
      heapParts,
      ingest,
      settle,
      heap,
      heapEnd,
      timeline,
      direct,
      list,
      scroll,
      skipped,
      cpu,
      load1: [loadBefore, load1()],
      contention: { samples: monitor.samples, contended: monitor.contended },
    };
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** The floor: the same transport and PanelSession without any UI (nothing renders or draws). */
async function floorRound(browser: Browser, url: string): Promise<{ ingest: IngestResult; heap: number }> {
  const { page, cdp } = await openPage(browser, url, 'session');
  try {
    const ingest = await bench<IngestResult>(page, 'window.__panelBench.ingest()');
    await bench(page, 'window.__panelBench.stopRouter()');
    const heap = (await heapNow(page, cdp)).used;
    return { ingest, heap };
  } finally {
    await page.close().catch(() => undefined);
  }
}

/* ------------------------------------------------------------ profile */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

interface HotFunction {
  name: string;
  selfMs: number;
  totalMs: number;
  share: number;
}

/** Self and total (inclusive, counted once per stack) time per function from a CDP CPU profile. */
function hotFunctions(profile: Profile, top: number): { functions: HotFunction[]; sampledMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode): string => {
    const f = n.callFrame;
    const file = f.url ? f.url.slice(f.url.lastIndexOf('/') + 1) : '';
    return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let sampled = 0;
  for (let i = 0; i < samples.length; i++) {
    const dt = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
    const node = byId.get(samples[i]!);
    if (!node) continue;
    const name = label(node);
    if (name.startsWith('(idle)') || name.startsWith('(program)')) continue;
    sampled += dt;
    self.set(name, (self.get(name) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const l = label(byId.get(id)!);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + dt);
    }
  }
  const functions = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, selfMs: round(ms), totalMs: round(total.get(name) ?? ms), share: round((100 * ms) / sampled) }));
  return { functions, sampledMs: round(sampled) };
}

interface ProfileReport {
  ms: number;
  sampledMs: number;
  functions: HotFunction[];
  /** Named functions (not preact's minified internals) by inclusive time. */
  inclusive: HotFunction[];
}

let profiles = 0;

async function profiled<T extends { ms?: number; paintMs?: number }>(cdp: CDPSession, run: () => Promise<T>): Promise<ProfileReport> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  // The raw profile, for DevTools' Performance panel (Load profile) when the table is not enough.
  writeFileSync(resolve(dirname(RESULTS), `panel-${++profiles}.cpuprofile`), JSON.stringify(profile));
  const { functions, sampledMs } = hotFunctions(profile, 25);
  const inclusive = hotFunctions(profile, 100_000)
    .functions.filter((f) => /^[A-Za-z_][\w.]{3,} /.test(f.name))
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, 20);
  return { ms: round(result.ms ?? result.paintMs ?? NaN), sampledMs, functions, inclusive };
}

/** One more round under the CPU profiler: the ingest, then the list's first paint. */
async function profileRound(browser: Browser, url: string, what: { ingest: boolean; list: boolean }): Promise<{ ingest: ProfileReport | null; list: ProfileReport | null }> {
  const { page, cdp } = await openPage(browser, url);
  try {
    const ingest = what.ingest
      ? await profiled(cdp, () => bench<IngestResult>(page, 'window.__panelBench.ingest()'))
      : (await bench<IngestResult>(page, 'window.__panelBench.ingest()'), null);
    await bench(page, 'window.__panelBench.settle()');
    const list = what.list ? await profiled(cdp, () => bench<ListPaint>(page, 'window.__panelBench.listFirstPaint()')) : null;
    return { ingest, list };
  } finally {
    await page.close().catch(() => undefined);
  }
}

/* ------------------------------------------------------------ report */

async function main(): Promise<void> {
  const t0 = Date.now();
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html is missing: run vite build -c bench/panel/vite.config.ts first (npm run bench:panel does)`);
  const { server, url } = await serve(DIST);
  const userDataDir = mkdtempSync(join(tmpdir(), 'pg-bench-panel-'));
  const browser = await puppeteer.launch({
    executablePath: findBrowser('chromium').executablePath,
    headless: true,
    pipe: true,
    userDataDir,
    networkEnabled: false,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', `--window-size=${VIEWPORT.width},${VIEWPORT.height}`],
  });
  const rounds: Round[] = [];
  const failures: string[] = [];
  let profile: Awaited<ReturnType<typeof profileRound>> | null = null;
  let floor: Awaited<ReturnType<typeof floorRound>> | null = null;
  let version = '';
  try {
    version = await browser.version();
    log(`${version}; ${REPS} round(s) of ${MESSAGES.toLocaleString('en')} messages, served from ${url}`);
    for (let r = 0; r < REPS; r++) {
      try {
        rounds.push(await runRound(browser, url, r, r === REPS - 1));
      } catch (e) {
        const msg = `round ${r}: ${e instanceof Error ? e.message : String(e)}`;
        failures.push(msg);
        log(`FAILED ${msg}`);
      }
    }
    if (rounds.length > 0) {
      try {
        floor = await floorRound(browser, url);
        log(`floor (session, no UI): ingest ${floor.ingest.ms.toFixed(0)} ms, heap ${(floor.heap / MB).toFixed(1)} MB`);
      } catch (e) {
        failures.push(`floor: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const force = process.env['BENCH_PANEL_PROFILE'] === '1';
    const what = {
      ingest: force || median(rounds.map((x) => x.ingest.ms)) > TARGETS.ingestMs,
      list: force || median(rounds.flatMap((x) => (x.list ? [x.list.paintMs] : []))) > TARGETS.listFirstPaintMs,
    };
    if (rounds.length > 0 && (what.ingest || what.list)) {
      log(`profiling one more round (${[what.ingest && 'ingest', what.list && 'list first paint'].filter(Boolean).join(', ')})`);
      try {
        profile = await profileRound(browser, url, what);
      } catch (e) {
        failures.push(`profile: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
    server.close();
  }
  if (rounds.length === 0) {
    console.log(`\n## Panel at ${MESSAGES.toLocaleString('en')} messages — no round completed\n\n${failures.map((f) => `- ${f}`).join('\n')}`);
    process.exitCode = 1;
    return;
  }

  const med = (f: (r: Round) => number | undefined): number => median(rounds.map(f).filter((x): x is number => x !== undefined && Number.isFinite(x)));
  const pooled = (f: (r: Round) => readonly number[] | undefined): number[] => rounds.flatMap((r) => f(r) ?? []);
  const verdict = (v: number, target: number): string => (Number.isNaN(v) ? 'n/a' : v <= target ? 'PASS' : 'MISS');
  const ms = (v: number, d = 1): string => (Number.isNaN(v) ? 'not measured' : `${v.toFixed(d)} ms`);

  const ingestMs = med((r) => r.ingest.ms);
  const heapBytes = med((r) => r.heap.used);
  const comp = (z: 'full' | 'one-percent'): number[] => pooled((r) => r.timeline[z]?.ms);
  const dir = (z: 'full' | 'one-percent'): number[] => pooled((r) => r.direct[z]?.ms);
  const listMs = med((r) => r.list?.paintMs);
  const frames = pooled((r) => r.scroll?.frameMs);
  const busy = pooled((r) => r.scroll?.busyMs);
  const compFull = comp('full');
  const compOne = comp('one-percent');
  const last = rounds.at(-1)!;

  interface Row {
    key: string;
    measure: string;
    value: number;
    shown: string;
    target: string;
    verdict: string;
  }
  const rows: Row[] = [];
  const add = (key: string, measure: string, value: number, shown: string, target = '—', v = '—'): void => {
    rows.push({ key, measure, value: round(value, 2), shown, target, verdict: v });
  };
  add('ingestMs', `Ingest ${MESSAGES.toLocaleString('en')} messages, ${last.ingest.channels.toLocaleString('en')} channels`, ingestMs, ms(ingestMs, 0), `≤ ${TARGETS.ingestMs} ms`, verdict(ingestMs, TARGETS.ingestMs));
  add('ingestHandlerMs', '  of which in the session handler', med((r) => r.ingest.handlerMs), ms(med((r) => r.ingest.handlerMs), 0));
  add('ingestParseMs', '  of which JSON.parse of the port messages', med((r) => r.ingest.parseMs), ms(med((r) => r.ingest.parseMs), 0));
  add('ingestBetweenMs', '  of which between batches (renders, timeline draws, GC)', med((r) => r.ingest.betweenMs), ms(med((r) => r.ingest.betweenMs), 0));
  add('ingestAppRenders', '  panel renders while ingesting: count / ms', med((r) => r.ingest.appRenderMs), `${med((r) => r.ingest.appRenders)} / ${ms(med((r) => r.ingest.appRenderMs), 0)}`);
  add('ingestTimelineDraws', '  timeline draws while ingesting: count / ms', med((r) => r.ingest.timelineDrawMs), `${med((r) => r.ingest.timelineDraws)} / ${ms(med((r) => r.ingest.timelineDrawMs), 0)}`);
  add('ingestLayoutMs', '  layout / style recalculation while ingesting', med((r) => r.cpu.layoutMs), `${ms(med((r) => r.cpu.layoutMs), 0)} / ${ms(med((r) => r.cpu.styleMs), 0)}`);
  add('ingestThreadCpu', '  main-thread CPU while ingesting (share of wall)', med((r) => r.cpu.threadMs), `${ms(med((r) => r.cpu.threadMs), 0)} (${(100 * med((r) => r.cpu.threadMs / r.cpu.wallMs)).toFixed(0)}%)`);
  if (floor) {
    add('floorIngestMs', 'Ingest floor: transport + session, no UI (1 round)', floor.ingest.ms, ms(floor.ingest.ms, 0), `(≤ ${TARGETS.ingestMs} ms)`, `(${verdict(floor.ingest.ms, TARGETS.ingestMs)})`);
    add('floorHandlerMs', '  of which in the session handler / JSON.parse', floor.ingest.handlerMs, `${ms(floor.ingest.handlerMs, 0)} / ${ms(floor.ingest.parseMs, 0)}`);
    add('floorHeapBytes', '  JS heap after it (after GC)', floor.heap, `${(floor.heap / MB).toFixed(1)} MB`);
  }
  add('settleMs', 'Last batch → panel rendered and painted', med((r) => r.settle.ms), ms(med((r) => r.settle.ms), 0));
  add('heapBytes', 'JS heap after ingest (after GC)', heapBytes, `${(heapBytes / MB).toFixed(1)} MB`, '≤ 250 MB', verdict(heapBytes, TARGETS.heapBytes));
  add('heapEmptyBytes', '  the panel before ingest', med((r) => r.heapEmpty), `${(med((r) => r.heapEmpty) / MB).toFixed(1)} MB`);
  const parts = last.heapParts;
  if (parts) {
    const mb = (b: number): string => `${(b / MB).toFixed(1)} MB`;
    add('heapCaptureLogBytes', '  freed by clearing the CaptureLog (raw events for HAR export) first', parts.captureLog, mb(parts.captureLog));
    add('heapMessageStoreBytes', '  then the MessageStore', parts.messageStore, mb(parts.messageStore));
    add('heapRestBytes', '  then the panel Clear (classifier, connection table, views)', parts.rest, mb(parts.rest));
  }
  for (const [label, key, xs] of [
    ['full zoom-out', 'Full', compFull],
    ['1% zoom', 'OnePercent', compOne],
  ] as const) {
    add(`redraw${key}MedianMs`, `Timeline redraw, ${label}: median`, median(xs), ms(median(xs), 2), `≤ ${TARGETS.redrawMedianMs} ms`, verdict(median(xs), TARGETS.redrawMedianMs));
    add(`redraw${key}P95Ms`, `Timeline redraw, ${label}: p95`, p95(xs), ms(p95(xs), 2));
  }
  for (const [label, key, z] of [
    ['full zoom-out', 'Full', 'full'],
    ['1% zoom', 'OnePercent', 'one-percent'],
  ] as const) {
    const xs = dir(z);
    add(`direct${key}MedianMs`, `drawTimeline + raster, ${label}: median / p95`, median(xs), `${ms(median(xs), 2)} / ${ms(p95(xs), 2)}`);
  }
  add('listFirstPaintMs', 'Message list first paint', listMs, ms(listMs, 1), `≤ ${TARGETS.listFirstPaintMs} ms`, verdict(listMs, TARGETS.listFirstPaintMs));
  add('scrollFrameMedianMs', 'Scroll frame time (rAF to rAF): median', median(frames), ms(median(frames), 1));
  add('scrollFrameP95Ms', 'Scroll frame time (rAF to rAF): p95', p95(frames), ms(p95(frames), 1));
  add('scrollFramesOver20', '  frames longer than 20 ms', frames.filter((x) => x > 20).length, `${frames.filter((x) => x > 20).length} of ${frames.length}`);
  add('scrollLatencyMedianMs', 'Scroll frame start → painted: median / p95', median(busy), `${ms(median(busy), 1)} / ${ms(p95(busy), 1)}`);

  const commit = measuredCommit(['src', 'bench/panel']);
  const contended = rounds.filter((r) => r.contention.contended > 0).length;
  console.log(`\n## Panel at ${MESSAGES.toLocaleString('en')} messages — ${new Date().toISOString()} — commit ${commit} — ${version} — ${cpus().length} cores\n`);
  console.log(
    `Median of ${rounds.length} round(s), a fresh page each (redraws: ${DRAWS} per zoom per round, pooled; scroll: ~${SCROLL_FRAMES} frames per round, pooled). ` +
      `Traffic: ${last.planned.events.toLocaleString('en')} events (${MESSAGES.toLocaleString('en')} WebSocket messages over 1,000 sockets, mean ${last.planned.meanSize.toFixed(0)} B, previews mean ${last.planned.meanPreviewChars.toFixed(0)} chars${PREVIEW_CHARS ? ` (cut at ${PREVIEW_CHARS})` : ' (whole text)'}; ${last.planned.requests.toLocaleString('en')} polling requests) in ${last.planned.batches} batches of 1,000, ${(last.planned.bytes / MB).toFixed(0)} MB of JSON (WebSocket messages as FrameColumns; the router's packing took ${last.planned.packMs.toFixed(0)} ms, on the background's thread in the extension, not counted in ingest). ` +
      `Load average ${last.load1[0]} → ${last.load1[1]}; rounds with other browsers running: ${contended}/${rounds.length}.\n`,
  );
  console.log(markdownTable(['Measure', 'Value', 'Target', 'Verdict'], rows.map((r) => [r.measure, r.shown, r.target, r.verdict])));
  const notes: string[] = [];
  for (const r of rounds) for (const s of r.skipped) notes.push(`round ${r.round}: ${s}`);
  if (last.timeline.full) notes.push(`timeline (component): ${last.timeline.full.lanes} lanes drawn, ${last.timeline.full.messages.toLocaleString('en')} messages in the window at full zoom-out; ${last.timeline['one-percent']?.messages.toLocaleString('en') ?? '?'} at 1%`);
  if (last.scroll) notes.push(`scroll: ${last.scroll.wheels} wheel events, ${last.scroll.scrolledPx.toFixed(0)} px scrolled of ${last.scroll.scrollHeight.toLocaleString('en')} px`);
  if (last.heapEnd) notes.push(`heap at the end (timeline and list views built): ${(last.heapEnd.used / MB).toFixed(1)} MB`);
  if (notes.length) console.log(`\n${notes.map((n) => `- ${n}`).join('\n')}`);
  for (const [label, rep] of [
    ['ingest', profile?.ingest],
    ['message list first paint', profile?.list],
  ] as const) {
    if (!rep) continue;
    console.log(`\nCPU profile of the ${label} in one more round (${rep.ms} ms under the profiler; ${rep.sampledMs} ms sampled busy on the page's thread), by self time:\n`);
    console.log(markdownTable(['Function', 'Self ms', 'Self %', 'Total ms'], rep.functions.map((f) => [f.name, f.selfMs.toFixed(1), f.share.toFixed(1), f.totalMs.toFixed(1)])));
    console.log(`\nNamed functions by inclusive time (${label}):\n`);
    console.log(markdownTable(['Function', 'Total ms'], rep.inclusive.map((f) => [f.name, f.totalMs.toFixed(1)])));
  }
  if (failures.length) console.log(`\nFailures:\n${failures.map((f) => `- ${f}`).join('\n')}`);

  const json = {
    date: new Date().toISOString(),
    commit,
    durationS: round((Date.now() - t0) / 1000),
    browser: version,
    machine: machineInfo(),
    settings: { reps: REPS, messages: MESSAGES, sockets: 1000, previewChars: PREVIEW_CHARS, draws: DRAWS, scrollFrames: SCROLL_FRAMES, viewport: VIEWPORT },
    targets: TARGETS,
    summary: Object.fromEntries(rows.map((r) => [r.key, { measure: r.measure.trim(), value: r.value, shown: r.shown, target: r.target, verdict: r.verdict }])),
    rounds,
    floor,
    profile,
    screenshots: [SCREENSHOT, SCREENSHOT.replace(/\.png$/, '-messages.png')].filter((p) => existsSync(p)).map((p) => p.slice(ROOT.length + 1)),
    failures,
  };
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(json, null, 2)}\n`);
  log(`wrote ${RESULTS} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

await main();
