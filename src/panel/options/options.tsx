/** The options page: how many messages a panel keeps, and whether a navigation clears it. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  CAPACITY_DEFAULT,
  CAPACITY_MAX,
  CAPACITY_MIN,
  REDACTED_HEADERS,
  clampCapacity,
  loadPrefs,
  onPrefsChanged,
  savePrefs,
  type Prefs,
} from '../prefs';
import './options.css';

const n = (x: number): string => x.toLocaleString('en-US');

type Status = { readonly kind: 'ok' | 'error'; readonly text: string } | null;

function Options() {
  const [prefs, setPrefs] = useState<Prefs | null>(null);
  const [capacity, setCapacity] = useState('');
  const [preserveLog, setPreserveLog] = useState(false);
  const [status, setStatus] = useState<Status>(null);

  useEffect(() => {
    const show = (p: Prefs): void => {
      setPrefs(p);
      setCapacity(String(p.capacity));
      setPreserveLog(p.preserveLog);
    };
    void loadPrefs().then(show);
    // The panel's toolbar toggles "Preserve log" too: keep this page in step.
    return onPrefsChanged(show);
  }, []);

  const save = (e: Event): void => {
    e.preventDefault();
    // Read the controls themselves: a submit right after an edit may come before the re-render.
    const form = e.currentTarget as HTMLFormElement;
    const typed = (form.elements.namedItem('capacity') as HTMLInputElement).value.trim();
    const preserve = (form.elements.namedItem('preserveLog') as HTMLInputElement).checked;
    const wanted = Number(typed.replace(/[\s,_]/g, ''));
    if (typed === '' || Number.isNaN(wanted)) {
      setStatus({ kind: 'error', text: `Capacity must be a number of messages between ${n(CAPACITY_MIN)} and ${n(CAPACITY_MAX)}.` });
      return;
    }
    savePrefs({ capacity: clampCapacity(wanted), preserveLog: preserve })
      .then((saved) => {
        setPrefs(saved);
        setCapacity(String(saved.capacity));
        setPreserveLog(saved.preserveLog);
        const clamped =
          saved.capacity !== wanted
            ? ` ${n(wanted)} is outside ${n(CAPACITY_MIN)}–${n(CAPACITY_MAX)}: capacity set to ${n(saved.capacity)}.`
            : '';
        setStatus({ kind: 'ok', text: `Saved.${clamped} Panels opened from now on use it.` });
      })
      .catch((err: unknown) => setStatus({ kind: 'error', text: `Could not save: ${err instanceof Error ? err.message : String(err)}` }));
  };

  return (
    <form onSubmit={save} noValidate aria-busy={prefs === null} data-testid="options" data-loaded={String(prefs !== null)}>
      <h1>Polltergeist options</h1>
      <fieldset>
        <legend>Capture</legend>
        <div class="field">
          <label for="capacity">Messages kept</label>
          <input
            id="capacity"
            name="capacity"
            type="number"
            inputMode="numeric"
            min={CAPACITY_MIN}
            max={CAPACITY_MAX}
            step={10_000}
            value={capacity}
            disabled={prefs === null}
            aria-describedby="capacity-help"
            data-testid="options-capacity"
            onInput={(e) => setCapacity(e.currentTarget.value)}
          />
        </div>
        <p id="capacity-help" class="help">
          Between {n(CAPACITY_MIN)} and {n(CAPACITY_MAX)} (default {n(CAPACITY_DEFAULT)}); a value outside is clamped to
          the nearest bound. When a panel holds this many WebSocket frames, SSE events and stream chunks, it drops the
          oldest and says how many. More messages use more memory. Applies to panels opened after saving.
        </p>
        <div class="field check">
          <input
            id="preserve-log"
            name="preserveLog"
            type="checkbox"
            checked={preserveLog}
            disabled={prefs === null}
            aria-describedby="preserve-help"
            data-testid="options-preserve"
            onChange={(e) => setPreserveLog(e.currentTarget.checked)}
          />
          <label for="preserve-log">Preserve log across reloads</label>
        </div>
        <p id="preserve-help" class="help">
          Off (the default): reloading or navigating the inspected page clears the panel, like the Network panel. On:
          the capture keeps growing across pages. The panel's toolbar switches the same setting.
        </p>
      </fieldset>
      <fieldset>
        <legend>Privacy</legend>
        <p class="help" data-testid="options-redaction">
          The values of {REDACTED_HEADERS.map((h, i) => [i > 0 ? ', ' : '', <code key={h}>{h}</code>])} headers are
          replaced by <code>[redacted]</code> inside the page, before anything is captured. This cannot be turned off.
        </p>
      </fieldset>
      <div class="actions">
        <button type="submit" disabled={prefs === null} data-testid="options-save">
          Save
        </button>
        <p class={`status ${status?.kind ?? ''}`} role="status" aria-live="polite" data-testid="options-status">
          {status?.text ?? ''}
        </p>
      </div>
    </form>
  );
}

render(<Options />, document.getElementById('root')!);
