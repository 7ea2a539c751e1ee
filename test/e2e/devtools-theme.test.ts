/**
 * The panel follows the theme: DevTools' `themeName` inside DevTools, the system's colour scheme
 * when opened as a tab (checked here through the tab with an emulated `prefers-color-scheme`, in
 * Chromium; Firefox over BiDi cannot emulate media features). Saves a light and a dark screenshot
 * of /all to test-results/ for review.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gotoExtensionPage, launch, waitFor, type Launched } from '../helpers/browsers';
import { findTabId, openDemoPage } from '../helpers/panel';

const demo = inject('demoUrl');

describe('panel theme in chromium', () => {
  let l: Launched;
  let marker = '';

  beforeAll(async () => {
    l = await launch('chromium');
    ({ marker } = await openDemoPage(l, demo, '/all?interval=400&hold=1500&news=0&rate=200&sendEvery=300&upgradeAfter=3000', []));
  });
  afterAll(async () => {
    await l?.close();
  });

  async function panelIn(scheme: 'light' | 'dark'): Promise<Page> {
    const panel = await l.browser.newPage();
    await panel.setViewport({ width: 1400, height: 900 });
    await panel.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await gotoExtensionPage(l, panel, l.extensionUrl('devtools/panel.html'));
    const tabId = await findTabId(l, panel, marker);
    await gotoExtensionPage(l, panel, l.extensionUrl(`devtools/panel.html?tabId=${tabId}`));
    // Enough traffic for the screenshot to show every pattern.
    await waitFor(
      () => panel.evaluate(() => document.querySelectorAll('[data-testid=channel-row]').length >= 6 || null),
      'six channels',
      30_000,
    );
    return panel;
  }

  const colours = (panel: Page): Promise<{ dark: boolean; scheme: string; bg: string; fg: string; sel: string }> =>
    panel.evaluate(() => {
      const style = getComputedStyle(document.body);
      return {
        dark: document.documentElement.classList.contains('dark'),
        // Native scrollbars and form controls follow it: no white scrollbar in a dark panel.
        scheme: getComputedStyle(document.documentElement).colorScheme,
        bg: style.backgroundColor,
        fg: style.color,
        sel: getComputedStyle(document.documentElement).getPropertyValue('--sel').trim(),
      };
    });

  it.each(['light', 'dark'] as const)('%s', async (scheme) => {
    const panel = await panelIn(scheme);
    const c = await colours(panel);
    expect(c.dark).toBe(scheme === 'dark');
    expect(c.scheme).toBe(scheme);
    const lum = (rgb: string): number => {
      const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
      return (r + g + b) / 3;
    };
    if (scheme === 'dark') expect(lum(c.bg)).toBeLessThan(lum(c.fg));
    else expect(lum(c.bg)).toBeGreaterThan(lum(c.fg));
    // Select a channel so the screenshot shows the selection colour too.
    await panel.evaluate(() => document.querySelector<HTMLElement>('[data-testid=channel-row]')?.click());
    mkdirSync('test-results', { recursive: true });
    await panel.screenshot({ path: `test-results/theme-${scheme}.png` });
    await panel.close();
  });
});
