/**
 * The hook and the relay find each other whichever runs first. Both are document_start content
 * scripts, but Firefox injects each manifest entry on its own and awaits a script it has not
 * compiled yet, so the relay can run, and its hello message be dispatched, before the hook
 * listens: that tab then showed nothing in the panel, and our hello was left for the page's own
 * listeners. These tests force each order with a copy of the built extension whose manifest
 * delays one script to document_end, and check that the relay posts one hello, once the hook
 * listens, and that the panel shows the page's polls.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { SOURCE_TAG } from '../../src/core/protocol';
import { BROWSERS, distDir, launch, type BrowserName, type Launched } from '../helpers/browsers';
import { newMarker, openPanel, rowPath, waitForRows } from '../helpers/panel';

const demoUrl = inject('demoUrl');

interface ContentScript {
  js: string[];
  run_at?: string;
  world?: string;
}

/** A copy of the built extension with one of its two content scripts moved to document_end. */
function delayedCopy(name: BrowserName, late: 'hook' | 'relay'): string {
  const dir = mkdtempSync(join(tmpdir(), `pg-handshake-${late}-`));
  cpSync(distDir(name), dir, { recursive: true });
  const file = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { content_scripts: ContentScript[] };
  const target = manifest.content_scripts.find((c) => (c.world === 'MAIN') === (late === 'hook'));
  if (!target) throw new Error(`no ${late} content script in ${file}`);
  target.run_at = 'document_end';
  writeFileSync(file, JSON.stringify(manifest));
  return dir;
}

/**
 * Runs before every script of the page and of the extension. Its capture listener on window
 * messages comes before the hook's (no page script can be that early) and notes, for each hello
 * of ours, whether the hook had replaced fetch by then, i.e. whether its install, which ends with
 * its hello listener, had run.
 */
const PRELOAD = `(() => {
  const seen = [];
  const nativeFetch = window.fetch;
  Object.defineProperty(window, Symbol.for('polltergeist-test.handshake'), { value: seen });
  addEventListener('message', (e) => {
    const d = e.data;
    if (d && typeof d === 'object' && d.source === ${JSON.stringify(SOURCE_TAG)}) {
      seen.push(window.fetch === nativeFetch ? 'before the hook' : 'after the hook');
    }
  }, true);
})()`;

describe.each(BROWSERS)('hook and relay handshake in %s', (name) => {
  let l: Launched | null = null;
  let dir = '';
  afterEach(async () => {
    await l?.close();
    l = null;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(['hook', 'relay'] as const)('with the %s injected at document_end, one hello, after the hook listens, and the panel shows the page', async (late) => {
    dir = delayedCopy(name, late);
    l = await launch(name, { extensionDir: dir });
    const page = await l.browser.newPage();
    await page.evaluateOnNewDocument(PRELOAD);
    const marker = newMarker();
    await page.goto(`${demoUrl}/polling?interval=300&marker=${marker}`);
    const panel = await openPanel(l, marker);
    const polls = await waitForRows(panel, (r) => rowPath(r) === '/api/poll', 'two polls of /api/poll', 2);
    expect(polls.every((r) => r.transport === 'fetch')).toBe(true);
    expect(await page.evaluate(`window[Symbol.for('polltergeist-test.handshake')]`)).toEqual(['after the hook']);
  });
});
