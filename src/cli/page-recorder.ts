/**
 * Recording one page of a browser the caller drives (a Playwright or Puppeteer test): the page
 * first shows our start page, so its tab can be found by a marker and subscribed to, fully attached,
 * before the test navigates it; `stop` returns the HAR and the report of everything the page did
 * since. The driver adapters (playwright.ts, puppeteer.ts) supply how to open an extension page
 * and how to navigate the recorded page.
 */
import { toHar } from '../core/har/export';
import type { Har } from '../core/har/types';
import { analyze, type Report } from '../core/report/report';
import { packageInfo } from './package-root';
import { recordTabIn, type ScriptPage } from './recorder';
import { startStartPage } from './start-page';

/** What Playwright's and Puppeteer's pages both have, and all the recorder uses of them. */
export interface DriverPage {
  goto(url: string): Promise<unknown>;
  evaluate(expression: string): Promise<unknown>;
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

export interface PageDriver {
  /** Opens devtools/panel.html of the extension in a new page of the same browser. */
  openExtensionPage(): Promise<ScriptPage>;
  /** Navigates the page to record. */
  show(url: string): Promise<void>;
  /** Brings the recorded page to the front again (background tabs' timers are throttled). */
  front(): Promise<void>;
}

/** The driver for `page`, with `newPage` opening another page of its browser and `extensionId` the loaded extension's id. */
export function driverFor(page: DriverPage, newPage: () => Promise<DriverPage>, extensionId: string): PageDriver {
  return {
    async openExtensionPage() {
      const p = await newPage();
      await p.goto(`chrome-extension://${extensionId}/devtools/panel.html`);
      return { evaluate: (e) => p.evaluate(e), close: () => p.close() };
    },
    async show(url) {
      await page.goto(url);
    },
    front: () => page.bringToFront(),
  };
}

export interface PageRecorder {
  /** Ends the recording: the HAR (ours, with the analysis in log._polltergeist) and the report. */
  stop(): Promise<{ readonly har: Har; readonly report: Report; readonly warnings: readonly string[] }>;
}

export async function startPageRecording(driver: PageDriver): Promise<PageRecorder> {
  const start = await startStartPage();
  try {
    const marker = `pgrec${Math.random().toString(36).slice(2, 10)}`;
    await driver.show(start.url(marker));
    const recorder = await recordTabIn(await driver.openExtensionPage(), marker);
    await driver.front();
    let stopped = false;
    return {
      async stop() {
        if (stopped) throw new Error('this recording is already stopped');
        stopped = true;
        try {
          const recording = await recorder.stop();
          const sources = recording.sources.filter((s) => !s.source.url.startsWith(start.origin));
          const warnings: string[] = [];
          for (const s of sources) {
            if (s.dropped > 0 || s.missed > 0) warnings.push(`${s.source.url}: ${s.dropped + s.missed} events were lost before they reached the recorder`);
          }
          const top = sources.find((s) => s.source.top);
          const har = toHar({ sources, page: top ? { url: top.source.url } : undefined, creatorVersion: packageInfo().version });
          return { har, report: analyze(sources), warnings };
        } finally {
          await start.close();
        }
      },
    };
  } catch (e) {
    await start.close();
    throw e;
  }
}
