/**
 * `npm run bench:ab`: the hook's own cost, measured inside one page so that browser launches and
 * machine drift cancel out. The page alternates blocks of work through its hooked `window.fetch`
 * / `WebSocket` and through those of a same-origin about:blank iframe (our content scripts do not
 * run in about:blank frames, so they are unhooked). The timing code runs in the page's own realm
 * for both sides (a loop compiled in the iframe's realm ran ~200 µs per fetch faster for reasons
 * that have nothing to do with us). Both go to the same local servers from the same process; the
 * ratio is hooked / unhooked. The extension is loaded and no panel is attached (DevTools closed).
 *
 * - fetch: blocks of 100 sequential fetch + text() of the demo server's /api/status;
 * - ws: blocks of 10,000 received 100-byte text messages from the burst server (first to last).
 */
import { startDemoServer } from '../demo-server/server';
import { BROWSERS, launch } from '../test/helpers/browsers';
import { startBurstServer } from './burst-server';

const BLOCK = 100;
const WS_BLOCK = 10_000;
const BLOCKS = Number(process.env['BENCH_AB_BLOCKS'] ?? 8);

// A string, not a function: the TypeScript runner would inject helpers into a function body.
const probe = (block: number, blocks: number, wsUrl: string): string => `(async () => {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  await new Promise((r) => setTimeout(r, 200));
  const unhooked = frame.contentWindow.fetch.bind(frame.contentWindow);
  const hooked = window.fetch;
  const run = async (fn, n) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) await (await fn('/api/status?ab=' + i)).text();
    return performance.now() - t;
  };
  await run(hooked, ${block}); await run(unhooked, ${block});
  const out = { hooked: [], unhooked: [] };
  for (let b = 0; b < ${blocks}; b++) {
    // Alternate which goes first, so a slow moment does not always hit the same side.
    if (b % 2) { out.hooked.push(await run(hooked, ${block})); out.unhooked.push(await run(unhooked, ${block})); }
    else { out.unhooked.push(await run(unhooked, ${block})); out.hooked.push(await run(hooked, ${block})); }
  }
  const ws = (Ctor, n) => new Promise((resolve, reject) => {
    const sock = new Ctor(${JSON.stringify(wsUrl)});
    let got = 0, chars = 0, t0 = 0;
    sock.onopen = () => sock.send('go ' + n);
    sock.onerror = () => reject(new Error('ws error after ' + got));
    sock.onmessage = (ev) => {
      if (got === 0) t0 = performance.now();
      got++;
      chars += ev.data.length;
      if (got === n) { const ms = performance.now() - t0; sock.close(); resolve(ms); }
    };
  });
  const W = { hooked: window.WebSocket, unhooked: frame.contentWindow.WebSocket };
  await ws(W.hooked, ${WS_BLOCK}); await ws(W.unhooked, ${WS_BLOCK});
  const wsOut = { hooked: [], unhooked: [] };
  for (let b = 0; b < ${blocks}; b++) {
    const order = b % 2 ? ['hooked', 'unhooked'] : ['unhooked', 'hooked'];
    for (const k of order) wsOut[k].push(await ws(W[k], ${WS_BLOCK}));
  }
  return { out, wsOut, distinct: unhooked !== hooked && W.hooked !== W.unhooked };
})()`;

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const server = await startDemoServer({ port: 0 });
const burst = await startBurstServer(WS_BLOCK, 100);
const rows: string[] = [];
try {
  for (const name of BROWSERS) {
    const l = await launch(name, { networkEnabled: false });
    try {
      const page = await l.browser.newPage();
      await page.goto(`${server.url}/fixture/blank`);
      type Side = { hooked: number[]; unhooked: number[] };
      const r = (await page.evaluate(probe(BLOCK, BLOCKS, burst.url))) as { out: Side; wsOut: Side; distinct: boolean };
      if (!r.distinct) throw new Error(`${name}: the iframe's fetch is the hooked one; the comparison would be meaningless`);
      const n = BLOCK * BLOCKS;
      const h = (sum(r.out.hooked) / n) * 1000;
      const u = (sum(r.out.unhooked) / n) * 1000;
      const ratio = h / u;
      const target = 1.05;
      rows.push(`| ${name} | fetch | ${n} | ${u.toFixed(0)} | ${h.toFixed(0)} | ${(h - u).toFixed(0)} | ${ratio.toFixed(3)} | ≤ ${target}× | ${ratio <= target ? 'PASS' : 'MISS'} |`);
      const wn = WS_BLOCK * BLOCKS;
      const wh = (sum(r.wsOut.hooked) / wn) * 1000;
      const wu = (sum(r.wsOut.unhooked) / wn) * 1000;
      const wr = wh / wu;
      const wt = name === 'firefox' ? 1.15 : 1.05;
      rows.push(`| ${name} | ws receive | ${wn} | ${wu.toFixed(2)} | ${wh.toFixed(2)} | ${(wh - wu).toFixed(2)} | ${wr.toFixed(3)} | ≤ ${wt}× | ${wr <= wt ? 'PASS' : 'MISS'} |`);
    } finally {
      await l.close();
    }
  }
} finally {
  await burst.close();
  await server.close();
}
console.log('| browser | workload | items each | unhooked µs/item | hooked µs/item | added µs | × unhooked | target | verdict |');
console.log('|---|---|--:|--:|--:|--:|--:|---|---|');
for (const r of rows) console.log(r);
