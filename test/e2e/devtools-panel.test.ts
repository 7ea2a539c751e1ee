/**
 * One smoke test of the real DevTools panel (Chromium only; browser-testing.md): the devtools page
 * creates "Realtime", the panel finds the inspected tab by itself, shows live rows, and Pop out
 * opens the same view in a tab. Uses DevTools internals to select the panel: keep it to this test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, distDir, waitFor } from '../helpers/browsers';

const demo = inject('demoUrl');

it('the Realtime panel inside Chromium DevTools shows the inspected page and pops out', async () => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'pg-devtools-'));
  const browser = await puppeteer.launch({
    executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    pipe: true,
    enableExtensions: true,
    handleDevToolsAsPage: true,
    userDataDir,
    args: CHROMIUM_ARGS,
  });
  try {
    const id = await browser.installExtension(distDir('chromium'));
    await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${id}/`));
    const page = await browser.newPage();
    await page.goto(`${demo}/polling?interval=300`);
    const devtools = await page.openDevTools();
    const panelId = `chrome-extension://${id}Realtime`;
    await waitFor(
      // A string, not a function: the test runner would rewrite import() inside a function body.
      () =>
        devtools.evaluate(`(async () => {
          const UI = await import('./ui/legacy/legacy.js');
          const view = UI.InspectorView.InspectorView.instance();
          if (!view.tabbedPane.tabIds().includes(${JSON.stringify(panelId)})) return false;
          await view.showPanel(${JSON.stringify(panelId)});
          return true;
        })()`) as Promise<boolean>,
      'the Realtime panel in DevTools',
    );
    const frame = await waitFor(async () => devtools.frames().find((f) => f.url().endsWith('/devtools/panel.html')), 'the panel frame');
    const urls = await waitFor(async () => {
      const u = await frame.$$eval('[data-testid=connection-row]', (els) => els.map((e) => (e as HTMLElement).dataset['url'] ?? ''));
      return u.filter((x) => x.includes('/api/poll')).length >= 3 ? u : null;
    }, 'polls listed in the DevTools panel');
    expect(urls.every((u) => u.startsWith(demo))).toBe(true);

    const popped = browser.waitForTarget((t) => t.url().includes('/devtools/panel.html?tabId='));
    await frame.click('[data-testid=pop-out]');
    const tab = await (await popped).page();
    await waitFor(
      async () => ((await tab!.$$('[data-testid=connection-row]')).length >= 3 ? true : null),
      'rows in the popped-out panel',
    );
  } finally {
    await browser.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
});
