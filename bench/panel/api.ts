/**
 * What the benchmark page exposes to the driver (bench/panel/run.ts) as `window.__panelBench`.
 * Bench-only: set by bench/panel/main.tsx, never by product code.
 */

export interface Planned {
  readonly events: number;
  readonly batches: number;
  readonly requests: number;
  readonly start: number;
  readonly planMs: number;
  /** JSON bytes of all the batches. */
  readonly bytes: number;
  /** Mean WebSocket message size (bytes) and preview length (chars). */
  readonly meanSize: number;
  readonly meanPreviewChars: number;
  readonly maxPerChannel: number;
  readonly minPerChannel: number;
  /** The router's packFrames over every batch, in the traffic worker (the background's thread in the extension). */
  readonly packMs: number;
}

export interface IngestResult {
  /** First 'events' message handed to the session → the last one applied (page clock). */
  readonly ms: number;
  /** Time inside the session's message handler (classifier, store, model, log), summed. */
  readonly handlerMs: number;
  readonly maxHandlerMs: number;
  /** JSON.parse of the batches (what the runtime port costs the panel's thread), summed. */
  readonly parseMs: number;
  /** Time between batches: the panel's renders and timeline draws, timers, GC, waiting. */
  readonly betweenMs: number;
  readonly batches: number;
  readonly events: number;
  readonly storeCount: number;
  readonly channels: number;
  readonly lanes: number;
  readonly connections: number;
  /** Renders of the panel (App and everything under it) while ingesting, and their time. */
  readonly appRenders: number;
  readonly appRenderMs: number;
  /** Timeline draws while ingesting, and their data-draw-ms summed. */
  readonly timelineDraws: number;
  readonly timelineDrawMs: number;
}

export interface SettleResult {
  /** Last batch applied → the panel's summary shows every message, painted. */
  readonly ms: number;
  readonly summary: string;
}

export interface DrawSeries {
  readonly ms: number[];
  /** Window of the draws (the last one): epoch ms and its span. */
  readonly t0: number;
  readonly t1: number;
  readonly messages: number;
  readonly lanes: number;
}

export interface ListPaint {
  /** Click on the Messages tab → the rows exist in the DOM. */
  readonly rowsMs: number;
  /** Click → after the frame that shows the rows (a task posted from that frame's rAF). */
  readonly paintMs: number;
  readonly rows: number;
}

export interface FrameLog {
  /** rAF timestamps (frame starts). */
  readonly starts: number[];
  /** After-paint times of the same frames (a task posted from each rAF). */
  readonly ends: number[];
  /** Scroll position of the list's scroller at each frame. */
  readonly scrollTops: number[];
}

export interface PanelBenchApi {
  readonly planned: Promise<Planned>;
  /** Lets the synthetic router announce the source: the session asks for a replay and ingest starts. */
  ingest(): Promise<IngestResult>;
  settle(): Promise<SettleResult>;
  /** Ends the synthetic router (its worker) so nothing of it stays in memory. */
  stopRouter(): void;
  /** Redraws of the real Timeline component, forced by wheel events on its canvas. */
  timelineRedraws(zoom: 'full' | 'one-percent', count: number): Promise<DrawSeries>;
  /** drawTimeline (src/panel/timeline/draw.ts) called directly with the real store, same canvas size. */
  directDraws(zoom: 'full' | 'one-percent', count: number): Promise<DrawSeries>;
  /** Clicks the Messages tab and times the first rows painted. */
  listFirstPaint(): Promise<ListPaint>;
  /** The list's scrolling element (marked with data-bench-scroller) and its box, for wheel input. */
  listScroller(): { x: number; y: number; width: number; height: number; scrollHeight: number } | null;
  startFrames(): void;
  frameCount(): number;
  stopFrames(): FrameLog;
  readonly timelineReady: boolean;
  /**
   * Heap attribution, after every measurement: clears the CaptureLog ('log'), then the
   * MessageStore ('store'), then presses the panel's Clear ('all': classifier, connection table).
   */
  release(part: 'log' | 'store' | 'all'): Promise<void>;
}

declare global {
  interface Window {
    __panelBench?: PanelBenchApi;
  }
}
