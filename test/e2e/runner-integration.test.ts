/**
 * The test-runner integrations, as a user's test uses them against the demo server: Playwright
 * (its persistent context with the system Chromium and the extension, through
 * polltergeist/playwright) and Puppeteer (a browser launched with the extension, through
 * polltergeist/puppeteer) record /chatty, and the assertion fails naming the chatty endpoint.
 */
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { describe, expect, inject, it } from 'vitest';
import { findBrowser } from '../../src/cli/find-browser';
import { CHROMIUM_ARGS } from '../../src/cli/launch';
import * as pw from '../../src/cli/playwright';
import * as pp from '../../src/cli/puppeteer';
import { sleep } from '../../src/cli/wait';

const demo = inject('demoUrl');
const RECORD_MS = 8_000;

function failureOf(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('recording a page in a test and failing it on findings', () => {
  it('Playwright: launchChromium + recordPage + assertNoFindings', async () => {
    const context = await pw.launchChromium(chromium);
    try {
      const page = await context.newPage();
      const recording = await pw.recordPage(page);
      await page.goto(`${demo}/chatty`);
      await sleep(RECORD_MS);
      const { report, har } = await recording.stop();
      expect(har.log.entries.length).toBeGreaterThan(5);
      const message = failureOf(() => pw.assertNoFindings(report, 'warning'));
      expect(message).toMatch(/^Polltergeist found \d+ problems? at or above warning:/);
      expect(message).toMatch(/chatty-polling on fetch GET http:\/\/127\.0\.0\.1:\d+\/api\//);
      expect(() => pw.assertNoFindings({ ...report, findings: [] })).not.toThrow();
    } finally {
      await context.close();
    }
  }, 60_000);

  it('Puppeteer: a browser launched with extensionPath() + recordPage + assertNoFindings', async () => {
    const browser = await puppeteer.launch({
      executablePath: findBrowser('chromium').executablePath,
      headless: true,
      pipe: true,
      enableExtensions: [pp.extensionPath()],
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage();
      const recording = await pp.recordPage(page);
      await page.goto(`${demo}/chatty`);
      await sleep(RECORD_MS);
      const { report } = await recording.stop();
      const message = failureOf(() => pp.assertNoFindings(report, 'warning'));
      expect(message).toMatch(/chatty-polling on fetch GET http:\/\/127\.0\.0\.1:\d+\/api\//);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
