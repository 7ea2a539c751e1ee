/**
 * The unified timeline in the panel opened as a tab, in both browsers, on /all (every transport):
 * the canvas draws a lane per channel with bars and ticks, the WebSocket lane has sent and
 * received ticks; wheel and keys zoom, drag pans and leaves follow mode, the Follow button brings
 * it back; Shift+drag brushes a range (the section's data-range, what the message list filters by)
 * and "Clear range" clears it; hovering a bar names it and clicking it selects its request (the
 * detail pane shows its URL). What was drawn is read from the canvas's data attributes.
 * Screenshots of the panel in light and dark go to test-results/ for review.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { laneGeometry, AXIS_HEIGHT, LABEL_WIDTH, LANE_HEIGHT } from '../../src/panel/timeline/layout';
import { BROWSERS, gotoExtensionPage, launch, waitFor, type Launched } from '../helpers/browsers';
import { openDemoPage, openPanel, shot } from '../helpers/panel';

const demo = inject('demoUrl');
const ALL = '/all?interval=400&hold=1500&news=0&rate=200&sendEvery=300&upgradeAfter=3000';

interface LaneStat {
  key: string;
  template: string;
  pattern: string;
  up: number;
  down: number;
  bars: number;
  messages: number;
}

interface Drawn {
  lanes: number;
  bars: number;
  ticks: number;
  t0: number;
  t1: number;
  drawMs: number;
  laneStats: LaneStat[];
  follow: string;
  range: string;
  /** Canvas box in page coordinates. */
  box: { x: number; y: number; width: number; height: number };
}

function drawn(panel: Page): Promise<Drawn> {
  return panel.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid=timeline-canvas]')!;
    const s = document.querySelector<HTMLElement>('[data-testid=timeline]')!;
    const d = c.dataset;
    const r = c.getBoundingClientRect();
    return {
      lanes: Number(d['lanes'] ?? 0),
      bars: Number(d['bars'] ?? 0),
      ticks: Number(d['ticks'] ?? 0),
      t0: Number(d['t0'] ?? 0),
      t1: Number(d['t1'] ?? 0),
      drawMs: Number(d['drawMs'] ?? NaN),
      laneStats: JSON.parse(d['laneStats'] ?? '[]') as LaneStat[],
      follow: s.dataset['follow'] ?? '',
      range: s.dataset['range'] ?? '',
      box: { x: r.left, y: r.top, width: r.width, height: r.height },
    };
  });
}

const isSocketLane = (s: LaneStat): boolean => s.pattern === 'websocket' && /^\/ws\b/.test(s.template);


describe.each(BROWSERS)('timeline in %s', (name) => {
  let l: Launched;
  let panel: Page;
  const opened: Page[] = [];

  beforeAll(async () => {
    l = await launch(name);
    const { marker } = await openDemoPage(l, demo, ALL, opened);
    panel = await openPanel(l, marker);
    opened.push(panel);
    await panel.setViewport({ width: 1400, height: 900 }).catch(() => undefined);
  });
  afterAll(async () => {
    for (const p of opened.splice(0)) await p.close().catch(() => undefined);
    await l?.close();
  });

  it('/all: draws lanes with bars and ticks; the WebSocket lane has sent and received ticks', async () => {
    const d = await waitFor(
      async () => {
        const x = await drawn(panel);
        const ws = x.laneStats.find(isSocketLane);
        return x.lanes >= 5 && x.bars > 0 && x.ticks > 0 && ws && ws.up > 0 && ws.down > 0 ? x : null;
      },
      '≥ 5 lanes with bars, ticks, and a WebSocket lane with up and down ticks',
      40_000,
    ).catch(async (e: unknown) => {
      throw new Error(`${String(e)}; drawn: ${JSON.stringify(await drawn(panel))}`);
    });
    expect(d.t1).toBeGreaterThan(d.t0);
    expect(d.follow).toBe('true');
    // Following: the right edge is now (the panel's clock), within a couple of live ticks.
    const now = await panel.evaluate(() => Date.now());
    expect(Math.abs(now - d.t1)).toBeLessThan(2000);
    const summary = await panel.$eval('[data-testid=timeline-summary]', (p) => p.textContent ?? '');
    expect(summary).toMatch(/^\d+ channels, [\d,]+ requests?, [\d,]+ messages?; showing \d\d:\d\d:\d\d to \d\d:\d\d:\d\d/);
    expect(await panel.$eval('[data-testid=timeline-canvas]', (c) => c.getAttribute('aria-label'))).toMatch(/Timeline/);

    // Draw timings while the traffic flows (live redraws every 250 ms while following).
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      samples.push((await drawn(panel)).drawMs);
      await new Promise((r) => setTimeout(r, 150));
    }
    samples.sort((a, b) => a - b);
    console.log(`[timeline ${name}] /all draw ms: median ${samples[10]} max ${samples[19]} (lanes ${d.lanes}, bars ${d.bars}, ticks ${d.ticks})`);
    expect(samples[10]).toBeLessThan(50);
  });

  it('wheel and keys zoom; drag pans out of follow mode; the Follow button returns', async () => {
    const before = await drawn(panel);
    const cx = before.box.x + LABEL_WIDTH + (before.box.width - LABEL_WIDTH) / 2;
    const cy = before.box.y + AXIS_HEIGHT + LANE_HEIGHT / 2;
    await panel.mouse.move(cx, cy);
    await panel.mouse.wheel({ deltaY: -400 });
    const zoomed = await waitFor(
      async () => {
        const x = await drawn(panel);
        return x.t1 - x.t0 < (before.t1 - before.t0) * 0.8 ? x : null;
      },
      'a narrower window after wheel zoom',
    );
    // Zooming while following keeps the live edge.
    expect(zoomed.follow).toBe('true');

    // Keys: + zooms in, - zooms out.
    await panel.focus('[data-testid=timeline-canvas]');
    const span = zoomed.t1 - zoomed.t0;
    await panel.keyboard.press('Equal');
    await waitFor(async () => {
      const x = await drawn(panel);
      return Math.abs(x.t1 - x.t0 - span / 1.5) < span * 0.05 ? x : null;
    }, '+ zooms in by 1.5x');
    await panel.keyboard.press('Minus');
    await waitFor(async () => {
      const x = await drawn(panel);
      return Math.abs(x.t1 - x.t0 - span) < span * 0.05 ? x : null;
    }, '- zooms back out');

    // Drag right: earlier times, follow off.
    const start = await drawn(panel);
    await panel.mouse.move(cx, cy);
    await panel.mouse.down();
    await panel.mouse.move(cx + 60, cy, { steps: 4 });
    await panel.mouse.move(cx + 120, cy, { steps: 4 });
    await panel.mouse.up();
    // Follow turns off at the drag's first move; wait until its last move has been drawn too
    // (under load the browser may still be delivering them), then the window must stay put.
    let prev: Drawn | null = null;
    const panned = await waitFor(async () => {
      const x = await drawn(panel);
      const settled = x.follow === 'false' && prev !== null && prev.t0 === x.t0 && prev.t1 === x.t1;
      prev = x;
      return settled ? x : null;
    }, 'follow off and the window still after a drag');
    const perPx = (start.t1 - start.t0) / (start.box.width - LABEL_WIDTH);
    expect(panned.t1).toBeLessThan(start.t1 - 60 * perPx);
    expect(panned.t1 - panned.t0).toBeCloseTo(start.t1 - start.t0, -1);
    // Still for good: a frozen window does not move.
    await new Promise((r) => setTimeout(r, 600));
    expect((await drawn(panel)).t1).toBe(panned.t1);
    expect(await panel.$eval('[data-testid=timeline-follow]', (b) => b.getAttribute('aria-pressed'))).toBe('false');

    await panel.$eval('[data-testid=timeline-follow]', (b) => (b as HTMLButtonElement).click());
    const live = await waitFor(async () => {
      const x = await drawn(panel);
      return x.follow === 'true' ? x : null;
    }, 'follow on again');
    const now = await panel.evaluate(() => Date.now());
    expect(Math.abs(now - live.t1)).toBeLessThan(2000);
  });

  it('Shift+drag brushes a range; "Clear range" clears it', async () => {
    const d = await drawn(panel);
    const y = d.box.y + AXIS_HEIGHT + LANE_HEIGHT / 2;
    const x0 = d.box.x + LABEL_WIDTH + 100;
    const x1 = x0 + 150;
    await panel.keyboard.down('Shift');
    await panel.mouse.move(x0, y);
    await panel.mouse.down();
    await panel.mouse.move(x0 + 50, y, { steps: 3 });
    await panel.mouse.move(x1, y, { steps: 3 });
    await panel.mouse.up();
    await panel.keyboard.up('Shift');
    const after = await waitFor(async () => {
      const x = await drawn(panel);
      return x.range ? x : null;
    }, 'a brushed range on the timeline');
    const [from, to] = after.range.split(',').map(Number) as [number, number];
    expect(to).toBeGreaterThan(from);
    // 150 px of a window of this width (the window moves while following: compare the width only).
    const perPx = (after.t1 - after.t0) / (after.box.width - LABEL_WIDTH);
    expect((to - from) / perPx).toBeGreaterThan(140);
    expect((to - from) / perPx).toBeLessThan(160);
    expect(from).toBeGreaterThanOrEqual(d.t0);
    expect(await panel.$eval('[data-testid=timeline-range]', (s) => s.textContent ?? '')).toMatch(/\d\d:\d\d:\d\d\.\d{3} – /);
    await shot(panel, `timeline-range-${name}`);
    await panel.$eval('[data-testid=timeline-clear-range]', (b) => (b as HTMLButtonElement).click());
    await waitFor(async () => ((await drawn(panel)).range === '' ? true : null), 'the range cleared');
  });

  it('hovering a bar names it; clicking it selects its request', async () => {
    // Freeze the window showing everything, then aim at the middle of the WebSocket's bar.
    await panel.focus('[data-testid=timeline-canvas]');
    await panel.keyboard.press('0');
    await panel.keyboard.press('KeyF');
    const d = await waitFor(async () => {
      const x = await drawn(panel);
      return x.follow === 'false' ? x : null;
    }, 'follow off by F');
    const lane = d.laneStats.findIndex(isSocketLane);
    expect(lane).toBeGreaterThanOrEqual(0);
    const g = laneGeometry(LANE_HEIGHT);
    const scrollTop = await panel.$eval('.timeline-scroll', (s) => s.scrollTop);
    const first = Math.floor(scrollTop / LANE_HEIGHT);
    const x = d.box.x + LABEL_WIDTH + (d.box.width - LABEL_WIDTH) * 0.6;
    const y = d.box.y + AXIS_HEIGHT + (first + lane) * LANE_HEIGHT - scrollTop + g.barTop + g.barHeight / 2;
    await panel.mouse.move(x - 5, y);
    await panel.mouse.move(x, y);
    const tip = await waitFor(
      () =>
        panel.$eval('[data-testid=timeline-tooltip]', (t) => ((t as HTMLElement).hidden ? null : (t.textContent ?? null))),
      'a tooltip over the bar',
    );
    expect(tip).toMatch(/^WebSocket ws:\/\/[^\n]*\/ws/);
    expect(tip).toMatch(/open|closed/);
    await panel.mouse.click(x, y);
    const h2 = await waitFor(
      () => panel.evaluate(() => document.querySelector('[data-testid=detail] h2')?.textContent ?? null),
      'the detail pane of the clicked request',
    );
    expect(h2).toMatch(/^ws:\/\/[^/]+\/ws/);
    // The selected bar is outlined on the next frame (the canvas redraws on the selection).
    await panel.keyboard.press('KeyF');
  });

  it('light and dark theme: the timeline follows the panel theme (screenshots)', async () => {
    await shot(panel, `timeline-light-${name}`);
    const tabId = new URL(panel.url()).searchParams.get('tabId');
    let dark: Page;
    if (name === 'chromium') {
      // The panel picks its theme at load from prefers-color-scheme when outside DevTools.
      dark = await l.browser.newPage();
      opened.push(dark);
      await dark.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
      await dark.setViewport({ width: 1400, height: 900 }).catch(() => undefined);
      await gotoExtensionPage(l, dark, l.extensionUrl(`devtools/panel.html?tabId=${tabId}`));
    } else {
      // No media emulation over BiDi here: switch the theme class the way a DevTools theme change does.
      dark = panel;
      await panel.evaluate(() => document.documentElement.classList.add('dark'));
    }
    await waitFor(async () => ((await drawn(dark)).lanes >= 5 ? true : null), 'the dark panel draws its lanes', 40_000);
    const bg = await waitFor(
      () =>
        dark.evaluate(() => {
          const c = document.querySelector<HTMLCanvasElement>('[data-testid=timeline-canvas]')!;
          const px = c.getContext('2d')!.getImageData(2, c.height - 2, 1, 1).data;
          return px[0]! < 80 && px[1]! < 80 && px[2]! < 80 ? [px[0], px[1], px[2]] : null;
        }),
      'a dark canvas background',
    );
    expect(bg.length).toBe(3);
    await shot(dark, `timeline-dark-${name}`);
  });
});
