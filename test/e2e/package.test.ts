/**
 * The package as a user installs it: `npm pack` of this repository (after `npm run build`), then
 * `npm install <tarball>` into a fresh temporary project (its dependencies from the registry or
 * npm's cache), and there `npx polltergeist analyze` on a HAR, `npx polltergeist record` of the
 * demo server, a program that imports the library, a Playwright spec run by Playwright's own test
 * runner and a Puppeteer script, both recording the demo's /chatty page and failing on its findings.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findBrowser } from '../../src/cli/find-browser';

const ROOT = resolve(import.meta.dirname, '../..');
const demo = inject('demoUrl');
const dir = mkdtempSync(join(tmpdir(), 'pg-package-'));
const project = join(dir, 'project');

const run = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000, env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' } });

let tarball = '';
let packed: { files: { path: string }[]; size: number }[] = [];

beforeAll(() => {
  packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], ROOT)) as typeof packed;
  tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  run('npm', ['install', '--prefer-offline', '--no-package-lock', tarball], project);
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the packed package, installed into a fresh project', () => {
  it('holds the built extension for both browsers, the CLI, the library and its types, and no sources, tests, benches or demo', () => {
    const files = packed[0]!.files.map((f) => f.path);
    for (const want of ['dist/chrome/manifest.json', 'dist/firefox/manifest.json', 'dist/cli/polltergeist.mjs', 'dist/cli/index.mjs', 'dist/cli/playwright.mjs', 'dist/cli/puppeteer.mjs', 'dist/types/cli/api.d.ts', 'dist/types/cli/playwright.d.ts', 'package.json', 'README.md']) {
      expect(files).toContain(want);
    }
    expect(files.filter((f) => /^(src|test|bench|demo-server|scripts|docs)\//.test(f))).toEqual([]);
    console.log(`[package] ${files.length} files, ${(packed[0]!.size / 1024).toFixed(0)} kB packed`);
  });

  it('npx polltergeist analyze reads a HAR', () => {
    const out = run('npx', ['--no-install', 'polltergeist', 'analyze', join(ROOT, 'test/fixtures/har/playwright-polling.har'), '--json'], project);
    const report = JSON.parse(out) as { channels: { template: string; pattern: string }[] };
    expect(report.channels.map((c) => [c.template, c.pattern])).toEqual([['/api/poll', 'polling']]);
  });

  it('npx polltergeist record records the demo server through the installed extension', () => {
    const out = run('npx', ['--no-install', 'polltergeist', 'record', `${demo}/polling?interval=400`, '--duration', '3s', '--browser', 'chromium', '--out', 'page.har', '--json'], project);
    const report = JSON.parse(out) as { channels: { template: string; pattern: string }[] };
    expect(report.channels.find((c) => c.template === '/api/poll')?.pattern).toBe('polling');
  }, 120_000);

  it('a Playwright spec, run by @playwright/test, records /chatty and fails on its findings, naming the endpoint', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules/playwright-core/package.json'), 'utf8')) as { version: string }).version;
    run('npm', ['install', '--prefer-offline', '--no-package-lock', `@playwright/test@${version}`], project);
    mkdirSync(join(project, 'tests'), { recursive: true });
    writeFileSync(
      join(project, 'tests/chatty.spec.mjs'),
      `import { test, chromium } from '@playwright/test';
import { launchChromium, recordPage, assertNoFindings } from 'polltergeist/playwright';

test('the page does not poll too much', async () => {
  const context = await launchChromium(chromium);
  const page = await context.newPage();
  const recording = await recordPage(page);
  await page.goto(process.env.PAGE_URL);
  await page.waitForTimeout(8000);
  const { report } = await recording.stop();
  await context.close();
  assertNoFindings(report, 'warning');
});
`,
    );
    const r = spawnSync('npx', ['--no-install', 'playwright', 'test', '--reporter=line', '--timeout=60000'], {
      cwd: project,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, PAGE_URL: `${demo}/chatty`, CI: '1' },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Polltergeist found \d+ problems? at or above warning/);
    expect(r.stdout).toMatch(/chatty-polling on fetch GET http:\/\/127\.0\.0\.1:\d+\/api\//);
  }, 180_000);

  it('a Puppeteer script records /chatty in a browser launched with the extension and fails on its findings', () => {
    writeFileSync(
      join(project, 'check.mjs'),
      `import puppeteer from 'puppeteer-core';
import { extensionPath, recordPage, assertNoFindings } from 'polltergeist/puppeteer';

const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM, headless: true, pipe: true, enableExtensions: [extensionPath()], args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  const recording = await recordPage(page);
  await page.goto(process.env.PAGE_URL);
  await new Promise((r) => setTimeout(r, 8000));
  const { report } = await recording.stop();
  assertNoFindings(report, 'warning');
} finally {
  await browser.close();
}
`,
    );
    const r = spawnSync(process.execPath, ['check.mjs'], {
      cwd: project,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, PAGE_URL: `${demo}/chatty`, CHROMIUM: findBrowser('chromium').executablePath },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/chatty-polling on fetch GET http:\/\/127\.0\.0\.1:\d+\/api\//);
  }, 120_000);

  it('a program imports the library from it', () => {
    writeFileSync(
      join(project, 'use.js'),
      `import { analyzeHar } from 'polltergeist';\nconst { report } = await analyzeHar(process.argv[2]);\nconsole.log(report.channels.length);\n`,
    );
    expect(run(process.execPath, ['use.js', join(ROOT, 'test/fixtures/har/playwright-polling.har')], project).trim()).toBe('1');
  });
});
