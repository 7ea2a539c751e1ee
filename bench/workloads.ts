/**
 * The timed workloads, run inside the page. Passed to page.evaluate as source text rather than
 * functions: tsx may decorate functions with helpers (__name) that do not exist in the page.
 */
import type { Page } from 'puppeteer-core';

/**
 * Evaluates to 'event' when our hook is installed in the realm of the window `win` names (it
 * answers the cancelable 'polltergeist:hook-installed' query event), '' when it is not.
 */
const hookProbe = (win: string): string => `(() => {
  const ev = new ${win}.Event('polltergeist:hook-installed', { cancelable: true });
  ${win}.dispatchEvent(ev);
  return ev.defaultPrevented ? 'event' : '';
})()`;
export const HOOK_PROBE = hookProbe('window');
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
 * In-page source of `(Ctor, extra) => Promise<WebSocket>`: a socket opened with Ctor to the burst
 * server. With `extra`, an empty 'message' listener is added first, as an observer that listens
 * would add it.
 */
function openSource(url: string): string {
  return `(Ctor, extra) => new Promise((resolve, reject) => {
    const ws = new Ctor(${JSON.stringify(url)});
    if (extra) ws.addEventListener('message', () => {});
    ws.onopen = () => resolve(ws);
    ws.onerror = () => reject(new Error('ws error opening a socket'));
  })`;
}

/**
 * In-page source of `(ws, n) => Promise<WsResult>`: asks the burst server for n more messages on an
 * open socket and times message 1 → message n; the handler touches each message's data so every
 * configuration does the same work.
 */
function moreSource(timeoutMs: number): string {
  return `(ws, n) => new Promise((resolve, reject) => {
    let got = 0, chars = 0, t0 = 0;
    const timer = setTimeout(() => reject(new Error('ws burst timed out after ' + got + ' messages')), ${timeoutMs});
    ws.onerror = () => { clearTimeout(timer); reject(new Error('ws error after ' + got + ' messages')); };
    ws.onmessage = (ev) => {
      if (got === 0) t0 = performance.now();
      got++;
      chars += ev.data.length;
      if (got === n) {
        clearTimeout(timer);
        resolve({ ms: performance.now() - t0, count: got, chars });
      }
    };
    ws.send('go ' + n);
  })`;
}

/** In-page source of `(Ctor, n, extra) => Promise<WsResult>`: n messages on a socket of their own. */
function burstSource(url: string, timeoutMs: number): string {
  return `(() => {
    const open = ${openSource(url)};
    const more = ${moreSource(timeoutMs)};
    return async (Ctor, n, extra) => {
      const ws = await open(Ctor, extra);
      try {
        return await more(ws, n);
      } finally {
        ws.close();
      }
    };
  })()`;
}

/** One burst of `count` messages through the page's WebSocket. */
export async function wsWorkload(page: Page, url: string, count: number, timeoutMs: number): Promise<WsResult> {
  return (await page.evaluate(`(${burstSource(url, timeoutMs)})(WebSocket, ${count}, false)`)) as WsResult;
}

/**
 * The same-page baseline. An about:blank iframe appended to the page shares its origin, process,
 * thread and servers, but none of our content scripts run in it (no match_about_blank), nor the
 * peer's interceptors (installed in the top document only): its fetch and WebSocket are the
 * browser's own. Returns what the frame's window holds, so the caller can check it is clean.
 */
export async function addBaselineFrame(page: Page): Promise<{ hook: string; peer: boolean; distinct: boolean }> {
  return (await page.evaluate(`(async () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    await new Promise((r) => setTimeout(r, 100));
    const w = frame.contentWindow;
    window.__benchFrame = w;
    return { hook: ${hookProbe('w')}, peer: ${PEER_SYMBOL} in w, distinct: w.fetch !== window.fetch && w.WebSocket !== window.WebSocket };
  })()`)) as { hook: string; peer: boolean; distinct: boolean };
}

export interface Paired<T> {
  /** Through the top document's (hooked, peer-patched or plain) API. */
  top: T;
  /** Through the baseline frame's plain API, interleaved with the top's. */
  frame: T;
}

/**
 * `count` sequential fetch + text() through each side, in alternating blocks of `block` (ABBA
 * order), timed per block and summed per side. Interleaving this finely puts both sides in the
 * same moments of machine load, which separate browser launches a minute apart never are. The
 * loop runs in the top realm for both sides: only the fetch function differs.
 */
export async function pairedFetchWorkload(page: Page, count: number, block: number, tag: string): Promise<Paired<number>> {
  return (await page.evaluate(`(async () => {
    const f = window.__benchFrame;
    const sides = { top: window.fetch, frame: (u) => f.fetch(u) };
    const out = { top: 0, frame: 0 };
    let i = 0;
    const run = async (k) => {
      const fn = sides[k];
      const t0 = performance.now();
      for (let j = 0; j < ${block}; j++, i++) await (await fn('/api/status?${tag}=' + i)).text();
      out[k] += performance.now() - t0;
    };
    for (let b = 0; b < ${Math.ceil(count / block)}; b++) {
      if (b % 2) { await run('frame'); await run('top'); } else { await run('top'); await run('frame'); }
    }
    return out;
  })()`)) as Paired<number>;
}

/** The WebSocket workload's sides: the two of Paired, and the listener floor. */
export interface WsSides extends Paired<WsResult> {
  /**
   * Through the baseline frame's plain WebSocket with one empty 'message' listener added: what any
   * observer that listens to a socket costs it, whatever it does with the messages.
   */
  floor: WsResult;
}

/** In-page source: the three sides, their six orders, and per-side sums; `body` defines `burst(side)`, one block, and `done()`. */
function threeSides(blocks: number, body: string): string {
  return `(async () => {
    const f = window.__benchFrame;
    const sides = { top: [window.WebSocket, false], frame: [f.WebSocket, false], floor: [f.WebSocket, true] };
    const orders = [['top', 'frame', 'floor'], ['floor', 'frame', 'top'], ['frame', 'floor', 'top'], ['top', 'floor', 'frame'], ['floor', 'top', 'frame'], ['frame', 'top', 'floor']];
    const out = { top: { ms: 0, count: 0, chars: 0 }, frame: { ms: 0, count: 0, chars: 0 }, floor: { ms: 0, count: 0, chars: 0 } };
    ${body}
    for (let b = 0; b < ${blocks}; b++) {
      for (const k of orders[b % orders.length]) {
        const r = await burst(k);
        const o = out[k];
        o.ms += r.ms;
        o.count += r.count;
        o.chars += r.chars;
      }
    }
    done();
    return out;
  })()`;
}

/**
 * `count` received messages of the burst server through each side (top, frame and floor), in
 * sockets of `block` messages, each timed first to last message; summed per side. The order of
 * the sides cycles through all six permutations, so each side runs first, second and third
 * equally often.
 */
export async function pairedWsWorkload(page: Page, url: string, count: number, block: number, timeoutMs: number): Promise<WsSides> {
  const body = `const socket = ${burstSource(url, timeoutMs)};
    const burst = (k) => socket(sides[k][0], ${block}, sides[k][1]);
    const done = () => undefined;`;
  return (await page.evaluate(threeSides(Math.ceil(count / block), body))) as WsSides;
}

/**
 * The other shape of the same count: one long-lived socket per side, each receiving `count`
 * messages in bursts of `burst` (one "go" each), timed first to last message of every burst and
 * summed. A short burst arrives whole and is dispatched back to back, with no socket set-up or
 * teardown near it: the page's main thread is the only bottleneck, so the per-message price of a
 * listener shows at its largest. Sides and orders as in pairedWsWorkload.
 */
export async function pairedWsBurstsWorkload(page: Page, url: string, count: number, burst: number, timeoutMs: number): Promise<WsSides> {
  const body = `const socket = ${openSource(url)};
    const open = (k) => socket(sides[k][0], sides[k][1]);
    const sockets = { top: await open('top'), frame: await open('frame'), floor: await open('floor') };
    const more = ${moreSource(timeoutMs)};
    const burst = (k) => more(sockets[k], ${burst});
    const done = () => { for (const ws of Object.values(sockets)) ws.close(); };`;
  return (await page.evaluate(threeSides(Math.ceil(count / burst), body))) as WsSides;
}
