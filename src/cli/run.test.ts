/**
 * The command line in-process, without a browser: `analyze` of HARs made from the recorded
 * captures in test/fixtures/captures, its exit codes and messages. The built CLI and `record`
 * are covered by test/e2e/cli.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHar } from '../core/har/export';
import type { CaptureEvent, SourceInfo } from '../core/protocol';
import type { Report } from '../core/report/report';
import type { Io } from './io';
import { run } from './run';

const CAPTURES = resolve(import.meta.dirname, '../../test/fixtures/captures');

interface Fixture {
  sources: { source: SourceInfo; events: CaptureEvent[] }[];
  url: string;
}

function harOf(name: string): string {
  const fx = JSON.parse(readFileSync(join(CAPTURES, `${name}.json`), 'utf8')) as Fixture;
  return JSON.stringify(toHar({ sources: fx.sources, page: { url: fx.url }, creatorVersion: 'test' }));
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await run(argv, io);
  return { code, out, err };
}

let dir: string;
const file = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pg-cli-unit-'));
  writeFileSync(file('chatty.har'), harOf('chromium-chatty'));
  writeFileSync(file('sse.har'), harOf('firefox-sse'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('polltergeist analyze', () => {
  it('prints one JSON report with --json', async () => {
    const r = await cli('analyze', file('sse.har'), '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Report;
    expect(report.version).toBe(1);
    const sse = report.channels.filter((c) => c.transport === 'eventsource');
    expect(sse.map((c) => c.pattern)).toEqual(['sse']);
  });

  it('prints the table without --json', async () => {
    const r = await cli('analyze', file('chatty.har'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^PATTERN\s+TRANSPORT/m);
    expect(r.out).toContain('chatty-polling');
  });

  it('exits 1 on a finding at or above --fail-on, and says so on stderr', async () => {
    const chatty = JSON.parse((await cli('analyze', file('chatty.har'), '--json')).out) as Report;
    const worst = chatty.findings.some((f) => f.severity === 'error') ? 'error' : 'warning';
    expect(chatty.findings.some((f) => f.severity === 'error' || f.severity === 'warning')).toBe(true);

    const warn = await cli('analyze', file('chatty.har'), '--fail-on', 'warning');
    expect(warn.code).toBe(1);
    expect(warn.err).toMatch(/^polltergeist: \d+ findings? at or above warning \(--fail-on warning\)\n$/);
    expect((await cli('analyze', file('chatty.har'), '--fail-on', 'error')).code).toBe(worst === 'error' ? 1 : 0);

    const sse = JSON.parse((await cli('analyze', file('sse.har'), '--json')).out) as Report;
    const sseCode = sse.findings.some((f) => f.severity !== 'info') ? 1 : 0;
    expect((await cli('analyze', file('sse.har'), '--fail-on', 'warning')).code).toBe(sseCode);
  });

  it('exits 2 on bad input, naming the problem without a stack trace', async () => {
    expect(await cli('analyze', file('missing.har'))).toEqual({ code: 2, out: '', err: `polltergeist: file not found: ${file('missing.har')}\n` });
    expect(await cli('analyze', dir)).toEqual({ code: 2, out: '', err: `polltergeist: ${dir} is a folder, not a HAR file\n` });

    writeFileSync(file('not-json.har'), '<html>');
    const notJson = await cli('analyze', file('not-json.har'));
    expect(notJson.code).toBe(2);
    expect(notJson.err).toMatch(/^polltergeist: not a HAR file: not JSON/);

    writeFileSync(file('not-har.json'), '{"entries": []}');
    const notHar = await cli('analyze', file('not-har.json'));
    expect(notHar).toEqual({ code: 2, out: '', err: 'polltergeist: not a HAR file: there is no "log" field at the top level\n' });
  });

  it('never echoes the raw bytes of a bad file to the terminal: control characters are shown as escapes', async () => {
    // A file that starts with terminal escape sequences (set the window title, turn text red).
    writeFileSync(file('escapes.har'), '\x1b]0;pwned\x07\x1b[31m{"log": oops');
    const r = await cli('analyze', file('escapes.har'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^polltergeist: not a HAR file: not JSON/);
    expect(r.err.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(r.err).toContain('\\x1b]0;pwned\\x07');
  });

  it('reads a gzip-compressed HAR directly, and names a broken one', async () => {
    const plain = readFileSync(file('chatty.har'));
    writeFileSync(file('chatty.har.gz'), gzipSync(plain));
    const gz = await cli('analyze', file('chatty.har.gz'), '--json');
    expect(gz).toEqual(await cli('analyze', file('chatty.har'), '--json'));
    // The magic bytes decide, not the name.
    writeFileSync(file('chatty-gz.har'), gzipSync(plain));
    expect((await cli('analyze', file('chatty-gz.har'), '--json')).out).toBe(gz.out);

    writeFileSync(file('cut.har.gz'), gzipSync(plain).subarray(0, 64));
    const cut = await cli('analyze', file('cut.har.gz'));
    expect(cut.code).toBe(2);
    expect(cut.err).toMatch(/^polltergeist: .*cut\.har\.gz is gzip-compressed, but it does not decompress: /);
    expect(cut.err.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('exits 2 on a usage error and points to --help', async () => {
    expect(await cli('analyze', file('sse.har'), '--fail-on', 'info')).toEqual({
      code: 2,
      out: '',
      err: "polltergeist: --fail-on: 'info' is not warning or error\nRun 'polltergeist analyze --help' for usage.\n",
    });
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('--help')).out).toMatch(/^polltergeist — /);
    expect((await cli('help', 'record')).out).toMatch(/^Usage: polltergeist record <url>/);
  });
});
