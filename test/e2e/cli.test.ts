/**
 * The built command line (dist/cli/polltergeist.mjs, from `npm run build`) against the demo
 * server, in Chromium and Firefox: `record` gives every demo page's main channel its pattern in
 * `--json` and writes a HAR that parses; `analyze` of that HAR finds the same channels; --fail-on
 * and bad input give their exit codes and messages. Each recording is one run of the CLI, one
 * browser launch (~6 s of recording, ~8-10 s in all).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BROWSERS } from '../helpers/browsers';
import { PATTERN_PAGES, type PatternPage } from '../helpers/pattern-pages';

const demo = inject('demoUrl');
const CLI = resolve(import.meta.dirname, '../../dist/cli/polltergeist.mjs');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`polltergeist ${args.join(' ')} took over ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePromise(port));
    });
  });
}

/** The `--json` contract (shared/docs/product.md "Command line"), as far as these tests read it. */
interface JsonReport {
  version: number;
  channels: { key: string; url: string; transport: string; pattern: string; requests: number; connections: number; messages: number }[];
  findings: { rule: string; severity: string; channel: string; message: string }[];
}

function parseReport(r: Run): JsonReport {
  expect(r.code, r.stderr).toBe(0);
  // Exactly one JSON object on stdout, nothing else.
  const report = JSON.parse(r.stdout) as JsonReport;
  expect(report.version).toBe(1);
  expect(Array.isArray(report.channels) && Array.isArray(report.findings)).toBe(true);
  return report;
}

const mainChannels = (report: JsonReport, c: PatternPage): JsonReport['channels'] =>
  report.channels.filter((ch) => ch.transport === c.transport && new URL(ch.url).pathname === c.path);

const summary = (report: JsonReport): string => report.channels.map((c) => `${c.transport} ${c.url} ${c.pattern}`).join('\n');

let tmp: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  tmp = mkdtempSync(join(tmpdir(), 'pg-cli-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.each(BROWSERS)('polltergeist record in %s', (browser) => {
  it.each(PATTERN_PAGES)('$page: the main channel is $pattern', async (c) => {
    const har = join(tmp, `${browser}-${c.page.slice(1).replace(/\W+/g, '-')}.har`);
    const run = await cli(['record', `${demo}${c.page}`, '--duration', '6s', '--json', '--browser', browser, '--out', har]);
    const report = parseReport(run);
    const main = mainChannels(report, c);
    expect(main.length, summary(report)).toBeGreaterThan(0);
    for (const ch of main) expect(ch.pattern, summary(report)).toBe(c.pattern);

    const parsed = JSON.parse(readFileSync(har, 'utf8')) as { log: { version: string; entries: unknown[] } };
    expect(parsed.log.version).toBe('1.2');
    expect(parsed.log.entries.length).toBeGreaterThan(0);
  });
});

describe('polltergeist analyze', () => {
  let pollingHar = '';
  let recorded: JsonReport;

  beforeAll(async () => {
    pollingHar = join(tmp, 'analyze-polling.har');
    recorded = parseReport(await cli(['record', `${demo}/polling?interval=400`, '--duration', '5s', '--json', '--browser', 'chromium', '--out', pollingHar]));
  });

  it('finds the same channels in a HAR written by record', async () => {
    const analyzed = parseReport(await cli(['analyze', pollingHar, '--json']));
    const shape = (r: JsonReport): string[] => r.channels.map((c) => `${c.key} ${c.transport} ${c.pattern}`).sort();
    expect(shape(analyzed)).toEqual(shape(recorded));
    expect(shape(analyzed).some((s) => s.includes(' fetch polling'))).toBe(true);
  });

  it('prints the table without --json, and exits 0 without --fail-on', async () => {
    const run = await cli(['analyze', pollingHar]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('polling');
    expect(run.stdout).toContain('/api/poll');
  });

  it('--fail-on warning exits 1 on a /chatty recording, which record --fail-on reports too', async () => {
    const har = join(tmp, 'chatty.har');
    const rec = await cli(['record', `${demo}/chatty`, '--duration', '6s', '--browser', 'chromium', '--out', har, '--fail-on', 'warning']);
    expect(rec.code, rec.stderr).toBe(1);
    expect(rec.stderr).toMatch(/finding.* at or above warning \(--fail-on warning\)/);

    const warn = await cli(['analyze', har, '--fail-on', 'warning', '--json']);
    expect(warn.code, warn.stderr).toBe(1);
    const report = JSON.parse(warn.stdout) as JsonReport;
    expect(report.findings.some((f) => f.rule === 'chatty-polling')).toBe(true);
    expect((await cli(['analyze', har])).code).toBe(0);
  });

  it('bad input exits 2 with a message that names the problem', async () => {
    const missing = join(tmp, 'nope.har');
    const notFound = await cli(['analyze', missing]);
    expect(notFound).toEqual({ code: 2, stdout: '', stderr: `polltergeist: file not found: ${missing}\n` });

    const notJson = join(tmp, 'not-json.har');
    writeFileSync(notJson, 'this is not { json');
    const r1 = await cli(['analyze', notJson]);
    expect(r1.code).toBe(2);
    expect(r1.stdout).toBe('');
    expect(r1.stderr).toMatch(/^polltergeist: .*JSON/);
    expect(r1.stderr).not.toMatch(/\n\s+at /);

    const notHar = join(tmp, 'not-har.json');
    writeFileSync(notHar, JSON.stringify({ hello: 'world' }));
    const r2 = await cli(['analyze', notHar]);
    expect(r2.code).toBe(2);
    expect(r2.stdout).toBe('');
    expect(r2.stderr).toMatch(/^polltergeist: .*\blog\b/);
    expect(r2.stderr).not.toMatch(/\n\s+at /);

    const unknown = await cli(['analyze', pollingHar, '--frobnicate']);
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr: "polltergeist: unknown option '--frobnicate'\nRun 'polltergeist analyze --help' for usage.\n",
    });
    const noUrl = await cli(['record', '--duration', '2s']);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toBe("polltergeist: record needs a URL to record\nRun 'polltergeist record --help' for usage.\n");
  });

  it('record without a browser, or of a page that does not answer, exits 2 and says why', async () => {
    const env = { ...process.env, PATH: join(tmp, 'empty-bin'), CHROME_PATH: '', FIREFOX_PATH: '' };
    const none = await cli(['record', `${demo}/polling`, '--out', join(tmp, 'none.har')], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^polltergeist: no browser found: .*\nInstall one with: sudo apt-get install chromium {2}or {2}sudo apt-get install firefox-esr\n/);

    // A port that was free a moment ago: the connection is refused.
    const port = await freePort();
    const closed = await cli(['record', `http://127.0.0.1:${port}/`, '--duration', '3s', '--browser', 'chromium', '--out', join(tmp, 'closed.har')]);
    expect(closed.code).toBe(2);
    expect(closed.stderr).toContain(`polltergeist: could not open http://127.0.0.1:${port}/: net::ERR_CONNECTION_REFUSED`);
    expect(existsSync(join(tmp, 'closed.har'))).toBe(false);
  });

  it('--help prints the usage on stdout and exits 0', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^polltergeist — /);
    expect(run.stdout).toContain('polltergeist record <url>');
    expect(run.stdout).toContain('polltergeist analyze <file.har>');
  });
});
