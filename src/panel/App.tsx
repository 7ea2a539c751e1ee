import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { diagnose } from '../core/diagnose/diagnose';
import { visible } from '../core/text/visible';
import { ChannelList } from './ChannelList';
import { ConnectionTable } from './ConnectionTable';
import { DetailPane } from './DetailPane';
import { FindingsView } from './FindingsView';
import { HarControls } from './HarControls';
import { ImportCancelled, importHarFile } from './har-file';
import { MessageDetail } from './MessageDetail';
import { MessageList } from './MessageList';
import { PreserveLogToggle } from './channels/PreserveLogToggle';
import { usePrefs } from './channels/use-prefs';
import { DEFAULT_PREFS, type Prefs } from './prefs';
import { nextFrame } from './next-frame';
import { pure } from './pure';
import { PanelSession } from './session';
import { TabPanel } from './TabPanel';
import { TabPicker } from './TabPicker';
import { Timeline } from './Timeline';
import type { PanelTransport } from './transport';
import { INITIAL_VIEW, type Tab, type ViewState } from './view-state';

interface Props {
  readonly transport: PanelTransport;
  readonly tabId: number | null;
  /** Where "Pop out" opens this panel as a tab; null when already in a tab. */
  readonly popOutUrl: string | null;
  /** The extension's version, written into exported HARs. */
  readonly version: string;
  /** Preferences read before the first render (capacity is read once, when the session starts). */
  readonly prefs?: Prefs;
}

const RENDER_MS = 250;
/** Time between render starts, in units of the last render's cost: rendering takes at most 1/8. */
const RENDER_COST_FACTOR = 8;
/** The channel list re-renders when its channels or the selection and pattern filter change, not on every view change. */
const PureChannelList = pure(
  ChannelList,
  (a, b) =>
    a.channels === b.channels &&
    a.findings === b.findings &&
    a.update === b.update &&
    a.view.channels === b.view.channels &&
    a.view.patterns === b.view.patterns,
);

const TABS: readonly (readonly [Tab, string])[] = [
  ['requests', 'Requests'],
  ['messages', 'Messages'],
  ['findings', 'Findings'],
];

export function App({ transport, tabId, popOutUrl, version, prefs: initialPrefs = DEFAULT_PREFS }: Props) {
  const prefs = usePrefs(initialPrefs);
  const [, setTick] = useState(0);
  const [view, setView] = useState<ViewState>(INITIAL_VIEW);
  const update = useCallback((patch: Partial<ViewState>) => setView((v) => ({ ...v, ...patch })), []);
  const selected = view.row;
  const setSelected = (row: string | null): void => update({ row, message: null });
  const [importError, setImportError] = useState<string | null>(null);
  /** A file being imported: its name, how much is read (0..1), and how to cancel it. */
  const [importing, setImporting] = useState<{ readonly name: string; readonly fraction: number; readonly abort: AbortController } | null>(null);
  const renderCost = useRef({ start: 0, ms: 0 });
  const slotHeight = useRef<number | undefined>(undefined);
  const session = useMemo(() => {
    let scheduled = false;
    let last = 0;
    // Coalesce bursts into at most one render per RENDER_MS, and never spend more than an eighth
    // of the time rendering: a render's cost (its diff, then the style, layout and paint it caused,
    // up to its effects) sets the gap to the next, eight times as long. A live page renders every
    // 250 ms; a backlog replay of a million messages, whose renders cost ~60-100 ms, every ~0.6 s,
    // so ingest keeps the main thread (bench:panel, back-to-back runs: 6.8 s of ingest at 4x, 3.6 s at 8x).
    return new PanelSession(transport, tabId, () => {
      if (scheduled) return;
      scheduled = true;
      const gap = Math.max(RENDER_MS, RENDER_COST_FACTOR * renderCost.current.ms);
      const render = (): void => {
        scheduled = false;
        last = performance.now();
        setTick((t) => t + 1);
      };
      setTimeout(() => nextFrame(render), Math.max(0, gap - (performance.now() - last)));
    }, initialPrefs.capacity);
  }, [transport, tabId]);
  session.preserveLog = prefs.preserveLog;
  renderCost.current.start = performance.now();
  // Runs after the commit: the render and the DOM work it caused.
  useEffect(() => {
    renderCost.current.ms = performance.now() - renderCost.current.start;
  });
  useEffect(() => session.start(), [session]);
  // Durations of open connections grow while you watch: a render at least every second. Not on
  // top of the renders traffic causes, which show the clock too (under a flood those are spaced
  // by their cost, and an extra one every second would undo that).
  useEffect(() => {
    const timer = setInterval(() => {
      if (performance.now() - renderCost.current.start >= 1000) setTick((t) => t + 1);
    }, 250);
    return () => clearInterval(timer);
  }, []);

  // Channels and findings change only with events: the 1 s tick and view changes reuse them.
  const analysis = useMemo(() => {
    const channels = session.classifier.channels();
    return { channels, findings: diagnose(channels) };
  }, [session.classifier, session.classifier.events]);
  if (tabId === null) return <TabPicker tabs={session.tabs} onRefresh={() => session.refreshTabs()} />;

  const store = session.store;
  const table = store.connections;
  const rows = view.tab === 'requests' ? table.ordered() : [];
  const origin = Number.isFinite(table.firstStart) ? table.firstStart : Date.now();
  const row = selected ? table.byKey(selected) : undefined;
  // Events lost before the panel and records evicted; messages evicted by the store are counted apart.
  const dropped = session.droppedAtSource + table.dropped;
  const classifier = session.classifier;
  const channelOf = (key: string) => classifier.channelOf(key);
  const { channels, findings } = analysis;
  const lanes = channels.filter(
    (c) => (view.patterns.size === 0 || view.patterns.has(c.pattern)) && (view.channels.size === 0 || view.channels.has(c.key)),
  );
  const channel = row ? channelOf(row.key) : undefined;
  const importFile = (file: File): void => {
    importing?.abort.abort();
    const abort = new AbortController();
    setImporting({ name: file.name, fraction: 0, abort });
    importHarFile(session, file, (fraction) => setImporting({ name: file.name, fraction, abort }), abort.signal)
      .then(() => {
        setImportError(null);
        setSelected(null);
      })
      .catch((err: unknown) => {
        if (err instanceof ImportCancelled) return;
        // The message may quote the file (HarError's quotes are visible already; the name is not).
        setImportError(visible(`${file.name}: ${err instanceof Error ? err.message : String(err)}`));
      })
      .finally(() => setImporting((now) => (now?.abort === abort ? null : now)));
  };
  const imported = session.imported;
  return (
    <div
      class="app"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        const file = e.dataTransfer?.files[0];
        if (file) importFile(file);
      }}
    >
      <header class="toolbar" role="toolbar" aria-label="Capture controls">
        <strong>Realtime</strong>
        <span data-testid="summary">
          {table.size} connections · {store.count} messages
          {dropped > 0 && ` · ${dropped} older dropped`}
        </span>
        <span data-testid="findings-summary" data-count={String(findings.length)}>
          {findings.length > 0 && `${findings.length} finding${findings.length === 1 ? '' : 's'}`}
        </span>
        <button
          type="button"
          aria-pressed={session.paused}
          data-testid="pause"
          onClick={() => {
            session.paused = !session.paused;
            setTick((t) => t + 1);
          }}
        >
          {session.paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" data-testid="clear" onClick={() => (session.clear(), setSelected(null))}>
          Clear
        </button>
        <PreserveLogToggle checked={prefs.preserveLog} />
        <HarControls session={session} version={version} onImport={importFile} />
        {session.store.dropped > 0 && (
          <span data-testid="messages-dropped">{session.store.dropped} older messages dropped</span>
        )}
        {popOutUrl && (
          <button type="button" data-testid="pop-out" onClick={() => session.openTab(popOutUrl)}>
            Pop out
          </button>
        )}
      </header>
      {importing && (
        <div class="banner" role="status" data-testid="import-progress">
          Importing {importing.name}…{' '}
          <progress max={1} value={importing.fraction} aria-label={`Importing ${importing.name}`} data-fraction={importing.fraction.toFixed(3)} />{' '}
          {Math.round(importing.fraction * 100)}%{' '}
          <button type="button" data-testid="cancel-import" onClick={() => importing.abort.abort()}>
            Cancel
          </button>
        </div>
      )}
      {importError && (
        <p class="banner error" role="alert" data-testid="import-error">
          Could not import {importError}{' '}
          <button type="button" onClick={() => setImportError(null)}>
            Dismiss
          </button>
        </p>
      )}
      {imported && (
        <div class="banner" role="status" data-testid="import-status" data-warnings={String(imported.warnings.length)}>
          Viewing {imported.name}: {imported.events} events
          {imported.warnings.length > 0 && `, ${imported.warnings.length} warning${imported.warnings.length === 1 ? '' : 's'}`}{' '}
          <button type="button" data-testid="back-to-live" onClick={() => (session.backToLive(), setSelected(null))}>
            Back to live
          </button>
          {imported.warnings.length > 0 && (
            <details>
              <summary>Warnings</summary>
              <ul>
                {imported.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      <main class="workspace">
        <PureChannelList channels={channels} findings={findings} view={view} update={update} />
        <div class="center">
          <Timeline store={session.store} lanes={lanes} view={view} update={update} />
          <div class="tabs" role="tablist" aria-label="Views">
            {TABS.map(([id, label]) => (
              <button
                key={id}
                type="button"
                role="tab"
                data-testid={`tab-${id}`}
                aria-selected={view.tab === id}
                onClick={(e) => {
                  // The area below the tabs, read while layout is clean: a list mounting there
                  // renders the right rows at once.
                  const tabs = e.currentTarget.parentElement;
                  const area = tabs?.parentElement;
                  if (tabs && area) slotHeight.current = area.getBoundingClientRect().bottom - tabs.getBoundingClientRect().bottom;
                  update({ tab: id });
                }}
              >
                {label}
                {id === 'findings' && findings.length > 0 && ` (${findings.length})`}
              </button>
            ))}
          </div>
          <TabPanel id="panel-requests" class="list" active={view.tab === 'requests'}>
            <ConnectionTable rows={rows} origin={origin} now={Date.now()} selected={selected} onSelect={setSelected} channelOf={channelOf} />
          </TabPanel>
          {view.tab === 'messages' && (
            <MessageList store={session.store} channels={channels} view={view} update={update} slotHeight={slotHeight.current} />
          )}
          {view.tab === 'findings' && <FindingsView findings={findings} channels={channels} update={update} />}
        </div>
        {view.message !== null ? (
          <MessageDetail store={session.store} message={view.message} channels={channels} onClose={() => update({ message: null })} />
        ) : (
          row && (
            <DetailPane
              row={row}
              store={store}
              origin={origin}
              channel={channel}
              findings={channel ? findings.filter((f) => f.channel === channel.key) : []}
              stream={channel?.stream ? classifier.streams().find((st) => st.id === channel.stream) : undefined}
            />
          )
        )}
      </main>
    </div>
  );
}
