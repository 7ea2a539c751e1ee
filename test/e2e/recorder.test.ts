/**
 * The recorder (test/helpers/recorder.ts) gets what a panel gets: real captures of one tab,
 * and only that tab.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SequencedEvent } from '../../src/core/protocol';
import { BROWSERS, launch, type Launched } from '../helpers/browsers';
import { openDemoPage } from '../helpers/panel';
import { recordTab, type Recording } from '../helpers/recorder';

const demo = inject('demoUrl');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const allEvents = (r: Recording): SequencedEvent[] => r.sources.flatMap((s) => s.events);

describe.each(BROWSERS)('recorder in %s', (name) => {
  let l: Launched;
  const opened: Page[] = [];

  beforeAll(async () => {
    l = await launch(name);
  });
  afterAll(async () => {
    for (const p of opened) await p.close().catch(() => undefined);
    await l?.close();
  });

  async function openPolling(): Promise<string> {
    return (await openDemoPage(l, demo, '/polling?interval=300', opened)).marker;
  }

  it('records request-start/end pairs of one tab, and a second recorder sees only its own tab', async () => {
    const first = await openPolling();
    const rec1 = await recordTab(l, first);
    await sleep(3000);
    const r1 = await rec1.collect();

    expect(r1.sources.length).toBeGreaterThan(0);
    expect(r1.sources.every((s) => s.source.url.includes(first))).toBe(true);
    const events = allEvents(r1);
    const starts = events
      .filter((e): e is Extract<SequencedEvent, { kind: 'request-start' }> => e.kind === 'request-start')
      .filter((e) => new URL(e.url).pathname === '/api/poll');
    const ended = new Set(
      events.filter((e): e is Extract<SequencedEvent, { kind: 'request-end' }> => e.kind === 'request-end').map((e) => e.id),
    );
    const finished = starts.filter((e) => ended.has(e.id));
    expect(finished.length).toBeGreaterThanOrEqual(2);
    for (const s of r1.sources) {
      expect(s.events.map((e) => e.seq)).toEqual(s.events.map((_, i) => i + 1));
    }

    const second = await openPolling();
    const rec2 = await recordTab(l, second);
    expect(rec2.tabId).not.toBe(rec1.tabId);
    await sleep(1500);
    const r2 = await rec2.stop();
    const r1Later = await rec1.stop();

    expect(r2.sources.length).toBeGreaterThan(0);
    expect(r2.sources.every((s) => s.source.url.includes(second))).toBe(true);
    const firstIds = new Set(r1Later.sources.map((s) => s.source.sourceId));
    expect(r2.sources.some((s) => firstIds.has(s.source.sourceId))).toBe(false);
    expect(allEvents(r2).some((e) => e.kind === 'request-start')).toBe(true);
    // The first recorder kept recording its own tab only.
    expect(r1Later.sources.every((s) => s.source.url.includes(first))).toBe(true);
    expect(allEvents(r1Later).length).toBeGreaterThan(events.length);
  });
});
