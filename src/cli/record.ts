/**
 * `polltergeist record <url>`: launch the system browser with the built extension, record the page
 * through the real extension pipeline for the duration, write the HAR, print the report.
 * Progress goes to stderr, the report to stdout. Ctrl-C (or SIGTERM) ends the recording early and
 * still writes what was recorded; a second Ctrl-C quits at once.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatBytes, formatDuration } from '../core/format/numbers';
import { toHar } from '../core/har/export';
import { analyze, type Report } from '../core/report/report';
import type { RecordCommand } from './args';
import { CliError } from './errors';
import { findBrowser, type FoundBrowser } from './find-browser';
import type { Io } from './io';
import { distDir, launch, requireBuiltExtension } from './launch';
import { exitCodeFor, writeReport } from './output';
import { packageInfo } from './package-root';
import { recordPage, type PageRecording } from './record-page';

const LABEL = { chromium: 'Chromium', firefox: 'Firefox' } as const;

export interface RecordResult {
  readonly recording: PageRecording;
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

/** Everything but printing the report: also what `npm start` runs. */
export async function recordToHar(cmd: Omit<RecordCommand, 'kind' | 'json' | 'failOn'>, io: Io): Promise<RecordResult> {
  const found = findBrowser(cmd.browser);
  if (cmd.headed && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    throw new CliError('--headed needs a display, and neither DISPLAY nor WAYLAND_DISPLAY is set (leave --headed out to record headless)');
  }
  requireBuiltExtension(distDir(found.name));
  const harPath = resolve(cmd.out);
  checkWritable(harPath);

  const recording = await withInterrupt(io, (signal) => recordWith(found, cmd, signal, io));
  for (const w of recording.warnings) io.err(`warning: ${w}\n`);

  const har = toHar({
    sources: recording.sources,
    page: { url: recording.finalUrl, title: recording.title, startedAt: recording.startedAt },
    creatorVersion: packageInfo().version,
  });
  const text = `${JSON.stringify(har, null, 2)}\n`;
  try {
    writeFileSync(harPath, text);
  } catch (e) {
    throw new CliError(`cannot write ${cmd.out}: ${(e as Error).message}`);
  }
  const entries = har.log.entries.length;
  io.err(`Wrote ${cmd.out} (${entries} entr${entries === 1 ? 'y' : 'ies'}, ${formatBytes(Buffer.byteLength(text))})\n`);
  return { recording, report: analyze(recording.sources), harPath, entries };
}

async function recordWith(found: FoundBrowser, cmd: Omit<RecordCommand, 'kind' | 'json' | 'failOn'>, signal: AbortSignal, io: Io): Promise<PageRecording> {
  io.err(`Launching ${LABEL[found.name]} (${found.executablePath})${cmd.headed ? '' : ' headless'} with the extension…\n`);
  // Network monitoring off: a user's browser does not pay for a protocol client either.
  const l = await launch(found.name, {
    executablePath: found.executablePath,
    headless: !cmd.headed,
    networkEnabled: false,
    handleSignals: false,
  });
  try {
    io.err(`Recording ${cmd.url} for ${formatDuration(cmd.durationMs)}…\n`);
    const recording = await recordPage(l, cmd.url, { durationMs: cmd.durationMs, signal });
    const events = recording.sources.reduce((n, s) => n + s.events.length, 0);
    io.err(`Recorded ${events} events in ${formatDuration(recording.stoppedAt - recording.startedAt)}\n`);
    return recording;
  } finally {
    await l.close();
  }
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
