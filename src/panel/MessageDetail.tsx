import { Component } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { ChannelView } from '../core/classify/types';
import type { Header, Preview } from '../core/protocol';
import type { ConnectionRecord } from '../core/store/connection-record';
import type { MessageInfo, MessageStore } from '../core/store/message-store';
import { formatBytes, formatDuration } from '../core/format/numbers';
import { HexDump } from './messages/HexDump';
import { JsonTree } from './messages/JsonTree';
import { looksLikeJson, parseJson } from './messages/json-tree';
import { formatClock } from './messages/list-nav';
import { capText, decodePayload, isPrintable, RAW_DISPLAY_CHARS } from './messages/payload';

interface Props {
  readonly store: MessageStore;
  /** The store's logical index of the selected message. */
  readonly message: number;
  /** Channels, to name the message's channel and pattern (optional). */
  readonly channels?: readonly ChannelView[];
  /** Closes the detail (a close button and Esc); without it there is neither. */
  readonly onClose?: () => void;
}

type PayloadTab = 'tree' | 'raw' | 'hex';

const KIND_LABEL = { ws: 'WebSocket', sse: 'SSE event', chunk: 'stream chunk' } as const;

/**
 * One message: JSON tree, raw text, hex for binary, SSE fields, its connection's headers and
 * timing. Everything captured is rendered as text (never markup) and capped: a hostile payload
 * shows as inert text, a deep or huge JSON as a lazy, bounded tree.
 */
export function MessageDetail({ store, message, channels, onClose }: Props) {
  const info = store.message(message);
  // The payload tab the user picked last, kept while they move through messages.
  const [preferred, setPreferred] = useState<PayloadTab | null>(null);
  if (!info) {
    return (
      <section class="detail message-detail" data-testid="message-detail" data-state="dropped" aria-label="Message detail">
        <DetailHeader title="Message" onClose={onClose} />
        <p class="note">This message is no longer kept: the store dropped it to stay within its capacity.</p>
      </section>
    );
  }
  const channel = channels?.find((c) => c.key === info.channel);
  const conn = info.connection;
  const title = capText(channel?.template || conn?.url || info.channel || 'Message', 2048).text;
  return (
    <section
      class="detail message-detail"
      data-testid="message-detail"
      data-logical={String(message)}
      data-kind={info.kind}
      data-dir={info.dir}
      aria-label="Message detail"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onClose) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <DetailHeader title={title} onClose={onClose} />
      <p class="msg-meta">
        <span title={info.dir === 'up' ? 'sent by the page' : 'received by the page'}>{info.dir === 'up' ? '↑ sent' : '↓ received'}</span>
        {' · '}
        {KIND_LABEL[info.kind]}
        {info.binary ? ' (binary)' : ''}
        {' · '}
        {formatBytes(info.size)}
        {' · '}
        <span title={new Date(info.t).toISOString()}>{formatClock(info.t)}</span>
        {conn && ` · +${formatDuration(info.t - conn.start)} after the connection started`}
        {channel && ` · ${channel.pattern}`}
      </p>
      {conn && <p class="msg-meta" data-testid="message-connection-status">{connectionStatus(conn)}</p>}
      <PayloadView
        key={message}
        preview={info.preview}
        kind={info.kind}
        size={info.size}
        binary={info.binary}
        listPreview={info.listPreview}
        preferred={preferred}
        onPick={setPreferred}
      />
      {info.sse && (
        <section class="msg-section" data-testid="sse-fields">
          <h3>SSE fields</h3>
          <dl>
            <div>
              <dt>event</dt>
              <dd data-field="event">{info.sse.event || 'message'}</dd>
            </div>
            <div>
              <dt>id</dt>
              <dd data-field="id">{info.sse.id ? capText(info.sse.id, 4096).text : '(none)'}</dd>
            </div>
            <div>
              <dt>retry</dt>
              <dd data-field="retry">{info.sse.retry !== null ? `${info.sse.retry} ms` : '(none)'}</dd>
            </div>
          </dl>
        </section>
      )}
      {conn ? <ConnectionInfo conn={conn} /> : <p class="note">The connection's record is no longer kept.</p>}
    </section>
  );
}

function DetailHeader({ title, onClose }: { readonly title: string; readonly onClose: (() => void) | undefined }) {
  return (
    <header class="msg-detail-head">
      <h2 title={title}>{title}</h2>
      {onClose && (
        <button type="button" class="msg-close" aria-label="Close message detail" data-testid="message-detail-close" onClick={onClose}>
          ×
        </button>
      )}
    </header>
  );
}

function connectionStatus(c: ConnectionRecord): string {
  const parts = [`${c.transport} ${c.method}`.trim(), c.state];
  if (c.status) parts.push(`${c.status}${c.statusText ? ` ${c.statusText}` : ''}`);
  if (c.closeCode !== null) parts.push(`close ${c.closeCode}${c.closeReason ? ` "${c.closeReason}"` : ''}`);
  if (c.error) parts.push(c.error);
  if (c.reconnects > 0) parts.push(`${c.reconnects} reconnect${c.reconnects === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

interface PayloadProps {
  readonly preview: Preview | 'evicted';
  readonly kind: MessageInfo['kind'];
  readonly size: number;
  readonly binary: boolean;
  readonly listPreview: string;
  readonly preferred: PayloadTab | null;
  readonly onPick: (t: PayloadTab) => void;
}

const samePreview = (a: Preview | 'evicted', b: Preview | 'evicted'): boolean =>
  a === b || (a !== 'evicted' && b !== 'evicted' && a.data === b.data && a.encoding === b.encoding && a.truncated === b.truncated);

/**
 * The payload views. Memoized: the panel re-renders every tick while traffic flows, and a tree of
 * 10,000 rows must not be diffed again each time when the message has not changed.
 */
class PayloadView extends Component<PayloadProps> {
  // preact/compat's memo would install an options hook that runs for every element the panel
  // renders; a class with shouldComponentUpdate gives the same skip for free.
  override shouldComponentUpdate(b: PayloadProps): boolean {
    const a = this.props;
    return !(
      samePreview(a.preview, b.preview) &&
      a.kind === b.kind &&
      a.size === b.size &&
      a.binary === b.binary &&
      a.listPreview === b.listPreview &&
      a.preferred === b.preferred &&
      a.onPick === b.onPick
    );
  }

  override render(props: PayloadProps) {
    return <PayloadViewInner {...props} />;
  }
}

function PayloadViewInner({ preview: captured, kind, size, binary, listPreview, preferred, onPick }: PayloadProps) {
  const preview: Preview | null = captured === 'evicted' ? null : captured;
  const data = preview?.data ?? '';
  const encoding = preview?.encoding ?? 'text';
  const payload = useMemo(() => (preview ? decodePayload(preview) : null), [data, encoding]);
  const text = payload?.text ?? null;
  const json = useMemo(() => (text !== null && !preview?.truncated && looksLikeJson(text) ? parseJson(text) : null), [text, preview?.truncated]);

  if (kind === 'chunk' && data === '') {
    return <p class="note">A chunk of a streamed response ({formatBytes(size)}); its bytes are part of the response body.</p>;
  }
  if (!preview || !payload) {
    return (
      <div class="msg-section">
        <p class="note" data-testid="payload-evicted">
          The full payload is no longer kept (older payloads are dropped to bound memory). Its list preview:
        </p>
        <pre class="raw" data-testid="raw-text">
          {listPreview}
        </pre>
      </div>
    );
  }
  const tabs: PayloadTab[] = [];
  if (json?.ok) tabs.push('tree');
  tabs.push('raw');
  if (payload.bytes) tabs.push('hex');
  const fallback: PayloadTab =
    payload.bytes && (binary || text === null || !isPrintable(text)) ? 'hex' : json?.ok ? 'tree' : 'raw';
  const tab = preferred && tabs.includes(preferred) ? preferred : fallback;
  const label = { tree: 'Tree', raw: 'Raw', hex: 'Hex' } as const;
  return (
    <div class="msg-payload">
      {tabs.length > 1 && (
        <div class="tabs msg-tabs" role="tablist" aria-label="Payload views">
          {tabs.map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              data-testid={`payload-tab-${t}`}
              aria-selected={tab === t}
              onClick={() => onPick(t)}
            >
              {label[t]}
            </button>
          ))}
        </div>
      )}
      {preview.truncated && (
        <p class="note" data-testid="capture-truncated">
          Captured the first {formatBytes(payload.bytes ? payload.bytes.length : data.length)} of a {formatBytes(size)} message.
        </p>
      )}
      {json && !json.ok && (
        <p class="note" data-testid="json-error">
          Not shown as a tree: {json.error}
        </p>
      )}
      <div role="tabpanel" class="msg-tabpanel">
        {tab === 'tree' && json?.ok ? (
          <JsonTree value={json.value} />
        ) : tab === 'hex' && payload.bytes ? (
          <HexDump bytes={payload.bytes} />
        ) : (
          <RawText text={text} base64={payload.base64} />
        )}
      </div>
    </div>
  );
}

function RawText({ text, base64 }: { readonly text: string | null; readonly base64: string | null }) {
  const shown = text ?? base64 ?? '';
  const { text: capped, cut } = capText(shown, RAW_DISPLAY_CHARS);
  return (
    <div>
      {text === null && base64 !== null && <p class="note">Not valid UTF-8: the bytes as base64 (see Hex).</p>}
      <pre class="raw" data-testid="raw-text" data-chars={String(shown.length)}>
        {capped}
      </pre>
      {cut && (
        <p class="note" data-testid="raw-truncated">
          Truncated: showing {capped.length.toLocaleString('en-US')} of {shown.length.toLocaleString('en-US')} characters.
        </p>
      )}
    </div>
  );
}

function ConnectionInfo({ conn }: { readonly conn: ConnectionRecord }) {
  const end = conn.end;
  const since = (t: number | null): string => (t === null ? '…' : `${formatClock(t)} (+${formatDuration(t - conn.start)})`);
  return (
    <section class="msg-section" data-testid="message-connection">
      <h3>Connection</h3>
      <dl>
        <div>
          <dt>URL</dt>
          <dd>{conn.url ? capText(conn.url, 8192).text : '(unknown)'}</dd>
        </div>
        {conn.protocol && (
          <div>
            <dt>Protocol</dt>
            <dd>{conn.protocol}</dd>
          </div>
        )}
      </dl>
      <h3>Timing</h3>
      <dl data-testid="message-timing">
        <div>
          <dt>Start</dt>
          <dd>{formatClock(conn.start)}</dd>
        </div>
        <div>
          <dt>Response</dt>
          <dd>{since(conn.responseAt)}</dd>
        </div>
        <div>
          <dt>End</dt>
          <dd>{end === null ? 'open' : since(end)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{end === null ? `${formatDuration(Date.now() - conn.start)} so far` : formatDuration(end - conn.start)}</dd>
        </div>
      </dl>
      {conn.detailsEvicted ? (
        <p class="note">Headers are no longer kept (older details are dropped to bound memory).</p>
      ) : (
        <>
          {conn.requestHeaders && conn.requestHeaders.length > 0 && <HeaderList title="Request headers" headers={conn.requestHeaders} />}
          {conn.responseHeaders && conn.responseHeaders.length > 0 && <HeaderList title="Response headers" headers={conn.responseHeaders} />}
        </>
      )}
    </section>
  );
}

function HeaderList({ title, headers }: { readonly title: string; readonly headers: readonly Header[] }) {
  return (
    <details data-testid="message-headers">
      <summary>
        {title} ({headers.length})
      </summary>
      <dl>
        {headers.map(([k, v], i) => (
          <div key={i}>
            <dt>{k}</dt>
            <dd>{capText(v, 4096).text}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
