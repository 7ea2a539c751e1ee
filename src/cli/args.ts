/**
 * The command line, parsed into one Command (node:util parseArgs, strict). Pure: no I/O, so every
 * rule is unit-tested; a command line that cannot be understood throws UsageError.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDuration } from './duration';
import { UsageError } from './errors';
import type { BrowserName } from './find-browser';

export type FailOn = 'warning' | 'error';

export interface RecordCommand {
  readonly kind: 'record';
  readonly url: string;
  readonly durationMs: number;
  /** null: the first browser found, Chromium before Firefox. */
  readonly browser: BrowserName | null;
  readonly out: string;
  readonly json: boolean;
  readonly headed: boolean;
  /** No progress on stderr (warnings and errors still). */
  readonly quiet: boolean;
  readonly failOn: FailOn | null;
}

export interface AnalyzeCommand {
  readonly kind: 'analyze';
  readonly file: string;
  readonly json: boolean;
  readonly failOn: FailOn | null;
}

export type Command =
  | { readonly kind: 'help'; readonly topic: '' | 'record' | 'analyze' }
  | { readonly kind: 'version' }
  | RecordCommand
  | AnalyzeCommand;

export const DEFAULT_DURATION_MS = 15_000;
export const DEFAULT_OUT = 'capture.har';
const MAX_DURATION_MS = 24 * 3_600_000;

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP: Options = { help: { type: 'boolean', short: 'h' } };
const REPORT: Options = { json: { type: 'boolean' }, 'fail-on': { type: 'string' } };
const RECORD: Options = {
  ...HELP,
  ...REPORT,
  duration: { type: 'string' },
  browser: { type: 'string' },
  out: { type: 'string', short: 'o' },
  headed: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
};
const ANALYZE: Options = { ...HELP, ...REPORT };

export function parseCommandLine(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('no command given: record or analyze');
  switch (first) {
    case '-h':
    case '--help':
      return { kind: 'help', topic: '' };
    case '-V':
    case '--version':
      return { kind: 'version' };
    case 'help': {
      const topic = rest[0] ?? '';
      if (topic !== '' && topic !== 'record' && topic !== 'analyze') throw new UsageError(`no help for '${topic}': try record or analyze`);
      return { kind: 'help', topic };
    }
    case 'record':
      return parseRecord(rest);
    case 'analyze':
      return parseAnalyze(rest);
    default:
      if (first.startsWith('-')) throw new UsageError(`unknown option '${first}' (options come after the command: record or analyze)`);
      throw new UsageError(`unknown command '${first}': use record or analyze`);
  }
}

function parseRecord(args: readonly string[]): Command {
  const { values, positionals } = parse('record', args, RECORD);
  if (values['help'] === true) return { kind: 'help', topic: 'record' };
  const url = onePositional('record', positionals, 'a URL to record');
  const durationText = str(values['duration']);
  const durationMs = durationText === undefined ? DEFAULT_DURATION_MS : parseDuration(durationText);
  if (durationMs === null) throw new UsageError(`--duration: '${durationText}' is not a duration (examples: 15s, 500ms, 2m)`, 'record');
  if (durationMs <= 0) throw new UsageError('--duration must be longer than 0', 'record');
  if (durationMs > MAX_DURATION_MS) throw new UsageError('--duration is at most 24h', 'record');
  const browser = str(values['browser']);
  if (browser !== undefined && browser !== 'chromium' && browser !== 'firefox') {
    throw new UsageError(`--browser: '${browser}' is not chromium or firefox`, 'record');
  }
  const out = str(values['out']) ?? DEFAULT_OUT;
  if (out.trim() === '') throw new UsageError('--out needs a file name', 'record');
  return {
    kind: 'record',
    url: checkUrl(url),
    durationMs,
    browser: browser ?? null,
    out,
    json: values['json'] === true,
    headed: values['headed'] === true,
    quiet: values['quiet'] === true,
    failOn: failOn('record', values['fail-on']),
  };
}

function parseAnalyze(args: readonly string[]): Command {
  const { values, positionals } = parse('analyze', args, ANALYZE);
  if (values['help'] === true) return { kind: 'help', topic: 'analyze' };
  const file = onePositional('analyze', positionals, 'a HAR file to analyze');
  return { kind: 'analyze', file, json: values['json'] === true, failOn: failOn('analyze', values['fail-on']) };
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function parse(command: string, args: readonly string[], options: Options): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
    return { values, positionals };
  } catch (e) {
    throw new UsageError(parseArgsMessage(e), command);
  }
}

/** parseArgs' messages are long and name internals; keep what the user needs. */
function parseArgsMessage(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const message = String(err.message ?? e);
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const name = /'([^']+)'/.exec(message)?.[1];
    return `unknown option '${name ?? message}'`;
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /'(--?[\w-]+)/.exec(message)?.[1] ?? 'option';
    if (/argument missing|ambiguous/.test(message)) return `${name} needs a value`;
    if (/does not take an argument/.test(message)) return `${name} does not take a value`;
  }
  return message.split('\n')[0]!;
}

function onePositional(command: string, positionals: readonly string[], what: string): string {
  if (positionals.length === 0) throw new UsageError(`${command} needs ${what}`, command);
  if (positionals.length > 1) throw new UsageError(`${command} takes one argument, got ${positionals.length}: ${positionals.join(' ')}`, command);
  return positionals[0]!;
}

function str(v: Values[string]): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function failOn(command: string, v: Values[string]): FailOn | null {
  const s = str(v);
  if (s === undefined) return null;
  if (s !== 'warning' && s !== 'error') throw new UsageError(`--fail-on: '${s}' is not warning or error`, command);
  return s;
}

const SCHEMES = new Set(['http:', 'https:', 'file:']);

/** A full http(s) or file URL; `localhost:5175/x` would parse with the scheme "localhost:". */
function checkUrl(text: string): string {
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (url === null || !SCHEMES.has(url.protocol)) {
    const guess = /^[\w.-]+(:\d+)?(\/|$)/.test(text) ? ` (did you mean ${/^(localhost|127\.|\[::1\])/.test(text) ? 'http' : 'https'}://${text}?)` : '';
    throw new UsageError(`'${text}' is not an http(s) URL${guess}`, 'record');
  }
  return url.href;
}
