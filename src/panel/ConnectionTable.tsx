import type { ChannelView } from '../core/classify/types';
import { Component, type VNode } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ConnectionRecord } from '../core/store/connection-record';
import { formatBytes, formatDuration, formatOffset } from '../core/format/numbers';
import { PatternBadge } from './PatternBadge';
import { listWindow } from '../core/store/list-window';
import type { RowWindow } from './row-window';
import { useViewport, type Viewport } from './use-viewport';

interface Props {
  /** Every record, oldest first. */
  readonly rows: readonly ConnectionRecord[];
  readonly origin: number;
  readonly now: number;
  readonly selected: string | null;
  readonly onSelect: (key: string) => void;
  /** The channel a row belongs to, with its live pattern and evidence. */
  readonly channelOf: (key: string) => ChannelView | undefined;
}

const TRANSPORT_LABEL = { fetch: 'fetch', xhr: 'XHR', eventsource: 'EventSource', websocket: 'WebSocket' } as const;

/** Height of a body row in px: panel.css gives `table.connections tbody tr` exactly this. */
const ROW_HEIGHT = 23;
/**
 * Up to this many records every row is in the DOM (find in page sees them all); beyond it only the
 * rows near the viewport are, between two paddings. 500 rows replaced on each live render (a busy
 * page shifts the newest ones in) were a third of the panel's main-thread time while the
 * benchmark ingested a million messages, and the table used to stop at the latest 500.
 */
export const FULL_ROWS = 500;
/** Rows rendered past each edge of the viewport, so a scroll step shows rows already laid out. */
const OVERSCAN = 15;

/**
 * Every request and connection, newest last, updated live; it follows the newest while scrolled
 * to the bottom. Text only: captured data never becomes HTML. Scrolled by its parent (the tab panel).
 */
export function ConnectionTable({ rows, origin, now, selected, onSelect, channelOf }: Props) {
  const table = useRef<HTMLTableElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  // The viewport over the body rows, as last measured, and the window rendered for it.
  const port = useRef<Viewport & { follow: boolean; count: number }>({ top: 0, height: 0, follow: true, count: -1, window: { first: 0, end: 0 } });
  const n = rows.length;
  const windowed = n > FULL_ROWS;
  const windowFor = (count: number): RowWindow => {
    const p = port.current;
    if (count <= FULL_ROWS) return { first: 0, end: count };
    const height = p.height > 0 ? p.height : 600; // not laid out yet
    // Following: the offset past the end, which the window clamps to the last rows.
    return listWindow({ rowCount: count, rowHeight: ROW_HEIGHT, viewportHeight: height }, p.follow ? Infinity : p.top, OVERSCAN);
  };
  const { first, end } = (port.current.window = windowFor(n));

  // The scroller is the tab panel around the table.
  useViewport(
    () => table.current?.parentElement,
    body,
    port,
    () => windowFor(port.current.count),
    (scroller) => (port.current.follow = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2),
  );
  // New rows while at the bottom: stay there.
  useLayoutEffect(() => {
    const p = port.current;
    const scroller = table.current?.parentElement;
    if (scroller && p.follow && n !== p.count) scroller.scrollTop = scroller.scrollHeight;
    p.count = n;
  });

  const shown: VNode[] = [];
  for (let i = first; i < end; i++) {
    const r = rows[i]!;
    shown.push(
      <RequestRow
        key={r.key}
        r={r}
        ch={channelOf(r.key)}
        origin={origin}
        now={now}
        selected={r.key === selected}
        onSelect={onSelect}
        index={windowed ? i : undefined}
      />,
    );
  }
  return (
    <table
      ref={table}
      class="connections"
      role="table"
      aria-label="Requests and connections"
      aria-rowcount={windowed ? n + 1 : undefined}
      data-testid="connections"
      data-rows={String(n)}
    >
      <thead role="rowgroup">
        <tr role="row">
          <th role="columnheader" scope="col">Pattern</th>
          <th role="columnheader" scope="col">Transport</th>
          <th role="columnheader" scope="col">URL</th>
          <th role="columnheader" scope="col">Status</th>
          <th role="columnheader" scope="col">Start</th>
          <th role="columnheader" scope="col">Duration</th>
          <th role="columnheader" scope="col" title="messages sent">↑ msgs</th>
          <th role="columnheader" scope="col" title="messages received">↓ msgs</th>
          <th role="columnheader" scope="col" title="bytes sent / received">Bytes ↑ / ↓</th>
        </tr>
      </thead>
      <tbody
        ref={body}
        role="rowgroup"
        style={windowed ? { paddingTop: `${first * ROW_HEIGHT}px`, paddingBottom: `${(n - end) * ROW_HEIGHT}px` } : undefined}
      >
        {shown}
      </tbody>
    </table>
  );
}

interface RowProps {
  readonly r: ConnectionRecord;
  readonly ch: ChannelView | undefined;
  readonly origin: number;
  readonly now: number;
  readonly selected: boolean;
  readonly onSelect: (key: string) => void;
  /** Position in the table when it is windowed (aria-rowindex counts the header row as 1). */
  readonly index: number | undefined;
}

/**
 * One request or connection. Records are updated in place, so a row re-renders only when its
 * record's version, its channel's verdict, the selection or (while it is open) the clock moved:
 * a busy page touches a few rows per batch, and diffing 500 rows of 25 attributes each render
 * cost more than the ingest itself in the panel benchmark.
 */
class RequestRow extends Component<RowProps> {
  private shown = -1;

  override shouldComponentUpdate(next: RowProps): boolean {
    const p = this.props;
    return (
      next.r !== p.r ||
      next.r.version !== this.shown ||
      next.selected !== p.selected ||
      next.index !== p.index ||
      next.origin !== p.origin ||
      next.ch?.pattern !== p.ch?.pattern ||
      next.ch?.confidence !== p.ch?.confidence ||
      next.ch?.key !== p.ch?.key ||
      next.ch?.reason !== p.ch?.reason ||
      (next.r.end === null && next.now !== p.now)
    );
  }

  override render({ r, ch, origin, now, selected, onSelect, index }: RowProps) {
    this.shown = r.version;
    return (
      <tr
        role="row"
        data-testid="connection-row"
        data-key={r.key}
        data-transport={r.transport}
        data-url={r.url}
        data-method={r.method}
        data-status={String(r.status)}
        data-protocol={r.protocol}
        data-state={r.state}
        data-error={r.error}
        data-top={String(r.top)}
        data-frame-url={r.frameUrl}
        data-up={String(r.messagesUp)}
        data-down={String(r.messagesDown)}
        data-bytes-down={String(r.bytesDown)}
        data-chunks={String(r.chunks)}
        data-reconnects={String(r.reconnects)}
        data-close-code={r.closeCode === null ? '' : String(r.closeCode)}
        data-start={String(r.start)}
        data-response-at={r.responseAt === null ? '' : String(r.responseAt)}
        data-end={r.end === null ? '' : String(r.end)}
        data-pattern={ch?.pattern ?? ''}
        data-confidence={ch ? String(ch.confidence) : ''}
        data-channel={ch?.key ?? ''}
        data-reason={ch?.reason ?? ''}
        class={`${selected ? 'selected' : ''} state-${r.state}`}
        tabIndex={0}
        aria-selected={selected}
        aria-rowindex={index === undefined ? undefined : index + 2}
        onClick={() => onSelect(r.key)}
        onKeyDown={(e) => e.key === 'Enter' && onSelect(r.key)}
      >
        <td role="cell">{ch && <PatternBadge channel={ch} />}</td>
        <td role="cell">{TRANSPORT_LABEL[r.transport]}</td>
        <td role="cell" class="url" title={r.url}>
          {r.method !== 'GET' ? `${r.method} ` : ''}
          {r.url}
        </td>
        <td role="cell">{statusText(r)}</td>
        <td role="cell">{formatOffset(r.start, origin)}</td>
        <td role="cell">{formatDuration((r.end ?? now) - r.start)}</td>
        <td role="cell">{r.messagesUp}</td>
        <td role="cell">{r.messagesDown}</td>
        <td role="cell">
          {formatBytes(r.bytesUp)} / {formatBytes(r.bytesDown)}
        </td>
      </tr>
    );
  }
}

function statusText(r: ConnectionRecord): string {
  if (r.closeCode !== null) return `closed ${r.closeCode}${r.closeReason ? ` (${r.closeReason})` : ''}`;
  if (r.error) return r.status ? `${r.status} · ${r.error}` : r.error;
  if (r.status) return String(r.status);
  return r.state;
}
