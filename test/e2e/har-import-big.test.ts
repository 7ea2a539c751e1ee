/**
 * A big HAR imported into the panel, in both browsers: it is streamed in slices, so the panel
 * shows its progress and keeps handling input while it reads (a click on Cancel mid-import stops
 * it and leaves the view as it was); a file read to the end shows its channels.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeBigHar } from '../../bench/har/big-har';
import { BROWSERS, launch, waitFor, type Launched } from '../helpers/browsers';
import { importFile, openDemoPage, openPanel, rowPath, waitForRows } from '../helpers/panel';

const demo = inject('demoUrl');
const dir = mkdtempSync(join(tmpdir(), 'pg-har-big-'));
const big = join(dir, 'big.har');
const medium = join(dir, 'medium.har');

beforeAll(async () => {
  await writeBigHar(big, { entries: 150_000, targetBytes: 75 * 2 ** 20 });
  await writeBigHar(medium, { entries: 8_000, targetBytes: 4 * 2 ** 20 });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(BROWSERS)('a big HAR in the panel, %s', (name) => {
  let l: Launched;
  beforeAll(async () => {
    l = await launch(name);
  });
  afterAll(async () => {
    await l?.close();
  });

  it('shows its progress, stays responsive (Cancel works mid-import), and shows the file once read', async () => {
    const { page, marker } = await openDemoPage(l, demo, '/polling?interval=300', []);
    const panel = await openPanel(l, marker);
    await waitForRows(panel, (r) => rowPath(r) === '/api/poll', 'live polling rows', 3);
    await page.close();

    await importFile(panel, big);
    await waitFor(() => panel.$('[data-testid=import-progress]'), 'the import progress');
    // The panel handles the click while it reads: the import stops, nothing is replaced.
    await waitFor(
      () => panel.$eval('[data-testid=import-progress]', (e) => Number((e.querySelector('progress') as HTMLProgressElement).value) > 0).catch(() => false),
      'progress above 0%',
    );
    await panel.click('[data-testid=cancel-import]');
    await waitFor(async () => !(await panel.$('[data-testid=import-progress]')), 'the progress to go');
    expect(await panel.$('[data-testid=import-status]')).toBeNull();
    expect(await panel.$('[data-testid=import-error]')).toBeNull();

    // A file read to the end: its channels, its event count.
    await importFile(panel, medium);
    const status = await waitFor(() => panel.$eval('[data-testid=import-status]', (e) => e.textContent).catch(() => null), 'the import banner', 60_000);
    expect(status).toContain('medium.har');
    expect(Number(/(\d+) events/.exec(status!)?.[1])).toBeGreaterThan(20_000);
    expect(await panel.$('[data-testid=import-progress]')).toBeNull();
    // The requests table shows the newest rows (virtualized); all of them its polled endpoints.
    const rows = await waitForRows(panel, (r) => /^\/r\d+$/.test(rowPath(r)), 'rows of the polled endpoints', 10);
    expect(rows.every((r) => r.pattern === 'polling')).toBe(true);
    const summary = await panel.$eval('[data-testid=summary]', (e) => e.textContent ?? '');
    expect(Number(/(\d+) connections/.exec(summary)?.[1])).toBeGreaterThan(7_000);
    await panel.close();
  }, 120_000);
});
