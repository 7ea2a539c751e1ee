import type { CaptureEvent, Direction, Header, Preview, SequencedEvent, SourceInfo, Transport } from '../protocol';

/** One request or connection as the panel lists it. Mutable: updated in place as events arrive. */
export interface ConnectionRow {
  /** sourceId + ':' + the hook's id: unique across frames and reloads of a tab. */
  readonly key: string;
  readonly transport: Transport;
  readonly method: string;
  url: string;
  readonly frameUrl: string;
  readonly top: boolean;
  readonly start: number;
  /** When the response headers arrived / the connection opened. */
  responseAt: number | null;
  end: number | null;
  status: number;
  contentType: string;
  protocol: string;
  state: 'pending' | 'open' | 'done' | 'error' | 'closed';
  error: string;
  messagesUp: number;
  messagesDown: number;
  bytesUp: number;
  bytesDown: number;
  chunks: number;
  /** EventSource opens after the first: automatic reconnects. */
  reconnects: number;
  closeCode: number | null;
  closeReason: string;
  requestHeaders: readonly Header[];
  responseHeaders: readonly Header[];
  bodyPreview: Preview | null;
  bodyHash: string;
  /** Bumped on every change so a UI can re-render only touched rows. */
  version: number;
}

export interface MessageRecord {
  readonly connection: string;
  readonly t: number;
  readonly dir: Direction;
  readonly size: number;
  readonly binary: boolean;
  readonly preview: Preview;
  /** SSE fields; empty for WebSocket frames. */
  readonly event: string;
  readonly lastEventId: string;
  readonly retry: number | null;
}

export interface ConnectionModelOptions {
  /** Rows kept; the oldest finished ones go first. */
  readonly maxRows?: number;
  /** Messages kept across all connections. */
  readonly maxMessages?: number;
}

/**
 * Folds capture events into connection rows and a bounded message log. Incremental: an event touches
 * only its own row. Pure (no DOM), so the panel, the CLI and the tests share it.
 */
export class ConnectionModel {
  readonly rows = new Map<string, ConnectionRow>();
  private readonly messages: MessageRecord[] = [];
  private messageHead = 0;
  droppedRows = 0;
  droppedMessages = 0;
  droppedAtSource = 0;
  private readonly maxRows: number;
  private readonly maxMessages: number;

  constructor(opts: ConnectionModelOptions = {}) {
    this.maxRows = opts.maxRows ?? 10_000;
    this.maxMessages = opts.maxMessages ?? 100_000;
  }

  ingest(source: SourceInfo, events: readonly (CaptureEvent | SequencedEvent)[]): void {
    for (const e of events) this.apply(source, e);
  }

  /** Messages in arrival order (oldest first), optionally of one connection. */
  messagesOf(connection?: string): MessageRecord[] {
    // One pass over the ring, oldest first, copying only what matches.
    const out: MessageRecord[] = [];
    const n = this.messages.length;
    for (let i = 0; i < n; i++) {
      const m = this.messages[(this.messageHead + i) % n]!;
      if (connection === undefined || m.connection === connection) out.push(m);
    }
    return out;
  }

  get messageCount(): number {
    return this.messages.length;
  }

  private apply(source: SourceInfo, e: CaptureEvent): void {
    if (e.kind === 'page') return;
    const key = `${source.sourceId}:${e.id}`;
    switch (e.kind) {
      case 'request-start':
        this.add(key, source, e.transport, e.method, e.url, e.t, e.requestHeaders, e.requestBodySize);
        return;
      case 'es-create':
        this.add(key, source, 'eventsource', 'GET', e.url, e.t, [], 0);
        return;
      case 'ws-create':
        this.add(key, source, 'websocket', 'GET', e.url, e.t, [], 0);
        return;
    }
    const row = this.rows.get(key);
    if (!row) return; // its start was evicted or never seen
    row.version++;
    switch (e.kind) {
      case 'response':
        row.responseAt = e.t;
        row.status = e.status;
        row.contentType = e.contentType;
        row.protocol = e.protocol;
        row.responseHeaders = e.headers;
        if (e.url) row.url = e.url;
        row.state = 'open';
        break;
      case 'chunk':
        // Live byte count for long responses; request-end then sets the exact total.
        row.chunks++;
        row.bytesDown += e.size;
        break;
      case 'request-end':
        row.end = e.t;
        row.bytesDown = e.bodySize;
        row.bodyPreview = e.preview;
        row.bodyHash = e.hash;
        row.error = e.error;
        row.state = e.error ? 'error' : 'done';
        break;
      case 'sse':
        row.messagesDown++;
        if (row.transport === 'eventsource') row.bytesDown += e.size;
        this.pushMessage({
          connection: key,
          t: e.t,
          dir: 'down',
          size: e.size,
          binary: false,
          preview: e.preview,
          event: e.event,
          lastEventId: e.lastEventId,
          retry: e.retry,
        });
        break;
      case 'es-open':
        if (e.protocol) row.protocol = e.protocol;
        if (row.responseAt !== null) row.reconnects++;
        else row.responseAt = e.t;
        row.state = 'open';
        row.error = '';
        break;
      case 'es-error':
        // readyState CLOSED (2) after an error: the browser gave up; CONNECTING (0): it will retry.
        row.error = e.readyState === 2 ? 'closed by error' : 'reconnecting';
        if (e.readyState === 2) {
          row.state = 'error';
          row.end = e.t;
        }
        break;
      case 'es-close':
        row.state = 'closed';
        row.end = e.t;
        break;
      case 'ws-open':
        row.responseAt = e.t;
        row.status = 101;
        row.protocol = e.protocol;
        row.state = 'open';
        break;
      case 'ws-message':
        if (e.dir === 'up') {
          row.messagesUp++;
          row.bytesUp += e.size;
        } else {
          row.messagesDown++;
          row.bytesDown += e.size;
        }
        this.pushMessage({
          connection: key,
          t: e.t,
          dir: e.dir,
          size: e.size,
          binary: e.binary,
          preview: e.preview,
          event: '',
          lastEventId: '',
          retry: null,
        });
        break;
      case 'ws-error':
        row.error = 'error';
        break;
      case 'ws-close':
        row.end = e.t;
        row.closeCode = e.code;
        row.closeReason = e.reason;
        row.state = e.wasClean ? 'closed' : 'error';
        break;
    }
  }

  private add(
    key: string,
    source: SourceInfo,
    transport: Transport,
    method: string,
    url: string,
    t: number,
    requestHeaders: readonly Header[],
    requestBodySize: number,
  ): void {
    if (this.rows.has(key)) return;
    this.rows.set(key, {
      key,
      transport,
      method,
      url,
      frameUrl: source.url,
      top: source.top,
      start: t,
      responseAt: null,
      end: null,
      status: 0,
      contentType: '',
      protocol: '',
      state: 'pending',
      error: '',
      messagesUp: 0,
      messagesDown: 0,
      bytesUp: Math.max(0, requestBodySize),
      bytesDown: 0,
      chunks: 0,
      reconnects: 0,
      closeCode: null,
      closeReason: '',
      requestHeaders,
      responseHeaders: [],
      bodyPreview: null,
      bodyHash: '',
      version: 0,
    });
    if (this.rows.size > this.maxRows) this.evictRow();
  }

  private evictRow(): void {
    // Map iteration is insertion order: the first finished row is the oldest one.
    for (const [k, r] of this.rows) {
      if (r.end !== null) {
        this.rows.delete(k);
        this.droppedRows++;
        return;
      }
    }
    const first = this.rows.keys().next();
    if (!first.done) {
      this.rows.delete(first.value);
      this.droppedRows++;
    }
  }

  private pushMessage(m: MessageRecord): void {
    if (this.messages.length < this.maxMessages) {
      this.messages.push(m);
      return;
    }
    this.messages[this.messageHead] = m;
    this.messageHead = (this.messageHead + 1) % this.maxMessages;
    this.droppedMessages++;
  }
}
