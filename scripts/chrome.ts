/**
 * `npm run chrome`: a headed Chromium with dist/chrome loaded (fresh profile) on the demo server's
 * landing page, for trying the extension by hand: open DevTools (F12) and pick the Realtime panel.
 * Starts the demo server on PORT (default 5175) unless one already answers there. Closing the
 * window or Ctrl-C stops everything.
 */
import { startDemoServer, type DemoServer } from '../demo-server/server';
import { CliError } from '../src/cli/errors';
import { launch } from '../src/cli/launch';

const port = Number(process.env['PORT'] ?? 5175);

async function demoServer(): Promise<{ url: string; server: DemoServer | null }> {
  try {
    const server = await startDemoServer({ port });
    return { url: server.url, server };
  } catch (e) {
    if ((e as { code?: string }).code !== 'EADDRINUSE') throw e;
    const url = `http://127.0.0.1:${port}`;
    process.stderr.write(`Port ${port} is taken: using the demo server that runs there (${url}).\n`);
    return { url, server: null };
  }
}

async function main(): Promise<void> {
  if (!process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    throw new CliError('npm run chrome opens a browser window, and there is no display (DISPLAY is not set). Headless, use npm start or npm run polltergeist -- record <url>.');
  }
  const { url, server } = await demoServer();
  const l = await launch('chromium', { headless: false, handleSignals: false });
  const page = (await l.browser.pages())[0] ?? (await l.browser.newPage());
  await page.goto(`${url}/`);
  process.stderr.write(`Chromium runs with the extension on ${url}/ — open DevTools (F12) → Realtime. Close the window or press Ctrl-C to stop.\n`);
  await new Promise<void>((resolveStop) => {
    l.browser.once('disconnected', () => resolveStop());
    process.once('SIGINT', () => resolveStop());
    process.once('SIGTERM', () => resolveStop());
  });
  await l.close();
  await server?.close();
}

try {
  await main();
} catch (e) {
  if (!(e instanceof CliError)) throw e;
  process.stderr.write(`npm run chrome: ${e.message}\n`);
  process.exitCode = e.exitCode;
}
