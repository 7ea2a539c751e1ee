/**
 * `npm start` until the command-line recorder lands: builds both extensions, starts the demo
 * server and tells you how to load the extension and which page to open.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { startDemoServer } from '../demo-server/server';

const root = resolve(import.meta.dirname, '..');
process.stderr.write('Building dist/chrome and dist/firefox…\n');
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

const port = Number(process.env['PORT'] ?? 5175);
const server = await startDemoServer({ port: Number.isFinite(port) ? port : 5175 });
process.stdout.write(`
Polltergeist is built, and the demo server runs at ${server.url}/

Load the extension:
  Chrome/Chromium: chrome://extensions → Developer mode → Load unpacked → ${resolve(root, 'dist/chrome')}
  Firefox:         npm run firefox   (or about:debugging → This Firefox → Load Temporary Add-on → ${resolve(root, 'dist/firefox/manifest.json')})

Then open ${server.url}/all (every pattern at once) or ${server.url}/chatty (the bad example),
open DevTools (F12) and pick the "Realtime" panel.

Ctrl-C stops the demo server.
`);

const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
