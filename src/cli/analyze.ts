/** `polltergeist analyze <file.har>`: the report of a HAR file (ours, Chrome's or Firefox's export; gzip-compressed too). */
import { createReadStream, openSync, readFileSync, readSync, closeSync } from 'node:fs';
import { createGunzip, gunzipSync } from 'node:zlib';
import { fromHar, HarError } from '../core/har/import';
import { ScanError } from '../core/har/json-scan';
import { ReadWhole } from '../core/har/reader';
import { readHarStream } from '../core/har/read-stream';
import { isGzip } from '../core/text/bytes';
import { visible } from '../core/text/visible';
import { analyze, reportOf, type Report } from '../core/report/report';
import { Capture } from '../core/store/capture';
import type { AnalyzeCommand } from './args';
import { CliError } from './errors';
import type { Io } from './io';
import { exitCodeFor, writeReport } from './output';

export async function runAnalyze(cmd: AnalyzeCommand, io: Io): Promise<number> {
  let result: { report: Report; warnings: string[] };
  try {
    result = await analyzeFile(cmd.file);
  } catch (e) {
    if (e instanceof HarError) throw new CliError(e.message);
    throw e;
  }
  for (const w of result.warnings) io.err(`warning: ${w}\n`);
  writeReport(result.report, cmd.json, io);
  return exitCodeFor(result.report, cmd.failOn, io);
}

/**
 * Streams the file through the scanner into a classifier-only capture, so a file of hundreds of
 * megabytes is read in about its own size of memory; a file the stream cannot read entry by entry
 * (another shape, far out of time order, broken bytes) is read whole, which also words its errors.
 */
export async function analyzeFile(file: string): Promise<{ report: Report; warnings: string[] }> {
  const gzip = startsWithGzip(file);
  const capture = new Capture({ keep: false });
  try {
    const bytes = createReadStream(file, { highWaterMark: 1 << 20 });
    const chunks = gzip ? bytes.pipe(createGunzip()) : bytes;
    const read = await readHarStream(chunks, (source, events) => capture.ingest(source, events));
    capture.ingestSources(read.collected);
    return { report: reportOf(capture), warnings: read.warnings };
  } catch (e) {
    if (!(e instanceof ReadWhole || e instanceof ScanError || isZlibError(e))) throw e;
  }
  const imported = fromHar(readText(file));
  return { report: analyze(imported.sources), warnings: imported.warnings };
}

function isZlibError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** Whether the file starts with gzip's magic; errors (no file, a folder, no permission) as the user should read them. */
function startsWithGzip(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw readError(file, e);
  }
  try {
    const head = Buffer.alloc(2);
    const n = readSync(fd, head, 0, 2, 0);
    return n === 2 && isGzip(head);
  } catch (e) {
    throw readError(file, e);
  } finally {
    closeSync(fd);
  }
}

function readError(file: string, e: unknown): CliError {
  const name = visible(file);
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return new CliError(`file not found: ${name}`);
  if (code === 'EISDIR') return new CliError(`${name} is a folder, not a HAR file`);
  if (code === 'EACCES' || code === 'EPERM') return new CliError(`cannot read ${name}: permission denied`);
  return new CliError(`cannot read ${name}: ${visible((e as Error).message)}`);
}

/** The file's text; a gzip-compressed file (by its magic bytes, whatever its name) decompressed first. */
function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw readError(file, e);
  }
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new CliError(`${visible(file)} is gzip-compressed, but it does not decompress: ${visible((e as Error).message)}`);
    }
  }
  return bytes.toString('utf8');
}
