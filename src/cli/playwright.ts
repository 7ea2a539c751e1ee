/**
 * `polltergeist/playwright`: record what a page does in a Playwright test and fail the test on
 * what Polltergeist finds. Playwright is yours (pass its `chromium`); we only use its API.
 *
 *   import { test, chromium } from '@playwright/test';
 *   import { launchChromium, recordPage, assertNoFindings } from 'polltergeist/playwright';
 *
 *   test('the dashboard does not poll too much', async () => {
 *     const context = await launchChromium(chromium);     // the system Chromium with the extension
 *     const page = await context.newPage();
 *     const recording = await recordPage(page);
 *     await page.goto('https://staging.example.com/dashboard');
 *     await page.waitForTimeout(15_000);
 *     const { report } = await recording.stop();
 *     await context.close();
 *     assertNoFindings(report, 'warning');                 // throws, naming each chatty endpoint
 *   });
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, BrowserType, Page } from 'playwright-core';
import { findBrowser } from './find-browser';
import { distDir, requireBuiltExtension } from './launch';
import { driverFor, startPageRecording, type PageRecorder } from './page-recorder';

export { assertNoFindings, findingsAtOrAbove } from './findings-check';
export type { PageRecorder } from './page-recorder';

export interface LaunchChromiumOptions {
  /** Default true (Chromium's new headless mode runs extensions). */
  readonly headless?: boolean;
  /** Default: the system Chromium/Chrome (PATH, or CHROME_PATH). */
  readonly executablePath?: string;
  /** Default: a fresh temporary profile. */
  readonly userDataDir?: string;
}

/** A persistent context (extensions need one) of Chromium with the Polltergeist extension loaded. */
export async function launchChromium(chromium: BrowserType, options: LaunchChromiumOptions = {}): Promise<BrowserContext> {
  const ext = distDir('chromium');
  requireBuiltExtension(ext);
  const context = await chromium.launchPersistentContext(options.userDataDir ?? mkdtempSync(join(tmpdir(), 'pg-playwright-')), {
    executablePath: options.executablePath ?? findBrowser('chromium').executablePath,
    headless: options.headless ?? true,
    args: [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
  });
  await extensionId(context);
  return context;
}

/**
 * Starts recording `page` (of a context with the extension): it shows our start page while the
 * recorder subscribes, so navigate it afterwards; everything from that navigation on is recorded.
 */
export async function recordPage(page: Page): Promise<PageRecorder> {
  const context = page.context();
  return startPageRecording(driverFor(page, () => context.newPage(), await extensionId(context)));
}

async function extensionId(context: BrowserContext): Promise<string> {
  const worker =
    context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://'), timeout: 15_000 }));
  return new URL(worker.url()).host;
}
