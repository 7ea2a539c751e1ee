/**
 * `npm run bench:har`: `polltergeist analyze` on a big HAR (issue 20: a 100 MB file of 200,000
 * entries in at most 5 s and 2.5x the file's size in peak memory, on this machine kind).
 *
 * The file is generated here (big-har.ts: Chrome-shaped polls of 40 endpoints, long-polls, SSE
 * streams and WebSockets with their messages, the page's scripts), about 107 MB. Each round runs,
 * in fresh processes one at a time, the built CLI (`analyze --json`) and the baseline: the same
 * file merely read and parsed whole (readFileSync + JSON.parse, no analysis), the minimum a reader
 * that parses the file whole pays. Wall time and peak RSS (getrusage, printed by a preload at
 * exit) per process; medians over ROUNDS rounds after one warm-up. Then the panel imports the same
 * file (panel-import.ts): time, longest main-thread task, heap, against a whole parse in the page.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { median } from '../stats';
import { writeBigHar } from './big-har';
import { panelImport, type PanelImportResult } from './panel-import';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/polltergeist.mjs');
const PRELOAD = join(import.meta.dirname, 'max-rss.mjs');
const BASELINE = join(import.meta.dirname, 'parse-whole.mjs');
const RESULTS = join(import.meta.dirname, '../results/har-big.json');
const ENTRIES = Number(process.env['BENCH_HAR_ENTRIES'] ?? 200_000);
const TARGET_BYTES = Number(process.env['BENCH_HAR_BYTES'] ?? 100 * 1024 * 1024);
const ROUNDS = Number(process.env['BENCH_HAR_ROUNDS'] ?? 5);
const PANEL_ROUNDS = Number(process.env['BENCH_HAR_PANEL_ROUNDS'] ?? 3);
const MAX_SECONDS = 5;
const MAX_MEMORY_RATIO = 2.5;

interface Run {
  readonly ms: number;
  readonly rssBytes: number;
}

function measure(args: string[]): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', PRELOAD, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  const m = /POLLTERGEIST_MAX_RSS_KB (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { ms, rssBytes: Number(m[1]) * 1024 };
}

const dir = join(tmpdir(), `pg-bench-har-${process.pid}`);
mkdirSync(dir, { recursive: true });
const file = join(dir, 'big.har');
try {
  statSync(CLI);
  statSync(join(ROOT, 'dist/chrome/manifest.json'));
} catch {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}
try {
  const made = await writeBigHar(file, { entries: ENTRIES, targetBytes: TARGET_BYTES });
  const size = statSync(file).size;
  console.log(`generated ${(size / 1e6).toFixed(1)} MB (${(size / 2 ** 20).toFixed(1)} MiB), ${made.entries} entries`);

  const ours: Run[] = [];
  const whole: Run[] = [];
  for (let round = -1; round < ROUNDS; round++) {
    // Alternate which side goes first, so neither always runs on a warmer machine.
    const pair = round % 2 ? [['ours', CLI], ['whole', BASELINE]] : [['whole', BASELINE], ['ours', CLI]];
    for (const [side, script] of pair) {
      const run = measure(side === 'ours' ? [script!, 'analyze', file, '--json'] : [script!, file]);
      if (round >= 0) (side === 'ours' ? ours : whole).push(run);
    }
  }
  const ms = median(ours.map((r) => r.ms));
  const rss = median(ours.map((r) => r.rssBytes));
  const baseMs = median(whole.map((r) => r.ms));
  const baseRss = median(whole.map((r) => r.rssBytes));
  const rows = [
    ['analyze (streamed)', `${(ms / 1000).toFixed(2)} s`, `${(rss / 2 ** 20).toFixed(0)} MiB`, (rss / size).toFixed(2)],
    ['baseline: readFileSync + JSON.parse only', `${(baseMs / 1000).toFixed(2)} s`, `${(baseRss / 2 ** 20).toFixed(0)} MiB`, (baseRss / size).toFixed(2)],
  ];
  console.log('\n| process | wall time (median) | peak RSS (median) | peak ÷ file size |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nanalyze vs baseline: time ${(ms / baseMs).toFixed(2)}x, memory ${(rss / baseRss).toFixed(2)}x`);
  const timeOk = ms <= MAX_SECONDS * 1000;
  const memOk = rss <= MAX_MEMORY_RATIO * size;
  console.log(`target: <= ${MAX_SECONDS} s ${timeOk ? 'met' : 'MISSED'}; <= ${MAX_MEMORY_RATIO}x the file ${memOk ? 'met' : 'MISSED'}`);

  // The panel: the same file imported through the UI, then the baseline parse in the same page.
  const panel: PanelImportResult[] = [];
  for (let round = 0; round < PANEL_ROUNDS; round++) panel.push(await panelImport(file));
  const p = (k: keyof PanelImportResult): number => median(panel.map((r) => r[k]));
  console.log('\n| panel (Chromium), median of ' + PANEL_ROUNDS + ' | value |\n|---|---|');
  console.log(`| import, file picked → channels shown | ${(p('importMs') / 1000).toFixed(2)} s |`);
  console.log(`| longest main-thread task during import | ${p('longestTaskMs').toFixed(0)} ms (${p('longTasks')} tasks over 50 ms) |`);
  console.log(`| progress bar updates | ${p('progressSteps')} |`);
  console.log(`| panel JS heap after import | ${(p('heapBytes') / 2 ** 20).toFixed(0)} MiB |`);
  console.log(`| baseline: JSON.parse of the whole file in the same page (one frozen task) | ${p('wholeParseMs').toFixed(0)} ms |`);
  console.log(`longest stall vs the whole parse: ${(p('longestTaskMs') / p('wholeParseMs')).toFixed(3)}x`);

  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(
    RESULTS,
    JSON.stringify({ date: new Date().toISOString(), node: process.version, fileBytes: size, entries: made.entries, rounds: ROUNDS, ours, whole, medianMs: ms, medianRssBytes: rss, baselineMs: baseMs, baselineRssBytes: baseRss, panel }, null, 2),
  );
  console.log(`wrote ${RESULTS}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
