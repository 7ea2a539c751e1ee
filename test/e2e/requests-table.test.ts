/**
 * The Requests table past 500 records, in both browsers: a page polling every 10 ms makes hundreds
 * of requests a few seconds in. Every record stays reachable by scrolling (the table used to stop
 * at the latest 500), only the rows near the viewport are in the DOM, every row is exactly the
 * height the windowing assumes, the table follows the newest while scrolled to the bottom and stays
 * where the user scrolled otherwise, and a row from the middle opens its detail.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BROWSERS, launch, waitFor, waitUntil, type Launched } from '../helpers/browsers';
import { openDemoPage, openPanel, shot } from '../helpers/panel';

const demo = inject('demoUrl');

interface Shown {
  /** Records in the table. */
  total: number;
  /** Rows in the DOM: their aria-rowindex (the header is 1) and height. */
  index: number[];
  heights: number[];
  /** Rows whose box overlaps the visible part of the scroller, by aria-rowindex. */
  visible: number[];
  scrollTop: number;
  atBottom: boolean;
  /** The visible part of the scroller below the header row is covered by rendered rows. */
  covered: boolean;
}

function shown(panel: Page): Promise<Shown> {
  return panel.evaluate(() => {
    const table = document.querySelector<HTMLElement>('[data-testid=connections]')!;
    const scroller = table.parentElement!;
    const port = scroller.getBoundingClientRect();
    const head = table.querySelector('thead')!.getBoundingClientRect();
    const rows = [...table.querySelectorAll<HTMLElement>('tbody [data-testid=connection-row]')];
    const rects = rows.map((r) => r.getBoundingClientRect());
    const viewTop = Math.max(port.top, head.bottom);
    const index = rows.map((r) => Number(r.getAttribute('aria-rowindex')));
    return {
      total: Number(table.dataset['rows']),
      index,
      heights: rects.map((r) => r.height),
      visible: index.filter((_, i) => rects[i]!.bottom > port.top && rects[i]!.top < port.bottom),
      scrollTop: scroller.scrollTop,
      atBottom: scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2,
      covered: rects.length > 0 && rects[0]!.top <= viewTop + 0.5 && rects[rects.length - 1]!.bottom >= port.bottom - 0.5,
    };
  });
}

const frames = (panel: Page): Promise<unknown> =>
  panel.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

describe.each(BROWSERS)('Requests table past 500 records in %s', (name) => {
  let l: Launched;

  beforeAll(async () => {
    l = await launch(name);
  });
  // Closing the browser closes the demo page and the panel.
  afterAll(() => l?.close());

  it('keeps every record reachable, renders only the rows in view, follows the newest at the bottom', async () => {
    const { marker } = await openDemoPage(l, demo, '/polling?interval=10&change=0', []);
    const panel = await openPanel(l, marker);
    await panel.setViewport({ width: 1200, height: 800 });

    const past = await waitUntil(() => shown(panel), (s) => s.total > 650, 'more than 650 requests in the table', 60_000);
    // Rows in the DOM: what the viewport shows plus a margin, not hundreds.
    expect(past.index.length).toBeGreaterThan(5);
    expect(past.index.length).toBeLessThan(100);
    expect(new Set(past.heights)).toEqual(new Set([23]));
    // Following: at the bottom, the newest record is the last row, in view.
    expect(past.atBottom).toBe(true);
    expect(past.covered).toBe(true);
    await waitUntil(() => shown(panel), (s) => s.atBottom && s.index.at(-1) === s.total + 1 && s.visible.includes(s.total + 1), 'the newest record in view at the bottom');

    // Back to the top: the first request, and the table stays there while new ones arrive.
    await panel.evaluate(() => {
      document.querySelector<HTMLElement>('[data-testid=connections]')!.parentElement!.scrollTop = 0;
    });
    await frames(panel);
    const top = await waitUntil(() => shown(panel), (s) => s.index[0] === 2, 'the first record rendered at the top');
    expect(top.visible[0]).toBe(2);
    expect(top.covered).toBe(true);
    const before = top.total;
    await waitUntil(() => shown(panel), (s) => s.total > before + 20, 'more requests arriving');
    const still = await shown(panel);
    expect(still.scrollTop).toBe(0);
    expect(still.index[0]).toBe(2);

    // The middle: contiguous rows that cover the viewport, none of the first or last ones.
    await panel.evaluate(() => {
      const s = document.querySelector<HTMLElement>('[data-testid=connections]')!.parentElement!;
      s.scrollTop = (s.scrollHeight - s.clientHeight) / 2;
    });
    await frames(panel);
    const mid = await waitUntil(() => shown(panel), (s) => s.covered && s.index[0]! > 100, 'rows in the middle rendered');
    expect(mid.index).toEqual(mid.index.map((_, i) => mid.index[0]! + i));
    expect(mid.index.at(-1)!).toBeLessThan(mid.total - 50);
    expect(mid.atBottom).toBe(false);
    await shot(panel, `requests-table-middle-${name}`);

    // A row from the middle opens its detail.
    const key = await panel.evaluate((i) => {
      const row = document.querySelector<HTMLElement>(`[data-testid=connection-row][aria-rowindex="${i}"]`)!;
      row.click();
      return row.dataset['key']!;
    }, mid.visible[Math.floor(mid.visible.length / 2)]!);
    const detail = await waitFor(
      () => panel.evaluate(() => document.querySelector('[data-testid=detail] h2')?.textContent ?? null),
      'the detail of the clicked row',
    );
    expect(detail).toContain('/api/poll');
    expect(await panel.$eval(`[data-testid=connection-row][data-key="${key}"]`, (r) => r.getAttribute('aria-selected'))).toBe('true');

    // Scrolled to the bottom again: following resumes.
    await panel.evaluate(() => {
      const s = document.querySelector<HTMLElement>('[data-testid=connections]')!.parentElement!;
      s.scrollTop = s.scrollHeight;
    });
    await frames(panel);
    const later = (await shown(panel)).total;
    await waitUntil(() => shown(panel), (s) => s.total > later + 20 && s.atBottom && s.index.at(-1) === s.total + 1, 'following the newest again');
  }, 120_000);
});
