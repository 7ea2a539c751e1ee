import { useRef } from 'preact/hooks';
import type { PanelSession } from './session';

interface Props {
  readonly session: PanelSession;
  readonly version: string;
  /** Import result or error to show; set by the parent so drag-and-drop reports the same way. */
  readonly onImport: (file: File) => void;
}

/** Export the capture as HAR (a download) and import one (file picker; drop works on the whole panel). */
export function HarControls({ session, version, onImport }: Props) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" data-testid="export-har" onClick={() => downloadHar(session, version)}>
        Export HAR
      </button>
      <button type="button" data-testid="import-har" onClick={() => input.current?.click()}>
        Import HAR
      </button>
      <input
        ref={input}
        type="file"
        accept=".har,.json,.gz,application/json,application/gzip"
        hidden
        data-testid="import-file"
        aria-label="HAR file to import"
        onChange={(e) => {
          const file = (e.currentTarget as HTMLInputElement).files?.[0];
          if (file) onImport(file);
          (e.currentTarget as HTMLInputElement).value = '';
        }}
      />
    </>
  );
}

function downloadHar(session: PanelSession, version: string): void {
  const har = session.exportHar(version);
  const blob = new Blob([JSON.stringify(har, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  const host = har.log.pages?.[0]?.title ? safeName(har.log.pages[0].title) : 'capture';
  a.download = `polltergeist-${host}-${new Date().toISOString().replace(/[:.]/g, '-')}.har`;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function safeName(s: string): string {
  return s.replace(/^[a-z]+:\/\//i, '').replace(/[^a-z0-9.-]+/gi, '_').slice(0, 60) || 'capture';
}
