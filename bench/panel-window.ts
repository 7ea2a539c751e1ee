/**
 * Opens our panel for a tab in its own window. test/helpers/panel.ts opens it as a second tab,
 * which hides the inspected page (document.visibilityState === 'hidden': throttled timers, no
 * rendering), and that is not what a user with DevTools open has. In a separate window both the
 * page and the panel are visible, like a page with its DevTools docked or undocked.
 */
import type { Page } from 'puppeteer-core';
import { gotoExtensionPage, type Launched } from '../test/helpers/browsers';
import { findTabId } from '../test/helpers/panel';

export async function openPanelWindow(l: Launched, urlPart: string): Promise<Page> {
  const panel = await l.browser.newPage({ type: 'window' });
  await gotoExtensionPage(l, panel, l.extensionUrl('devtools/panel.html'));
  let tabId: number;
  try {
    tabId = await findTabId(l, panel, urlPart);
  } catch (err) {
    // Say what the picker did list: tells a missing relay connection from a slow one.
    const listed = await panel
      .$$eval('[data-testid=tab-link]', (els) => els.map((e) => (e as HTMLElement).dataset['url'] ?? ''))
      .catch(() => ['(picker unreadable)']);
    throw new Error(`${err instanceof Error ? err.message : String(err)}; the picker listed [${listed.join(', ')}]`);
  }
  await gotoExtensionPage(l, panel, l.extensionUrl(`devtools/panel.html?tabId=${tabId}`));
  return panel;
}
