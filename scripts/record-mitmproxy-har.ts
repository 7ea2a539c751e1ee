/**
 * `npm run record:har:mitmproxy`: records demo pages through mitmproxy with its HAR dump addon
 * (Debian's mitmproxy 8.1: `mitmdump -s …/examples/contrib/har_dump.py --set hardump=<file>`),
 * the system Chromium (no extension) using it as its proxy, and writes
 * test/fixtures/har/mitmproxy-<page>.har as mitmproxy users get them: no pages, no
 * `_resourceType`, bodies in `content.text`. test/corpus/har-fixtures.test.ts analyzes them.
 * Needs `apt-get install mitmproxy` (not needed by the tests: the files are committed).
 *
 *   flock /tmp/polltergeist-browser.lock npm run record:har:mitmproxy
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { startDemoServer } from '../demo-server/server';
import { sleep, waitFor } from '../src/cli/wait';
import { finishFixture } from './har-fixture';
import puppeteer from 'puppeteer-core';
import { findBrowser } from '../src/cli/find-browser';
import { CHROMIUM_ARGS } from '../src/cli/launch';

const ADDON = '/usr/share/doc/mitmproxy/examples/contrib/har_dump.py';
const PAGES: readonly { readonly name: string; readonly path: string }[] = [
  { name: 'polling', path: '/polling?interval=500' },
  { name: 'sse', path: '/sse?rate=200' },
];
const RECORD_MS = 6_000;
const OUT = resolve(import.meta.dirname, '../test/fixtures/har');

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  s.close();
  return port;
}

const wanted = process.argv.slice(2);
const server = await startDemoServer({ port: 0 });
try {
  for (const spec of PAGES.filter((p) => wanted.length === 0 || wanted.includes(p.name))) {
    const file = join(OUT, `mitmproxy-${spec.name}.har`);
    const port = await freePort();
    const proxy = spawn('mitmdump', ['--listen-host', '127.0.0.1', '--listen-port', String(port), '-s', ADDON, '--set', `hardump=${file}`, '-q'], { stdio: 'inherit' });
    await waitFor(async () => {
      const c = connect(port, '127.0.0.1');
      return new Promise<boolean>((r) => c.once('connect', () => (c.destroy(), r(true))).once('error', () => r(false)));
    }, 'mitmdump to listen');
    // Chromium sends loopback traffic around a proxy unless told not to.
    const browser = await puppeteer.launch({
      executablePath: findBrowser('chromium').executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, `--proxy-server=http://127.0.0.1:${port}`, '--proxy-bypass-list=<-loopback>'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}${spec.path}`);
      await sleep(RECORD_MS);
    } finally {
      await browser.close();
    }
    proxy.kill('SIGINT');
    await once(proxy, 'exit');
    finishFixture(file);
  }
} finally {
  await server.close();
}
