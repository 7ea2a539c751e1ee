/**
 * The message list and the message detail in the panel opened as a tab, in both browsers: the
 * virtual list shows /websocket's frames both ways, a search finds a server push and marks the
 * match, an invalid regex is an error message (no exception), a size filter isolates the page's
 * 16-byte binary frames and one of them opens as a hex dump, ↓/Enter/Esc drive the selection and
 * the detail, `/` focuses the search; /sse's events show their SSE fields and a JSON tree.
 * Hostile payloads echoed by the demo's WebSocket (markup, a 10,000-deep JSON, a JSON of 13,000
 * nodes, bytes that are not UTF-8, a 900 KB string) render as inert, capped text.
 * Screenshots go to test-results/ for review.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BROWSERS, launch, waitFor, type Launched } from '../helpers/browsers';
import { openDemoPage, openPanel, shot, waitForRows } from '../helpers/panel';

const demo = inject('demoUrl');
const LIST = '[data-testid=message-list]';

interface MsgRow {
  logical: string;
  dir: string;
  size: string;
  kind: string;
  binary: string;
  selected: string;
  text: string;
  marks: string[];
}

function msgRows(panel: Page): Promise<MsgRow[]> {
  // One evaluate (not $$eval): element handles are slow to hand over WebDriver BiDi.
  return panel.evaluate(() =>
    [...document.querySelectorAll('[data-testid=message-list] [data-testid=message-row]')].map((e) => {
      const d = (e as HTMLElement).dataset;
      return {
        logical: d['logical'] ?? '',
        dir: d['dir'] ?? '',
        size: d['size'] ?? '',
        kind: d['kind'] ?? '',
        binary: d['binary'] ?? '',
        selected: e.getAttribute('aria-selected') ?? '',
        text: e.querySelector('.c-preview')?.textContent ?? '',
        marks: [...e.querySelectorAll('mark')].map((m) => m.textContent ?? ''),
      };
    }),
  );
}

async function waitForMsgRows(panel: Page, pred: (r: MsgRow) => boolean, what: string, count = 1, timeoutMs = 20_000): Promise<MsgRow[]> {
  return waitFor(
    async () => {
      const matching = (await msgRows(panel)).filter(pred);
      return matching.length >= count ? matching : null;
    },
    what,
    timeoutMs,
  );
}

const click = (panel: Page, selector: string): Promise<void> => panel.$eval(selector, (e) => (e as HTMLElement).click());

/**
 * Clicks the newest row on screen matching `attrs` (an attribute selector) in one go (rows come
 * and go while the list follows live traffic) and returns its logical index.
 */
const clickNewest = (panel: Page, attrs: string, what: string, preview = ''): Promise<string> =>
  waitFor(
    () =>
      panel.evaluate(
        (a, p) => {
          const re = new RegExp(p);
          const rows = [...document.querySelectorAll<HTMLElement>(`[data-testid=message-list] [data-testid=message-row]${a}`)].filter((r) =>
            re.test(r.querySelector('.c-preview')?.textContent ?? ''),
          );
          const row = rows.sort((x, y) => Number(y.dataset['logical']) - Number(x.dataset['logical']))[0];
          row?.click();
          return row?.dataset['logical'] ?? null;
        },
        attrs,
        preview,
      ),
    what,
  );

/** Sets an input's value and fires the input event Preact listens to. */
const setInput = (panel: Page, selector: string, value: string): Promise<void> =>
  panel.$eval(
    selector,
    (e, v) => {
      (e as HTMLInputElement).value = v;
      e.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );

/** Replaces the search box's text the way a user types it (Esc clears it first). */
async function searchFor(panel: Page, text: string): Promise<void> {
  await panel.focus('[data-testid=search-input]');
  await panel.keyboard.press('Escape');
  if (text) await panel.type('[data-testid=search-input]', text);
}

const count = (panel: Page): Promise<{ shown: number; total: number; text: string }> =>
  panel.$eval('[data-testid=message-count]', (e) => ({
    shown: Number((e as HTMLElement).dataset['shown']),
    total: Number((e as HTMLElement).dataset['total']),
    text: e.textContent ?? '',
  }));

/** The detail once it shows message `logical`. */
const detailOf = (panel: Page, logical: string, what: string): Promise<string> =>
  waitFor(
    () =>
      panel.evaluate((l) => {
        const d = document.querySelector<HTMLElement>('[data-testid=message-detail]');
        return d && d.dataset['logical'] === l ? (d.textContent ?? '') : null;
      }, logical),
    what,
  );

describe.each(BROWSERS)('message list and detail in %s', (name) => {
  let l: Launched;
  const opened: Page[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    l = await launch(name);
  });
  afterAll(async () => {
    await l?.close();
  });

  async function openDemo(pagePath: string): Promise<{ page: Page; panel: Page }> {
    const { page, marker } = await openDemoPage(l, demo, pagePath, opened);
    const panel = await openPanel(l, marker);
    opened.push(panel);
    panel.on('pageerror', (e) => errors.push(String(e)));
    await panel.setViewport({ width: 1280, height: 800 });
    return { page, panel };
  }

  async function closeAll(): Promise<void> {
    for (const p of opened.splice(0)) await p.close().catch(() => undefined);
  }

  it('/websocket: both directions, search with marks, invalid regex, size filter and hex, keyboard', async () => {
    const { panel } = await openDemo('/websocket?sendEvery=200&push=300');
    await click(panel, '[data-testid=tab-messages]');
    await waitForMsgRows(panel, (r) => r.dir === 'up', 'a sent frame in the list');
    await waitForMsgRows(panel, (r) => r.dir === 'down', 'a received frame in the list');
    expect((await panel.$$(`${LIST} [role=grid]`)).length).toBe(1);
    expect(await panel.$eval(`${LIST} [role=grid]`, (g) => g.getAttribute('aria-label'))).toBeTruthy();

    // Virtualized and following: only rows on screen exist, the newest among them.
    await waitFor(async () => (await count(panel)).total >= 80, '80 messages', 30_000);
    const newest = (rs: MsgRow[]): number => Math.max(...rs.map((r) => Number(r.logical)));
    const oldest = (rs: MsgRow[]): number => Math.min(...rs.map((r) => Number(r.logical)));
    await waitFor(async () => {
      const [rs, c] = [await msgRows(panel), await count(panel)];
      return rs.length < c.total && newest(rs) >= c.total - 3;
    }, 'the newest rows on screen, and only rows on screen');
    // Wheel up: the list stays where it was while messages arrive, with a way back.
    await panel.$eval('[data-testid=message-grid] .msg-scroller', (e) =>
      e.dispatchEvent(new WheelEvent('wheel', { deltaY: -400, bubbles: true, cancelable: true })),
    );
    await waitFor(() => panel.$('[data-testid=jump-latest]'), 'the jump-to-latest button');
    const parked = oldest(await msgRows(panel));
    const total = (await count(panel)).total;
    await waitFor(async () => (await count(panel)).total >= total + 5, 'more messages');
    expect(oldest(await msgRows(panel))).toBe(parked);
    await click(panel, '[data-testid=jump-latest]');
    await waitFor(async () => {
      const [rs, c] = [await msgRows(panel), await count(panel)];
      return newest(rs) >= c.total - 3;
    }, 'the newest rows again');
    expect(await panel.$('[data-testid=jump-latest]')).toBeNull();

    // A server push, found by text and marked.
    await searchFor(panel, '"push"');
    const found = await waitForMsgRows(panel, (r) => r.marks.length > 0, 'a marked push');
    expect(found.every((r) => r.text.includes('"push"') && r.marks.every((m) => m === '"push"'))).toBe(true);
    expect((await msgRows(panel)).every((r) => r.dir === 'down' && r.text.includes('"push"'))).toBe(true);
    const c = await count(panel);
    expect(c.shown).toBeGreaterThan(0);
    expect(c.shown).toBeLessThan(c.total);
    expect(c.text).toMatch(/\d+ of \d+ messages/);

    // Case toggle: "PUSH" matches nothing when case counts.
    await searchFor(panel, 'PUSH');
    await waitFor(async () => (await count(panel)).shown > 0, 'case-insensitive PUSH');
    await click(panel, '[data-testid=search-case]');
    await waitFor(async () => (await count(panel)).shown === 0, 'case-sensitive PUSH matches nothing');
    await click(panel, '[data-testid=search-case]');

    // Regex: an invalid one is an error next to the box, not an exception.
    await click(panel, '[data-testid=search-regex]');
    await searchFor(panel, '(');
    const error = await waitFor(() => panel.$eval('[data-testid=search-error]', (e) => e.textContent).catch(() => null), 'the regex error');
    expect(error).not.toBe('');
    await searchFor(panel, 'hello.*"n":\\d+');
    await waitForMsgRows(panel, (r) => r.marks.length > 0 && r.marks[0]!.startsWith('hello'), 'a regex match');
    expect(await panel.$('[data-testid=search-error]')).toBeNull();
    await searchFor(panel, '');
    await click(panel, '[data-testid=search-regex]');

    // Size 16..16: only the page's 16-byte binary frames (and their echoes); one opens as hex.
    await setInput(panel, '[data-testid=filter-min-size]', '16');
    await setInput(panel, '[data-testid=filter-max-size]', '16');
    await waitForMsgRows(panel, (r) => r.binary === 'true', 'a 16-byte binary frame');
    expect((await msgRows(panel)).every((r) => r.size === '16' && r.binary === 'true')).toBe(true);
    const bin = await clickNewest(panel, '[data-binary=true]', 'a binary frame to click');
    await detailOf(panel, bin, 'the binary frame in the detail');
    const hex = await waitFor(() => panel.$eval('[data-testid=hex-dump]', (e) => e.textContent).catch(() => null), 'the hex dump');
    expect(hex).toMatch(/^00000000 {2}([0-9a-f]{2} ){8} ([0-9a-f]{2} ){7}[0-9a-f]{2} {2}\|.{16}\|$/);
    await shot(panel, `messages-hex-${name}`);

    // Direction filter.
    await panel.select('[data-testid=filter-direction]', 'up');
    await waitFor(async () => {
      const rs = await msgRows(panel);
      return rs.length > 0 && rs.every((r) => r.dir === 'up');
    }, 'only sent frames');
    await panel.select('[data-testid=filter-direction]', '');
    await setInput(panel, '[data-testid=filter-min-size]', '');
    await setInput(panel, '[data-testid=filter-max-size]', '');
    await waitFor(async () => {
      const { shown, total } = await count(panel);
      return shown === total;
    }, 'every message again');

    // Keyboard: Esc closes, ↓ moves the cursor, Enter opens it; "/" jumps to the search box.
    await panel.focus('[data-testid=message-grid]');
    await panel.keyboard.press('Escape');
    await waitFor(async () => (await panel.$('[data-testid=message-detail]')) === null, 'the detail closed by Esc');
    await panel.keyboard.press('Home');
    await panel.keyboard.press('ArrowDown');
    const cursor = await waitForMsgRows(panel, (r) => r.selected === 'true', 'a row selected by the keyboard');
    expect(cursor).toHaveLength(1);
    await panel.keyboard.press('Enter');
    await detailOf(panel, cursor[0]!.logical, 'the detail opened by Enter');
    await panel.keyboard.press('ArrowDown');
    const next = String(Number(cursor[0]!.logical) + 1);
    await detailOf(panel, next, 'the detail following the cursor');
    await panel.keyboard.press('/');
    expect(await panel.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search-input');
    expect(errors).toEqual([]);
    await closeAll();
  });

  it('/sse: an event shows its SSE fields and a JSON tree', async () => {
    const { panel } = await openDemo('/sse?rate=200');
    await click(panel, '[data-testid=tab-messages]');
    const logical = await clickNewest(panel, '[data-kind=sse]', 'a JSON SSE event', '\\{"');
    await detailOf(panel, logical, 'the SSE event in the detail');
    const fields = await waitFor(
      () =>
        panel
          .$eval('[data-testid=sse-fields]', (e) => ({
            event: e.querySelector('[data-field=event]')?.textContent ?? '',
            id: e.querySelector('[data-field=id]')?.textContent ?? '',
          }))
          .catch(() => null),
      'the SSE fields',
    );
    expect(fields.id).toMatch(/^\d+$/);
    expect(['message', 'tick', 'price']).toContain(fields.event);
    const tree = await panel.$eval('[data-testid=json-tree]', (e) => e.textContent ?? '');
    expect(tree).toMatch(/tick|message|symbol/);
    // The connection and its timing.
    const conn = await panel.$eval('[data-testid=message-connection]', (e) => e.textContent ?? '');
    expect(conn).toContain('/api/sse');
    expect(conn).toMatch(/Start.*Response.*End.*Duration/);
    await shot(panel, `messages-sse-${name}`);
    expect(errors).toEqual([]);
    await closeAll();
  });

  it('/sse-fetch: an event read with fetch shows its response headers', async () => {
    const { panel } = await openDemo('/sse-fetch?rate=200');
    await click(panel, '[data-testid=tab-messages]');
    const logical = await clickNewest(panel, '[data-kind=sse]', 'an SSE event read with fetch');
    await detailOf(panel, logical, 'the event in the detail');
    const headers = await waitFor(
      () => panel.evaluate(() => [...document.querySelectorAll('[data-testid=message-headers]')].map((e) => e.textContent ?? '').join('\n')),
      'the headers',
    );
    expect(headers).toMatch(/Response headers/);
    expect(headers.toLowerCase()).toContain('text/event-stream');
    expect(errors).toEqual([]);
    await closeAll();
  });

  it('hostile payloads render as inert, capped text without freezing the panel', async () => {
    const { page, panel } = await openDemo('/fixture/blank');
    // The hook reads payloads once it knows a panel is attached: a request showing up proves it.
    await page.evaluate(() => fetch('/api/status?case=attached').then((r) => r.text()));
    await waitForRows(panel, (r) => r.url.includes('case=attached'), 'the panel to be attached');
    const sizes = await page.evaluate(async () => {
      const depth = 10_000;
      const deep = '['.repeat(depth) + ']'.repeat(depth);
      // 400 objects of 32 nodes then 300 numbers: the root shows a first page of 500 and a
      // "more" row; expanding everything would be 13,000+ rows.
      const wide = Array.from({ length: 400 }, (_, i) => ({ big: i, a: Array.from({ length: 30 }, (_, j) => j) }));
      const big = JSON.stringify([...wide, ...Array.from({ length: 300 }, (_, i) => i)]);
      const payloads: (string | Uint8Array)[] = [
        '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>',
        deep,
        big,
        Uint8Array.from([0xff, 0xfe, 0xc3, 0x28, 0x00, 0x3c, 0x62, 0x3e]),
        'HUGE' + 'x'.repeat(900_000),
      ];
      const ws = new WebSocket(`ws://${location.host}/ws?push=0`);
      ws.binaryType = 'arraybuffer';
      let echoes = 0;
      await new Promise<void>((resolve, reject) => {
        ws.onopen = () => payloads.forEach((p) => ws.send(p));
        ws.onmessage = () => {
          if (++echoes === payloads.length) resolve();
        };
        ws.onerror = () => reject(new Error('socket error'));
      });
      return { deep: deep.length, big: big.length };
    });
    expect(sizes.big).toBeLessThan(64 * 1024);
    await click(panel, '[data-testid=tab-messages]');
    await waitForMsgRows(panel, (r) => r.dir === 'down', 'the five echoes', 5);

    /** Searches, then opens the received match. */
    const open = async (text: string): Promise<string> => {
      await searchFor(panel, text);
      await waitForMsgRows(panel, (m) => m.dir === 'down' && m.marks.length > 0, `the echo of ${text}`);
      const logical = await clickNewest(panel, '[data-dir=down]', `the echo of ${text} to click`);
      await detailOf(panel, logical, `the detail of ${text}`);
      return logical;
    };

    // Markup: text in the row (marked), text in the raw view, no element made of it.
    await open('<img src=x');
    const marked = await msgRows(panel);
    expect(marked.some((r) => r.text.includes('<img src=x onerror=') && r.marks.includes('<img src=x'))).toBe(true);
    const raw = await waitFor(() => panel.$eval('[data-testid=raw-text]', (e) => e.textContent).catch(() => null), 'the raw text');
    expect(raw).toContain('<script>window.pwned=2</script>');
    const inert = await panel.evaluate(() => ({
      pwned: (window as unknown as { pwned?: number }).pwned ?? 0,
      imgs: document.querySelectorAll('#root img, #root script').length,
    }));
    expect(inert).toEqual({ pwned: 0, imgs: 0 });

    // 10,000 levels deep: a tree, and "expand all" stops at 100 levels.
    await open('[[[[[[');
    await waitFor(() => panel.$('[data-testid=json-tree]'), 'the deep tree');
    await click(panel, '[data-testid=tree-expand-all]');
    await waitFor(() => panel.$('[data-testid=tree-too-deep]'), 'the depth cap');
    expect(await panel.$eval('[data-testid=json-tree]', (e) => Number((e as HTMLElement).dataset['rows']))).toBe(101);

    // 13,000+ nodes: a paged tree; "expand all" is capped at 10,000 rows.
    await open('{"big":0');
    await waitFor(() => panel.$('[data-testid=json-tree]'), 'the large tree');
    await waitFor(() => panel.$('[data-testid=tree-more]'), 'a paged node');
    await click(panel, '[data-testid=tree-expand-all]');
    await waitFor(() => panel.$('[data-testid=tree-capped]'), 'the node cap');
    // (Counted in the page: handing 10,000 element handles to the test is slow over WebDriver BiDi.)
    expect(await panel.$eval('[data-testid=json-tree]', (t) => t.querySelectorAll('[role=treeitem]').length)).toBe(10_000);

    // Not UTF-8: the hex dump.
    await open('ff fe c3 28');
    const hex = await waitFor(() => panel.$eval('[data-testid=hex-dump]', (e) => e.textContent).catch(() => null), 'the hex dump');
    expect(hex).toContain('ff fe c3 28 00 3c 62 3e');
    expect(hex).toContain('|...(.<b>|');

    // 900 KB: the captured part, marked as such, and capped in the DOM.
    await open('HUGExxxx');
    await waitFor(() => panel.$('[data-testid=capture-truncated]'), 'the truncation note');
    const chars = await panel.$eval('[data-testid=raw-text]', (e) => (e.textContent ?? '').length);
    expect(chars).toBeGreaterThan(1000);
    expect(chars).toBeLessThanOrEqual(64 * 1024);
    await shot(panel, `messages-hostile-${name}`);

    expect(
      await panel.evaluate(() => ({
        pwned: (window as unknown as { pwned?: number }).pwned ?? 0,
        imgs: document.querySelectorAll('#root img, #root script').length,
      })),
    ).toEqual({ pwned: 0, imgs: 0 });
    expect(errors).toEqual([]);
    await closeAll();
  });
});
