/** One run of the command line: parse, dispatch, and turn errors into a message and an exit code. */
import { runAnalyze } from './analyze';
import { parseCommandLine } from './args';
import { CliError, EXIT, UsageError } from './errors';
import { helpFor } from './help';
import type { Io } from './io';
import { packageInfo } from './package-root';
import { runRecord } from './record';

export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    const cmd = parseCommandLine(argv);
    switch (cmd.kind) {
      case 'help':
        io.out(helpFor(cmd.topic));
        return EXIT.ok;
      case 'version':
        io.out(`${packageInfo().version}\n`);
        return EXIT.ok;
      case 'analyze':
        return await runAnalyze(cmd, io);
      case 'record':
        return await runRecord(cmd, io);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`polltergeist: ${e.message}\nRun 'polltergeist ${e.command ? `${e.command} ` : ''}--help' for usage.\n`);
      return e.exitCode;
    }
    if (e instanceof CliError) {
      io.err(`polltergeist: ${e.message}\n`);
      return e.exitCode;
    }
    // Not something the user did: a bug, shown with its stack so it can be reported.
    io.err(`polltergeist: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.error;
  }
}
