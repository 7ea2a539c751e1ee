import type { ChannelView } from '../core/classify/types';
import type { ConnectionRow } from '../core/model/connections';
import { formatBytes, formatDuration, formatOffset } from './format';
import { PatternBadge } from './PatternBadge';

interface Props {
  readonly rows: readonly ConnectionRow[];
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
    <table class="connections" data-testid="connections">
      <thead>
        <tr>
          <th scope="col">Pattern</th>
          <th scope="col">Transport</th>
          <th scope="col">URL</th>
          <th scope="col">Status</th>
          <th scope="col">Start</th>
          <th scope="col">Duration</th>
          <th scope="col" title="messages sent">↑ msgs</th>
          <th scope="col" title="messages received">↓ msgs</th>
          <th scope="col" title="bytes sent / received">Bytes ↑ / ↓</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const ch = channelOf(r.key);
          return (
          <tr
            key={r.key}
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
            class={`${r.key === selected ? 'selected' : ''} state-${r.state}`}
            tabIndex={0}
            aria-selected={r.key === selected}
            onClick={() => onSelect(r.key)}
            onKeyDown={(e) => e.key === 'Enter' && onSelect(r.key)}
          >
            <td>{ch && <PatternBadge channel={ch} />}</td>
            <td>{TRANSPORT_LABEL[r.transport]}</td>
            <td class="url" title={r.url}>
              {r.method !== 'GET' ? `${r.method} ` : ''}
              {r.url}
            </td>
            <td>{statusText(r)}</td>
            <td>{formatOffset(r.start, origin)}</td>
            <td>{formatDuration((r.end ?? now) - r.start)}</td>
            <td>{r.messagesUp}</td>
            <td>{r.messagesDown}</td>
            <td>
              {formatBytes(r.bytesUp)} / {formatBytes(r.bytesDown)}
            </td>
          </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function statusText(r: ConnectionRow): string {
  if (r.closeCode !== null) return `closed ${r.closeCode}${r.closeReason ? ` (${r.closeReason})` : ''}`;
  if (r.error) return r.status ? `${r.status} · ${r.error}` : r.error;
  if (r.status) return String(r.status);
  return r.state;
}
