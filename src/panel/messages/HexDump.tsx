import { useState } from 'preact/hooks';
import { formatBytes } from '../../core/format/numbers';
import { HEX_PAGE_ROWS, hexDump, hexRowCount } from './hex-dump';

/** Offset, hex and ASCII columns, HEX_PAGE_ROWS rows at a time ("Show more" adds a page). */
export function HexDump({ bytes }: { readonly bytes: Uint8Array }) {
  const [rows, setRows] = useState(HEX_PAGE_ROWS);
  const total = hexRowCount(bytes.length);
  const shown = Math.min(rows, total);
  return (
    <div class="hex-wrap">
      <pre class="hex" data-testid="hex-dump" data-bytes={String(bytes.length)}>
        {bytes.length === 0 ? '(no bytes)' : hexDump(bytes, shown)}
      </pre>
      {shown < total && (
        <p class="note">
          Showing {shown * 16 < bytes.length ? formatBytes(shown * 16) : formatBytes(bytes.length)} of {formatBytes(bytes.length)}{' '}
          <button type="button" data-testid="hex-more" onClick={() => setRows(rows + HEX_PAGE_ROWS)}>
            Show more
          </button>
        </p>
      )}
    </div>
  );
}
