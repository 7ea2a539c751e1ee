/**
 * The panel importing the bench's big HAR (issue 20: "the panel imports the same file without
 * freezing"), in headless Chromium with the built extension, the panel open as a tab. Timed in
 * the panel page: from the file input's change to the import banner; the longest main-thread task
 * meanwhile (PerformanceObserver 'longtask': tasks over 50 ms) and how many there were; how often
 * the progress bar moved; the panel's JS heap after the import. Baseline, in the same page right
 * after: `JSON.parse(await file.text())` of the same file, the one task a whole-file import would
 * freeze the panel for.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { startDemoServer } from '../../demo-server/server';
import { launch, waitFor } from '../../test/helpers/browsers';
import { openDemoPage, openPanel } from '../../test/helpers/panel';

export interface PanelImportResult {
  readonly importMs: number;
  readonly longestTaskMs: number;
  readonly longTasks: number;
  readonly progressSteps: number;
  readonly heapBytes: number;
  readonly wholeParseMs: number;
}

interface Watch {
  t0: number;
  done: number;
  longest: number;
  count: number;
  steps: number;
}

export async function panelImport(file: string): Promise<PanelImportResult> {
  const server = await startDemoServer({ port: 0 });
  const l = await launch('chromium', { networkEnabled: false });
  try {
    const { marker } = await openDemoPage(l, server.url, '/', []);
    const panel = await openPanel(l, marker);
    await watch(panel);
    const input = (await panel.$('[data-testid=import-file]')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    const w = await waitFor(() => panel.evaluate(() => ((globalThis as unknown as { __watch: Watch }).__watch.done > 0 ? (globalThis as unknown as { __watch: Watch }).__watch : null)), 'the import to finish', 300_000);
    const heapBytes = (await panel.metrics()).JSHeapUsedSize ?? 0;
    const wholeParseMs = await parseWhole(panel, file);
    await panel.close();
    return { importMs: w.done - w.t0, longestTaskMs: w.longest, longTasks: w.count, progressSteps: w.steps, heapBytes, wholeParseMs };
  } finally {
    await l.close();
    await server.close();
  }
}

/** Starts watching in the panel page: the input's change, long tasks, progress moves, the banner. */
async function watch(panel: Page): Promise<void> {
  await panel.evaluate(() => {
    const w: Watch = { t0: 0, done: 0, longest: 0, count: 0, steps: 0 };
    (globalThis as unknown as { __watch: Watch }).__watch = w;
    document.addEventListener('change', () => (w.t0 = performance.now()), true);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (w.t0 === 0 || w.done > 0) continue;
        w.count++;
        w.longest = Math.max(w.longest, e.duration);
      }
    }).observe({ type: 'longtask' });
    let last = '';
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid=import-progress] progress');
      const v = bar?.getAttribute('data-fraction') ?? '';
      if (v && v !== last) {
        last = v;
        w.steps++;
      }
      if (w.t0 > 0 && w.done === 0 && document.querySelector('[data-testid=import-status]')) w.done = performance.now();
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

/** The baseline: the same file read and parsed whole in the same page, timed as one task. */
async function parseWhole(panel: Page, file: string): Promise<number> {
  await panel.evaluate(() => {
    const i = document.createElement('input');
    i.type = 'file';
    i.id = 'bench-whole';
    i.hidden = true;
    document.body.append(i);
  });
  const input = (await panel.$('#bench-whole')) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(file);
  return panel.evaluate(async () => {
    const f = (document.getElementById('bench-whole') as HTMLInputElement).files![0]!;
    const text = await f.text();
    const t0 = performance.now();
    const doc = JSON.parse(text) as { log: { entries: unknown[] } };
    const ms = performance.now() - t0;
    return doc.log.entries.length > 0 ? ms : -1;
  });
}
