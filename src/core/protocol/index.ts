/**
 * The one protocol module: every message that crosses a boundary (page hook -> content relay ->
 * background router -> panel, and back) is declared here, named by direction.
 * Other layers import only these types and constants, never each other.
 */

/** Bumped whenever a message shape changes incompatibly; checked in every hello. */
export const PROTOCOL_VERSION = 1;

/** Tag on the one window message we send (the relay's hello carrying the MessagePort). */
export const SOURCE_TAG = '__polltergeist__';

/** Runtime port names: the router tells a relay from a panel by the port's name. */
export const CONTENT_PORT = 'polltergeist-content';
export const PANEL_PORT = 'polltergeist-panel';

/** Epoch milliseconds with sub-millisecond precision (performance.timeOrigin + performance.now()). */
export type EpochMs = number;

export type Transport = 'fetch' | 'xhr' | 'eventsource' | 'websocket';
export type Direction = 'up' | 'down';
export type Header = readonly [name: string, value: string];

/**
 * A captured body preview. Text is kept as text; anything that is not valid text is base64.
 * `truncated` is true when the body was longer than the cap and `size` counts every byte seen.
 */
export interface Preview {
  readonly encoding: 'text' | 'base64';
  readonly data: string;
  readonly truncated: boolean;
}

/* ------------------------------------------------------------------ capture events */

/** The page (frame) the events come from: on install, on visibility change and on navigation. */
export interface PageEvent {
  readonly kind: 'page';
  readonly t: EpochMs;
  readonly url: string;
  readonly top: boolean;
  readonly visibility: 'visible' | 'hidden';
  readonly reason: 'install' | 'visibility' | 'navigation' | 'unload';
}

/** A fetch or XHR was sent. */
export interface RequestStartEvent {
  readonly kind: 'request-start';
  readonly id: string;
  readonly t: EpochMs;
  readonly transport: 'fetch' | 'xhr';
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: readonly Header[];
  /** Bytes of the request body, -1 when unknown (FormData, streams). */
  readonly requestBodySize: number;
  /**
   * Set by HAR import only: the file lists no request headers and no header size, so their bytes
   * are unknown, not zero (the classifier then estimates nothing for them). The hook never sets it.
   */
  readonly headersUnknown?: true;
}

/** Response headers arrived. */
export interface ResponseEvent {
  readonly kind: 'response';
  readonly id: string;
  readonly t: EpochMs;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly redirected: boolean;
  readonly headers: readonly Header[];
  /** HAR import only: the file lists no response headers and no header size (see RequestStartEvent). */
  readonly headersUnknown?: true;
  readonly contentType: string;
  /**
   * `nextHopProtocol` (h2, http/1.1, h3, ...) last reported by resource timing for the origin of the
   * response URL (else of the request URL), else ''. Per origin, not per request: a request's own
   * timing entry exists only once its body is complete, too late for long-lived requests. Unknown
   * ('') for an origin until one of its resources completed with a readable protocol (cross-origin
   * ones need Timing-Allow-Origin). See docs/internals.md.
   */
  readonly protocol: string;
}

/** One chunk of a response body arrived. */
export interface ChunkEvent {
  readonly kind: 'chunk';
  readonly id: string;
  readonly t: EpochMs;
  readonly size: number;
}

/** A request ended: complete, or failed. */
export interface RequestEndEvent {
  readonly kind: 'request-end';
  readonly id: string;
  readonly t: EpochMs;
  readonly bodySize: number;
  readonly preview: Preview | null;
  /** Hash (FNV-1a, hex) of the preview, so identical answers can be counted. */
  readonly hash: string;
  readonly error: '' | 'abort' | 'error' | 'timeout';
  /** Why body observation stopped early, if it did (the page still receives everything). */
  readonly note: string;
}

/** One server-sent event, from an EventSource or parsed out of a fetch/XHR event stream. */
export interface SseMessageEvent {
  readonly kind: 'sse';
  readonly id: string;
  readonly t: EpochMs;
  readonly event: string;
  readonly lastEventId: string;
  readonly retry: number | null;
  readonly size: number;
  readonly preview: Preview;
  /**
   * Set by HAR import only: the file kept this event in a response body without its own time, so
   * its time was placed (spread over the response). The hook never sets it.
   */
  readonly placed?: true;
}

export interface EventSourceCreateEvent {
  readonly kind: 'es-create';
  readonly id: string;
  readonly t: EpochMs;
  readonly url: string;
  readonly withCredentials: boolean;
}

/** open / error (with the readyState after it, so reconnects show) / close() by the page. */
export interface EventSourceStateEvent {
  readonly kind: 'es-open' | 'es-error' | 'es-close';
  readonly id: string;
  readonly t: EpochMs;
  readonly readyState: number;
  /**
   * es-open only: `nextHopProtocol` known for the stream's origin (h2, http/1.1, ...), '' when
   * unknown; absent from other kinds. Same source as ResponseEvent.protocol.
   */
  readonly protocol?: string;
}

export interface WebSocketCreateEvent {
  readonly kind: 'ws-create';
  readonly id: string;
  readonly t: EpochMs;
  readonly url: string;
  readonly protocols: readonly string[];
}

export interface WebSocketOpenEvent {
  readonly kind: 'ws-open';
  readonly id: string;
  readonly t: EpochMs;
  readonly protocol: string;
  readonly extensions: string;
}

export interface WebSocketMessageEvent {
  readonly kind: 'ws-message';
  readonly id: string;
  readonly t: EpochMs;
  readonly dir: Direction;
  readonly binary: boolean;
  readonly size: number;
  readonly preview: Preview;
}

export interface WebSocketErrorEvent {
  readonly kind: 'ws-error';
  readonly id: string;
  readonly t: EpochMs;
}

export interface WebSocketCloseEvent {
  readonly kind: 'ws-close';
  readonly id: string;
  readonly t: EpochMs;
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/** Everything the hook observes. */
export type CaptureEvent =
  | PageEvent
  | RequestStartEvent
  | ResponseEvent
  | ChunkEvent
  | RequestEndEvent
  | SseMessageEvent
  | EventSourceCreateEvent
  | EventSourceStateEvent
  | WebSocketCreateEvent
  | WebSocketOpenEvent
  | WebSocketMessageEvent
  | WebSocketErrorEvent
  | WebSocketCloseEvent;

export type CaptureEventKind = CaptureEvent['kind'];

/**
 * The `default` of a switch over `CaptureEvent['kind']` that lists every kind: adding a kind to
 * CaptureEvent makes each such switch a type error until it handles it. At run time (an event
 * from a newer hook) it does nothing: the caller ignores the event.
 */
export function unhandledEvent(e: never): void {
  void e;
}

/** An event as stored by the relay: numbered per source so panels can dedupe and resume. */
export type SequencedEvent = CaptureEvent & { readonly seq: number };

/** Where a batch comes from: one document in one frame of one tab. */
export interface SourceInfo {
  /** Random per document (a reload or a new iframe document is a new source). */
  readonly sourceId: string;
  readonly frameId: number;
  readonly url: string;
  readonly top: boolean;
}

/* ------------------------------------------------------------------ hook <-> content (MessagePort) */

/**
 * The handshake, on the window the hook and the relay share. Both are document_start content
 * scripts, but neither browser promises which runs first: Firefox injects each manifest entry on
 * its own and awaits one it has not compiled yet. So the relay posts its hello only to a hook that
 * listens for it: one already installed (it answers HOOK_INSTALLED_QUERY, dispatched
 * synchronously, with preventDefault) or one that says so later (HOOK_READY, dispatched once its
 * hello listener is in place). Both are plain Events, dispatched before any page script runs.
 */
export const HOOK_INSTALLED_QUERY = 'polltergeist:hook-installed';
export const HOOK_READY = 'polltergeist:hook-ready';

/** The relay's hello on window.postMessage; the hook keeps the transferred port and answers on it. */
export interface ContentHello {
  readonly source: typeof SOURCE_TAG;
  readonly type: 'hello';
  readonly v: number;
}

export type HookToContent =
  | { readonly type: 'hello'; readonly v: number }
  /** `dropped`: events the hook's ring evicted while no panel was attached. */
  | { readonly type: 'batch'; readonly events: readonly CaptureEvent[]; readonly dropped: number };

export type ContentToHook =
  /** Attached: stream everything with full previews. Detached: keep a cheap ring. */
  | { readonly type: 'attach'; readonly attached: boolean };

/* ------------------------------------------------------------------ content <-> background (runtime port) */

export type ContentToBackground =
  | { readonly type: 'hello'; readonly v: number; readonly source: Omit<SourceInfo, 'frameId'> }
  /**
   * `to`: a replay answer for one panel; absent for live events (to every panel of the tab).
   * `dropped`: events the page's ring evicted before they reached the relay (cumulative).
   * `missed`: in a replay answer, requested events the relay no longer holds (seqs after `after`
   * and before the first event sent).
   */
  | {
      readonly type: 'events';
      readonly sourceId: string;
      readonly events: readonly SequencedEvent[];
      readonly dropped: number;
      readonly missed?: number;
      readonly to?: string;
    };

export type BackgroundToContent =
  | { readonly type: 'panels'; readonly count: number }
  /** Send this panel every buffered event with seq > after. */
  | { readonly type: 'replay'; readonly panelId: string; readonly after: number };

/* ------------------------------------------------------------------ panel <-> background (runtime port) */

export interface TabSummary {
  readonly tabId: number;
  readonly url: string;
  readonly sources: number;
}

export type PanelToBackground =
  /** `frames`: send WebSocket messages as FrameColumns (the panel does; the CLI recorder takes plain events). */
  | { readonly type: 'subscribe'; readonly v: number; readonly tabId: number; readonly panelId: string; readonly frames?: boolean }
  /** Ask one source to replay what this panel has not seen. */
  | { readonly type: 'replay'; readonly sourceId: string; readonly after: number }
  | { readonly type: 'list-tabs' }
  | { readonly type: 'open-tab'; readonly url: string };

/** `bits` of a frame in FrameColumns. */
export const FRAME_UP = 1;
export const FRAME_BINARY = 2;
/** The preview is base64 (else text). */
export const FRAME_BASE64 = 4;
export const FRAME_TRUNCATED = 8;

/**
 * A batch's WebSocket messages as columns, for panels that ask for them (`subscribe.frames`).
 * Under load nearly every event is a frame; as objects each costs the panel's thread a JSON object
 * of eight keys to parse (Chrome's ports carry JSON) and an allocation that lives until the store
 * has read it. As columns, a batch is a few arrays of numbers and one of strings: 2-3x less to
 * parse (bench/panel). Frame j is the WebSocketMessageEvent
 * { kind: 'ws-message', id: ids[conn[j]], t: t[j], dir, binary, size: size[j], preview: { encoding, data: data[j], truncated }, seq: seq[j] }.
 */
export interface FrameColumns {
  /** The connection ids of this batch's frames. */
  readonly ids: readonly string[];
  /** Per frame: its connection, as an index into `ids`. */
  readonly conn: readonly number[];
  readonly seq: readonly number[];
  readonly t: readonly number[];
  readonly size: readonly number[];
  /** FRAME_UP | FRAME_BINARY | FRAME_BASE64 | FRAME_TRUNCATED. */
  readonly bits: readonly number[];
  readonly data: readonly string[];
  /**
   * Arrival order, as run lengths alternating between the batch's `events` and its frames,
   * starting with events: [2, 1000, 1, 3] is events 0-1, frames 0-999, event 2, frames 1000-1002.
   */
  readonly order: readonly number[];
}

export type BackgroundToPanel =
  | { readonly type: 'subscribed'; readonly v: number; readonly tabId: number }
  /** A source (document) of the subscribed tab is connected; the panel answers with a replay request. */
  | { readonly type: 'source'; readonly source: SourceInfo }
  | {
      readonly type: 'events';
      readonly source: SourceInfo;
      /** Every event, or with `frames` every event except WebSocket messages. */
      readonly events: readonly SequencedEvent[];
      readonly frames?: FrameColumns;
      readonly dropped: number;
      readonly missed?: number;
    }
  | { readonly type: 'tabs'; readonly tabs: readonly TabSummary[] };

/* ------------------------------------------------------------------ guards */

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

export function isContentHello(x: unknown): x is ContentHello {
  return isObject(x) && x['source'] === SOURCE_TAG && x['type'] === 'hello' && x['v'] === PROTOCOL_VERSION;
}

const EVENT_KINDS: ReadonlySet<string> = new Set<CaptureEventKind>([
  'page',
  'request-start',
  'response',
  'chunk',
  'request-end',
  'sse',
  'es-create',
  'es-open',
  'es-error',
  'es-close',
  'ws-create',
  'ws-open',
  'ws-message',
  'ws-error',
  'ws-close',
]);

/**
 * Shallow validation of an event coming from the page world. The page can reach the MessagePort
 * only through our hook, but the relay still refuses anything that is not shaped like an event.
 */
export function isCaptureEvent(x: unknown): x is CaptureEvent {
  return isObject(x) && typeof x['kind'] === 'string' && EVENT_KINDS.has(x['kind']) && typeof x['t'] === 'number';
}

export function isHookToContent(x: unknown): x is HookToContent {
  if (!isObject(x)) return false;
  if (x['type'] === 'hello') return x['v'] === PROTOCOL_VERSION;
  return x['type'] === 'batch' && Array.isArray(x['events']) && typeof x['dropped'] === 'number';
}
