import type { ChannelView, LogicalStream } from '../core/classify/types';
import type { Finding } from '../core/diagnose/types';
import type { ConnectionRow, MessageRecord } from '../core/model/connections';
import { ChannelEvidence } from './ChannelEvidence';
import { formatBytes, formatOffset, oneLine } from './format';

interface Props {
  readonly row: ConnectionRow;
  readonly messages: readonly MessageRecord[];
  readonly origin: number;
  readonly channel: ChannelView | undefined;
  readonly findings: readonly Finding[];
  readonly stream: LogicalStream | undefined;
}

const SHOWN = 500;

/** The selected connection: its headers, body preview and latest messages. */
export function DetailPane({ row, messages, origin, channel, findings, stream }: Props) {
  const recent = messages.slice(-SHOWN);
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
      {row.requestHeaders.length > 0 && <Headers title="Request headers" headers={row.requestHeaders} />}
      {row.responseHeaders.length > 0 && <Headers title="Response headers" headers={row.responseHeaders} />}
      {row.bodyPreview && (
        <div>
          <h3>
            Body ({row.bodyPreview.encoding}
            {row.bodyPreview.truncated ? ', truncated' : ''})
          </h3>
          <pre data-testid="body-preview">{row.bodyPreview.data}</pre>
        </div>
      )}
      {messages.length > 0 && (
        <div>
          <h3>
            Messages ({messages.length}
            {messages.length > SHOWN ? `, latest ${SHOWN} shown` : ''})
          </h3>
          <table class="messages">
            <tbody>
              {recent.map((m, i) => (
                <tr
                  key={i}
                  data-testid="message-row"
                  data-dir={m.dir}
                  data-binary={String(m.binary)}
                  data-event={m.event}
                  data-event-id={m.lastEventId}
                  data-size={String(m.size)}
                  data-encoding={m.preview.encoding}
                >
                  <td>{formatOffset(m.t, origin)}</td>
                  <td>{m.dir === 'up' ? '↑' : '↓'}</td>
                  <td>{m.event && m.event !== 'message' ? m.event : ''}</td>
                  <td>{formatBytes(m.size)}</td>
                  <td class="preview">
                    {m.binary ? `(binary) ${m.preview.data}` : oneLine(m.preview.data)}
                    {m.preview.truncated ? ' [truncated]' : ''}
                  </td>
                </tr>
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
