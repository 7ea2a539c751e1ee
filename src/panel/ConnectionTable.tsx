import type { ChannelView } from '../core/classify/types';
import { Component } from 'preact';
import type { ConnectionRecord } from '../core/store/connection-table';
import { formatBytes, formatDuration, formatOffset } from './format';
import { PatternBadge } from './PatternBadge';

interface Props {
  readonly rows: readonly ConnectionRecord[];
  readonly origin: number;
  readonly now: number;
  readonly selected: string | null;
  readonly onSelect: (key: string) => void;
  /** The channel a row belongs to, with its live pattern and evidence. */
  readonly channelOf: (key: string) => ChannelView | undefined;
}

const TRANSPORT_LABEL = { fetch: 'fetch', xhr: 'XHR', eventsource: 'EventSource', websocket: 'WebSocket' } as const;

/** Every request and connection, newest last, updated live. Text only: captured data never becomes HTML. */
export function ConnectionTable({ rows, origin, now, selected, onSelect, channelOf }: Props) {
  return (
    <table class="connections" role="table" aria-label="Requests and connections" data-testid="connections">
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
      <tbody role="rowgroup">
        {rows.map((r) => (
          <RequestRow key={r.key} r={r} ch={channelOf(r.key)} origin={origin} now={now} selected={r.key === selected} onSelect={onSelect} />
        ))}
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
      next.origin !== p.origin ||
      next.ch?.pattern !== p.ch?.pattern ||
      next.ch?.confidence !== p.ch?.confidence ||
      next.ch?.key !== p.ch?.key ||
      next.ch?.reason !== p.ch?.reason ||
      (next.r.end === null && next.now !== p.now)
    );
  }

  override render({ r, ch, origin, now, selected, onSelect }: RowProps) {
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
