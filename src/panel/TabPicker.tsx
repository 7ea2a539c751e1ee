import type { TabSummary } from '../core/protocol';

/** Shown when the panel is opened as a tab without ?tabId: pick the page to inspect. */
export function TabPicker({ tabs, onRefresh }: { tabs: readonly TabSummary[]; onRefresh: () => void }) {
  return (
    <section class="picker" data-testid="tab-picker">
      <h1>Polltergeist — choose a tab to inspect</h1>
      <button type="button" onClick={onRefresh}>
        Refresh
      </button>
      {tabs.length === 0 && <p>No page with Polltergeist active yet. Open or reload a page, then Refresh.</p>}
      <ul>
        {tabs.map((t) => (
          <li key={t.tabId}>
            <a href={`?tabId=${t.tabId}`} data-testid="tab-link" data-tab-id={String(t.tabId)} data-url={t.url}>
              {t.url}
            </a>{' '}
            ({t.sources} frame{t.sources === 1 ? '' : 's'})
          </li>
        ))}
      </ul>
    </section>
  );
}
