/**
 * Launching a system browser with the built extension (recipes in shared/docs/browser-testing.md):
 * Chromium over a CDP pipe with `installExtension`, Firefox over WebDriver BiDi with the add-on
 * installed as a temporary one under a pinned UUID, so `moz-extension://` URLs are predictable.
 * Used by `polltergeist record`, `npm start`, `npm run chrome` and the browser tests.
 * One browser at a time: callers close what they launch.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Browser, LaunchOptions as PuppeteerLaunchOptions, Page } from 'puppeteer-core';
import { CliError } from './errors';
import { findBrowser, type BrowserName } from './find-browser';
import { packageInfo } from './package-root';
import { waitFor } from './wait';

export type { BrowserName } from './find-browser';

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

/** Pinned so moz-extension:// URLs are predictable. */
export const FIREFOX_UUID = '6f1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d';

/** The built extension for a browser: dist/chrome or dist/firefox in the package root. */
export function distDir(name: BrowserName): string {
  return join(packageInfo().root, 'dist', name === 'chromium' ? 'chrome' : 'firefox');
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
  /** Default: findBrowser(name) (CHROME_PATH / FIREFOX_PATH, else PATH). */
  executablePath?: string;
  /** Default true. */
  headless?: boolean;
  /** Default true: puppeteer closes the browser on SIGINT/SIGTERM. The CLI handles them itself. */
  handleSignals?: boolean;
}

/** Loaded on first launch: it takes ~0.5 s, which `analyze` and `--help` need not pay. */
async function puppeteer(): Promise<typeof import('puppeteer-core').default> {
  try {
    return (await import('puppeteer-core')).default;
  } catch (e) {
    throw new CliError(`cannot load puppeteer-core (${firstLine(e)}): run npm install in ${packageInfo().root}`);
  }
}

export async function launch(name: BrowserName, opts: LaunchOptions = {}): Promise<Launched> {
  const withExtension = opts.extension !== false;
  const dir = opts.extensionDir ?? distDir(name);
  if (withExtension) requireBuiltExtension(dir);
  const executablePath = opts.executablePath ?? findBrowser(name).executablePath;
  const common: PuppeteerLaunchOptions = {
    executablePath,
    headless: opts.headless !== false,
    enableExtensions: withExtension,
    networkEnabled: opts.networkEnabled !== false,
    handleSIGINT: opts.handleSignals !== false,
    handleSIGTERM: opts.handleSignals !== false,
  };
  return name === 'chromium' ? launchChromium(common, withExtension, dir) : launchFirefox(common, withExtension, dir);
}

/** The extension must have been built (npm run build) before a browser can load it. */
export function requireBuiltExtension(dir: string): void {
  if (!existsSync(join(dir, 'manifest.json'))) {
    const shown = relative(process.cwd(), dir) || dir;
    throw new CliError(`the extension is not built: ${join(shown, 'manifest.json')} is missing. Run npm run build first (in ${packageInfo().root}).`);
  }
}

async function launchChromium(common: PuppeteerLaunchOptions, withExtension: boolean, dir: string): Promise<Launched> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'pg-chromium-'));
  let browser: Browser;
  try {
    browser = await (await puppeteer()).launch({ ...common, pipe: true, userDataDir, args: CHROMIUM_ARGS });
  } catch (e) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw launchError('Chromium', common.executablePath!, e);
  }
  const close = async (): Promise<void> => {
    await browser.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
  };
  let id = '';
  if (withExtension) {
    try {
      id = await browser.installExtension(dir);
      await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${id}/`), {
        timeout: 15_000,
      });
    } catch (e) {
      await close();
      throw new CliError(`Chromium did not load the extension from ${dir}: ${firstLine(e)}`);
    }
  }
  return { name: 'chromium', browser, extensionUrl: (path) => `chrome-extension://${id}/${path}`, close };
}

async function launchFirefox(common: PuppeteerLaunchOptions, withExtension: boolean, dir: string): Promise<Launched> {
  const prefs: Record<string, unknown> = {
    // Recordings keep the page in a background tab while an extension page is in front at times:
    // stop Firefox from clamping that page's timers to 1 s, as an unthrottled user tab would run.
    'dom.min_background_timeout_value': 4,
    'dom.min_background_timeout_value_without_budget_throttling': 4,
    'dom.timeout.enable_budget_timer_throttling': false,
  };
  if (withExtension) prefs['extensions.webextensions.uuids'] = JSON.stringify({ [geckoId(dir)]: FIREFOX_UUID });
  let browser: Browser;
  try {
    browser = await (await puppeteer()).launch({
      ...common,
      browser: 'firefox',
      // Lets the automation open moz-extension:// pages (browser-testing.md).
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: prefs,
    });
  } catch (e) {
    throw launchError('Firefox', common.executablePath!, e);
  }
  const close = async (): Promise<void> => {
    await browser.close().catch(() => undefined);
  };
  if (withExtension) {
    try {
      await browser.installExtension(dir);
    } catch (e) {
      await close();
      throw new CliError(`Firefox did not load the extension from ${dir}: ${firstLine(e)}`);
    }
  }
  return { name: 'firefox', browser, extensionUrl: (path) => `moz-extension://${FIREFOX_UUID}/${path}`, close };
}

/** The add-on id Firefox knows the extension by, from the built manifest. */
function geckoId(dir: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new CliError(`${join(dir, 'manifest.json')} has no browser_specific_settings.gecko.id: is it the Firefox build?`);
  return id;
}

function launchError(label: string, path: string, e: unknown): CliError {
  const lines = String(e instanceof Error ? e.message : e)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('TROUBLESHOOTING'));
  return new CliError(`could not start ${label} (${path}): ${lines.slice(0, 6).join('\n  ')}`);
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0]!;
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
