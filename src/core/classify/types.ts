/**
 * What the classifier says about a page's traffic. These shapes feed the panel, the diagnostics,
 * the evaluation and (through `src/core/report/report.ts` later) the CLI's `--json` contract, so fields
 * are plain numbers and strings, never classes.
 */
import type { Transport } from '../protocol';

export type Pattern = 'polling' | 'long-polling' | 'sse' | 'streaming' | 'websocket' | 'one-off';

export const PATTERNS: readonly Pattern[] = ['polling', 'long-polling', 'sse', 'streaming', 'websocket', 'one-off'];

/**
 * The numbers behind a channel's label. Times are milliseconds; `null` means "not enough data"
 * (fewer than two requests for an interval, no finished request for a hold, ...). Medians and
 * dispersions are over the most recent requests of the channel (a bounded window), counts and
 * bytes over its whole life.
 */
export interface Evidence {
  /** fetch/XHR requests seen (HTTP channels), 0 for WebSocket/EventSource channels. */
  readonly requests: number;
  /** Connections: one per request for HTTP; per socket/EventSource, each (re)connect counts. */
  readonly connections: number;
  /** Messages (SSE events, WebSocket frames, parsed fetch/XHR SSE events) both ways. */
  readonly messages: number;
  readonly messagesUp: number;
  readonly messagesDown: number;
  /**
   * Messages whose time a HAR import placed (the file kept them in a body, without times): rates
   * over them are the stream's average, not measured pacing. 0 for live captures.
   */
  readonly placedMessages: number;
  /** Median start-to-start interval between consecutive requests. */
  readonly medianIntervalMs: number | null;
  /** Median absolute deviation of the intervals divided by their median (0 = a metronome). */
  readonly intervalDispersion: number | null;
  /** Share of intervals within ±35% of the median of their visibility regime (0..1). */
  readonly regularShare: number | null;
  /** Median request lifetime, start to end. */
  readonly medianHoldMs: number | null;
  /** Median gap between a request's end and the next request's start (negative = overlap). */
  readonly medianGapMs: number | null;
  /** Most requests/connections of this channel in flight at once. */
  readonly maxInFlight: number;
  /**
   * Requests (or connections) per minute over the channel's active span; null below the minimum
   * evidence for a rate (RATE_MIN_EVENTS over RATE_MIN_SPAN_MS): say "n requests" instead.
   */
  readonly requestsPerMin: number | null;
  /** Messages per minute each way, over the channel's span; null below the same minimum evidence. */
  readonly messagesPerMinUp: number | null;
  readonly messagesPerMinDown: number | null;
  readonly bytesUp: number;
  readonly bytesDown: number;
  /** Share of finished responses identical to the previous one (same body hash and size, or 304). */
  readonly identicalShare: number | null;
  /** Requests that failed, were aborted or timed out / connections closed by error. */
  readonly errors: number;
  /** First start to last activity. */
  readonly spanMs: number;
}

/** One endpoint's traffic: transport + method + origin + path template + stable query. */
export interface ChannelView {
  readonly key: string;
  readonly transport: Transport;
  readonly method: string;
  readonly origin: string;
  /** Path template with `:id` for ids, plus stable query keys, e.g. `/api/items/:id?room=lobby`. */
  readonly template: string;
  /** The most recent full URL. */
  readonly url: string;
  /** Query keys whose values vary per request and were therefore ignored (`_`, `t`, `sid`, ...). */
  readonly volatileKeys: readonly string[];
  readonly pattern: Pattern;
  /** 0..1: how sure the label is (grows with the number of requests and their regularity). */
  readonly confidence: number;
  /** One line in words: why this label ("12 requests every 1.0 s ±4%, hold 12 ms"). */
  readonly reason: string;
  readonly evidence: Evidence;
  /** Earliest time the current label was first given (epoch ms). */
  readonly labelledAt: number | null;
  /** Every label change, oldest first: the channel's pattern history. */
  readonly history: readonly PatternChange[];
  /** Logical stream this channel belongs to when it shares a session with others, else ''. */
  readonly stream: string;
  /** First and last activity (epoch ms). */
  readonly firstAt: number;
  readonly lastAt: number;
  /** Connection keys (`sourceId:id`) of this channel, most recent last (bounded). */
  readonly connectionKeys: readonly string[];
  /** Raw facts the diagnostics need beyond the evidence. */
  readonly facts: ChannelFacts;
}

/** Per-channel facts for the diagnostics (`src/core/diagnose`), kept by the classifier as it ingests. */
export interface ChannelFacts {
  /** `nextHopProtocol` of the channel's origin when known (`http/1.1`, `h2`, `h3`), else ''. */
  readonly protocol: string;
  /** Requests/connections started while their page was hidden. */
  readonly hiddenStarts: number;
  /** Median interval of the requests started while hidden, null under two. */
  readonly hiddenMedianIntervalMs: number | null;
  /** Responses carrying ETag or Last-Modified. */
  readonly responsesWithValidators: number;
  /** Requests sending If-None-Match or If-Modified-Since. */
  readonly conditionalRequests: number;
  /** 304 responses. */
  readonly notModified: number;
  /** Finished responses compared for identity (denominator of identicalShare), and the identical ones. */
  readonly compared: number;
  readonly identical: number;
  /** Bytes of response bodies identical to the previous one (what polling re-downloads for nothing). */
  readonly identicalBytes: number;
  /**
   * Median header bytes per request, up (request line + headers, including an estimate for the
   * headers the browser adds and the page cannot see) and down (status line + visible headers).
   */
  readonly medianHeaderBytesUp: number | null;
  readonly medianHeaderBytesDown: number | null;
  /** Median body bytes per request, up and down. */
  readonly medianBodyBytesUp: number | null;
  readonly medianBodyBytesDown: number | null;
  /** Time from a connection's end (close/error) to the next connection's start, most recent last (bounded). */
  readonly reconnectDelaysMs: readonly number[];
  /** Of the recent connections, how many in a row at the end failed or lived < 2 s without a message. */
  readonly failingStreak: number;
  /** WebSocket close codes seen, most recent last (bounded). */
  readonly closeCodes: readonly number[];
  /** Median message size in bytes, null without messages. */
  readonly medianMessageBytes: number | null;
  /** Highest message rate over any one-second window seen, per direction. */
  readonly peakMessagesPerSecUp: number;
  readonly peakMessagesPerSecDown: number;
  /** Share of the recent finished requests held at least a second (long-poll holds), null without any. */
  readonly heldShare: number | null;
  /** Recent requests/connections as [start, end] (end null while open), most recent last (bounded). */
  readonly lifetimes: readonly (readonly [number, number | null])[];
}

export interface PatternChange {
  readonly t: number;
  readonly pattern: Pattern;
}

/**
 * A transport upgrade or fallback: several channels that carry one session (Engine.IO's
 * long-polling then WebSocket with the same `sid`, a WebSocket that failed and a poller that took
 * over), shown as one stream with the sequence of patterns.
 */
export interface LogicalStream {
  readonly id: string;
  /** How the channels were tied: a shared session token, or a fallback right after a failure. */
  readonly link: 'session' | 'fallback';
  /** The shared token (Engine.IO `sid`, SignalR `id`, a SockJS path segment), '' for fallbacks. */
  readonly session: string;
  readonly steps: readonly StreamStep[];
}

export interface StreamStep {
  readonly channel: string;
  readonly pattern: Pattern;
  readonly transport: Transport;
  readonly from: number;
  readonly to: number;
}
