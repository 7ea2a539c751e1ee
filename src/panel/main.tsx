/** Panel entry: the same page runs inside DevTools and as a tab (panel.html?tabId=N). */
import browser from 'webextension-polyfill';
import { render } from 'preact';
import { App } from './App';
import { loadPrefs } from './prefs';
import { RuntimeTransport } from './runtime-transport';
import './panel.css';

function inspectedTabId(): number | null {
  const fromQuery = new URLSearchParams(location.search).get('tabId');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  const devtools = (browser as { devtools?: typeof browser.devtools }).devtools;
  const id = devtools?.inspectedWindow?.tabId;
  return typeof id === 'number' ? id : null;
}

function applyTheme(): void {
  const devtools = (browser as { devtools?: typeof browser.devtools }).devtools;
  const theme = (devtools?.panels as { themeName?: string } | undefined)?.themeName;
  const dark = theme === 'dark' || (theme === undefined && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
}

const tabId = inspectedTabId();
const inTab = new URLSearchParams(location.search).has('tabId') || tabId === null;
applyTheme();
void loadPrefs().then((prefs) =>
  render(
    <App
      transport={new RuntimeTransport()}
      tabId={tabId}
      popOutUrl={inTab || tabId === null ? null : browser.runtime.getURL(`devtools/panel.html?tabId=${tabId}`)}
      version={browser.runtime.getManifest().version}
      prefs={prefs}
    />,
    document.getElementById('root')!,
  ),
);
