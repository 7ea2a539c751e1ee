/**
 * `polltergeist record <url>`: launch the system browser with the built extension, record the page
 * through the real extension pipeline for the duration, write the HAR, print the report.
 * Progress goes to stderr, the report to stdout. Ctrl-C (or SIGTERM) ends the recording early and
 * still writes what was recorded; a second Ctrl-C quits at once.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatBytes } from '../core/format/numbers';
import type { Report } from '../core/report/report';
import { record } from './api';
import type { RecordCommand } from './args';
import { CliError } from './errors';
import { Countdown } from './countdown';
import type { Io } from './io';
import type { RecordProgress } from './record-page';
import { exitCodeFor, writeReport } from './output';

export interface RecordResult {
  readonly report: Report;
  /** Absolute path of the HAR written. */
  readonly harPath: string;
  readonly entries: number;
}

/** The command: records, writes the HAR, prints the report; returns the exit code. */
export async function runRecord(cmd: RecordCommand, io: Io): Promise<number> {
  const result = await recordToHar(cmd, io);
  writeReport(result.report, cmd.json, io);
  return exitCodeFor(result.report, cmd.failOn, io);
}

/** Everything but printing the report (the library's `record`, then the file): also what `npm start` runs. */
export async function recordToHar(cmd: Omit<RecordCommand, 'kind' | 'json' | 'failOn' | 'quiet'> & { readonly quiet?: boolean }, io: Io): Promise<RecordResult> {
  if (cmd.headed && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    throw new CliError('--headed needs a display, and neither DISPLAY nor WAYLAND_DISPLAY is set (leave --headed out to record headless)');
  }
  const harPath = resolve(cmd.out);
  checkWritable(harPath);
  const quiet = cmd.quiet === true;
  const countdown = io.errIsTerminal && !quiet ? new Countdown((text) => io.err(text)) : null;
  const say = (line: string): void => {
    countdown?.clear();
    if (!quiet) io.err(`${line}\n`);
  };
  const recorded = await withInterrupt(io, (signal) =>
    record(cmd.url, {
      durationMs: cmd.durationMs,
      ...(cmd.browser ? { browser: cmd.browser } : {}),
      headed: cmd.headed,
      signal,
      log: say,
      ...(countdown ? { progress: (p: RecordProgress) => countdown.update(p) } : {}),
    }),
  ).finally(() => countdown?.clear());
  for (const w of recorded.warnings) io.err(`warning: ${w}\n`);
  const text = `${JSON.stringify(recorded.har, null, 2)}\n`;
  try {
    writeFileSync(harPath, text);
  } catch (e) {
    throw new CliError(`cannot write ${cmd.out}: ${(e as Error).message}`);
  }
  const entries = recorded.har.log.entries.length;
  say(`Wrote ${cmd.out} (${entries} entr${entries === 1 ? 'y' : 'ies'}, ${formatBytes(Buffer.byteLength(text))})`);
  return { report: recorded.report, harPath, entries };
}

/** Runs `fn` with a signal that the first SIGINT/SIGTERM aborts; a second one exits at once. */
async function withInterrupt<T>(io: Io, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130);
    io.err(`\n${sig}: ending the recording early (again to quit at once)…\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Fails before a long recording rather than after it. */
function checkWritable(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`cannot write ${path}: the folder ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new CliError(`cannot write ${path}: it is a folder`);
}
