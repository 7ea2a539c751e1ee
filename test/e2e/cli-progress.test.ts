/**
 * `record`'s live progress: on a terminal (a pseudo-terminal from util-linux `script`) a countdown
 * with the events so far, rewritten in place; nothing of it when stderr is not a terminal; nothing
 * at all but the report with --quiet.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/polltergeist.mjs');
const demo = inject('demoUrl');
const dir = mkdtempSync(join(tmpdir(), 'pg-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const args = (out: string, ...more: string[]): string[] => [CLI, 'record', `${demo}/polling?interval=300`, '--duration', '4s', '--browser', 'chromium', '--out', join(dir, out), '--json', ...more];
const quote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;

/** Runs the CLI with a terminal for its stdout and stderr; returns what the terminal received. */
function onTerminal(argv: string[]): string {
  return execFileSync('script', ['-q', '-e', '-c', [process.execPath, ...argv].map(quote).join(' '), '/dev/null'], { encoding: 'utf8', timeout: 90_000 });
}

describe('record progress', () => {
  it('on a terminal: a live countdown with the events so far, rewritten in place', () => {
    const screen = onTerminal(args('a.har'));
    expect(screen).toMatch(/\r\x1b\[2KRecording: 0:0\d left · \d+ events? so far · Ctrl-C ends it early/);
    expect((screen.match(/left · /g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(screen).toContain('Launching');
  }, 90_000);

  it('not on a terminal: the steps, no countdown', () => {
    const r = spawnSync(process.execPath, args('b.har'), { encoding: 'utf8', timeout: 90_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('Launching');
    expect(r.stderr).not.toContain('left · ');
    expect(r.stderr).not.toContain('\x1b[');
  }, 90_000);

  it('--quiet: only the report, even on a terminal', () => {
    const screen = onTerminal(args('c.har', '--quiet'));
    expect(screen).not.toContain('Recording');
    expect(screen).not.toContain('Launching');
    expect(JSON.parse(screen.trim()) as { version: number }).toMatchObject({ version: 1 });
  }, 90_000);
});
