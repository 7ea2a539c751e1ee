/**
 * Launching the system browsers with the built extension (recipes in shared/docs/browser-testing.md).
 * One browser at a time: callers close what they launch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import manifest from '../../manifest.json' with { type: 'json' };

export type BrowserName = 'chromium' | 'firefox';
export const BROWSERS: readonly BrowserName[] = ['chromium', 'firefox'];

const GECKO_ID = manifest.browser_specific_settings.gecko.id;
/** Pinned so moz-extension:// URLs are predictable. */
const FIREFOX_UUID = '6f1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d';

export interface Launched {
  readonly name: BrowserName;
  readonly browser: Browser;
  /** URL of a page inside the extension. */
  extensionUrl(path: string): string;
  close(): Promise<void>;
}

/** Root in a sandbox-less container, no GPU, and no background calls to hosts the closed network refuses. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function distDir(name: BrowserName): string {
  return resolve(import.meta.dirname, '../../dist', name === 'chromium' ? 'chrome' : 'firefox');
}

export interface LaunchOptions {
  /** Default true. */
  extension?: boolean;
  /**
   * Default true. False stops puppeteer from monitoring network traffic (CDP Network domain,
   * BiDi network events): page.on('request'/'response') then stay silent, but each request and
   * WebSocket frame no longer costs the browser protocol work. The benchmarks need that: with
   * monitoring on, Chromium takes ~2.5x longer to receive a burst of WebSocket messages.
   */
  networkEnabled?: boolean;
  /** The built extension to install; default distDir(name). */
  extensionDir?: string;
}

export async function launch(name: BrowserName, opts: LaunchOptions = {}): Promise<Launched> {
  const withExtension = opts.extension !== false;
  const networkEnabled = opts.networkEnabled !== false;
  const dir = opts.extensionDir ?? distDir(name);
  return name === 'chromium' ? launchChromium(withExtension, networkEnabled, dir) : launchFirefox(withExtension, networkEnabled, dir);
}

async function launchChromium(withExtension: boolean, networkEnabled: boolean, dir: string): Promise<Launched> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'pg-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    pipe: true,
    enableExtensions: withExtension,
    networkEnabled,
    userDataDir,
    args: CHROMIUM_ARGS,
  });
  let id = '';
  if (withExtension) {
    id = await browser.installExtension(dir);
    await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${id}/`), {
      timeout: 15_000,
    });
  }
  return {
    name: 'chromium',
    browser,
    extensionUrl: (path) => `chrome-extension://${id}/${path}`,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

async function launchFirefox(withExtension: boolean, networkEnabled: boolean, dir: string): Promise<Launched> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr',
    headless: true,
    enableExtensions: withExtension,
    networkEnabled,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      // Tests keep the demo page in a background tab while the panel tab is in front: stop
      // Firefox from clamping that page's timers to 1 s, as an unthrottled user tab would run.
      'dom.min_background_timeout_value': 4,
      'dom.min_background_timeout_value_without_budget_throttling': 4,
      'dom.timeout.enable_budget_timer_throttling': false,
    },
  });
  if (withExtension) await browser.installExtension(dir);
  return {
    name: 'firefox',
    browser,
    extensionUrl: (path) => `moz-extension://${FIREFOX_UUID}/${path}`,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== null && v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Navigates a tab to an extension page. Firefox never resolves page.goto for moz-extension://
 * (browser-testing.md), so there we start it and poll the document instead.
 */
export async function gotoExtensionPage(l: Launched, page: Page, url: string): Promise<void> {
  if (l.name === 'chromium') {
    await page.goto(url);
    return;
  }
  void page.goto(url).catch(() => undefined);
  await waitFor(
    () => page.evaluate((u) => location.href === u && document.readyState === 'complete', url),
    `navigation to ${url}`,
  );
}
