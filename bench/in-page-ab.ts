/**
 * `npm run bench:ab`: the hook's own cost per fetch, measured inside one page so that browser
 * launches and machine drift cancel out. The page alternates blocks of sequential fetches through
 * its hooked `window.fetch` and through the native fetch of a same-origin about:blank iframe
 * (our content scripts do not run in about:blank frames, so that fetch is unhooked). Both go to
 * the same demo server from the same process; the ratio is hooked / unhooked. The extension is
 * loaded and no panel is attached (the common case: DevTools closed).
 */
import { startDemoServer } from '../demo-server/server';
import { BROWSERS, launch } from '../test/helpers/browsers';

const BLOCK = 100;
const BLOCKS = Number(process.env['BENCH_AB_BLOCKS'] ?? 8);

// A string, not a function: the TypeScript runner would inject helpers into a function body.
const probe = (block: number, blocks: number): string => `(async () => {
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
  return { out, distinct: unhooked !== hooked };
})()`;

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const server = await startDemoServer({ port: 0 });
const rows: string[] = [];
try {
  for (const name of BROWSERS) {
    const l = await launch(name, { networkEnabled: false });
    try {
      const page = await l.browser.newPage();
      await page.goto(`${server.url}/fixture/blank`);
      const r = (await page.evaluate(probe(BLOCK, BLOCKS))) as { out: { hooked: number[]; unhooked: number[] }; distinct: boolean };
      if (!r.distinct) throw new Error(`${name}: the iframe's fetch is the hooked one; the comparison would be meaningless`);
      const n = BLOCK * BLOCKS;
      const h = (sum(r.out.hooked) / n) * 1000;
      const u = (sum(r.out.unhooked) / n) * 1000;
      const ratio = h / u;
      const target = 1.05;
      rows.push(`| ${name} | ${n} | ${u.toFixed(0)} | ${h.toFixed(0)} | ${(h - u).toFixed(0)} | ${ratio.toFixed(3)} | ≤ ${target}× | ${ratio <= target ? 'PASS' : 'MISS'} |`);
    } finally {
      await l.close();
    }
  }
} finally {
  await server.close();
}
console.log('| browser | fetches each | unhooked µs/fetch | hooked µs/fetch | added µs | × unhooked | target | verdict |');
console.log('|---|--:|--:|--:|--:|--:|---|---|');
for (const r of rows) console.log(r);
