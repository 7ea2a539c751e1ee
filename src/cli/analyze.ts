/** `polltergeist analyze <file.har>`: the report of a HAR file (ours, Chrome's or Firefox's export). */
import { readFileSync } from 'node:fs';
import { fromHar, HarError } from '../core/har/import';
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

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw new CliError(`file not found: ${file}`);
    if (code === 'EISDIR') throw new CliError(`${file} is a folder, not a HAR file`);
    if (code === 'EACCES' || code === 'EPERM') throw new CliError(`cannot read ${file}: permission denied`);
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
  }
}
