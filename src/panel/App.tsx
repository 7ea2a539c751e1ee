import { useEffect, useMemo, useState } from 'preact/hooks';
import { diagnose } from '../core/diagnose/diagnose';
import { HarControls } from './HarControls';
import { ConnectionTable } from './ConnectionTable';
import { DetailPane } from './DetailPane';
import { PanelSession } from './session';
import { TabPicker } from './TabPicker';
import type { PanelTransport } from './transport';

interface Props {
  readonly transport: PanelTransport;
  readonly tabId: number | null;
  /** Where "Pop out" opens this panel as a tab; null when already in a tab. */
  readonly popOutUrl: string | null;
  /** The extension's version, written into exported HARs. */
  readonly version: string;
}

/** Rows rendered at most; the full UI (virtualized list, timeline) replaces this table later. */
const MAX_RENDERED = 1000;
const RENDER_MS = 250;

export function App({ transport, tabId, popOutUrl, version }: Props) {
  const [, setTick] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const session = useMemo(() => {
    let scheduled = false;
    let last = 0;
    // Coalesce bursts into at most one render per RENDER_MS: re-laying out the table every frame
    // took a whole core on a 2-core machine in the bench, time stolen from the inspected page.
    return new PanelSession(transport, tabId, () => {
      if (scheduled) return;
      scheduled = true;
      setTimeout(() => {
        requestAnimationFrame(() => {
          scheduled = false;
          last = performance.now();
          setTick((t) => t + 1);
        });
      }, Math.max(0, RENDER_MS - (performance.now() - last)));
    });
  }, [transport, tabId]);
  useEffect(() => session.start(), [session]);
  // Durations of open connections grow while you watch.
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => clearInterval(timer);
  }, []);

  if (tabId === null) return <TabPicker tabs={session.tabs} onRefresh={() => session.refreshTabs()} />;

  const model = session.model;
  const all = [...model.rows.values()];
  const rows = all.length > MAX_RENDERED ? all.slice(-MAX_RENDERED) : all;
  const origin = all[0]?.start ?? Date.now();
  const row = selected ? model.rows.get(selected) : undefined;
  const dropped = session.droppedAtSource + model.droppedRows + model.droppedMessages;
  const classifier = session.classifier;
  const channelOf = (key: string) => classifier.channelOf(key);
  const findings = diagnose(classifier.channels());
  const channel = row ? channelOf(row.key) : undefined;
  const importFile = (file: File): void => {
    file
      .text()
      .then((text) => {
        session.importHar(file.name, text);
        setImportError(null);
        setSelected(null);
      })
      .catch((err: unknown) => setImportError(`${file.name}: ${err instanceof Error ? err.message : String(err)}`));
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
          {all.length} connections · {model.messageCount} messages
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
        <HarControls session={session} version={version} onImport={importFile} />
        {popOutUrl && (
          <button type="button" data-testid="pop-out" onClick={() => session.openTab(popOutUrl)}>
            Pop out
          </button>
        )}
      </header>
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
      <main class="content">
        <div class="list">
          {all.length > MAX_RENDERED && <p class="note">Showing the latest {MAX_RENDERED} of {all.length}.</p>}
          <ConnectionTable
            rows={rows}
            origin={origin}
            now={Date.now()}
            selected={selected}
            onSelect={setSelected}
            channelOf={channelOf}
          />
        </div>
        {row && (
          <DetailPane
            row={row}
            messages={model.messagesOf(row.key)}
            origin={origin}
            channel={channel}
            findings={channel ? findings.filter((f) => f.channel === channel.key) : []}
            stream={channel?.stream ? classifier.streams().find((st) => st.id === channel.stream) : undefined}
          />
        )}
      </main>
    </div>
  );
}
