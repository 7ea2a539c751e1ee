/**
 * `npm run eval`: the classifier against the seeded synthetic corpus (test/corpus/generate.ts) and
 * the recorded demo captures (test/fixtures/captures/*.json, when present).
 *
 * Each case is fed to a fresh Classifier one event at a time; after every event the label of the
 * channel of each expected id is read, so we know both the final label and how long it took to
 * become right (and stay right). Prints a table, writes test/corpus/results/eval.json, and exits 1
 * when a target is missed. `evaluate()` is shared with corpus.test.ts.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Capture } from '../../src/core/store/capture';
import { PATTERNS, type ChannelView, type Pattern } from '../../src/core/classify/types';
import type { CaptureEvent, SourceInfo, Transport } from '../../src/core/protocol';
import { buildCorpus, MASTER_SEED, type Case } from './generate';

const HERE = dirname(fileURLToPath(import.meta.url));
export const CAPTURES_DIR = resolve(HERE, '../fixtures/captures');
export const RESULTS_FILE = resolve(HERE, 'results/eval.json');

export const TARGETS = {
  /** Share of expected channels whose final label is right. */
  syntheticAccuracy: 0.98,
  /** Share of demo-capture expectations met. */
  demoAccuracy: 1,
  /** Negative cases labelled polling or long-polling at any point. */
  negativesPeriodicAnyTime: 0,
} as const;

/* ------------------------------------------------------------------ results */

type Label = Pattern | 'missing';

export interface ChannelResult {
  readonly case: string;
  readonly family: string;
  readonly variant: string;
  readonly seed: number;
  readonly negative: boolean;
  readonly expected: Pattern;
  /** `expected` when every id's channel has it; else the most common wrong label. */
  readonly predicted: Label;
  /** Final label of each expected id's channel, deduplicated. */
  readonly finalLabels: readonly Label[];
  readonly correct: boolean;
  /** The ids ended up in more than one channel. */
  readonly split: boolean;
  /** Every label any of its channels had at any point. */
  readonly labelsSeen: readonly Pattern[];
  /** Events / connections of this channel ingested when the right label appeared for good. */
  readonly eventsToLabel: number | null;
  readonly requestsToLabel: number | null;
  readonly events: number;
  readonly requests: number;
  /** The classifier's reason for the final label (of the last id's channel). */
  readonly reason: string;
}

export interface PatternRow {
  readonly pattern: Pattern;
  readonly channels: number;
  readonly cases: number;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly medianEvents: number | null;
  readonly p90Events: number | null;
  readonly medianRequests: number | null;
  readonly p90Requests: number | null;
}

export interface DemoEntryResult {
  readonly file: string;
  readonly transport: Transport;
  readonly method?: string;
  readonly pathPrefix: string;
  readonly expected: Pattern;
  readonly matched: readonly { readonly url: string; readonly template: string; readonly pattern: Pattern; readonly reason: string }[];
  readonly correct: boolean;
}

export interface EvalResult {
  readonly masterSeed: number;
  readonly cases: number;
  readonly channels: number;
  readonly perPattern: readonly PatternRow[];
  /** `family/variant` -> expected channels and how many ended right. */
  readonly perRecipe: Readonly<Record<string, { readonly channels: number; readonly correct: number }>>;
  readonly accuracy: number;
  readonly negatives: {
    readonly cases: number;
    /** Negative cases with a channel whose final label is not one-off. */
    readonly falsePositives: number;
    readonly falsePositiveRate: number;
    /** Negative cases with a channel labelled polling/long-polling at any point. */
    readonly periodicAnyTime: number;
    readonly periodicAnyTimeCases: readonly string[];
  };
  /** Over channels that are not one-off and ended right. */
  readonly latency: {
    readonly medianEvents: number | null;
    readonly p90Events: number | null;
    readonly medianRequests: number | null;
    readonly p90Requests: number | null;
  };
  readonly demo: {
    readonly files: number;
    readonly entries: number;
    readonly correct: number;
    readonly accuracy: number | null;
    readonly results: readonly DemoEntryResult[];
  };
  readonly failures: readonly ChannelResult[];
  readonly targets: typeof TARGETS;
  readonly met: { readonly synthetic: boolean; readonly demo: boolean; readonly negatives: boolean };
  readonly pass: boolean;
  readonly ms: number;
}

/* ------------------------------------------------------------------ replay */

const CONNECTION_STARTS: ReadonlySet<CaptureEvent['kind']> = new Set(['request-start', 'ws-create', 'es-create']);

function quantile(xs: readonly number[], q: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
}

const median = (xs: readonly number[]): number | null => quantile(xs, 0.5);

interface GroupState {
  readonly ids: ReadonlySet<string>;
  readonly expected: Pattern;
  /** id -> the key of its channel, refreshed whenever that id has a new event. */
  readonly channelOfId: Map<string, string>;
  /** channel key -> an id of it (the latest), to look the channel up again. */
  readonly idOfChannel: Map<string, string>;
  readonly seen: Set<Pattern>;
  /** Ids of the group that have had an event so far. */
  readonly seenIds: Set<string>;
  events: number;
  requests: number;
  okAt: { events: number; requests: number } | null;
}

/** Replays one case event by event; returns one result per expected channel. */
export function replayCase(c: Case): ChannelResult[] {
  const capture = new Capture({ keep: false });
  const classifier = capture.classifier;
  const key = (id: string): string => `${c.source.sourceId}:${id}`;
  const groups: GroupState[] = c.expect.map((e) => ({
    ids: new Set(e.connectionIds),
    expected: e.pattern,
    channelOfId: new Map(),
    idOfChannel: new Map(),
    seen: new Set(),
    seenIds: new Set(),
    events: 0,
    requests: 0,
    okAt: null,
  }));
  const groupOfId = new Map<string, GroupState>();
  for (const g of groups) for (const id of g.ids) groupOfId.set(id, g);

  for (const ev of c.events) {
    capture.ingest(c.source, [ev]);
    if (ev.kind !== 'page') {
      const g = groupOfId.get(ev.id);
      if (g) {
        g.events++;
        g.seenIds.add(ev.id);
        if (CONNECTION_STARTS.has(ev.kind)) g.requests++;
        const view = classifier.channelOf(key(ev.id));
        const old = g.channelOfId.get(ev.id);
        if (view) {
          g.channelOfId.set(ev.id, view.key);
          g.idOfChannel.set(view.key, ev.id);
        } else g.channelOfId.delete(ev.id);
        if (old !== undefined && old !== view?.key && ![...g.channelOfId.values()].includes(old)) g.idOfChannel.delete(old);
      }
    }
    for (const g of groups) {
      if (g.events === 0) continue;
      let ok = g.channelOfId.size === g.seenIds.size;
      for (const id of g.idOfChannel.values()) {
        const view = classifier.channelOf(key(id));
        const p = view?.pattern;
        if (p) g.seen.add(p);
        if (p !== g.expected) ok = false;
      }
      if (!ok) g.okAt = null;
      else g.okAt ??= { events: g.events, requests: g.requests };
    }
  }

  return c.expect.map((e, i) => {
    const g = groups[i] as GroupState;
    const views: (ChannelView | undefined)[] = e.connectionIds.map((id) => classifier.channelOf(key(id)));
    const labels: Label[] = views.map((v) => v?.pattern ?? 'missing');
    for (const v of views) for (const h of v?.history ?? []) g.seen.add(h.pattern);
    const correct = labels.every((l) => l === e.pattern);
    const keys = new Set(views.map((v) => v?.key ?? '(none)'));
    const last = views[views.length - 1];
    return {
      case: c.name,
      family: c.family,
      variant: c.variant,
      seed: c.seed,
      negative: c.negative,
      expected: e.pattern,
      predicted: correct ? e.pattern : mostCommon(labels.filter((l) => l !== e.pattern)),
      finalLabels: [...new Set(labels)],
      correct,
      split: keys.size > 1,
      labelsSeen: PATTERNS.filter((p) => g.seen.has(p)),
      eventsToLabel: correct ? (g.okAt?.events ?? null) : null,
      requestsToLabel: correct ? (g.okAt?.requests ?? null) : null,
      events: g.events,
      requests: g.requests,
      reason: last?.reason ?? '',
    };
  });
}

function mostCommon(labels: readonly Label[]): Label {
  const counts = new Map<Label, number>();
  let best: Label = 'missing';
  let bestN = 0;
  for (const l of labels) {
    const n = (counts.get(l) ?? 0) + 1;
    counts.set(l, n);
    if (n > bestN) {
      best = l;
      bestN = n;
    }
  }
  return best;
}

/* ------------------------------------------------------------------ demo captures */

interface CaptureFile {
  readonly version: 1;
  readonly browser: string;
  readonly page: string;
  readonly sources: readonly { readonly source: SourceInfo; readonly events: readonly CaptureEvent[] }[];
  readonly expect: readonly { readonly transport: Transport; readonly method?: string; readonly pathPrefix: string; readonly pattern: Pattern }[];
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

export function evaluateCapture(file: string, capture: CaptureFile): DemoEntryResult[] {
  const ingest = new Capture({ keep: false });
  const merged = capture.sources
    .flatMap((s) => s.events.map((ev) => ({ source: s.source, ev })))
    .map((x, i) => ({ ...x, i }))
    .sort((a, b) => a.ev.t - b.ev.t || a.i - b.i);
  for (const { source, ev } of merged) ingest.ingest(source, [ev]);
  const channels = ingest.classifier.channels();
  return capture.expect.map((e) => {
    const matching = channels.filter(
      (ch) => ch.transport === e.transport && (e.method === undefined || ch.method === e.method) && pathOf(ch.url).startsWith(e.pathPrefix),
    );
    return {
      file,
      transport: e.transport,
      ...(e.method === undefined ? {} : { method: e.method }),
      pathPrefix: e.pathPrefix,
      expected: e.pattern,
      matched: matching.map((ch) => ({ url: ch.url, template: ch.template, pattern: ch.pattern, reason: ch.reason })),
      correct: matching.length > 0 && matching.every((ch) => ch.pattern === e.pattern),
    };
  });
}

export function loadCaptures(dir: string): { file: string; capture: CaptureFile }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, capture: JSON.parse(readFileSync(join(dir, f), 'utf8')) as CaptureFile }));
}

/* ------------------------------------------------------------------ evaluation */

export interface EvalOptions {
  readonly cases?: readonly Case[];
  /** Where the demo captures are; null to skip them. */
  readonly capturesDir?: string | null;
}

export function evaluate(opts: EvalOptions = {}): EvalResult {
  const began = performance.now();
  const cases = opts.cases ?? buildCorpus(MASTER_SEED);
  const results = cases.flatMap(replayCase);

  const perPattern: PatternRow[] = PATTERNS.map((pattern) => {
    const truth = results.filter((r) => r.expected === pattern);
    const predicted = results.filter((r) => r.predicted === pattern);
    const hits = truth.filter((r) => r.correct);
    const ev = hits.map((r) => r.eventsToLabel).filter((x): x is number => x !== null);
    const rq = hits.map((r) => r.requestsToLabel).filter((x): x is number => x !== null);
    return {
      pattern,
      channels: truth.length,
      cases: new Set(truth.map((r) => r.case)).size,
      precision: predicted.length ? predicted.filter((r) => r.correct).length / predicted.length : null,
      recall: truth.length ? hits.length / truth.length : null,
      medianEvents: median(ev),
      p90Events: quantile(ev, 0.9),
      medianRequests: median(rq),
      p90Requests: quantile(rq, 0.9),
    };
  });

  const perRecipe: Record<string, { channels: number; correct: number }> = {};
  for (const r of results) {
    const row = (perRecipe[`${r.family}/${r.variant}`] ??= { channels: 0, correct: 0 });
    row.channels++;
    if (r.correct) row.correct++;
  }

  const negCases = cases.filter((c) => c.negative);
  const negResults = results.filter((r) => r.negative);
  const fpCases = new Set(negResults.filter((r) => !r.correct).map((r) => r.case));
  const periodicCases = [...new Set(negResults.filter((r) => r.labelsSeen.includes('polling') || r.labelsSeen.includes('long-polling')).map((r) => r.case))];

  const timed = results.filter((r) => r.correct && r.expected !== 'one-off');
  const ev = timed.map((r) => r.eventsToLabel).filter((x): x is number => x !== null);
  const rq = timed.map((r) => r.requestsToLabel).filter((x): x is number => x !== null);

  const demoResults = opts.capturesDir === null ? [] : loadCaptures(opts.capturesDir ?? CAPTURES_DIR).flatMap(({ file, capture }) => evaluateCapture(file, capture));
  const demoFiles = new Set(demoResults.map((d) => d.file)).size;
  const demoCorrect = demoResults.filter((d) => d.correct).length;
  const demoAccuracy = demoResults.length ? demoCorrect / demoResults.length : null;

  const accuracy = results.length ? results.filter((r) => r.correct).length / results.length : 0;
  const met = {
    synthetic: accuracy >= TARGETS.syntheticAccuracy,
    demo: demoAccuracy === null || demoAccuracy >= TARGETS.demoAccuracy,
    negatives: periodicCases.length <= TARGETS.negativesPeriodicAnyTime,
  };
  return {
    masterSeed: MASTER_SEED,
    cases: cases.length,
    channels: results.length,
    perPattern,
    perRecipe,
    accuracy,
    negatives: {
      cases: negCases.length,
      falsePositives: fpCases.size,
      falsePositiveRate: negCases.length ? fpCases.size / negCases.length : 0,
      periodicAnyTime: periodicCases.length,
      periodicAnyTimeCases: periodicCases,
    },
    latency: { medianEvents: median(ev), p90Events: quantile(ev, 0.9), medianRequests: median(rq), p90Requests: quantile(rq, 0.9) },
    demo: { files: demoFiles, entries: demoResults.length, correct: demoCorrect, accuracy: demoAccuracy, results: demoResults },
    failures: results.filter((r) => !r.correct || (r.negative && (r.labelsSeen.includes('polling') || r.labelsSeen.includes('long-polling')))),
    targets: TARGETS,
    met,
    pass: met.synthetic && met.demo && met.negatives,
    ms: Math.round(performance.now() - began),
  };
}

/* ------------------------------------------------------------------ report */

const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null): string => (x === null ? '-' : String(x));
const mark = (ok: boolean): string => (ok ? 'ok' : 'MISSED');

export function formatReport(r: EvalResult): string {
  const lines: string[] = [];
  lines.push(`Polltergeist classifier evaluation: synthetic corpus (seed 0x${r.masterSeed.toString(16)}, ${r.cases} cases, ${r.channels} channels) in ${(r.ms / 1000).toFixed(1)} s`);
  lines.push('');
  const head = ['pattern', 'channels', 'cases', 'precision', 'recall', 'events to label med/p90', 'requests to label med/p90'];
  const rows = r.perPattern.map((p) => [
    p.pattern,
    String(p.channels),
    String(p.cases),
    pct(p.precision),
    pct(p.recall),
    `${num(p.medianEvents)} / ${num(p.p90Events)}`,
    `${num(p.medianRequests)} / ${num(p.p90Requests)}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const fmt = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  lines.push(fmt(head));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) lines.push(fmt(row));
  const weak = Object.entries(r.perRecipe).filter(([, v]) => v.correct < v.channels);
  if (weak.length) {
    lines.push('');
    lines.push(`recipes below 100%: ${weak.map(([k, v]) => `${k} ${v.correct}/${v.channels}`).join(', ')}`);
  }
  lines.push('');
  lines.push(`synthetic accuracy (final labels):            ${pct(r.accuracy).padStart(7)}   target >= ${pct(TARGETS.syntheticAccuracy)}   ${mark(r.met.synthetic)}`);
  lines.push(`negatives not one-off at the end:             ${`${r.negatives.falsePositives}/${r.negatives.cases}`.padStart(7)}   (${pct(r.negatives.falsePositiveRate)} false-positive rate)`);
  lines.push(`negatives polling/long-polling at any point:  ${String(r.negatives.periodicAnyTime).padStart(7)}   target ${TARGETS.negativesPeriodicAnyTime}   ${mark(r.met.negatives)}`);
  lines.push(
    `time to the right label (non-one-off):        events median ${num(r.latency.medianEvents)}, p90 ${num(r.latency.p90Events)}; requests/connections median ${num(r.latency.medianRequests)}, p90 ${num(r.latency.p90Requests)}`,
  );
  if (r.demo.entries) {
    lines.push(`demo captures (${r.demo.files} files):                   ${`${r.demo.correct}/${r.demo.entries}`.padStart(7)}   ${pct(r.demo.accuracy)}   target ${pct(TARGETS.demoAccuracy)}   ${mark(r.met.demo)}`);
    for (const d of r.demo.results.filter((x) => !x.correct)) {
      const got = d.matched.length ? d.matched.map((m) => `${m.template}=${m.pattern} (${m.reason})`).join('; ') : 'no matching channel';
      lines.push(`  ${d.file}: ${d.transport} ${d.method ?? ''} ${d.pathPrefix} expected ${d.expected}, got ${got}`);
    }
  } else lines.push('demo captures: none found (test/fixtures/captures/*.json)');
  if (r.failures.length) {
    lines.push('');
    lines.push(`failing channels (${r.failures.length}):`);
    for (const f of r.failures.slice(0, 60)) {
      const periodic = f.negative && (f.labelsSeen.includes('polling') || f.labelsSeen.includes('long-polling'));
      lines.push(
        `  ${f.case.padEnd(44)} seed ${String(f.seed).padStart(10)}  expected ${f.expected.padEnd(12)} got ${f.finalLabels.join('+').padEnd(12)}${periodic ? ` seen ${f.labelsSeen.join(',')}` : ''}${f.split ? ' (split)' : ''}  ${f.reason}`,
      );
    }
    if (r.failures.length > 60) lines.push(`  ... ${r.failures.length - 60} more in ${RESULTS_FILE}`);
  }
  lines.push('');
  lines.push(r.pass ? 'all targets met' : 'TARGETS MISSED');
  return lines.join('\n');
}

/* ------------------------------------------------------------------ CLI */

function main(): void {
  const r = evaluate();
  console.log(formatReport(r));
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(r, null, 2)}\n`);
  console.log(`\nwrote ${RESULTS_FILE}`);
  process.exitCode = r.pass ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
