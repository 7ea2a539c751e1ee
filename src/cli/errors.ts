/**
 * Errors the user can act on: a bad flag, a missing file, no browser installed, a page that would
 * not load. main.ts prints their message alone (no stack trace) and exits with their code.
 * Anything else that escapes is a bug and is printed with its stack.
 */

/** Exit codes of the command line (README "Command line"). */
export const EXIT = {
  ok: 0,
  /** A finding at or above --fail-on. */
  findings: 1,
  /** Bad usage or input, or the recording could not be made. */
  error: 2,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A command line that cannot be understood; main.ts adds where to find the usage. */
export class UsageError extends CliError {
  constructor(
    message: string,
    /** The command whose --help applies, '' for the top level. */
    readonly command: string = '',
  ) {
    super(message, EXIT.error);
    this.name = 'UsageError';
  }
}
