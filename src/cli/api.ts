/**
 * The library: `import { analyzeHar, record } from 'polltergeist'`. What the command line does,
 * for code (the CLI is a thin layer over it: arguments, files, printing, exit codes). It is under
 * the same versioning promise as `--json`: the `Report` shape changes only with a bump of
 * `REPORT_VERSION`, and these functions keep their signatures within a major version.
 *
 * Errors a caller can act on (no browser installed, the extension not built, a file that is not a
 * HAR, a page that does not load) are `PolltergeistError`s whose message says what to do.
 */
import { fromHarObject, HarError } from '../core/har/import';
import { toHar } from '../core/har/export';
import type { Har } from '../core/har/types';
import { analyze, type Report } from '../core/report/report';
import { analyzeFile } from './analyze';
import { CliError } from './errors';
import { findBrowser, type BrowserName } from './find-browser';
import { distDir, launch, requireBuiltExtension } from './launch';
import { packageInfo } from './package-root';
import { recordPage, type RecordProgress } from './record-page';
import { formatDuration } from '../core/format/numbers';

export type { Report, ReportChannel, ReportFinding, ReportStream } from '../core/report/report';
export { REPORT_VERSION, worstSeverity, formatReport } from '../core/report/report';
export type { RuleId, Severity } from '../core/diagnose/types';
export type { Har } from '../core/har/types';
export type { BrowserName } from './find-browser';
export type { RecordProgress } from './record-page';

/** An error the caller can act on; its message says what is wrong and what to do. */
export { CliError as PolltergeistError } from './errors';

export interface Analysis {
  readonly report: Report;
  /** What the import noticed about the file (skipped page loads, placed times...). */
  readonly warnings: readonly string[];
}

/**
 * The report of a HAR: a path (`.har`, or gzip-compressed, streamed so big files stay cheap) or
 * a HAR object you hold (ours, Chrome DevTools', Playwright's, any HAR 1.2 tool's).
 */
export async function analyzeHar(input: string | Har | object): Promise<Analysis> {
  try {
    if (typeof input === 'string') return await analyzeFile(input);
    const imported = fromHarObject(input);
    return { report: analyze(imported.sources), warnings: imported.warnings };
  } catch (e) {
    if (e instanceof HarError) throw new CliError(e.message);
    throw e;
  }
}

export interface RecordOptions {
  /** How long to record, in ms (default 15 s). */
  readonly durationMs?: number;
  /** Default: the first found, Chromium before Firefox (CHROME_PATH / FIREFOX_PATH override the lookup). */
  readonly browser?: BrowserName;
  /** Show the browser window (needs a display). Default false. */
  readonly headed?: boolean;
  /** Ends the recording early; what was recorded is still returned. */
  readonly signal?: AbortSignal;
  /** Progress lines ("Launching…", "Recorded 412 events…"); default: none. */
  readonly log?: (line: string) => void;
  /** About once a second while recording: time gone, the duration, events recorded so far. */
  readonly progress?: (p: RecordProgress) => void;
}

export interface Recorded extends Analysis {
  /** The capture as HAR 1.2 with our analysis under `log._polltergeist` (what `record --out` writes). */
  readonly har: Har;
  /** Where the page ended up (after redirects). */
  readonly url: string;
}

const LABEL = { chromium: 'Chromium', firefox: 'Firefox' } as const;

/** Records `url` through the real extension in a headless browser and returns the HAR and its report. */
export async function record(url: string, options: RecordOptions = {}): Promise<Recorded> {
  const log = options.log ?? (() => undefined);
  const durationMs = options.durationMs ?? 15_000;
  const found = findBrowser(options.browser ?? null);
  if (options.headed && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    throw new CliError('headed recording needs a display, and neither DISPLAY nor WAYLAND_DISPLAY is set (record headless instead)');
  }
  requireBuiltExtension(distDir(found.name));
  log(`Launching ${LABEL[found.name]} (${found.executablePath})${options.headed ? '' : ' headless'} with the extension…`);
  // Network monitoring off: a user's browser does not pay for a protocol client either.
  const l = await launch(found.name, { executablePath: found.executablePath, headless: !options.headed, networkEnabled: false, handleSignals: false });
  let recording;
  try {
    log(`Recording ${url} for ${formatDuration(durationMs)}…`);
    recording = await recordPage(l, url, { durationMs, signal: options.signal, progress: options.progress });
    const events = recording.sources.reduce((n, s) => n + s.events.length, 0);
    log(`Recorded ${events} events in ${formatDuration(recording.stoppedAt - recording.startedAt)}`);
  } finally {
    await l.close();
  }
  const har = toHar({
    sources: recording.sources,
    page: { url: recording.finalUrl, title: recording.title, startedAt: recording.startedAt },
    creatorVersion: packageInfo().version,
  });
  return { har, report: analyze(recording.sources), warnings: recording.warnings, url: recording.finalUrl };
}
