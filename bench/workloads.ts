/**
 * The timed workloads, run inside the page. Passed to page.evaluate as source text rather than
 * functions: tsx may decorate functions with helpers (__name) that do not exist in the page.
 */
import type { Page } from 'puppeteer-core';

/**
 * Evaluates to 'event' when our hook is installed in this realm (it answers the cancelable
 * 'polltergeist:hook-installed' query event), '' when it is not.
 */
export const HOOK_PROBE = `(() => {
  const ev = new Event('polltergeist:hook-installed', { cancelable: true });
  window.dispatchEvent(ev);
  return ev.defaultPrevented ? 'event' : '';
})()`;
export const PEER_SYMBOL = "Symbol.for('polltergeist.bench.peer')";

/** `count` sequential fetch + text() of /api/status; returns elapsed ms measured in the page. */
export async function fetchWorkload(page: Page, count: number, tag: string): Promise<number> {
  const ms = await page.evaluate(`(async () => {
    const n = ${count};
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await (await fetch('/api/status?${tag}=' + i)).text();
    return performance.now() - t0;
  })()`);
  return ms as number;
}

export interface WsResult {
  /** First to last message, in the page. */
  ms: number;
  count: number;
  chars: number;
}

/**
 * Opens a WebSocket to the burst server, sends "go N" and times message 1 → message N in the
 * page; the handler touches each message's data so every configuration does the same work.
 */
export async function wsWorkload(page: Page, url: string, count: number, timeoutMs: number): Promise<WsResult> {
  const r = await page.evaluate(`new Promise((resolve, reject) => {
    const n = ${count};
    const ws = new WebSocket(${JSON.stringify(url)});
    let got = 0, chars = 0, t0 = 0;
    const timer = setTimeout(() => { ws.close(); reject(new Error('ws workload timed out after ' + got + ' messages')); }, ${timeoutMs});
    ws.onopen = () => ws.send('go ' + n);
    ws.onerror = () => { clearTimeout(timer); reject(new Error('ws error after ' + got + ' messages')); };
    ws.onmessage = (ev) => {
      if (got === 0) t0 = performance.now();
      got++;
      chars += ev.data.length;
      if (got === n) {
        const ms = performance.now() - t0;
        clearTimeout(timer);
        ws.close();
        resolve({ ms, count: got, chars });
      }
    };
  })`);
  return r as WsResult;
}
