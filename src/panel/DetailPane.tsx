import type { ChannelView, LogicalStream } from '../core/classify/types';
import type { Finding } from '../core/diagnose/types';
import { connectionMessages } from '../core/store/connection-messages';
import type { ConnectionRecord } from '../core/store/connection-record';
import type { MessageStore } from '../core/store/message-store';
import { ChannelEvidence } from './ChannelEvidence';
import { formatBytes, formatOffset } from '../core/format/numbers';
import { oneLine } from '../core/format/one-line';

interface Props {
  readonly row: ConnectionRecord;
  /** Where the connection's messages are (the latest SHOWN are listed). */
  readonly store: MessageStore;
  readonly origin: number;
  readonly channel: ChannelView | undefined;
  readonly findings: readonly Finding[];
  readonly stream: LogicalStream | undefined;
}

const SHOWN = 500;

/** The selected connection: its headers, body preview and latest messages. */
export function DetailPane({ row, store, origin, channel, findings, stream }: Props) {
  const { logical, found } = connectionMessages(store, row, SHOWN);
  // Messages the connection had, including those the store has since dropped.
  const total = Math.max(found, row.messagesUp + row.messagesDown);
  return (
    <section class="detail" data-testid="detail" aria-label="Connection detail">
      <h2>{row.url}</h2>
      <p>
        {row.transport} · {row.state}
        {row.closeCode !== null && ` · close code ${row.closeCode} ${row.closeReason}`}
        {row.reconnects > 0 && ` · ${row.reconnects} reconnects`}
        {row.chunks > 0 && ` · ${row.chunks} chunks`}
      </p>
      {channel && <ChannelEvidence channel={channel} findings={findings} stream={stream} origin={origin} />}
      {row.detailsEvicted && <p class="note">Headers and body were dropped to bound memory (an older request).</p>}
      {row.requestHeaders && row.requestHeaders.length > 0 && <Headers title="Request headers" headers={row.requestHeaders} />}
      {row.responseHeaders && row.responseHeaders.length > 0 && <Headers title="Response headers" headers={row.responseHeaders} />}
      {row.bodyPreview && (
        <div>
          <h3>
            Body ({row.bodyPreview.encoding}
            {row.bodyPreview.truncated ? ', truncated' : ''})
          </h3>
          <pre data-testid="body-preview">{row.bodyPreview.data}</pre>
        </div>
      )}
      {logical.length > 0 && (
        <div>
          <h3>
            Messages ({total}
            {total > logical.length ? `, latest ${logical.length} shown` : ''})
          </h3>
          <table class="messages">
            <tbody>
              {logical.map((l) => (
                <MessageRow key={l} store={store} logical={l} origin={origin} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Headers({ title, headers }: { title: string; headers: readonly (readonly [string, string])[] }) {
  return (
    <details>
      <summary>{title}</summary>
      <dl>
        {headers.map(([k, v], i) => (
          <div key={i}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** One message of the connection: its captured preview while the store keeps it, else the list preview. */
function MessageRow({ store, logical, origin }: { store: MessageStore; logical: number; origin: number }) {
  const m = store.message(logical);
  if (!m) return null;
  const kept = m.preview !== 'evicted';
  const data = m.preview !== 'evicted' ? m.preview.data : m.listPreview;
  const encoding = m.preview !== 'evicted' ? m.preview.encoding : m.binary ? 'hex' : 'text';
  const event = m.sse?.event ?? '';
  return (
    <tr
      data-testid="message-row"
      data-dir={m.dir}
      data-binary={String(m.binary)}
      data-event={event}
      data-event-id={m.sse?.id ?? ''}
      data-size={String(m.size)}
      data-encoding={encoding}
    >
      <td>{formatOffset(m.t, origin)}</td>
      <td>{m.dir === 'up' ? '↑' : '↓'}</td>
      <td>{event && event !== 'message' ? event : ''}</td>
      <td>{formatBytes(m.size)}</td>
      <td class="preview">
        {m.binary ? `(binary) ${data}` : oneLine(data, 200)}
        {m.truncated ? ' [truncated]' : kept ? '' : ' [full text dropped]'}
      </td>
    </tr>
  );
}
