/**
 * The classifier live in the panel: every demo page's traffic gets the right pattern badge in the
 * panel opened as a tab, in both browsers, while the traffic is still flowing. Knobs shorten each
 * pattern's evidence (polls every 400 ms, long-polls held 1.5 s) so the suite stays quick. /upgrade
 * checks that an Engine.IO session's long-poll and the WebSocket it upgrades to are one stream.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BROWSERS, launch, waitFor, type Launched } from '../helpers/browsers';
import { openDemoPage, openPanel, rowPath, rows, waitForRows, type RowData } from '../helpers/panel';
import { PATTERN_PAGES } from '../helpers/pattern-pages';

const demo = inject('demoUrl');


describe.each(BROWSERS)('live patterns in %s', (name) => {
  let l: Launched;
  const opened: Page[] = [];

  beforeAll(async () => {
    l = await launch(name);
  });
  afterAll(async () => {
    await l?.close();
  });

  async function openDemo(pagePath: string): Promise<Page> {
    const { marker } = await openDemoPage(l, demo, pagePath, opened);
    const panel = await openPanel(l, marker);
    opened.push(panel);
    return panel;
  }

  async function closeAll(): Promise<void> {
    for (const p of opened.splice(0)) await p.close().catch(() => undefined);
  }

  it.each(PATTERN_PAGES)('$page: $path is labelled $pattern', async (c) => {
    const panel = await openDemo(c.page);
    const labelled = await waitForRows(
      panel,
      (r) => rowPath(r) === c.path && r.transport === c.transport && r.pattern === c.pattern,
      `${c.path} labelled ${c.pattern}`,
      1,
      30_000,
    );
    // Every row of that endpoint shares the one channel, and the badge shows the same label.
    const all = (await rows(panel)).filter((r) => rowPath(r) === c.path && r.transport === c.transport);
    expect(new Set(all.map((r) => r.channel)).size).toBe(1);
    expect(all.every((r) => r.pattern === c.pattern)).toBe(true);
    // Row and badge read in one go: the reason's numbers move with every request.
    const badge = await panel.$eval(`[data-testid=connection-row][data-key="${labelled[0]!.key}"]`, (row) => {
      const b = row.querySelector('[data-testid=pattern-badge]');
      return { text: b?.textContent ?? '', title: b?.getAttribute('title') ?? '', reason: (row as HTMLElement).dataset['reason'] ?? '' };
    });
    expect(badge.text.toLowerCase()).toBe(c.pattern);
    expect(badge.reason).not.toBe('');
    expect(badge.title).toContain(badge.reason);
    await closeAll();
  });

  it('/chatty: the aggressive pollers are polling and the panel diagnoses the waste', async () => {
    const panel = await openDemo('/chatty?x=1');
    await waitForRows(panel, (r) => r.pattern === 'polling', 'a polling channel', 1, 30_000);
    const count = await waitFor(
      () => panel.$eval('[data-testid=findings-summary]', (s) => Number(s.getAttribute('data-count')) || null),
      'findings on /chatty',
      30_000,
    );
    expect(count).toBeGreaterThan(0);
    // Open a polled row: its channel's evidence and a chatty-polling finding with numbers.
    const polled = (await rows(panel)).find((r) => r.pattern === 'polling')!;
    await panel.evaluate((k) => {
      [...document.querySelectorAll<HTMLElement>('[data-testid=connection-row]')].find((r) => r.dataset['key'] === k)?.click();
    }, polled.key);
    const finding = await waitFor(
      () =>
        panel.evaluate(() => {
          const f = document.querySelector<HTMLElement>('[data-testid=finding][data-rule=chatty-polling]');
          return f ? f.textContent : null;
        }),
      'a chatty-polling finding in the detail',
      30_000,
    );
    expect(finding).toMatch(/identical/);
    expect(finding).toMatch(/\d+(\.\d)? (B|kB|MB)\/min/);
    await closeAll();
  });

  it('/upgrade: Engine.IO long-polling and the WebSocket it upgrades to are one session stream', async () => {
    const panel = await openDemo('/upgrade?hold=1500&upgradeAfter=5000');
    const eio = (r: RowData): boolean => rowPath(r) === '/api/eio/';
    const isPoll = (r: RowData): boolean =>
      eio(r) && r.transport === 'xhr' && r.method === 'GET' && new URL(r.url).searchParams.get('transport') === 'polling';
    const select = (row: RowData): Promise<void> =>
      panel.evaluate((k) => {
        [...document.querySelectorAll<HTMLElement>('[data-testid=connection-row]')].find((r) => r.dataset['key'] === k)?.click();
      }, row.key);
    // On a timeout, say what the Engine.IO rows did show: each channel's label, the polls' evidence and timing.
    const seen = async (): Promise<string> => {
      const all = (await rows(panel)).filter(eio);
      const channels = [...new Map(all.map((r) => [r.channel, { pattern: r.pattern, reason: r.reason, channel: r.channel }])).values()];
      const polls = all.filter(isPoll);
      let evidence = '';
      if (polls[0]) {
        await select(polls[0]);
        await new Promise((r) => setTimeout(r, 300));
        evidence = await panel.$eval('[data-testid=channel-evidence]', (e) => e.textContent ?? '').catch(() => '');
      }
      const timing = polls.map((r) => `${r.start}-${r.end} ${r.state}`).join(', ');
      return `/api/eio/ channels: ${JSON.stringify(channels)}; GET evidence: ${evidence}; GET rows: ${timing}`;
    };
    const tell = async (e: unknown): Promise<never> => {
      throw new Error(`${String(e)}; ${await seen()}`);
    };
    const [socket] = await waitForRows(
      panel,
      (r) => eio(r) && r.transport === 'websocket' && r.pattern === 'websocket',
      'the upgraded WebSocket',
      1,
      30_000,
    ).catch(tell);
    const [longPoll] = await waitForRows(
      panel,
      (r) => isPoll(r) && new URL(r.url).searchParams.has('sid') && r.pattern === 'long-polling',
      'an Engine.IO poll labelled long-polling',
      1,
      30_000,
    ).catch(tell);

    /** Selects a row and reads the session stream its detail shows ('' when none). */
    const streamOf = async (row: RowData): Promise<string> => {
      await select(row);
      return waitFor(
        () =>
          panel.evaluate((url) => {
            const detail = document.querySelector('[data-testid=detail]');
            if (detail?.querySelector('h2')?.textContent !== url) return null;
            return detail.querySelector('[data-testid=stream][data-link=session]')?.textContent ?? '';
          }, row.url),
        `the detail of ${row.url}`,
        10_000,
      );
    };
    const sid = new URL(socket!.url).searchParams.get('sid')!;
    expect(new URL(longPoll!.url).searchParams.get('sid')).toBe(sid);
    // Both rows show the same stream (read again while a label elsewhere in it is still settling).
    const stream = await waitFor(
      async () => {
        const fromSocket = await streamOf(socket!);
        const fromPoll = await streamOf(longPoll!);
        return fromSocket && fromSocket === fromPoll ? fromSocket : null;
      },
      'the same session stream in the WebSocket and the long-poll details',
      30_000,
    ).catch(tell);
    expect(stream).toContain(`One session (${sid})`);
    // The sequence: long-polling first, then the WebSocket.
    expect(stream).toMatch(/long-polling over xhr .*→.*websocket over websocket/);
    expect(stream.indexOf('long-polling')).toBeLessThan(stream.indexOf('websocket'));
    await closeAll();
  });
});
