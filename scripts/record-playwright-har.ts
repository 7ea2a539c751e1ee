/**
 * `npm run record:har:playwright`: records demo pages with Playwright's own HAR recorder
 * (`browser.newContext({ recordHar })`, playwright-core driving the system Chromium, no
 * extension) and writes test/fixtures/har/playwright-<page>.har, as a Playwright test suite that
 * records HARs writes them. test/corpus/har-fixtures.test.ts analyzes them.
 *
 * Playwright writes response bodies (`content: 'embed'`), so an SSE stream's events are in its
 * body without times, and no `_webSocketMessages`. Each page is recorded for RECORD_MS from its
 * navigation; the context is closed then, which ends the open requests.
 *
 *   flock /tmp/polltergeist-browser.lock npm run record:har:playwright
 */
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../demo-server/server';
import { findBrowser } from '../src/cli/find-browser';
import { finishFixture } from './har-fixture';

const PAGES: readonly { readonly name: string; readonly path: string }[] = [
  { name: 'polling', path: '/polling?interval=500' },
  { name: 'sse', path: '/sse?rate=200' },
  { name: 'sse-fetch', path: '/sse-fetch?rate=200' },
  { name: 'websocket', path: '/websocket?sendEvery=300' },
];
const RECORD_MS = 6_000;
const OUT = resolve(import.meta.dirname, '../test/fixtures/har');

const wanted = process.argv.slice(2);
const server = await startDemoServer({ port: 0 });
const browser = await chromium.launch({ executablePath: findBrowser('chromium').executablePath, headless: true });
try {
  for (const spec of PAGES.filter((p) => wanted.length === 0 || wanted.includes(p.name))) {
    const file = join(OUT, `playwright-${spec.name}.har`);
    const context = await browser.newContext({ recordHar: { path: file, content: 'embed' } });
    const page = await context.newPage();
    await page.goto(`${server.url}${spec.path}`);
    await page.waitForTimeout(RECORD_MS);
    await context.close();
    finishFixture(file);
  }
} finally {
  await browser.close();
  await server.close();
}
