/**
 * Records one URL in a launched browser through the real extension pipeline: the tab shows a blank
 * start page (start-page.ts) while the recorder (recorder.ts) subscribes to it, then navigates to
 * the URL in front (visible, unthrottled), and everything its documents send for the duration is
 * kept, exactly as a DevTools panel opened before the page loaded would receive it.
 */
import type { HTTPResponse } from 'puppeteer-core';
import { CliError } from './errors';
import type { Launched } from './launch';
import { recordTab, type RecordedSource } from './recorder';
import { startStartPage } from './start-page';
import { sleepUnless } from './wait';

export interface PageRecording {
  /** The URL asked for, and the tab's URL at the end (after redirects). */
  readonly url: string;
  readonly finalUrl: string;
  readonly title: string;
  /** Epoch ms of the navigation's start and of the end of the recording. */
  readonly startedAt: number;
  readonly stoppedAt: number;
  /** The page's documents (top and frames) in order of their first event; the start page is left out. */
  readonly sources: RecordedSource[];
  /** Things the user should know about the recording (lost events, a page that failed to load). */
  readonly warnings: string[];
}

export interface RecordPageOptions {
  readonly durationMs: number;
  /** Ends the recording early (Ctrl-C); what was recorded is kept. */
  readonly signal?: AbortSignal;
  /** Called about once a second while recording: time gone and events recorded so far. */
  readonly progress?: (p: RecordProgress) => void;
}

export interface RecordProgress {
  readonly elapsedMs: number;
  readonly durationMs: number;
  readonly events: number;
}

/** How often a recording reports its progress. */
const PROGRESS_EVERY_MS = 1000;

export async function recordPage(l: Launched, url: string, opts: RecordPageOptions): Promise<PageRecording> {
  const startPage = await startStartPage();
  const tab = await l.browser.newPage();
  try {
    const marker = `pgrec${Math.random().toString(36).slice(2, 10)}`;
    await tab.goto(startPage.url(marker));
    const recorder = await recordTab(l, marker);
    await tab.bringToFront();

    const warnings: string[] = [];
    const startedAt = Date.now();
    // Bounded by the duration below, not by puppeteer's 30 s default.
    const nav: { state: Navigation } = { state: null };
    const navigated = tab.goto(url, { waitUntil: 'load', timeout: 0 }).then(
      (response) => (nav.state = { ok: true, response }),
      (error: unknown) => (nav.state = { ok: false, error }),
    );
    const report = async (): Promise<void> => {
      if (!opts.progress) return;
      const events = await recorder.count(startPage.origin).catch(() => NaN);
      opts.progress({ elapsedMs: Math.min(Date.now() - startedAt, opts.durationMs), durationMs: opts.durationMs, events });
    };
    await Promise.race([navigated, sleepUnless(opts.durationMs, opts.signal)]);
    failIfNavigationFailed(url, nav.state, opts.signal);
    for (;;) {
      const left = startedAt + opts.durationMs - Date.now();
      if (left <= 0 || opts.signal?.aborted) break;
      await report();
      await sleepUnless(Math.min(left, opts.progress ? PROGRESS_EVERY_MS : left), opts.signal);
    }
    failIfNavigationFailed(url, nav.state, opts.signal);
    const loaded = nav.state;
    if (loaded === null) warnings.push(`${url} had not finished loading when the recording ended`);
    else if (loaded.ok && loaded.response && loaded.response.status() >= 400) {
      warnings.push(`${url} answered ${loaded.response.status()} ${loaded.response.statusText()}`.trim());
    }

    const title = await tab.title().catch(() => '');
    const finalUrl = tab.url();
    const stoppedAt = Date.now();
    const recording = await recorder.stop();
    const sources = recording.sources.filter((s) => !s.source.url.startsWith(startPage.origin));
    for (const s of sources) {
      if (s.dropped > 0 || s.missed > 0) {
        warnings.push(`${s.source.url}: ${s.dropped + s.missed} events were lost before they reached the recorder (the page produced them faster than they could be relayed)`);
      }
    }
    if (sources.length === 0) {
      warnings.push(`nothing was captured from ${finalUrl}: the extension cannot run in this page (browser pages, file:// in Chromium, PDF viewers…)`);
    }
    return { url, finalUrl, title, startedAt, stoppedAt, sources, warnings };
  } finally {
    await tab.close().catch(() => undefined);
    await startPage.close();
  }
}

type Navigation = { ok: true; response: HTTPResponse | null } | { ok: false; error: unknown } | null;

function failIfNavigationFailed(url: string, navigation: Navigation, signal: AbortSignal | undefined): void {
  if (navigation === null || navigation.ok) return;
  if (signal?.aborted) return;
  const message = String(navigation.error instanceof Error ? navigation.error.message : navigation.error).split('\n')[0]!;
  throw new CliError(`could not open ${url}: ${message}`);
}
