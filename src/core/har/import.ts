/**
 * A HAR file's text to capture sources: `fromHar` parses the whole file and reads it through the
 * one entry reader (`reader.ts`). Big files are read without parsing them whole by
 * `read-stream.ts`, through the same reader. What is kept and how each field is read:
 * docs/har.md.
 *
 * Errors: a file that is not a HAR throws HarError saying why (its message quotes the file only
 * through visible escapes).
 */
import type { CaptureEvent } from '../protocol';
import type { CaptureSource } from '../store/capture-source';
import { isObject, kindOf, type Json } from './fields';
import { HarError } from './har-error';
import { entriesProblem, HarReader, versionProblem } from './reader';

export { HarError } from './har-error';

export interface HarImport {
  sources: CaptureSource[];
  warnings: string[];
}

export function fromHar(text: string): HarImport {
  return readParsed(parseLog(text));
}

/** A HAR already parsed (an object a program holds): the same checks and reading as `fromHar`. */
export function fromHarObject(doc: unknown): HarImport {
  return readParsed(checkLog(doc));
}

function readParsed(log: Json): HarImport {
  const bySource = new Map<string, CaptureSource>();
  const reader = new HarReader((source, events) => {
    let s = bySource.get(source.sourceId);
    if (!s) bySource.set(source.sourceId, (s = { source, events: [] }));
    for (const e of events) (s.events as CaptureEvent[]).push(e);
  });
  reader.member('version', log['version']);
  reader.member('pages', log['pages']);
  reader.beginEntries();
  for (const e of log['entries'] as unknown[]) reader.entry(e);
  const { warnings, collected, order } = reader.finish();
  for (const c of collected) bySource.set(c.source.sourceId, c);
  return { sources: order.map((id) => bySource.get(id)!), warnings };
}

/** The gzip magic, 1f 8b, read as text (0x8b is not UTF-8 on its own: a decoder makes it U+FFFD). */
function looksGzipped(text: string): boolean {
  return text.charCodeAt(0) === 0x1f && (text.charCodeAt(1) === 0x8b || text.charCodeAt(1) === 0xfffd);
}

function parseLog(text: string): Json {
  if (typeof text !== 'string' || text.trim() === '') throw new HarError('not a HAR file: it is empty');
  if (looksGzipped(text)) throw new HarError('not a HAR file as text: it is gzip-compressed (decompress it first)');
  let doc: unknown;
  try {
    // JSON.parse only: nothing in the file is ever evaluated. A UTF-8 BOM (some Windows tools
    // write one) is not JSON but says nothing wrong about the file.
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    // The parser's message quotes the start of the file: HarError makes it visible.
    throw new HarError(`not a HAR file: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return checkLog(doc);
}

function checkLog(doc: unknown): Json {
  if (!isObject(doc)) throw new HarError(`not a HAR file: the JSON is ${kindOf(doc)}, not an object with a "log" field`);
  const log = doc['log'];
  if (log === undefined) throw new HarError('not a HAR file: there is no "log" field at the top level');
  if (!isObject(log)) throw new HarError(`not a HAR file: "log" is ${kindOf(log)}, not an object`);
  const problem = versionProblem(log['version']) ?? entriesProblem(log['entries']);
  if (problem) throw new HarError(problem);
  return log;
}
