import { describe, expect, it } from 'vitest';
import { DEFAULT_DURATION_MS, DEFAULT_OUT, parseCommandLine } from './args';
import { UsageError } from './errors';

function usageError(argv: string[]): UsageError {
  try {
    parseCommandLine(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('parseCommandLine', () => {
  it('reads record with its defaults', () => {
    expect(parseCommandLine(['record', 'http://127.0.0.1:5175/all'])).toEqual({
      kind: 'record',
      url: 'http://127.0.0.1:5175/all',
      durationMs: DEFAULT_DURATION_MS,
      browser: null,
      out: DEFAULT_OUT,
      json: false,
      headed: false,
      quiet: false,
      failOn: null,
    });
  });

  it('reads every record option, before or after the URL', () => {
    expect(
      parseCommandLine(['record', '--duration', '6s', 'https://example.test/a?b=1', '--browser=firefox', '--out', 'x.har', '--json', '--headed', '-q', '--fail-on', 'error']),
    ).toEqual({
      kind: 'record',
      url: 'https://example.test/a?b=1',
      durationMs: 6_000,
      browser: 'firefox',
      out: 'x.har',
      json: true,
      headed: true,
      quiet: true,
      failOn: 'error',
    });
  });

  it('reads analyze', () => {
    expect(parseCommandLine(['analyze', 'a.har'])).toEqual({ kind: 'analyze', file: 'a.har', json: false, failOn: null });
    expect(parseCommandLine(['analyze', '--json', '--fail-on', 'warning', 'a.har'])).toEqual({
      kind: 'analyze',
      file: 'a.har',
      json: true,
      failOn: 'warning',
    });
  });

  it('reads help and version', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help', topic: '' });
    expect(parseCommandLine(['-h'])).toEqual({ kind: 'help', topic: '' });
    expect(parseCommandLine(['help', 'record'])).toEqual({ kind: 'help', topic: 'record' });
    expect(parseCommandLine(['record', '--help'])).toEqual({ kind: 'help', topic: 'record' });
    expect(parseCommandLine(['analyze', '-h', 'whatever.har'])).toEqual({ kind: 'help', topic: 'analyze' });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
  });

  it('names what is wrong', () => {
    expect(usageError([]).message).toBe('no command given: record or analyze');
    expect(usageError(['play']).message).toBe("unknown command 'play': use record or analyze");
    expect(usageError(['--json']).message).toMatch(/^unknown option '--json'/);
    expect(usageError(['analyze', 'a.har', '--bogus'])).toMatchObject({ message: "unknown option '--bogus'", command: 'analyze' });
    expect(usageError(['record', 'http://x.test', '-z']).message).toBe("unknown option '-z'");
    expect(usageError(['analyze']).message).toBe('analyze needs a HAR file to analyze');
    expect(usageError(['analyze', 'a.har', 'b.har']).message).toBe('analyze takes one argument, got 2: a.har b.har');
    expect(usageError(['analyze', 'a.har', '--fail-on', 'info']).message).toBe("--fail-on: 'info' is not warning or error");
    expect(usageError(['analyze', 'a.har', '--fail-on']).message).toBe('--fail-on needs a value');
    expect(usageError(['analyze', 'a.har', '--json=yes']).message).toBe('--json does not take a value');
    expect(usageError(['record']).message).toBe('record needs a URL to record');
    expect(usageError(['record', 'http://x.test', '--duration', 'soon']).message).toBe(
      "--duration: 'soon' is not a duration (examples: 15s, 500ms, 2m)",
    );
    expect(usageError(['record', 'http://x.test', '--duration', '0s']).message).toBe('--duration must be longer than 0');
    expect(usageError(['record', 'http://x.test', '--browser', 'safari']).message).toBe("--browser: 'safari' is not chromium or firefox");
    expect(usageError(['record', 'localhost:5175/all']).message).toBe(
      "'localhost:5175/all' is not an http(s) URL (did you mean http://localhost:5175/all?)",
    );
    expect(usageError(['record', 'example.com']).message).toBe("'example.com' is not an http(s) URL (did you mean https://example.com?)");
    expect(usageError(['record', 'ftp://example.com/']).message).toBe("'ftp://example.com/' is not an http(s) URL");
  });
});
