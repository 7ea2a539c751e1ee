/** Driving the panel opened as a tab (panel.html?tabId=N), the way a user pops it out. */
import { mkdirSync } from 'node:fs';
import type { ElementHandle, Page } from 'puppeteer-core';
import { gotoExtensionPage, waitFor, type Launched } from './browsers';

export interface RowData {
  key: string;
  transport: string;
  url: string;
  method: string;
  status: string;
  /** HTTP: nextHopProtocol of the origin ('' unknown); WebSocket: the negotiated subprotocol. */
  protocol: string;
  state: string;
  error: string;
  top: string;
  frameUrl: string;
  up: string;
  down: string;
  bytesDown: string;
  chunks: string;
  reconnects: string;
  closeCode: string;
  start: string;
  responseAt: string;
  end: string;
  /** The row's channel: its live pattern, confidence, key and the reason in words. */
  pattern: string;
  confidence: string;
  channel: string;
  reason: string;
}

export interface MessageData {
  dir: string;
  binary: string;
  event: string;
  eventId: string;
  size: string;
  encoding: string;
  text: string;
}

/** Where tests save screenshots for review (not committed). */
export const SHOTS = 'test-results';

/** Saves a screenshot for review; a failed screenshot never fails the test. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` }).catch(() => undefined);
}

/** A token unique to one test page, put in its URL so the panel's tab picker finds that tab. */
export function newMarker(): string {
  return `m${Math.random().toString(36).slice(2, 8)}`;
}

/** Opens `demoUrl + pagePath` with a fresh marker in its query, in a new tab (noted in `opened`, to close). */
export async function openDemoPage(l: Launched, demoUrl: string, pagePath: string, opened: Page[]): Promise<{ page: Page; marker: string }> {
  const marker = newMarker();
  const page = await l.browser.newPage();
  opened.push(page);
  const sep = pagePath.includes('?') ? '&' : '?';
  await page.goto(`${demoUrl}${pagePath}${sep}marker=${marker}`);
  return { page, marker };
}

/** Finds the tab whose top frame URL contains `urlPart` through the panel's own tab picker. */
export async function findTabId(l: Launched, picker: Page, urlPart: string): Promise<number> {
  return waitFor(
    () =>
      picker.evaluate((part) => {
        const link = [...document.querySelectorAll<HTMLElement>('[data-testid=tab-link]')].find((a) =>
          (a.dataset['url'] ?? '').includes(part),
        );
        if (link) return Number(link.dataset['tabId']);
        document.querySelector<HTMLButtonElement>('[data-testid=tab-picker] button')?.click();
        return null;
      }, urlPart),
    `a tab with ${urlPart} in the picker`,
  );
}

export async function openPanel(l: Launched, urlPart: string): Promise<Page> {
  const panel = await l.browser.newPage();
  await gotoExtensionPage(l, panel, l.extensionUrl('devtools/panel.html'));
  const tabId = await findTabId(l, panel, urlPart);
  await gotoExtensionPage(l, panel, l.extensionUrl(`devtools/panel.html?tabId=${tabId}`));
  return panel;
}

export function rows(panel: Page): Promise<RowData[]> {
  return panel.$$eval('[data-testid=connection-row]', (els) =>
    els.map((e) => ({ ...(e as HTMLElement).dataset }) as unknown as RowData),
  );
}

/** Waits until some rows satisfy the predicate, returning those rows. */
export async function waitForRows(
  panel: Page,
  pred: (r: RowData) => boolean,
  what: string,
  count = 1,
  timeoutMs = 20_000,
): Promise<RowData[]> {
  return waitFor(async () => {
    const matching = (await rows(panel)).filter(pred);
    return matching.length >= count ? matching : null;
  }, what, timeoutMs).catch(async (e: unknown) => {
    throw new Error(`${String(e)}; ${await panelState(panel)}`);
  });
}

/** A row's URL path, or its URL as shown when that is not an absolute URL. */
export function rowPath(r: RowData): string {
  try {
    return new URL(r.url).pathname;
  } catch {
    return r.url;
  }
}

/**
 * What the panel showed when a wait ran out: its address, its summary line and its rows, condensed
 * to one line per path, transport and label, so an intermittent timeout says where it stood.
 */
export async function panelState(panel: Page): Promise<string> {
  try {
    const summary = await panel.$eval('[data-testid=summary]', (s) => s.textContent ?? '').catch(() => '(no summary)');
    const all = await rows(panel);
    const groups = new Map<string, number>();
    for (const r of all) {
      const k = `${r.transport} ${rowPath(r)} ${r.pattern || '-'} ${r.state}`;
      groups.set(k, (groups.get(k) ?? 0) + 1);
    }
    const list = [...groups].map(([k, n]) => `${k} ×${n}`).join('; ');
    return `panel ${panel.url()} summary "${summary}", ${all.length} rows: ${list || 'none'}`;
  } catch (e) {
    return `panel state unreadable: ${String(e)}`;
  }
}

/** Opens a row's detail and returns its messages. */
export async function messagesOf(panel: Page, key: string): Promise<MessageData[]> {
  await panel.evaluate((k) => {
    const row = [...document.querySelectorAll<HTMLElement>('[data-testid=connection-row]')].find((r) => r.dataset['key'] === k);
    row?.click();
  }, key);
  await new Promise((r) => setTimeout(r, 100));
  return panel.$$eval('[data-testid=message-row]', (els) =>
    els.map((e) => ({ ...(e as HTMLElement).dataset, text: e.textContent ?? '' }) as unknown as MessageData),
  );
}

/** Picks `file` in the panel's Import HAR file input (the same path a user's file picker takes). */
export async function importFile(panel: Page, file: string): Promise<void> {
  const input = (await panel.$('[data-testid=import-file]')) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(file);
}
