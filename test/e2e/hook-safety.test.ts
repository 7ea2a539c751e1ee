/**
 * The hook's defensiveness, with the extension loaded: pages that lock down the globals we patch,
 * a second copy of the hook in the same realm, and a busy demo session must never produce an
 * error from our code or break the page.
 *
 * Puppeteer's preload script (evaluateOnNewDocument) runs before our document_start content
 * scripts in both browsers, so "the page froze it before we loaded" is testable for real; each
 * test below also proves that ordering (it saves natives the hook later replaces).
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { BROWSERS, distDir, launch, type Launched } from '../helpers/browsers';
import { openPanel, rows, waitForRows } from '../helpers/panel';
import { treeRssMb } from '../helpers/process-tree';

const demoUrl = inject('demoUrl');
const wsUrl = `${demoUrl.replace(/^http/, 'ws')}/ws?push=0`;
const OURS = /chrome-extension:\/\/|moz-extension:\/\/|polltergeist/i;

interface Problems {
  pageErrors: string[];
  consoleErrors: string[];
}

/** Collects page errors and console errors; each entry carries its text, location and stack. */
function watch(page: Page): Problems {
  const p: Problems = { pageErrors: [], consoleErrors: [] };
  page.on('pageerror', (e) => p.pageErrors.push(e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e)));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = [m.location().url ?? '', ...m.stackTrace().map((f) => f.url ?? '')].join(' ');
    p.consoleErrors.push(`${m.text()} @ ${where}`);
  });
  return p;
}

/**
 * Preload: saves the natives the hook replaces (so a test can tell the hook ran after it), adds
 * window 'message' listeners the way a page's first <head> script would (see transparency.test.ts),
 * then runs `lockDown`.
 */
function preload(lockDown: string): string {
  return `(() => {
  const seen = { messages: [] };
  Object.defineProperty(window, Symbol.for('polltergeist-test.safety'), { value: seen });
  seen.saved = { fetch: window.fetch, open: XMLHttpRequest.prototype.open, toString: Function.prototype.toString, WebSocket: window.WebSocket };
  const mo = new MutationObserver(() => {
    if (!document.head || seen.listening) return;
    mo.disconnect();
    seen.listening = true;
    addEventListener('message', (e) => seen.messages.push(typeof e.data), true);
    addEventListener('message', (e) => seen.messages.push(typeof e.data));
  });
  mo.observe(document, { childList: true, subtree: true });
  ${lockDown}
})();`;
}

/** In-page: fetch, XHR and a WebSocket echo all still work. Resolves to a JSON string. */
const EXERCISE = `(async () => {
  const out = {};
  const res = await fetch('/api/echo?safety=1', { method: 'POST', body: 'f', headers: { 'x-s': '1' } });
  const json = await res.json();
  out.fetch = { status: res.status, method: json.method, body: json.body, xS: json.headers['x-s'] };
  out.xhr = await new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.onloadend = () => resolve({ status: x.status, method: x.status === 200 ? JSON.parse(x.responseText).method : null });
    x.open('PUT', '/api/echo?safety=2');
    x.send('x');
  });
  out.ws = await new Promise((resolve) => {
    const ws = new WebSocket(${JSON.stringify(wsUrl)});
    const t = setTimeout(() => resolve('timeout'), 5000);
    ws.onopen = () => ws.send('ping');
    ws.onmessage = (e) => { clearTimeout(t); ws.close(); resolve(e.data); };
    ws.onerror = () => { clearTimeout(t); resolve('error'); };
  });
  await new Promise((r) => setTimeout(r, 100));
  return JSON.stringify(out);
})()`;

const EXERCISED = {
  fetch: { status: 200, method: 'POST', body: 'f', xS: '1' },
  xhr: { status: 200, method: 'PUT' },
  ws: 'ping',
};

const SAFETY = `window[Symbol.for('polltergeist-test.safety')]`;

async function exercise(page: Page): Promise<unknown> {
  return JSON.parse((await page.evaluate(EXERCISE)) as string);
}

for (const name of BROWSERS) {
  describe.sequential(`hook safety in ${name}`, () => {
    let l: Launched;

    beforeAll(async () => {
      l = await launch(name, { extension: true });
    });
    afterAll(async () => {
      await l?.close();
    });

    it('a page that froze window.fetch before we loaded still works, and the other hooks install', async () => {
      const page = await l.browser.newPage();
      const problems = watch(page);
      await page.evaluateOnNewDocument(preload(`Object.defineProperty(window, 'fetch', { writable: false, configurable: false });`));
      await page.goto(`${demoUrl}/fixture/blank`);
      const state = JSON.parse(
        (await page.evaluate(`(() => {
          const s = ${SAFETY};
          const d = Object.getOwnPropertyDescriptor(window, 'fetch');
          return JSON.stringify({
            fetchUntouched: window.fetch === s.saved.fetch,
            descriptor: { writable: d.writable, configurable: d.configurable },
            xhrHooked: XMLHttpRequest.prototype.open !== s.saved.open,
            openLooksNative: /^function open\\(\\) \\{\\s+\\[native code\\]\\s+\\}$/.test(XMLHttpRequest.prototype.open.toString()),
          });
        })()`)) as string,
      );
      // xhrHooked proves the preload ran before our hook, so the freeze really came first.
      expect(state).toEqual({ fetchUntouched: true, descriptor: { writable: false, configurable: false }, xhrHooked: true, openLooksNative: true });
      expect(await exercise(page)).toEqual(EXERCISED);
      expect(await page.evaluate(`${SAFETY}.messages`)).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors.filter((e) => OURS.test(e))).toEqual([]);
      await page.close();
    });

    it('a page that froze Function.prototype.toString first: we patch nothing (our Proxies would show)', async () => {
      const page = await l.browser.newPage();
      const problems = watch(page);
      await page.evaluateOnNewDocument(
        preload(`Object.defineProperty(Function.prototype, 'toString', { writable: false, configurable: false });`),
      );
      await page.goto(`${demoUrl}/fixture/blank`);
      const state = JSON.parse(
        (await page.evaluate(`(() => {
          const s = ${SAFETY};
          return JSON.stringify({
            fetch: window.fetch === s.saved.fetch,
            open: XMLHttpRequest.prototype.open === s.saved.open,
            WebSocket: window.WebSocket === s.saved.WebSocket,
            toString: Function.prototype.toString === s.saved.toString,
            fetchNamed: /^function fetch\\(\\)/.test(String(fetch)),
          });
        })()`)) as string,
      );
      expect(state).toEqual({ fetch: true, open: true, WebSocket: true, toString: true, fetchNamed: true });
      expect(await exercise(page)).toEqual(EXERCISED);
      // Even with nothing installed, the relay's hello must stay invisible.
      expect(await page.evaluate(`${SAFETY}.messages`)).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors.filter((e) => OURS.test(e))).toEqual([]);
      await page.close();
    });

    it('a page that removed PerformanceObserver and broke getEntriesByType first: capture works, protocols stay unknown', async () => {
      const page = await l.browser.newPage();
      const problems = watch(page);
      await page.evaluateOnNewDocument(
        preload(`delete window.PerformanceObserver;
          Performance.prototype.getEntriesByType = function getEntriesByType() { throw new Error('broken by the page'); };`),
      );
      const marker = `noperf${Math.random().toString(36).slice(2, 8)}`;
      await page.goto(`${demoUrl}/fixture/blank?marker=${marker}`);
      expect(await page.evaluate(`typeof PerformanceObserver`), 'the preload ran first').toBe('undefined');
      const panel = await openPanel(l, marker);
      // The first request proves the panel is attached; the exercise then runs attached.
      await page.evaluate(`fetch('/api/status?noperf=1').then((r) => r.text())`);
      await waitForRows(panel, (r) => r.url.includes('noperf=1'), 'the panel to be attached');
      expect(await exercise(page)).toEqual(EXERCISED);
      const captured = await waitForRows(panel, (r) => r.url.includes('safety=') && r.state === 'done', 'the fetch and the XHR', 2);
      expect(captured.map((r) => `${r.transport} ${r.status} ${r.protocol}`).sort()).toEqual(['fetch 200 ', 'xhr 200 ']);
      expect(await page.evaluate(`${SAFETY}.messages`)).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors.filter((e) => OURS.test(e))).toEqual([]);
      await panel.close();
      await page.close();
    });

    it('running the built hook a second time in the page changes nothing; fetch goes out once', async () => {
      const page = await l.browser.newPage();
      const problems = watch(page);
      await page.evaluateOnNewDocument(preload(''));
      await page.goto(`${demoUrl}/fixture/blank`);
      const snapshot = `(() => { window[Symbol.for('polltergeist-test.ids')] = [fetch, XMLHttpRequest.prototype.open,
        XMLHttpRequest.prototype.send, Function.prototype.toString, WebSocket, WebSocket.prototype.send, EventSource,
        EventSource.prototype.addEventListener, History.prototype.pushState]; })()`;
      await page.evaluate(snapshot);
      const hooked = await page.evaluate(`${SAFETY}.saved.open !== XMLHttpRequest.prototype.open`);
      expect(hooked, 'the first copy is installed').toBe(true);

      const hookSource = readFileSync(join(distDir(name), 'src/hook/hook.iife.js'), 'utf8');
      await page.evaluate(hookSource);

      const same = await page.evaluate(`(() => {
        const ids = window[Symbol.for('polltergeist-test.ids')];
        const now = [fetch, XMLHttpRequest.prototype.open, XMLHttpRequest.prototype.send, Function.prototype.toString,
          WebSocket, WebSocket.prototype.send, EventSource, EventSource.prototype.addEventListener, History.prototype.pushState];
        return ids.map((f, i) => f === now[i]);
      })()`);
      expect(same).toEqual([true, true, true, true, true, true, true, true, true]);

      const once = JSON.parse(
        (await page.evaluate(`(async () => {
          const url = new URL('/api/echo?once=' + Math.random().toString(36).slice(2), location.href).href;
          const body = await (await fetch(url)).json();
          let entries = 0;
          for (let i = 0; i < 40 && entries === 0; i++) {
            await new Promise((r) => setTimeout(r, 25));
            entries = performance.getEntriesByName(url).length;
          }
          await new Promise((r) => setTimeout(r, 200));
          return JSON.stringify({ method: body.method, requests: performance.getEntriesByName(url).length, fetchToString: String(fetch) });
        })()`)) as string,
      );
      expect(once).toMatchObject({ method: 'GET', requests: 1 });
      expect(once.fetchToString).toMatch(/^function fetch\(\) \{\s+\[native code\]\s+\}$/);
      expect(await exercise(page)).toEqual(EXERCISED);
      expect(await page.evaluate(`${SAFETY}.messages`)).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors.filter((e) => OURS.test(e))).toEqual([]);
      await page.close();
    });

    it('a 5 s session on /all, with the panel attached, raises no page error and no console error from our code', async () => {
      const page = await l.browser.newPage();
      const problems = watch(page);
      await page.goto(`${demoUrl}/all`);
      // Attached mode (batches over the port, full previews) is the busier path: exercise it too.
      const panel = await openPanel(l, '/all');
      await new Promise((r) => setTimeout(r, 5000));
      const seen = await rows(panel);
      // A real session: the panel saw the page's traffic of every kind.
      const transports = new Set(seen.map((r) => r.transport));
      expect([...transports].sort(), 'transports the panel saw').toEqual(expect.arrayContaining(['fetch', 'eventsource', 'websocket']));
      await panel.close();
      await page.close();
      if (problems.consoleErrors.length > 0) console.info(`[${name}] console errors on /all (not ours):`, problems.consoleErrors);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors.filter((e) => OURS.test(e))).toEqual([]);
    });

    // Chromium only: a test can force its garbage collection (CDP), so what stays is what is held.
    it.runIf(name === 'chromium')('big WebSocket messages received with no panel attached are not kept by the hook', async () => {
      // 300 messages of 1 MB; the page itself keeps none of them. The hook's detached ring keeps
      // each one's 1 KB preview: a preview cut from the message without a copy kept the whole
      // message alive, since cutting a string gives a view of the original.
      const count = 300;
      const size = 1_000_000;
      const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
      wss.on('connection', (ws) =>
        ws.on('message', () => {
          for (let i = 0; i < count; i++) ws.send(String(i).padStart(8, '0') + 'y'.repeat(size - 8));
        }),
      );
      await new Promise((r) => wss.once('listening', r));
      const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
      const page = await l.browser.newPage();
      try {
        await page.goto(`${demoUrl}/fixture/blank`);
        const cdp = await page.createCDPSession();
        const settled = async (): Promise<number> => {
          for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
          await new Promise((r) => setTimeout(r, 1000));
          return treeRssMb(l.browser.process()?.pid);
        };
        const before = await settled();
        const received = await page.evaluate(
          (u, n) =>
            new Promise<number>((resolve) => {
              const ws = new WebSocket(u);
              let got = 0;
              let chars = 0;
              ws.onopen = () => ws.send('go');
              ws.onmessage = (ev: MessageEvent<string>) => {
                chars += ev.data.length;
                if (++got === n) {
                  ws.close();
                  resolve(chars);
                }
              };
            }),
          url,
          count,
        );
        expect(received).toBe(count * size);
        const grown = (await settled()) - before;
        // Measured: +288 MB with the whole messages kept, about 0 with copied previews.
        expect(grown, `browser memory grew by ${grown.toFixed(0)} MB`).toBeLessThan(150);
      } finally {
        await page.close();
        await new Promise((r) => wss.close(r));
      }
    });
  });
}
