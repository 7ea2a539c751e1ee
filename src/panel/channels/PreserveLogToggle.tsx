import { savePrefs } from '../prefs';

/**
 * The toolbar's "Preserve log" checkbox. It writes the shared preference (as DevTools' own setting
 * is global): every open panel and the options page follow through `onPrefsChanged`.
 */
export function PreserveLogToggle({ checked }: { readonly checked: boolean }) {
  return (
    <label class="preserve-toggle" title="Keep the capture when the inspected page reloads or navigates (else the panel clears, like the Network panel)">
      <input
        type="checkbox"
        data-testid="preserve-log"
        checked={checked}
        onChange={(e) => void savePrefs({ preserveLog: e.currentTarget.checked }).catch(() => undefined)}
      />{' '}
      Preserve log
    </label>
  );
}
