/**
 * Runs the real inline scripts of the demo pages in a Node vm against a live server, with just
 * enough DOM (a log list) to observe them. No browser needed: this checks the client logic
 * (knob forwarding, the hand-written SSE parser with Last-Event-ID resumption, NDJSON reading,
 * WebSocket echo handling) that the HTML-only tests cannot see. XMLHttpRequest, which Node 20
 * lacks, is a small shim over fetch (enough for the Engine.IO client of /upgrade); pages that need
 * EventSource are covered by the browser e2e tests instead.
 */
import { createContext, runInContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { startDemoServer } from './server';
import type { DemoServer } from './server';

let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer({ port: 0 });
});

afterAll(async () => {
  await server.close();
});

interface FakeItem {
  textContent: string;
}

/** The subset of an <ol> the prelude's makeLog uses. */
class FakeList {
  readonly children: FakeItem[] = [];
  /** Items ever inserted (the page removes old ones). */
  added = 0;
  get firstChild(): FakeItem | null {
    return this.children[0] ?? null;
  }
  get lastChild(): FakeItem | null {
    return this.children[this.children.length - 1] ?? null;
  }
  insertBefore(item: FakeItem, before: FakeItem | null): void {
    this.added++;
    const index = before === null ? this.children.length : this.children.indexOf(before);
    this.children.splice(index, 0, item);
  }
  removeChild(item: FakeItem): void {
    this.children.splice(this.children.indexOf(item), 1);
  }
  /** Oldest first, without the time prefix. */
  lines(): string[] {
    return [...this.children].reverse().map((i) => i.textContent.replace(/^.*?\s\s/, ''));
  }
}

/** The page's log, oldest line first ([] before it exists). */
const logLines = (lists: Map<string, FakeList>): string[] => lists.get('log')?.lines() ?? [];

/**
 * Loads a page and runs its inline script in a sandbox until `done` says enough happened (checked
 * every 10 ms; a shared machine can be slow, so this waits for the behaviour rather than a fixed
 * time) or `deadlineMs` passed, then tears everything down. The assertions run on what it logged.
 */
async function runPage(path: string, done: (lists: Map<string, FakeList>) => boolean, deadlineMs = 5000): Promise<Map<string, FakeList>> {
  const pageUrl = new URL(path, server.url);
  const html = await (await fetch(pageUrl)).text();
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (script === undefined) throw new Error(`no inline script in ${path}`);

  const lists = new Map<string, FakeList>();
  const timers = new Set<NodeJS.Timeout>();
  const aborter = new AbortController();
  const sockets: NodeWebSocket[] = [];
  // After teardown, a page retrying on the aborted requests must not start new timers.
  let stopped = false;

  /** The part of XMLHttpRequest the page scripts use, over fetch. */
  class FakeXhr {
    status = 0;
    responseText = '';
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    private method = 'GET';
    private url = '';
    private readonly headers: Record<string, string> = {};
    open(method: string, url: string): void {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string): void {
      this.headers[name] = value;
    }
    send(body: string | null = null): void {
      fetch(new URL(this.url, pageUrl), { method: this.method, headers: this.headers, body, signal: aborter.signal })
        .then(async (res) => {
          this.status = res.status;
          this.responseText = await res.text();
        })
        .then(
          () => this.onload?.(),
          () => this.onerror?.(),
        );
    }
  }

  const sandbox = {
    location: { search: pageUrl.search, host: pageUrl.host, protocol: pageUrl.protocol },
    document: {
      getElementById(id: string): FakeList {
        const list = lists.get(id) ?? new FakeList();
        lists.set(id, list);
        return list;
      },
      createElement: (): FakeItem => ({ textContent: '' }),
    },
    fetch: (input: string, init: RequestInit = {}) =>
      fetch(new URL(input, pageUrl), { ...init, signal: aborter.signal }),
    XMLHttpRequest: FakeXhr,
    WebSocket: class extends NodeWebSocket {
      constructor(url: string) {
        super(url);
        sockets.push(this);
      }
    },
    setTimeout: (fn: () => void, delay: number) => {
      if (stopped) return undefined;
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, delay);
      timers.add(t);
      return t;
    },
    setInterval: (fn: () => void, delay: number) => {
      if (stopped) return undefined;
      const t = setInterval(fn, delay);
      timers.add(t);
      return t;
    },
    clearTimeout: (t: NodeJS.Timeout) => clearTimeout(t),
    clearInterval: (t: NodeJS.Timeout) => clearInterval(t),
    URLSearchParams,
    TextDecoder,
    Uint8Array,
    ArrayBuffer,
    performance,
    console,
  };
  runInContext(script, createContext(sandbox), { filename: path });
  const deadline = Date.now() + deadlineMs;
  while (!done(lists) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));

  stopped = true;
  for (const t of timers) clearTimeout(t);
  aborter.abort();
  for (const ws of sockets) ws.terminate();
  return lists;
}

describe('page scripts (run in a Node vm against the live server)', () => {
  it('/polling polls with a cache-buster and sees unchanged answers', async () => {
    const lists = await runPage('/polling?interval=30&change=0&name=vm-poll', (l) => logLines(l).length >= 3);
    const lines = lists.get('log')!.lines();
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines[0]).toMatch(/^\[changed\] {2}version 1,/);
    expect(lines.slice(1).every((l) => l.startsWith('[same]'))).toBe(true);
  });

  it('/polling?etag=1 revalidates and gets 304s', async () => {
    const lines = (await runPage('/polling?interval=30&change=0&name=vm-etag&etag=1', (l) => logLines(l).includes('[304]  not modified'))).get('log')!.lines();
    expect(lines).toContain('[304]  not modified');
  });

  it('/long-polling re-requests immediately after each answer', async () => {
    const lines = (await runPage('/long-polling?hold=30&news=0.5', (l) => logLines(l).length >= 4)).get('log')!.lines();
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.every((l) => /^\[(news|timeout)\]/.test(l))).toBe(true);
  });

  it('/sse-fetch parses every event kind and resumes ids after reconnecting', async () => {
    const lines = (await runPage('/sse-fetch?rate=10&disconnectAfter=4&retry=20', (l) => {
      const lines = logLines(l);
      const resumed = lines.indexOf('[open]  connected, resuming after id 4');
      return resumed > 0 && resumed + 1 < lines.length && lines.some((x) => x.startsWith('[end]'));
    })).get('log')!.lines();
    expect(lines.length).toBeLessThan(20); // the whole history is still on screen
    const kinds = new Set(lines.map((l) => /^\[(\w+)\]/.exec(l)?.[1]));
    for (const kind of ['open', 'tick', 'message', 'price', 'end']) expect(kinds).toContain(kind);
    expect(lines).toContain('[message]  id 4: multi-line event 4\nsecond line\nthird line');
    // Reconnected with Last-Event-ID: ids continue instead of restarting at 1.
    const resumed = lines.indexOf('[open]  connected, resuming after id 4');
    expect(resumed).toBeGreaterThan(0);
    expect(lines[resumed + 1]).toMatch(/^\[tick\] {2}id 5:/);
  });

  it('/streaming reads NDJSON lines incrementally', async () => {
    const lines = (await runPage('/streaming?rate=20&count=3', (l) => logLines(l).some((x) => x.startsWith('[end]')))).get('log')!.lines();
    expect(lines.slice(0, 4)).toEqual([
      expect.stringMatching(/^\[line\] {2}1\/3 at/),
      expect.stringMatching(/^\[line\] {2}2\/3 at/),
      expect.stringMatching(/^\[line\] {2}3\/3 at/),
      expect.stringMatching(/^\[end\]/),
    ]);
  });

  it('/websocket sees text and binary echoes, pushes and the demo close', async () => {
    const lines = (await runPage('/websocket?sendEvery=20&push=25&closeAfter=250&reconnect=0', (l) => logLines(l).some((x) => x.startsWith('[close]')))).get('log')!.lines();
    const kinds = new Set(lines.map((l) => /^\[([\w ]+)\]/.exec(l)?.[1]));
    for (const kind of ['echo', 'echo bin', 'push', 'push bin', 'close']) expect(kinds).toContain(kind);
    expect(lines).toContain('[close]  code 4000 "demo close"');
  });

  it('/upgrade handshakes, long-polls, then upgrades to a WebSocket with the same sid', async () => {
    const lines = (await runPage('/upgrade?hold=150&upgradeAfter=300&sendEvery=50&push=100', (l) => {
      const lines = logLines(l);
      const upgrade = lines.findIndex((x) => /^\[upgrade\] {2}sent 5/.test(x));
      return upgrade >= 0 && lines.slice(upgrade + 1).some((x) => x.startsWith('[news]'));
    })).get('log')!.lines();
    expect(lines.length).toBeLessThan(20); // the whole history is still on screen
    const at = (re: RegExp): number => lines.findIndex((l) => re.test(l));
    expect(lines.filter((l) => l.startsWith('[error]'))).toEqual([]);
    const open = /^\[open\] {2}handshake over polling: sid ([\w-]{20}), upgrades \[websocket\], pingInterval 150 ms$/.exec(lines[0] ?? '');
    expect(open, lines[0]).not.toBeNull();
    const probe = at(/^\[probe\] {2}3probe/);
    const upgrade = at(/^\[upgrade\] {2}sent 5/);
    expect(lines.slice(1, probe).some((l) => /over polling \(held \d+ ms\)/.test(l))).toBe(true);
    expect(upgrade).toBeGreaterThan(probe);
    expect(lines[upgrade]).toContain(`session ${open![1]} now runs over the WebSocket`);
    // After the upgrade: news over the socket, no more polling.
    const after = lines.slice(upgrade + 1);
    expect(after.some((l) => /^\[news\] {2}over websocket: \{"type":"news"/.test(l))).toBe(true);
    expect(after.some((l) => l.includes('over polling'))).toBe(false);
  });

  it('keeps only the newest 20 log lines', async () => {
    const lines = (await runPage('/polling?interval=10&change=0&name=vm-cap', (l) => (l.get('log')?.added ?? 0) >= 30)).get('log')!.lines();
    expect(lines.length).toBe(20);
  });
});
