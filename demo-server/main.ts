/**
 * CLI entry: `npx tsx demo-server/main.ts` (or `npm run demo`). PORT and HOST come from the
 * environment; SIGINT/SIGTERM close the server cleanly so streams end instead of hanging.
 */
import { DEFAULT_HOST, DEFAULT_PORT, startDemoServer } from './server';

function portFromEnv(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${raw}"`);
  }
  return port;
}

const server = await startDemoServer({
  port: portFromEnv(process.env.PORT),
  host: process.env.HOST?.trim() || DEFAULT_HOST,
});
console.log(`Polltergeist demo server listening on ${server.url}`);

let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: closing demo server`);
  server.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
