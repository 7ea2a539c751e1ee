/**
 * Store-ready builds: `npm run package:zip` (the second half of `npm run package`, over the build
 * `npm test` already made) writes both zips; each, unzipped as a user or a store does, is an
 * extension its browser loads, whose panel then captures a page.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BROWSERS, launch } from '../helpers/browsers';
import { openDemoPage, openPanel, rowPath, waitForRows } from '../helpers/panel';

const ROOT = resolve(import.meta.dirname, '../..');
const demo = inject('demoUrl');
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const dir = mkdtempSync(join(tmpdir(), 'pg-zips-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run package', () => {
  execFileSync('npm', ['run', 'package:zip'], { cwd: ROOT, stdio: 'pipe' });

  it.each(BROWSERS)('the %s zip is an extension the browser loads, and its panel captures a page', async (name) => {
    const zip = join(ROOT, 'dist/packages', `polltergeist-${name === 'chromium' ? 'chrome' : 'firefox'}-${version}.zip`);
    expect(existsSync(zip)).toBe(true);
    const unpacked = join(dir, name);
    // Python's zipfile: the machines here have Python, not always unzip.
    execFileSync('python3', ['-m', 'zipfile', '-e', zip, unpacked]);
    const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as { version: string; manifest_version: number };
    expect(manifest).toMatchObject({ version, manifest_version: 3 });
    const l = await launch(name, { extensionDir: unpacked });
    try {
      const { marker } = await openDemoPage(l, demo, '/polling?interval=300', []);
      const panel = await openPanel(l, marker);
      await waitForRows(panel, (r) => rowPath(r) === '/api/poll', 'polls captured by the zipped extension', 3);
    } finally {
      await l.close();
    }
  });
});
