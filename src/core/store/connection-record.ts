/**
 * One request or connection as the panel shows it: what ConnectionRecords (connection-records.ts),
 * its only writer, keeps per fetch/XHR request, EventSource or WebSocket. A type of its own so the
 * timeline's index (lane-bars.ts) can read records without importing their owner.
 */
import type { Header, Preview, Transport } from '../protocol';

export type ConnectionState = 'pending' | 'open' | 'done' | 'error' | 'closed';

export interface ConnectionRecord {
  /** Stable id of this record in the table (messages refer to it); grows with every record. */
  readonly serial: number;
  /** sourceId + ':' + the hook's id. */
  readonly key: string;
  readonly sourceId: string;
  readonly id: string;
  /** Channel key from the classifier ('' until known) and its lane in the message store's ChannelIndex (-1 until known). */
  channel: string;
  lane: number;
  readonly transport: Transport;
  readonly method: string;
  url: string;
  readonly frameUrl: string;
  readonly top: boolean;
  readonly start: number;
  /** Response headers arrived / the connection (first) opened. */
  responseAt: number | null;
  end: number | null;
  status: number;
  statusText: string;
  contentType: string;
  protocol: string;
  state: ConnectionState;
  /** '' | 'abort' | 'error' | 'timeout' for requests; 'error', 'reconnecting', 'closed by error' for sockets and EventSources. */
  error: string;
  note: string;
  closeCode: number | null;
  closeReason: string;
  bytesUp: number;
  bytesDown: number;
  messagesUp: number;
  messagesDown: number;
  chunks: number;
  /** SSE events whose times a HAR import placed (the file had none; see SseMessageEvent.placed). */
  placedMessages: number;
  /** EventSource opens after the first (automatic reconnects). */
  reconnects: number;
  /**
   * Reconnect gaps (EventSource): flat [from, to, from, to, ...], `to` NaN while the gap is still
   * open. The most recent 32 gaps are kept.
   */
  gaps: number[];
  /** Headers and body preview: null once evicted (`detailsEvicted`) or before they arrive. */
  requestHeaders: readonly Header[] | null;
  responseHeaders: readonly Header[] | null;
  bodyPreview: Preview | null;
  bodyHash: string;
  detailsEvicted: boolean;
  /** Created from a message whose connection start was never seen (evicted, or before a replay). */
  readonly partial: boolean;
  /** The response is an event stream (its chunks are not messages: its SSE events are). */
  eventStream: boolean;
  /** Bumped on every change so a UI can re-render only touched rows. */
  version: number;
  /** Time and size of the first response chunk (the message store makes it a message once a second one shows a stream). */
  firstChunkT: number;
  firstChunkSize: number;
  /** Internal: position in its lane's bar list, characters of kept details, channel lookups missed. */
  lanePos: number;
  detailSize: number;
  lookups: number;
}
