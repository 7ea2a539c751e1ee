/**
 * The channel list, the findings view and the options page, in the panel opened as a tab, in both
 * browsers: /all's channels get their badges and evidence, selecting marks rows selected (click,
 * ctrl-click, keyboard), sorting by rate orders rows by their rate, a pattern chip hides the other
 * patterns; /chatty's Findings tab lists a chatty-polling finding with its numbers and clicking it
 * selects its channel; the options page saves a clamped capacity that a reload shows again.
 * Screenshots go to test-results/ for review.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BROWSERS, gotoExtensionPage, launch, waitFor, waitUntil, type Launched } from '../helpers/browsers';
import { openDemoPage, openPanel, shot } from '../helpers/panel';

const demo = inject('demoUrl');

interface ChannelRow {
  key: string;
  pattern: string;
  transport: string;
  selected: string;
  rate: string;
  template: string;
  note: string;
}

function channelRows(panel: Page): Promise<ChannelRow[]> {
  return panel.$$eval('[data-testid=channel-row]', (els) =>
    els.map((e) => {
      const d = (e as HTMLElement).dataset;
      return {
        key: d['key'] ?? '',
        pattern: d['pattern'] ?? '',
        transport: d['transport'] ?? '',
        selected: d['selected'] ?? '',
        rate: d['rate'] ?? '',
        template: e.querySelector('[data-testid=channel-template]')?.textContent ?? '',
        note: e.querySelector('[data-testid=stream-note]')?.textContent ?? '',
      };
    }),
  );
}

/** Clicks the row of a channel (optionally with ctrl, the multi-select modifier). */
function clickRow(panel: Page, key: string, ctrlKey = false): Promise<void> {
  return panel.evaluate(
    (k, ctrl) => {
      const row = [...document.querySelectorAll<HTMLElement>('[data-testid=channel-row]')].find((r) => r.dataset['key'] === k);
      row?.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: ctrl }));
    },
    key,
    ctrlKey,
  );
}

const click = (panel: Page, selector: string): Promise<void> =>
  panel.$eval(selector, (e) => (e as HTMLElement).click());

/** A HAR of `n` one-off fetches, each to its own endpoint (/api/eaaa, /api/eaab, ...): `n` channels. */
function manyEndpointsHar(n: number): string {
  const word = (i: number): string => [676, 26, 1].map((d) => String.fromCharCode(97 + (Math.floor(i / d) % 26))).join('');
  const t0 = Date.parse('2026-11-22T10:00:00Z');
  const entries = Array.from({ length: n }, (_, i) => ({
    _resourceType: 'fetch',
    startedDateTime: new Date(t0 + i * 100).toISOString(),
    time: 20,
    request: { method: 'GET', url: `http://api.example/api/e${word(i)}`, httpVersion: 'http/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: { status: 200, statusText: 'OK', httpVersion: 'http/1.1', headers: [], cookies: [], content: { size: 2, mimeType: 'application/json', text: '{}' }, redirectURL: '', headersSize: -1, bodySize: 2 },
    cache: {},
    timings: { send: 0, wait: 20, receive: 0 },
  }));
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } });
}

interface Window {
  total: number;
  /** Rows in the DOM: aria-rowindex (the header row is 1) and height. */
  index: number[];
  heights: number[];
  /** aria-rowindex of the focused row, if a channel row has focus, and whether it is in view. */
  focused: number | null;
  focusedInView: boolean;
  /** The scroller's visible part below the sticky header is covered by rendered rows. */
  covered: boolean;
}

function channelWindow(panel: Page): Promise<Window> {
  return panel.evaluate(() => {
    const table = document.querySelector<HTMLElement>('[data-testid=channel-table]')!;
    const nav = document.querySelector<HTMLElement>('[data-testid=channel-list]')!;
    const port = nav.getBoundingClientRect();
    const head = table.querySelector('thead')!.getBoundingClientRect();
    const rows = [...table.querySelectorAll<HTMLElement>('[data-testid=channel-row]')];
    const rects = rows.map((r) => r.getBoundingClientRect());
    const f = document.activeElement as HTMLElement | null;
    const fr = f?.dataset['testid'] === 'channel-row' ? f.getBoundingClientRect() : null;
    return {
      total: Number(table.dataset['rows']),
      index: rows.map((r) => Number(r.getAttribute('aria-rowindex'))),
      heights: rects.map((r) => r.height),
      focused: fr ? Number(f!.getAttribute('aria-rowindex')) : null,
      focusedInView: fr !== null && fr.top >= head.bottom - 0.5 && fr.bottom <= port.bottom + 0.5,
      covered: rects.length > 0 && rects[0]!.top <= Math.max(port.top, head.bottom) + 0.5 && rects[rects.length - 1]!.bottom >= port.bottom - 0.5,
    };
  });
}

const selectedKeys = async (panel: Page): Promise<string[]> =>
  (await channelRows(panel)).filter((r) => r.selected === 'true').map((r) => r.key).sort();

describe.each(BROWSERS)('channel list, findings and options in %s', (name) => {
  let l: Launched;
  const opened: Page[] = [];

  beforeAll(async () => {
    l = await launch(name);
  });
  afterAll(async () => {
    for (const p of opened.splice(0)) await p.close().catch(() => undefined);
    await l?.close();
  });

  async function openDemo(pagePath: string): Promise<Page> {
    const { marker } = await openDemoPage(l, demo, pagePath, opened);
    const panel = await openPanel(l, marker);
    opened.push(panel);
    await panel.setViewport({ width: 1400, height: 900 }).catch(() => undefined);
    return panel;
  }

  async function closeAll(): Promise<void> {
    for (const p of opened.splice(0)) await p.close().catch(() => undefined);
  }

  it('/all: every pattern gets a channel row; select, sort and filter', async () => {
    const panel = await openDemo('/all?interval=400&hold=1500&news=0&rate=200&sendEvery=300&upgradeAfter=4000');
    const want = ['polling', 'long-polling', 'sse', 'streaming', 'websocket'];
    const rows = await waitFor(
      async () => {
        const rs = await channelRows(panel);
        const patterns = new Set(rs.map((r) => r.pattern));
        return rs.length >= 6 && want.every((p) => patterns.has(p)) ? rs : null;
      },
      `≥ 6 channels with ${want.join(', ')}`,
      40_000,
    ).catch(async (e: unknown) => {
      throw new Error(`${String(e)}; rows: ${JSON.stringify(await channelRows(panel))}`);
    });
    // Each badge says its row's pattern.
    const badges = await panel.$$eval('[data-testid=channel-row]', (els) =>
      els.map((e) => [(e as HTMLElement).dataset['pattern'], e.querySelector('[data-testid=pattern-badge]')?.className ?? '']),
    );
    for (const [pattern, cls] of badges) expect(cls).toContain(`pattern-${pattern}`);

    // The Engine.IO long-poll notes its upgrade once the WebSocket took over.
    const upgraded = await waitFor(
      async () => (await channelRows(panel)).find((r) => r.note.includes('upgrades to WebSocket')) ?? null,
      'a channel noting "upgrades to WebSocket"',
      30_000,
    );
    expect(upgraded.template).toContain('/api/eio/');

    // Click selects one channel; ctrl-click adds another; clicking "All" clears.
    const polling = rows.find((r) => r.pattern === 'polling' && r.template.includes('/api/poll'))!;
    const ws = rows.find((r) => r.pattern === 'websocket')!;
    await clickRow(panel, polling.key);
    await waitFor(async () => ((await selectedKeys(panel)).join() === polling.key ? true : null), 'the polling row selected');
    expect(await panel.$eval('[data-testid=channel-all]', (b) => b.getAttribute('aria-pressed'))).toBe('false');
    await clickRow(panel, ws.key, true);
    await waitFor(
      async () => ((await selectedKeys(panel)).join() === [polling.key, ws.key].sort().join() ? true : null),
      'ctrl-click adds the WebSocket row',
    );
    await clickRow(panel, ws.key, true);
    await waitFor(async () => ((await selectedKeys(panel)).join() === polling.key ? true : null), 'ctrl-click toggles it off');
    await click(panel, '[data-testid=channel-all]');
    await waitFor(async () => ((await selectedKeys(panel)).length === 0 ? true : null), '"All" clears the selection');

    // Keyboard: focus the first row, ↓ moves to the second, Space toggles it.
    const second = await panel.evaluate(() => {
      const trs = [...document.querySelectorAll<HTMLElement>('[data-testid=channel-row]')];
      trs[0]!.focus();
      const key = (k: string): boolean => trs[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
      key('ArrowDown');
      const active = document.activeElement as HTMLElement | null;
      active?.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true }));
      return { want: trs[1]!.dataset['key'], focused: active?.dataset['key'] };
    });
    expect(second.focused).toBe(second.want);
    await waitFor(async () => ((await selectedKeys(panel)).join() === second.want ? true : null), 'Space selects the focused row');
    await shot(panel, `channels-${name}`);
    await click(panel, '[data-testid=channel-all]');

    // Sort by rate: biggest first, then smallest first; aria-sort follows.
    const orderedBy = async (dir: 1 | -1): Promise<boolean> => {
      const rates = (await channelRows(panel)).map((r) => Number(r.rate));
      return rates.every((r, i) => i === 0 || dir * (r - rates[i - 1]!) >= 0);
    };
    await click(panel, '[data-testid=sort-rate]');
    await waitFor(async () => ((await orderedBy(-1)) ? true : null), 'rows by rate, descending');
    expect(await panel.$eval('[data-testid=sort-rate]', (b) => b.closest('th')?.getAttribute('aria-sort'))).toBe('descending');
    expect(await panel.$eval('[data-testid=sort-pattern]', (b) => b.closest('th')?.getAttribute('aria-sort'))).toBe('none');
    await click(panel, '[data-testid=sort-rate]');
    await waitFor(async () => ((await orderedBy(1)) ? true : null), 'rows by rate, ascending');
    expect(await panel.$eval('[data-testid=sort-rate]', (b) => b.closest('th')?.getAttribute('aria-sort'))).toBe('ascending');
    const byRate = (await channelRows(panel)).map((r) => Number(r.rate));
    expect(byRate.length).toBeGreaterThanOrEqual(6);
    expect(byRate[0]).toBeLessThan(byRate.at(-1)!);

    // A pattern chip shows only that pattern; pressing it again shows everything.
    await click(panel, '[data-testid=pattern-chip][data-pattern=websocket]');
    await waitFor(async () => {
      const rs = await channelRows(panel);
      return rs.length > 0 && rs.every((r) => r.pattern === 'websocket') ? true : null;
    }, 'only WebSocket channels');
    expect(await panel.$eval('[data-testid=pattern-chip][data-pattern=websocket]', (b) => b.getAttribute('aria-pressed'))).toBe('true');
    expect(await panel.$('[data-testid=channels-hidden]')).not.toBeNull();
    await click(panel, '[data-testid=pattern-chip][data-pattern=websocket]');
    await waitFor(async () => ((await channelRows(panel)).length >= 6 ? true : null), 'every channel again');
    await closeAll();
  });

  it('/all: selecting a channel filters the timeline to its lane and the message list to its messages', async () => {
    const panel = await openDemo('/all?x=1');
    const ws = await waitFor(
      async () => (await channelRows(panel)).find((r) => r.pattern === 'websocket') ?? null,
      'the WebSocket channel',
      30_000,
    );
    const lanesDrawn = async (): Promise<string[]> =>
      panel.$eval('[data-testid=timeline-canvas]', (c) =>
        (JSON.parse((c as HTMLElement).dataset['laneStats'] ?? '[]') as { key: string }[]).map((s) => s.key),
      );
    await waitFor(async () => ((await lanesDrawn()).length >= 5 ? true : null), 'several lanes before selecting');
    await clickRow(panel, ws.key);
    await waitFor(async () => {
      const keys = await lanesDrawn();
      return keys.length === 1 && keys[0] === ws.key ? true : null;
    }, 'only the selected lane on the timeline');
    await click(panel, '[data-testid=tab-messages]');
    const channelsShown = await waitFor(async () => {
      const list = await panel.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-testid=message-list] [data-testid=message-row]')].map((r) => r.dataset['channel'] ?? ''),
      );
      return list.length > 0 ? list : null;
    }, 'message rows of the selected channel');
    expect(new Set(channelsShown)).toEqual(new Set([ws.key]));
    await closeAll();
  });

  it('/chatty: the Findings tab lists chatty-polling with its numbers, and clicking it selects its channel', async () => {
    const panel = await openDemo('/chatty?x=1');
    await click(panel, '[data-testid=tab-findings]');
    const finding = await waitFor(
      async () => {
        // The tab re-renders as traffic flows; read the row in one go.
        return panel.evaluate(() => {
          const f = document.querySelector<HTMLElement>('[data-testid=finding-row][data-rule=chatty-polling]');
          if (!f) return null;
          return {
            channel: f.dataset['channel'] ?? '',
            severity: f.dataset['severity'] ?? '',
            text: f.textContent ?? '',
            numbers: [...f.querySelectorAll<HTMLElement>('[data-number]')].map((n) => n.dataset['number']),
            group: f.closest('section.finding-group')?.querySelector('h3')?.textContent ?? '',
          };
        });
      },
      'a chatty-polling finding in the Findings tab',
      40_000,
    );
    expect(['warning', 'error']).toContain(finding.severity);
    expect(finding.group.toLowerCase()).toContain(finding.severity === 'error' ? 'error' : 'warning');
    expect(finding.numbers).toContain('requestsPerMin');
    expect(finding.text).toMatch(/identical/);
    expect(finding.text).toMatch(/\d+(\.\d)? (B|kB|MB)\/min/);
    expect(finding.text).toContain('/api/poll');
    await shot(panel, `findings-${name}`);

    await panel.evaluate((k) => {
      const f = [...document.querySelectorAll<HTMLElement>('[data-testid=finding-row][data-rule=chatty-polling]')].find(
        (r) => r.dataset['channel'] === k,
      );
      f?.querySelector<HTMLElement>('.finding-link')?.click();
    }, finding.channel);
    await waitFor(async () => ((await selectedKeys(panel)).join() === finding.channel ? true : null), "the finding's channel selected");
    expect(await panel.$eval('[data-testid=tab-messages]', (t) => t.getAttribute('aria-selected'))).toBe('true');
    // The channel's row shows its findings count in the worst severity's colour.
    const count = await panel.evaluate((k) => {
      const row = [...document.querySelectorAll<HTMLElement>('[data-testid=channel-row]')].find((r) => r.dataset['key'] === k);
      const c = row?.querySelector<HTMLElement>('[data-testid=channel-findings]');
      return c ? { n: Number(c.textContent), severity: c.dataset['severity'] } : null;
    }, finding.channel);
    expect(count?.n).toBeGreaterThan(0);
    expect(['warning', 'error']).toContain(count?.severity);
    await closeAll();
  });

  it('the options page saves a capacity (clamped) and the preserve-log default; a reload shows them', async () => {
    const page = await l.browser.newPage();
    opened.push(page);
    const url = (q: string): string => l.extensionUrl(`src/panel/options/options.html${q}`);
    const load = async (q: string): Promise<{ capacity: string; preserve: boolean }> => {
      await gotoExtensionPage(l, page, url(q));
      await waitFor(
        () => page.evaluate(() => document.querySelector('[data-testid=options]')?.getAttribute('data-loaded') === 'true' || null),
        'the options loaded',
      );
      return page.evaluate(() => ({
        capacity: document.querySelector<HTMLInputElement>('[data-testid=options-capacity]')!.value,
        preserve: document.querySelector<HTMLInputElement>('[data-testid=options-preserve]')!.checked,
      }));
    };
    const save = async (capacity: string, preserve: boolean): Promise<string> => {
      await page.evaluate(
        (c, p) => {
          const input = document.querySelector<HTMLInputElement>('[data-testid=options-capacity]')!;
          input.value = c;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          const box = document.querySelector<HTMLInputElement>('[data-testid=options-preserve]')!;
          if (box.checked !== p) box.click();
          document.querySelector<HTMLButtonElement>('[data-testid=options-save]')!.click();
        },
        capacity,
        preserve,
      );
      return waitFor(
        () => page.evaluate(() => document.querySelector('[data-testid=options-status]')?.textContent || null),
        'the saved message',
      );
    };

    const first = await load('');
    expect(first).toEqual({ capacity: '1000000', preserve: false });
    // Labels name the controls.
    const labels = await page.evaluate(() =>
      [...document.querySelectorAll('input')].map((i) => (i.labels?.[0]?.textContent ?? '').trim()),
    );
    expect(labels).toEqual(['Messages kept', 'Preserve log across reloads']);
    expect(await save('20000', true)).toMatch(/^Saved\./);
    expect(await load('?reload=1')).toEqual({ capacity: '20000', preserve: true });
    const clamped = await save('5', false);
    expect(clamped).toMatch(/clamped|outside/);
    expect(clamped).toContain('10,000');
    expect(await load('?reload=2')).toEqual({ capacity: '10000', preserve: false });
    await shot(page, `options-${name}`);
    await closeAll();
  });
  it('a thousand endpoints (imported HAR): every channel reachable, only the rows in view rendered, the keyboard walks past them', async () => {
    const { marker } = await openDemoPage(l, demo, '/polling?interval=60000', opened);
    const panel = await openPanel(l, marker);
    opened.push(panel);
    await panel.setViewport({ width: 1200, height: 800 });
    const file = join(mkdtempSync(join(tmpdir(), 'pg-channels-')), 'many.har');
    writeFileSync(file, manyEndpointsHar(1000));
    await ((await panel.$('[data-testid=import-file]')) as ElementHandle<HTMLInputElement>).uploadFile(file);
    const first = await waitUntil(() => channelWindow(panel), (w) => w.total === 1000, '1,000 channels in the list', 30_000);
    expect(first.index.length).toBeGreaterThan(5);
    expect(first.index.length).toBeLessThan(100);
    expect(new Set(first.heights)).toEqual(new Set([36]));
    expect(first.index[0]).toBe(2);
    expect(first.covered).toBe(true);

    // Keyboard: End goes to the last channel, far outside the rendered rows, and shows it.
    await panel.focus('[data-testid=channel-row][aria-rowindex="2"]');
    await panel.keyboard.press('End');
    const end = await waitUntil(() => channelWindow(panel), (w) => w.focused === 1001, 'focus on the last channel');
    expect(end.focusedInView).toBe(true);
    expect(end.covered).toBe(true);
    expect(end.index).toContain(1001);
    expect(end.index).not.toContain(2);
    await panel.keyboard.press('ArrowUp');
    await panel.keyboard.press('ArrowUp');
    await waitUntil(() => channelWindow(panel), (w) => w.focused === 999, 'focus two rows up');
    // Space selects the focused channel; Home goes back to the first.
    await panel.keyboard.press(' ');
    const picked = await waitFor(
      () => panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid=channel-row][data-selected=true]')?.getAttribute('aria-rowindex') ?? null),
      'the focused channel selected',
    );
    expect(picked).toBe('999');
    await panel.keyboard.press('Home');
    const home = await waitUntil(() => channelWindow(panel), (w) => w.focused === 2, 'focus back on the first channel');
    expect(home.focusedInView).toBe(true);

    // Scrolled to the middle: contiguous rows covering the view.
    await panel.$eval('[data-testid=channel-list]', (nav) => {
      nav.scrollTop = (nav.scrollHeight - nav.clientHeight) / 2;
    });
    const mid = await waitUntil(() => channelWindow(panel), (w) => w.covered && w.index[0]! > 300, 'the middle rows rendered');
    expect(mid.index).toEqual(mid.index.map((_, i) => mid.index[0]! + i));
    expect(mid.index.at(-1)!).toBeLessThan(700);
    await shot(panel, `channels-1000-${name}`);
  });
});
