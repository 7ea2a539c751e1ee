/**
 * `npm start`: builds if needed, starts the demo server on a free port, records its /all page
 * (every pattern at once) for 15 s in headless Chromium with the command line's own record code
 * (src/cli/record.ts: the real extension, the real pipeline), prints the report and exits.
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemoServer } from '../demo-server/server';
import { CliError, EXIT } from '../src/cli/errors';
import { processIo } from '../src/cli/io';
import { writeReport } from '../src/cli/output';
import { recordToHar } from '../src/cli/record';
import { buildIfNeeded } from './build-if-needed';

const root = resolve(import.meta.dirname, '..');
const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  buildIfNeeded(root, log);
  const server = await startDemoServer({ port: 0 });
  log(`Demo server at ${server.url}/`);
  try {
    const harPath = join(tmpdir(), 'polltergeist-demo-all.har');
    const result = await recordToHar({ url: `${server.url}/all`, durationMs: 15_000, browser: null, out: harPath, headed: false }, processIo);
    process.stdout.write('\n');
    writeReport(result.report, false, processIo);
    process.stdout.write(`
That was the demo server's /all page, recorded for 15 s through the extension in a headless browser.
The capture is in ${harPath}: import it in the panel, or run
  npm run polltergeist -- analyze ${harPath}

Next:
  npm run chrome                          Chromium with the extension, on the demo pages: DevTools (F12) → Realtime
  npm run firefox                         the same in Firefox ESR (start the demo first: npm run demo)
  npm run polltergeist -- record <url>    record any page (README, "Command line")
`);
    return EXIT.ok;
  } finally {
    await server.close();
  }
}

try {
  process.exitCode = await main();
} catch (e) {
  if (!(e instanceof CliError)) throw e;
  process.stderr.write(`npm start: ${e.message}\n`);
  process.exitCode = e.exitCode;
}
