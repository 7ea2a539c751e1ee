/**
 * The package as a library, used the way a program that installed it does: `import ... from
 * 'polltergeist'` in a separate Node process (resolved through package.json "exports" to the built
 * dist/cli/index.mjs), and its types compiled by a consumer with Node's own module resolution.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const demo = inject('demoUrl');

/** Runs an ES module script in a fresh Node process from the package root; returns its stdout as JSON. */
function runScript(source: string, env: Record<string, string> = {}): unknown {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', source], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return JSON.parse(out);
}

describe('the library (import from "polltergeist")', () => {
  it('its types compile in a consumer that resolves modules as Node does', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    expect(() => execFileSync(process.execPath, [tsc, '-p', 'test/fixtures/consumer'], { cwd: ROOT, encoding: 'utf8' })).not.toThrow();
  });

  it('analyzeHar reads a HAR path or object, and names a missing file', () => {
    const out = runScript(`
      import { readFileSync } from 'node:fs';
      import { analyzeHar, PolltergeistError, REPORT_VERSION } from 'polltergeist';
      const file = 'test/fixtures/har/playwright-polling.har';
      const byPath = await analyzeHar(file);
      const byObject = await analyzeHar(JSON.parse(readFileSync(file, 'utf8')));
      let missing = '';
      try { await analyzeHar('no-such.har'); } catch (e) { missing = (e instanceof PolltergeistError ? 'PolltergeistError: ' : '') + e.message; }
      console.log(JSON.stringify({
        version: REPORT_VERSION,
        path: byPath.report.channels.map((c) => [c.template, c.pattern]),
        same: JSON.stringify(byPath.report) === JSON.stringify(byObject.report),
        warnings: byPath.warnings.length,
        missing,
      }));
    `) as { version: number; path: [string, string][]; same: boolean; warnings: number; missing: string };
    expect(out.version).toBe(1);
    expect(out.path).toEqual([['/api/poll', 'polling']]);
    expect(out.same).toBe(true);
    expect(out.warnings).toBeGreaterThan(0);
    expect(out.missing).toBe('PolltergeistError: file not found: no-such.har');
  });

  it('record returns the HAR and the report of a page recorded through the extension', () => {
    const out = runScript(`
      import { record, worstSeverity } from 'polltergeist';
      const lines = [];
      const r = await record(process.env.PAGE_URL, { durationMs: 4000, browser: 'chromium', log: (l) => lines.push(l) });
      const poll = r.report.channels.find((c) => c.template === '/api/poll');
      console.log(JSON.stringify({ entries: r.har.log.entries.length, pattern: poll?.pattern, hasAnalysis: !!r.har.log._polltergeist, logged: lines.length, worst: worstSeverity(r.report) }));
    `, { PAGE_URL: `${demo}/polling?interval=400` }) as { entries: number; pattern: string; hasAnalysis: boolean; logged: number };
    expect(out.entries).toBeGreaterThan(3);
    expect(out.pattern).toBe('polling');
    expect(out.hasAnalysis).toBe(true);
    expect(out.logged).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
