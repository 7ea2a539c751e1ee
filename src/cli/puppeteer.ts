/**
 * `polltergeist/puppeteer`: record what a page does in a Puppeteer script or test and fail it on
 * what Polltergeist finds, in a browser you launched with the extension.
 *
 *   import puppeteer from 'puppeteer-core';
 *   import { extensionPath, recordPage, assertNoFindings } from 'polltergeist/puppeteer';
 *
 *   const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', pipe: true, enableExtensions: [extensionPath()] });
 *   const page = await browser.newPage();
 *   const recording = await recordPage(page);
 *   await page.goto('https://staging.example.com/dashboard');
 *   await new Promise((r) => setTimeout(r, 15_000));
 *   const { report } = await recording.stop();
 *   await browser.close();
 *   assertNoFindings(report, 'warning');
 */
import type { Browser, Page } from 'puppeteer-core';
import { distDir, requireBuiltExtension } from './launch';
import { driverFor, startPageRecording, type PageRecorder } from './page-recorder';

export { assertNoFindings, findingsAtOrAbove } from './findings-check';
export type { PageRecorder } from './page-recorder';

/** The built Chromium extension to load (`enableExtensions: [extensionPath()]`, or --load-extension). */
export function extensionPath(): string {
  const dir = distDir('chromium');
  requireBuiltExtension(dir);
  return dir;
}

/**
 * Starts recording `page` (of a browser with the extension): it shows our start page while the
 * recorder subscribes, so navigate it afterwards; everything from that navigation on is recorded.
 */
export async function recordPage(page: Page): Promise<PageRecorder> {
  const browser = page.browser();
  return startPageRecording(driverFor(page, () => browser.newPage(), await extensionId(browser)));
}

async function extensionId(browser: Browser): Promise<string> {
  const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 15_000 });
  return new URL(target.url()).host;
}
