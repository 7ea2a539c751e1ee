/**
 * The `polltergeist` command (package.json "bin", built to dist/cli/polltergeist.mjs by
 * `npm run build:cli`). See help.ts for usage and README "Command line".
 */
import { processIo } from './io';
import { run } from './run';

const code = await run(process.argv.slice(2), processIo);
process.exitCode = code;
// Everything is closed by now; if a stray handle lingers, do not hang the shell or the CI job.
setTimeout(() => process.exit(code), 2000).unref();
