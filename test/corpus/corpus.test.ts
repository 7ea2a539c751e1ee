import { describe, expect, it } from 'vitest';
import { PATTERNS } from '../../src/core/classify/types';
import { fnv1a } from '../../src/core/text/hash';
import type { CaptureEvent } from '../../src/core/protocol';
import { evaluate, formatReport } from './eval';
import { buildCorpus, generateCase, MASTER_SEED, type Case } from './generate';
import { mulberry32, Rng } from './random';

const corpus = buildCorpus();
const digest = (c: Case): string => fnv1a(JSON.stringify(c));

describe('random', () => {
  it('mulberry32 is deterministic and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('jitter stays within ±frac, int within bounds', () => {
    const r = new Rng(7);
    for (let i = 0; i < 1000; i++) {
      const j = r.jitter(1000, 0.3);
      expect(j).toBeGreaterThanOrEqual(700);
      expect(j).toBeLessThanOrEqual(1300);
      const n = r.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
    }
  });
});

describe('corpus generator', () => {
  it('is deterministic: same seed, same events', () => {
    const again = buildCorpus(MASTER_SEED);
    expect(again.map(digest)).toEqual(corpus.map(digest));
    // Each case can be regenerated alone from its recipe and seed.
    for (const c of corpus.filter((_, i) => i % 37 === 0)) {
      expect(digest(generateCase(c.family, c.variant, c.seed, Number(c.name.split('#')[1])))).toBe(digest(c));
    }
  });

  it('differs with another master seed', () => {
    const other = buildCorpus(MASTER_SEED + 1);
    expect(other.length).toBe(corpus.length);
    expect(other.map(digest)).not.toEqual(corpus.map(digest));
  });

  it('has at least 600 uniquely named cases covering every pattern and negatives', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(600);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
    const patterns = new Set(corpus.flatMap((c) => c.expect.map((e) => e.pattern)));
    for (const p of PATTERNS) expect(patterns.has(p), p).toBe(true);
    const negatives = corpus.filter((c) => c.negative);
    expect(negatives.length).toBeGreaterThan(100);
    for (const c of negatives) for (const e of c.expect) expect(e.pattern, c.name).toBe('one-off');
  });

  it('produces well-formed events', () => {
    expect(corpus.flatMap(checkCase)).toEqual([]);
  });

  it('keeps the documented sizes of periodic and held cases', () => {
    for (const c of corpus) {
      for (const e of c.expect) {
        if (c.family === 'polling' && e.pattern === 'polling') {
          expect(e.connectionIds.length, c.name).toBeGreaterThanOrEqual(8);
          expect(e.connectionIds.length, c.name).toBeLessThanOrEqual(45); // 40 + backoff retries
        }
        if (c.family === 'long-polling') {
          if (e.pattern === 'long-polling') expect(e.connectionIds.length, c.name).toBeGreaterThanOrEqual(3);
          if (e.pattern === 'long-polling') expect(e.connectionIds.length, c.name).toBeLessThanOrEqual(20);
        }
      }
    }
  });
});

const STARTS = new Set<CaptureEvent['kind']>(['request-start', 'ws-create', 'es-create']);

/** Problems with one case's events ([] when well-formed). Plain checks: expect() per event is slow. */
function checkCase(c: Case): string[] {
  const problems: string[] = [];
  const fail = (what: string): void => {
    if (problems.length < 5) problems.push(`${c.name}: ${what}`);
  };
  if (c.events[0]?.kind !== 'page') fail('does not start with a page event');
  let last = -Infinity;
  const kindOf = new Map<string, CaptureEvent['kind']>();
  const state = new Map<string, { t: number; response: boolean; ended: boolean; opened: boolean; closed: boolean }>();
  for (const ev of c.events) {
    if (!(ev.t >= last)) fail(`time goes back at ${ev.kind}`);
    if (!(ev.t > 1.6e12 && ev.t < 1.8e12)) fail(`time ${ev.t} is not epoch ms`);
    last = ev.t;
    if (ev.kind === 'page') continue;
    const s = state.get(ev.id);
    if (STARTS.has(ev.kind)) {
      // A start opens a new id: ids are unique within a case.
      if (s) fail(`id ${ev.id} started twice`);
      kindOf.set(ev.id, ev.kind);
      state.set(ev.id, { t: ev.t, response: false, ended: false, opened: false, closed: false });
      if ('url' in ev && !/^(https|wss):\/\/[a-z.-]+\//.test(ev.url)) fail(`not an absolute URL: ${ev.url}`);
      continue;
    }
    if (!s) {
      fail(`${ev.kind} for ${ev.id} before its start`);
      continue;
    }
    if (ev.t < s.t) fail(`${ev.id}: time goes back`);
    s.t = ev.t;
    const kind = kindOf.get(ev.id);
    switch (ev.kind) {
      case 'response':
        if (kind !== 'request-start' || s.response || s.ended) fail(`${ev.id}: unexpected response`);
        s.response = true;
        break;
      case 'chunk':
        if (!s.response || s.ended || ev.size <= 0) fail(`${ev.id}: chunk outside a response`);
        break;
      case 'sse':
        if (kind === 'request-start' ? !s.response || s.ended : kind !== 'es-create') fail(`${ev.id}: sse outside a stream`);
        break;
      case 'request-end':
        if (kind !== 'request-start' || s.ended) fail(`${ev.id}: unexpected request-end`);
        s.ended = true;
        if (ev.hash !== (ev.preview ? fnv1a(ev.preview.data) : '')) fail(`${ev.id}: hash does not match the preview`);
        if (ev.error === '' && !s.response) fail(`${ev.id}: completed without a response`);
        break;
      case 'ws-open':
        if (kind !== 'ws-create' || s.opened || s.closed) fail(`${ev.id}: unexpected ws-open`);
        s.opened = true;
        break;
      case 'ws-message':
        if (!s.opened || s.closed) fail(`${ev.id}: message outside an open socket`);
        break;
      case 'ws-error':
        if (kind !== 'ws-create') fail(`${ev.id}: unexpected ws-error`);
        break;
      case 'ws-close':
        if (kind !== 'ws-create' || s.closed) fail(`${ev.id}: unexpected ws-close`);
        s.closed = true;
        break;
      case 'es-open':
      case 'es-error':
      case 'es-close':
        if (kind !== 'es-create' || s.closed) fail(`${ev.id}: unexpected ${ev.kind}`);
        if (ev.kind === 'es-close' || (ev.kind === 'es-error' && ev.readyState === 2)) s.closed = true;
        break;
    }
  }
  // Every request-start has its end.
  for (const [id, kind] of kindOf) if (kind === 'request-start' && !state.get(id)?.ended) fail(`${id} never ended`);
  // Every expected id exists, in exactly one group.
  const grouped = new Set<string>();
  for (const e of c.expect) {
    if (e.connectionIds.length === 0) fail('an empty expectation');
    for (const id of e.connectionIds) {
      if (!kindOf.has(id)) fail(`expected id ${id} has no start`);
      if (grouped.has(id)) fail(`${id} in two groups`);
      grouped.add(id);
    }
  }
  return problems;
}

describe('classifier on the corpus', () => {
  it('meets the evaluation targets', { timeout: 60_000 }, () => {
    const r = evaluate({ cases: corpus });
    const report = formatReport(r);
    expect(r.accuracy, report).toBeGreaterThanOrEqual(r.targets.syntheticAccuracy);
    expect(r.negatives.periodicAnyTimeCases, report).toEqual([]);
    if (r.demo.entries > 0) expect(r.demo.accuracy, report).toBe(1);
  });
});
