/**
 * HAR export and import through the panel, in both browsers: the Export button writes a HAR whose
 * entries and `log._polltergeist` analysis match what the panel shows; importing that file (file
 * picker) shows the same channels and patterns offline; a broken file gets a precise error; "Back
 * to live" returns to the live tab.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BROWSERS, launch, waitFor, type Launched } from '../helpers/browsers';
import { importFile, openDemoPage, openPanel, rowPath, rows, waitForRows } from '../helpers/panel';
import { CHROME_PAGE, chromeEntry, harOf } from '../../src/core/har/test-entries';

const demo = inject('demoUrl');

/** Clicks Export HAR and returns the downloaded file's text (captured at URL.createObjectURL). */
async function exportHar(panel: Page): Promise<string> {
  await panel.evaluate(`(() => {
    window.__harBlob = null;
    const orig = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (b) => { window.__harBlob = b; return orig(b); };
    HTMLAnchorElement.prototype.click = function () { window.__harName = this.download; };
  })()`);
  await panel.click('[data-testid=export-har]');
  return waitFor(() => panel.evaluate('window.__harBlob ? window.__harBlob.text() : null') as Promise<string | null>, 'the exported HAR');
}

describe.each(BROWSERS)('HAR in the panel, %s', (name) => {
  let l: Launched;
  const dir = mkdtempSync(join(tmpdir(), 'pg-har-'));

  beforeAll(async () => {
    l = await launch(name);
  });
  afterAll(async () => {
    await l?.close();
  });

  it('exports what it shows, imports it back, reports a broken file, returns to live', async () => {
    const { page, marker } = await openDemoPage(l, demo, '/polling?interval=300', []);
    const panel = await openPanel(l, marker);
    await waitForRows(panel, (r) => rowPath(r) === '/api/poll' && r.pattern === 'polling' && r.state === 'done', 'polling rows', 5);

    const text = await exportHar(panel);
    const har = JSON.parse(text) as {
      log: { version: string; entries: { request: { url: string }; _resourceType: string }[]; _polltergeist: { version: number; channels: { url: string; pattern: string }[] } };
    };
    expect(har.log.version).toBe('1.2');
    const polls = har.log.entries.filter((e) => new URL(e.request.url).pathname === '/api/poll');
    expect(polls.length).toBeGreaterThanOrEqual(5);
    expect(polls.every((e) => e._resourceType === 'fetch')).toBe(true);
    const ch = har.log._polltergeist.channels.find((c) => new URL(c.url).pathname === '/api/poll');
    expect(ch?.pattern).toBe('polling');
    expect(await panel.evaluate('window.__harName')).toMatch(/^polltergeist-.*\.har$/);

    // Import it: the same channel and pattern, offline, while the page keeps polling.
    await page.close();
    const file = join(dir, `${name}.har`);
    writeFileSync(file, text);
    await importFile(panel, file);
    await waitFor(() => panel.$('[data-testid=import-status]'), 'the import banner');
    const imported = await waitForRows(panel, (r) => rowPath(r) === '/api/poll', 'imported rows', polls.length);
    expect(imported.length).toBe(polls.length);
    expect(imported.every((r) => r.pattern === 'polling')).toBe(true);

    // A broken file: a precise error, and the imported view stays.
    const bad = join(dir, 'bad.har');
    writeFileSync(bad, '{"log": {"version": "1.2"}}');
    await importFile(panel, bad);
    const error = await waitFor(() => panel.$eval('[data-testid=import-error]', (e) => e.textContent).catch(() => null), 'the import error');
    expect(error).toContain('bad.har');
    expect(error).toContain('"log.entries" is missing');
    expect((await rows(panel)).filter((r) => rowPath(r) === '/api/poll').length).toBe(polls.length);

    // A file that starts with terminal escape sequences: quoted only as visible escapes.
    const hostile = join(dir, 'hostile.har');
    writeFileSync(hostile, '\x1b]0;pwned\x07\u009b31m{"log": oops');
    await importFile(panel, hostile);
    const quoted = await waitFor(
      () => panel.$eval('[data-testid=import-error]', (e) => (e.textContent?.includes('hostile.har') ? e.textContent : null)).catch(() => null),
      'the hostile file\'s error',
    );
    expect(quoted).toContain('not JSON');
    expect(quoted).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    // Chromium's parser quotes the start of the file in its message (Firefox's does not): escaped.
    if (quoted!.includes('pwned')) expect(quoted).toContain('\\x1b]0;pwned\\x07');

    // The same capture gzip-compressed (a .har.gz): read directly.
    const gz = join(dir, `${name}.har.gz`);
    writeFileSync(gz, gzipSync(text));
    await importFile(panel, gz);
    await waitFor(async () => !(await panel.$('[data-testid=import-error]')), 'the error to go');
    expect((await waitForRows(panel, (r) => rowPath(r) === '/api/poll', 'rows of the .har.gz', polls.length)).length).toBe(polls.length);

    // A Chrome export of a fetch-based SSE stream (an AI chat): its body's events are messages,
    // their times placed (the file has none) and marked so in the list.
    const chat = join(dir, 'chat.har');
    const body = Array.from({ length: 6 }, (_, i) => `event: delta\ndata: {"token":"w${i}"}\n\n`).join('');
    writeFileSync(chat, harOf([chromeEntry({ type: 'fetch', url: 'https://api.example/v1/chat', at: 100, time: 3000, mime: 'text/event-stream', text: body })], CHROME_PAGE));
    await importFile(panel, chat);
    await waitForRows(panel, (r) => rowPath(r) === '/v1/chat', 'the chat stream', 1);
    await panel.$eval('[data-testid=tab-messages]', (e) => (e as HTMLElement).click());
    const times = await waitFor(
      () =>
        panel.$$eval('[data-testid=message-row][data-kind=sse] .c-time', (els) => (els.length === 6 ? els.map((e) => [e.getAttribute('data-placed'), e.textContent]) : null)),
      'six placed SSE rows',
    );
    expect(times.every(([placed, text]) => placed === 'true' && text!.startsWith('≈'))).toBe(true);
    await panel.$eval('[data-testid=tab-requests]', (e) => (e as HTMLElement).click());

    // Back to live: the banner goes and the live tab's rows are replayed.
    await panel.click('[data-testid=back-to-live]');
    await waitFor(async () => !(await panel.$('[data-testid=import-status]')), 'the banner to go');
    await panel.close();
  });
});
