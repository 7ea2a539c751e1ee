/** `polltergeist analyze <file.har>`: the report of a HAR file (ours, Chrome's or Firefox's export; gzip-compressed too). */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fromHar, HarError } from '../core/har/import';
import { isGzip } from '../core/text/bytes';
import { visible } from '../core/text/visible';
import { analyze } from '../core/report/report';
import type { AnalyzeCommand } from './args';
import { CliError } from './errors';
import type { Io } from './io';
import { exitCodeFor, writeReport } from './output';

export function runAnalyze(cmd: AnalyzeCommand, io: Io): number {
  const text = readText(cmd.file);
  let imported: ReturnType<typeof fromHar>;
  try {
    imported = fromHar(text);
  } catch (e) {
    if (e instanceof HarError) throw new CliError(e.message);
    throw e;
  }
  for (const w of imported.warnings) io.err(`warning: ${w}\n`);
  const report = analyze(imported.sources);
  writeReport(report, cmd.json, io);
  return exitCodeFor(report, cmd.failOn, io);
}

/** The file's text; a gzip-compressed file (by its magic bytes, whatever its name) decompressed first. */
function readText(file: string): string {
  const name = visible(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw new CliError(`file not found: ${name}`);
    if (code === 'EISDIR') throw new CliError(`${name} is a folder, not a HAR file`);
    if (code === 'EACCES' || code === 'EPERM') throw new CliError(`cannot read ${name}: permission denied`);
    throw new CliError(`cannot read ${name}: ${visible((e as Error).message)}`);
  }
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new CliError(`${name} is gzip-compressed, but it does not decompress: ${visible((e as Error).message)}`);
    }
  }
  return bytes.toString('utf8');
}
