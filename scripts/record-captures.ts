/**
 * `npm run record:captures`: records every demo page through the real extension pipeline in
 * headless Chromium and Firefox ESR, and writes classifier fixtures to
 * test/fixtures/captures/<browser>-<page>.json.
 *
 *   npx tsx scripts/record-captures.ts [chromium|firefox ...] [/page ...]   # a subset, after a build
 *
 * Run it under the browser lock like every browser-launching command:
 *   flock /tmp/polltergeist-browser.lock npm run record:captures
 *
 * Each page is recorded fully attached, as with DevTools open before the page loads: the tab first
 * shows /fixture/blank with a marker, the recorder (test/helpers/recorder.ts) subscribes to it,
 * then the tab navigates to the demo page and is brought to the front (visible, unthrottled).
 * Only the demo page's own document is kept (not the blank one). Requests still open when the
 * recording stops (a held long-poll, an SSE stream, a WebSocket) stay open in the fixture: a
 * classifier sees the same at any moment of a live session.
 *
 * Fixture format (version 1):
 *   { version, browser, page, url, recordedAt, sources: [{ source: SourceInfo, events: SequencedEvent[] }], expect }
 * `url` is the page URL as recorded, with the demo server's real origin (http://127.0.0.1:<port>);
 * the same origin appears in the events. `expect` lists, per endpoint the page talks to, the
 * pattern a correct classifier must give. An endpoint is matched by transport, method (absent
 * for WebSocket, which has no HTTP method in the capture) and `pathPrefix` against the URL's
 * pathname.
 *
 * What is deliberately not in `expect`:
 * - the page's own HTML document: the hook does not see document loads, so it is not captured;
 * - /all (every pattern on one page): redundant with the single-pattern pages, and too big;
 * - long-poll setups that look like something else: with `news=1` and a short `hold`, answers come
 *   after a uniformly random 1..hold ms and a re-request follows at once, which is
 *   indistinguishable from tight back-to-back polling. /long-polling is recorded with news=0.5 so
 *   about half the requests are held the full `hold` and end in 204, the unambiguous signature.
 * Every endpoint of the recorded pages has one clear pattern, so nothing else is left out.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { startDemoServer } from '../demo-server/server';
import type { Pattern } from '../src/core/classify/types';
import type { SequencedEvent, SourceInfo } from '../src/core/protocol';
import { BROWSERS, distDir, launch, type BrowserName, type Launched } from '../test/helpers/browsers';
import { recordTab } from '../test/helpers/recorder';

export interface Expectation {
  readonly transport: 'fetch' | 'xhr' | 'eventsource' | 'websocket';
  /** Absent for websocket. */
  readonly method?: string;
  /** Matched against the pathname of the request/EventSource/WebSocket URL. */
  readonly pathPrefix: string;
  readonly pattern: Pattern;
}

export interface CaptureFixture {
  readonly version: 1;
  readonly browser: BrowserName;
  readonly page: string;
  readonly url: string;
  readonly recordedAt: string;
  readonly sources: { source: SourceInfo; events: SequencedEvent[] }[];
  readonly expect: Expectation[];
}

interface PageSpec {
  readonly page: string;
  /** Knobs that make the pattern show quickly (see demo-server/pages/clients/*). */
  readonly query: string;
  readonly durationMs: number;
  readonly expect: Expectation[];
}

const PAGES: readonly PageSpec[] = [
  {
    page: '/polling',
    query: 'interval=500',
    durationMs: 8_000,
    expect: [{ transport: 'fetch', method: 'GET', pathPrefix: '/api/poll', pattern: 'polling' }],
  },
  {
    page: '/xhr-polling',
    query: 'interval=500',
    durationMs: 8_000,
    expect: [{ transport: 'xhr', method: 'GET', pathPrefix: '/api/poll', pattern: 'polling' }],
  },
  {
    // Held up to 1.5 s; half the holds end with news at a random moment, half with a 204 at 1.5 s.
    page: '/long-polling',
    query: 'hold=1500&news=0.5',
    durationMs: 12_000,
    expect: [{ transport: 'fetch', method: 'GET', pathPrefix: '/api/long-poll', pattern: 'long-polling' }],
  },
  {
    // An event every 200 ms, the server ends the stream after 15 (3 s), EventSource reconnects after 500 ms.
    page: '/sse',
    query: 'rate=200&retry=500&disconnectAfter=15',
    durationMs: 10_000,
    expect: [{ transport: 'eventsource', method: 'GET', pathPrefix: '/api/sse', pattern: 'sse' }],
  },
  {
    // The same stream read with fetch; the page reconnects itself after `retry` ms.
    page: '/sse-fetch',
    query: 'rate=200&retry=500&disconnectAfter=15',
    durationMs: 10_000,
    expect: [{ transport: 'fetch', method: 'GET', pathPrefix: '/api/sse', pattern: 'sse' }],
  },
  {
    // 30 NDJSON lines 100 ms apart per response (3 s), a new response 1 s after each ends.
    page: '/streaming',
    query: 'rate=100&count=30',
    durationMs: 12_000,
    expect: [{ transport: 'fetch', method: 'GET', pathPrefix: '/api/stream', pattern: 'streaming' }],
  },
  {
    // Sends every 500 ms, pushes every 700 ms, the server closes after 6 s and the page reconnects.
    page: '/websocket',
    query: 'sendEvery=500&push=700&closeAfter=6000',
    durationMs: 10_000,
    expect: [{ transport: 'websocket', pathPrefix: '/ws', pattern: 'websocket' }],
  },
  {
    // Fixed rates (no knobs): fetch /api/poll every 250 ms (name=a) and 500 ms (name=b), XHR
    // /api/poll every 300 ms, fetch /api/status every 1 s; all answers identical.
    page: '/chatty',
    query: '',
    durationMs: 10_000,
    expect: [
      { transport: 'fetch', method: 'GET', pathPrefix: '/api/poll', pattern: 'polling' },
      { transport: 'xhr', method: 'GET', pathPrefix: '/api/poll', pattern: 'polling' },
      { transport: 'fetch', method: 'GET', pathPrefix: '/api/status', pattern: 'polling' },
    ],
  },
  {
    // Engine.IO-like: XHR handshake and held polls (1.5 s) for 6 s, then the same sid upgrades to
    // a WebSocket. The POST channel (pongs, page messages) is left out: it has no defined pattern.
    page: '/upgrade',
    query: 'hold=1500&upgradeAfter=6000',
    durationMs: 11_000,
    expect: [
      { transport: 'xhr', method: 'GET', pathPrefix: '/api/eio/', pattern: 'long-polling' },
      { transport: 'websocket', pathPrefix: '/api/eio/', pattern: 'websocket' },
    ],
  },
];

const OUT_DIR = resolve(import.meta.dirname, '../test/fixtures/captures');
const MAX_BYTES = 1.5 * 1024 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Hash of a directory tree (paths relative to it, and contents). */
function treeHash(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(relative(root, path)).update(readFileSync(path));
    }
  };
  walk(root);
  return hash.digest('hex').slice(0, 12);
}

/**
 * A private copy of both built extensions, taken at once. dist/ is shared with whoever builds
 * next, and Firefox reads a temporary add-on's files from disk while it runs: recording from
 * dist/ directly could mix two builds in one set of fixtures. A copy is kept only if dist/ did
 * not change while it was taken (a build in progress empties and rewrites it).
 */
async function snapshotDist(into: string): Promise<Record<BrowserName, { dir: string; hash: string }>> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      const before = BROWSERS.map((b) => treeHash(distDir(b)));
      rmSync(into, { recursive: true, force: true });
      for (const b of BROWSERS) cpSync(distDir(b), join(into, b), { recursive: true });
      const after = BROWSERS.map((b) => treeHash(distDir(b)));
      const copied = BROWSERS.map((b) => treeHash(join(into, b)));
      if (before.every((h, i) => h === after[i] && h === copied[i])) {
        return { chromium: { dir: join(into, 'chromium'), hash: copied[0]! }, firefox: { dir: join(into, 'firefox'), hash: copied[1]! } };
      }
    } catch {
      // A file vanished under us: a build is rewriting dist/.
    }
    await sleep(2000);
  }
  throw new Error('dist/ keeps changing: cannot take a consistent copy of the built extensions');
}

/** Events that open one connection of an endpoint, with the URL and transport they name. */
function opening(e: SequencedEvent): { transport: Expectation['transport']; method?: string; url: string } | null {
  if (e.kind === 'request-start') return { transport: e.transport, method: e.method, url: e.url };
  if (e.kind === 'es-create') return { transport: 'eventsource', method: 'GET', url: e.url };
  if (e.kind === 'ws-create') return { transport: 'websocket', url: e.url };
  return null;
}

function matches(x: Expectation, e: SequencedEvent, pageUrl: string): boolean {
  const o = opening(e);
  if (!o || o.transport !== x.transport) return false;
  if (x.method !== undefined && o.method !== x.method) return false;
  return new URL(o.url, pageUrl).pathname.startsWith(x.pathPrefix);
}

/** One line per expected endpoint: what the recording holds as evidence for it. */
function summarize(fx: CaptureFixture, startedAt: number, stoppedAt: number): string[] {
  const events = fx.sources.flatMap((s) => s.events);
  const lines: string[] = [];
  for (const x of fx.expect) {
    const ids = new Set(events.filter((e) => matches(x, e, fx.url)).map((e) => (e as { id: string }).id));
    const of = (kind: SequencedEvent['kind']): SequencedEvent[] =>
      events.filter((e) => e.kind === kind && ids.has((e as { id: string }).id));
    const starts = events.filter((e) => ids.has((e as { id?: string }).id ?? '') && opening(e) !== null).map((e) => e.t);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!).sort((a, b) => a - b);
    const median = gaps.length > 0 ? Math.round(gaps[Math.floor(gaps.length / 2)]!) : null;
    lines.push(
      `  ${x.transport} ${x.method ?? ''} ${x.pathPrefix} (${x.pattern}): ${ids.size} opened, ` +
        `${of('response').length} responses, ${of('chunk').length} chunks, ${of('request-end').length} ended, ` +
        `${of('sse').length} sse, ${of('es-open').length}/${of('es-error').length} es open/error, ` +
        `${of('ws-message').length} ws msgs, ${of('ws-close').length} ws closes; median start gap ${median ?? '-'} ms`,
    );
    if (ids.size === 0) throw new Error(`${fx.browser} ${fx.page}: no events for ${JSON.stringify(x)}`);
  }
  const times = events.map((e) => e.t);
  const first = Math.min(...times);
  const last = Math.max(...times);
  if (first < startedAt - 1000 || last > stoppedAt + 1000) {
    throw new Error(`${fx.browser} ${fx.page}: event times ${first}..${last} outside the recording ${startedAt}..${stoppedAt}`);
  }
  const kinds = new Map<string, number>();
  for (const e of events) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
  const pages = events.filter((e) => e.kind === 'page').map((e) => `${e.reason}/${e.visibility}`);
  lines.push(`  ${events.length} events over ${Math.round(last - first)} ms: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  lines.push(`  page events: ${pages.join(', ') || 'none'}`);
  return lines;
}

/** Pretty at the top, one event per line: readable, diffable and compact. */
function serialize(fx: CaptureFixture): string {
  const j = (x: unknown): string => JSON.stringify(x);
  const sources = fx.sources
    .map(
      (s) =>
        `    {\n      "source": ${j(s.source)},\n      "events": [\n${s.events.map((e) => `        ${j(e)}`).join(',\n')}\n      ]\n    }`,
    )
    .join(',\n');
  return (
    `{\n  "version": ${fx.version},\n  "browser": ${j(fx.browser)},\n  "page": ${j(fx.page)},\n  "url": ${j(fx.url)},\n` +
    `  "recordedAt": ${j(fx.recordedAt)},\n  "sources": [\n${sources}\n  ],\n` +
    `  "expect": [\n${fx.expect.map((x) => `    ${j(x)}`).join(',\n')}\n  ]\n}\n`
  );
}

async function recordPage(l: Launched, origin: string, spec: PageSpec): Promise<CaptureFixture> {
  const url = `${origin}${spec.page}${spec.query ? `?${spec.query}` : ''}`;
  const marker = `rec${Math.random().toString(36).slice(2, 10)}`;
  const tab = await l.browser.newPage();
  try {
    await tab.goto(`${origin}/fixture/blank?marker=${marker}`);
    const recorder = await recordTab(l, marker);
    await tab.bringToFront();
    const startedAt = Date.now();
    await tab.goto(url);
    await sleep(spec.durationMs);
    const stoppedAt = Date.now();
    const recording = await recorder.stop();
    const kept = recording.sources.filter((s) => s.source.url === url);
    if (kept.length === 0) throw new Error(`${l.name} ${spec.page}: no source for ${url} (got ${recording.sources.map((s) => s.source.url).join(', ')})`);
    for (const s of kept) {
      if (s.dropped > 0 || s.missed > 0) throw new Error(`${l.name} ${spec.page}: ${s.dropped} dropped, ${s.missed} missed events`);
      const seqs = s.events.map((e) => e.seq);
      if (seqs.some((q, i) => q !== i + 1)) throw new Error(`${l.name} ${spec.page}: gaps in the seqs of ${s.source.sourceId}`);
    }
    const fx: CaptureFixture = {
      version: 1,
      browser: l.name,
      page: spec.page,
      url,
      recordedAt: new Date(startedAt).toISOString(),
      sources: kept.map((s) => ({ source: s.source, events: s.events })),
      expect: spec.expect,
    };
    for (const line of summarize(fx, startedAt, stoppedAt)) process.stdout.write(`${line}\n`);
    return fx;
  } finally {
    await tab.close().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const browsers = BROWSERS.filter((b) => !args.some((a) => !a.startsWith('/')) || args.includes(b));
  const pages = PAGES.filter((p) => !args.some((a) => a.startsWith('/')) || args.includes(p.page));
  mkdirSync(OUT_DIR, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'pg-record-'));
  const builds = await snapshotDist(join(tmp, 'dist'));
  const server = await startDemoServer({ port: 0 });
  try {
    for (const name of browsers) {
      process.stdout.write(`${name}: extension build ${builds[name].hash} (copy of ${distDir(name)})\n`);
      // Network monitoring off: a user's browser does not pay for a protocol client either.
      const l = await launch(name, { networkEnabled: false, extensionDir: builds[name].dir });
      try {
        for (const spec of pages) {
          process.stdout.write(`${name} ${spec.page}${spec.query ? `?${spec.query}` : ''} for ${spec.durationMs / 1000} s\n`);
          const fx = await recordPage(l, server.url, spec);
          const file = resolve(OUT_DIR, `${name}-${spec.page.slice(1)}.json`);
          writeFileSync(file, serialize(fx));
          const size = statSync(file).size;
          process.stdout.write(`  -> ${file} (${(size / 1024).toFixed(0)} KB)\n`);
          if (size > MAX_BYTES) throw new Error(`${file} is ${size} bytes: shorten the recording or lower the rates`);
        }
      } finally {
        await l.close();
      }
    }
  } finally {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
