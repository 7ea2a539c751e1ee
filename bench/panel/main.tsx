/**
 * The panel benchmark's page: the real panel <App> (src/panel/App.tsx) on a synthetic
 * PanelTransport. The transport answers `subscribe` with `subscribed` and (once the driver says
 * go) a `source`; the session answers with `replay`, and a worker standing in for the router
 * (traffic-worker.ts) streams the capture as `events` messages of 1,000 events, packed as the router
 * packs them for a panel (WebSocket messages as FrameColumns), JSON text parsed here as a runtime
 * port's message is. So every
 * event goes through the panel's transport interface, PanelSession, the classifier, the
 * CaptureLog and the MessageStore (messages and the connection table), with the panel rendering as it does live.
 *
 * Bench-only instrumentation lives here, not in product code: the MessageStore and Classifier
 * instances the session uses are captured by wrapping their prototypes' `ingest` (one extra call
 * per batch), App renders are counted through preact's `options.diffed`, and `window.__panelBench`
 * (./api.ts) gives the driver the measurements.
 */
import { options, render, type VNode } from 'preact';
import { App } from '../../src/panel/App';
import { PanelSession } from '../../src/panel/session';
import type { PanelTransport } from '../../src/panel/transport';
import { PROTOCOL_VERSION, type BackgroundToPanel, type PanelToBackground } from '../../src/core/protocol';
import { Capture } from '../../src/core/store/capture';
import { createDrawScratch, drawTimeline, LIGHT_COLORS } from '../../src/panel/timeline/draw';
import { AXIS_HEIGHT, LABEL_WIDTH, LANE_HEIGHT, viewportHeight } from '../../src/panel/timeline/layout';
import '../../src/panel/panel.css';
import type { DrawSeries, FrameLog, IngestResult, ListPaint, PanelBenchApi, Planned, SettleResult } from './api';
import { DEFAULT_TRAFFIC, SOURCE, type TrafficOptions } from './traffic';
import type { FromWorker, ToWorker } from './traffic-worker';

const params = new URLSearchParams(location.search);
const traffic: TrafficOptions = {
  ...DEFAULT_TRAFFIC,
  messages: Number(params.get('messages') ?? DEFAULT_TRAFFIC.messages),
  sockets: Number(params.get('sockets') ?? DEFAULT_TRAFFIC.sockets),
  previewChars: Number(params.get('preview') ?? DEFAULT_TRAFFIC.previewChars),
  end: Date.now(),
};

/* ------------------------------------------------------------ instances the session uses */

let ingestPath: Capture | null = null;
const captureIngest = Capture.prototype.ingest;
Capture.prototype.ingest = function (this: Capture, ...args: Parameters<Capture['ingest']>) {
  remember(this);
  return captureIngest.apply(this, args);
};
function remember(capture: Capture): void {
  ingestPath = capture;
}

/** App renders (a diff of the whole panel) and their time; `__b` is preact's before-diff hook. */
let appRenders = 0;
let appRenderMs = 0;
let appRenderStart = 0;
let lastAppRender = 0;
const hooks = options as typeof options & { __b?: (vnode: VNode) => void };
const beforeDiff = hooks.__b;
hooks.__b = (vnode) => {
  if (vnode.type === App) appRenderStart = performance.now();
  beforeDiff?.(vnode);
};
const diffed = options.diffed;
options.diffed = (vnode) => {
  if (vnode.type === App) {
    appRenders++;
    lastAppRender = performance.now();
    appRenderMs += lastAppRender - appRenderStart;
  }
  diffed?.(vnode);
};

/** Timeline draws while ingesting (the component writes data-draw-ms after each). */
const draws = { count: 0, ms: 0, observer: null as MutationObserver | null };
function watchDraws(on: boolean): void {
  draws.observer?.disconnect();
  draws.observer = null;
  const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=timeline-canvas]');
  if (!on || !canvas) return;
  draws.observer = new MutationObserver(() => {
    draws.count++;
    draws.ms += Number(canvas.dataset['drawMs'] ?? 0);
  });
  draws.observer.observe(canvas, { attributes: true, attributeFilter: ['data-draw-ms'] });
}

/* ------------------------------------------------------------ helpers */

const nextFrame = (): Promise<number> => new Promise((r) => requestAnimationFrame(r));
/** Resolves in a task posted from a rAF callback: after that frame's style, layout and paint. */
const afterPaint = (): Promise<number> =>
  new Promise((resolve) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(performance.now());
      ch.port2.postMessage(0);
    }),
  );

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

/* ------------------------------------------------------------ the synthetic router */

/** Batches asked of the router ahead of the one being applied. */
const PREFETCH = 16;

class SyntheticTransport implements PanelTransport {
  private onMessage: (msg: BackgroundToPanel) => void = () => undefined;
  private worker: Worker | null = new Worker(new URL('./traffic-worker.ts', import.meta.url), { type: 'module' });
  private readonly decoder = new TextDecoder();
  private subscribed = false;
  private released = false;
  private streaming = false;
  private first = 0;
  private lastEnd = 0;
  private handlerMs = 0;
  private maxHandlerMs = 0;
  private parseMs = 0;
  private betweenMs = 0;
  private batches = 0;
  private events = 0;
  private ended = false;
  private done: ((r: IngestResult) => void) | null = null;
  private fail: ((e: Error) => void) | null = null;
  readonly planned: Promise<Planned>;

  constructor() {
    this.planned = new Promise<Planned>((resolve, reject) => {
      this.worker!.onerror = (e) => {
        const err = new Error(`traffic worker: ${e.message}`);
        reject(err);
        this.fail?.(err);
      };
      this.worker!.onmessage = (e: MessageEvent<FromWorker>) => {
        const m = e.data;
        if (m.type === 'planned') {
          resolve({
            events: m.events,
            batches: m.batches,
            requests: m.requests,
            start: m.start,
            planMs: m.ms,
            bytes: m.bytes,
            meanSize: m.meanSize,
            meanPreviewChars: m.meanPreviewChars,
            maxPerChannel: m.maxPerChannel,
            minPerChannel: m.minPerChannel,
            packMs: m.packMs,
          });
        } else if (m.type === 'batch') this.deliver(m.json);
        else {
          this.ended = true;
          this.check();
        }
      };
    });
    this.post({ type: 'plan', options: traffic });
  }

  private post(m: ToWorker): void {
    this.worker?.postMessage(m);
  }

  start(onMessage: (msg: BackgroundToPanel) => void, onOpen: () => void): void {
    this.onMessage = onMessage;
    onOpen();
  }

  send(msg: PanelToBackground): void {
    switch (msg.type) {
      case 'subscribe':
        this.subscribed = true;
        setTimeout(() => {
          this.onMessage({ type: 'subscribed', v: PROTOCOL_VERSION, tabId: msg.tabId });
          this.announce();
        }, 0);
        break;
      case 'replay':
        if (!this.streaming && msg.after === 0) {
          this.streaming = true;
          this.post({ type: 'pull', count: PREFETCH });
        }
        break;
      case 'list-tabs':
        setTimeout(() => this.onMessage({ type: 'tabs', tabs: [] }), 0);
        break;
      case 'open-tab':
        break;
    }
  }

  /** The driver's go: the source is announced, the session asks for a replay, the router streams. */
  ingest(): Promise<IngestResult> {
    appRenders = 0;
    appRenderMs = 0;
    draws.count = 0;
    draws.ms = 0;
    watchDraws(true);
    return new Promise<IngestResult>((resolve, reject) => {
      this.done = resolve;
      this.fail = reject;
      this.released = true;
      this.announce();
    });
  }

  private announce(): void {
    if (this.subscribed && this.released) this.onMessage({ type: 'source', source: SOURCE });
  }

  /** One port message: parse it as the runtime port would, hand it to the session. */
  private deliver(json: ArrayBuffer): void {
    const t = performance.now();
    if (this.batches === 0) this.first = t;
    else this.betweenMs += t - this.lastEnd;
    const msg = JSON.parse(this.decoder.decode(json)) as BackgroundToPanel;
    const parsed = performance.now();
    this.parseMs += parsed - t;
    this.onMessage(msg);
    const end = performance.now();
    const h = end - parsed;
    this.handlerMs += h;
    this.maxHandlerMs = Math.max(this.maxHandlerMs, h);
    this.lastEnd = end;
    this.batches++;
    if (msg.type === 'events') this.events += msg.events.length + (msg.frames?.conn.length ?? 0);
    this.post({ type: 'pull', count: 1 });
  }

  private check(): void {
    if (!this.ended || !this.done) return;
    const s = ingestPath?.messages;
    const c = ingestPath?.classifier;
    const result: IngestResult = {
      ms: this.lastEnd - this.first,
      handlerMs: this.handlerMs,
      maxHandlerMs: this.maxHandlerMs,
      parseMs: this.parseMs,
      betweenMs: this.betweenMs,
      batches: this.batches,
      events: this.events,
      storeCount: s?.count ?? 0,
      channels: c?.channels().length ?? 0,
      lanes: s?.lanes.size ?? 0,
      connections: s?.connections.size ?? 0,
      appRenders,
      appRenderMs,
      timelineDraws: draws.count,
      timelineDrawMs: draws.ms,
    };
    watchDraws(false);
    lastBatchAt = this.lastEnd;
    if (result.storeCount !== traffic.messages) this.fail?.(new Error(`the store holds ${result.storeCount} messages, expected ${traffic.messages}`));
    else this.done(result);
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}

let lastBatchAt = 0;
const transport = new SyntheticTransport();

/* ------------------------------------------------------------ timeline */

function timelineCanvas(): HTMLCanvasElement | null {
  const c = document.querySelector<HTMLCanvasElement>('[data-testid=timeline-canvas]');
  return c && c.dataset['drawMs'] !== undefined ? c : null;
}

/** Resolves after the next draw of the component (its data-draw-ms is written after each). */
function nextDraw(canvas: HTMLCanvasElement): Promise<void> {
  return withTimeout(
    new Promise<void>((resolve) => {
      const mo = new MutationObserver(() => {
        mo.disconnect();
        resolve();
      });
      mo.observe(canvas, { attributes: true, attributeFilter: ['data-draw-ms'] });
    }),
    5_000,
    'a timeline redraw',
  );
}

function click(testId: string): void {
  const el = document.querySelector<HTMLElement>(`[data-testid=${testId}]`);
  if (!el) throw new Error(`no [data-testid=${testId}]`);
  el.click();
}

function wheel(canvas: HTMLCanvasElement, deltaY: number): void {
  const r = canvas.getBoundingClientRect();
  const x = r.left + LABEL_WIDTH + (r.width - LABEL_WIDTH) / 2;
  const y = r.top + AXIS_HEIGHT + LANE_HEIGHT / 2;
  canvas.dispatchEvent(new WheelEvent('wheel', { deltaY, deltaMode: 0, clientX: x, clientY: y, bubbles: true, cancelable: true }));
}

const span = (c: HTMLCanvasElement): number => Number(c.dataset['t1']) - Number(c.dataset['t0']);

async function timelineRedraws(zoom: 'full' | 'one-percent', count: number): Promise<DrawSeries> {
  const canvas = timelineCanvas();
  if (!canvas) throw new Error('the timeline canvas is missing or has never drawn (placeholder?)');
  // Out of follow mode (the live edge is past the capture's end), then everything in view.
  if (document.querySelector('[data-testid=timeline-follow]')?.getAttribute('aria-pressed') === 'true') {
    click('timeline-follow');
    await nextDraw(canvas);
  }
  click('timeline-fit');
  await nextDraw(canvas);
  const full = span(canvas);
  if (zoom === 'one-percent') {
    // wheelZoomFactor: exp(deltaPx * 0.002) per event, capped at 4x: four steps of 1/100^(1/4).
    const step = Math.log(0.01) / 4 / 0.002;
    for (let i = 0; i < 4; i++) {
      wheel(canvas, step);
      await nextDraw(canvas);
    }
    const ratio = span(canvas) / full;
    if (Math.abs(ratio - 0.01) > 0.002) throw new Error(`zoomed to ${(ratio * 100).toFixed(2)}% instead of 1%`);
  }
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    // A notch in, a notch out: the window moves by 0.2% at most, every wheel forces a redraw.
    wheel(canvas, i % 2 === 0 ? -1 : 1);
    await nextDraw(canvas);
    ms.push(Number(canvas.dataset['drawMs']));
  }
  const ds = canvas.dataset;
  return { ms, t0: Number(ds['t0']), t1: Number(ds['t1']), messages: Number(ds['messages']), lanes: Number(ds['lanes']) };
}

async function directDraws(zoom: 'full' | 'one-percent', count: number): Promise<DrawSeries> {
  const s = ingestPath?.messages;
  const c = ingestPath?.classifier;
  if (!s || !c) throw new Error('nothing ingested');
  const lanes = c.channels();
  const comp = document.querySelector<HTMLCanvasElement>('[data-testid=timeline-canvas]');
  const width = comp && comp.clientWidth > 0 ? comp.clientWidth : 1000;
  const height = viewportHeight(lanes.length);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  const scratch = createDrawScratch();
  const now = Date.now();
  const first = s.timeOf(s.firstLogical);
  const last = now;
  const full = (last - first) * 1.04;
  const w = zoom === 'full' ? full : full / 100;
  const mid = zoom === 'full' ? (first + last) / 2 : first + (last - first) / 2;
  const ms: number[] = [];
  let stats = null as ReturnType<typeof drawTimeline> | null;
  let t0 = 0;
  for (let i = 0; i < count; i++) {
    t0 = mid - w / 2 + (i % 2) * w * 0.002;
    const started = performance.now();
    stats = drawTimeline(
      ctx,
      { store: s, lanes, now, colors: LIGHT_COLORS },
      { width, height, labelWidth: LABEL_WIDTH, axisHeight: AXIS_HEIGHT, laneHeight: LANE_HEIGHT, scrollTop: 0, laneCount: lanes.length, t0, t1: t0 + w, dpr: 1 },
      scratch,
    );
    // Canvas 2D records and rasterizes later: read a pixel so the raster is inside the timing.
    ctx.getImageData(0, 0, 1, 1);
    ms.push(performance.now() - started);
    await nextFrame();
  }
  return { ms, t0, t1: t0 + w, messages: stats?.messages ?? 0, lanes: stats?.lanes ?? 0 };
}

/* ------------------------------------------------------------ message list */

async function listFirstPaint(): Promise<ListPaint> {
  const tab = document.querySelector<HTMLElement>('[data-testid=tab-messages]');
  if (!tab) throw new Error('no [data-testid=tab-messages]');
  const rowSel = '[data-testid=message-row]';
  let rowsAt = 0;
  const mo = new MutationObserver(() => {
    if (!rowsAt && document.querySelector(rowSel)) rowsAt = performance.now();
  });
  mo.observe(document.body, { childList: true, subtree: true });
  const t0 = performance.now();
  tab.click();
  try {
    const painted = await withTimeout(
      new Promise<number>((resolve) => {
        const loop = (): void => {
          requestAnimationFrame(() => {
            if (!document.querySelector(rowSel)) return loop();
            if (!rowsAt) rowsAt = performance.now();
            const ch = new MessageChannel();
            ch.port1.onmessage = () => resolve(performance.now());
            ch.port2.postMessage(0);
          });
        };
        loop();
      }),
      15_000,
      'message rows after clicking the Messages tab',
    );
    return { rowsMs: rowsAt - t0, paintMs: painted - t0, rows: document.querySelectorAll(rowSel).length };
  } finally {
    mo.disconnect();
  }
}

function scrollerOf(el: Element | null): HTMLElement | null {
  for (let e = el?.parentElement ?? null; e; e = e.parentElement) {
    const oy = getComputedStyle(e).overflowY;
    if ((oy === 'auto' || oy === 'scroll') && e.scrollHeight > e.clientHeight) return e;
  }
  return null;
}

let scroller: HTMLElement | null = null;

function listScroller(): ReturnType<PanelBenchApi['listScroller']> {
  scroller = scrollerOf(document.querySelector('[data-testid=message-row]'));
  if (!scroller) return null;
  scroller.dataset['benchScroller'] = '';
  const r = scroller.getBoundingClientRect();
  return { x: r.left, y: r.top, width: r.width, height: r.height, scrollHeight: scroller.scrollHeight };
}

let frames: { starts: number[]; ends: number[]; scrollTops: number[]; on: boolean } | null = null;

function startFrames(): void {
  const f = { starts: [] as number[], ends: [] as number[], scrollTops: [] as number[], on: true };
  frames = f;
  const tick = (ts: number): void => {
    if (!f.on) return;
    f.starts.push(ts);
    f.scrollTops.push(scroller?.scrollTop ?? 0);
    const ch = new MessageChannel();
    ch.port1.onmessage = () => f.ends.push(performance.now());
    ch.port2.postMessage(0);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function stopFrames(): FrameLog {
  const f = frames;
  if (!f) return { starts: [], ends: [], scrollTops: [] };
  f.on = false;
  const n = Math.min(f.starts.length, f.ends.length);
  return { starts: f.starts.slice(0, n), ends: f.ends.slice(0, n), scrollTops: f.scrollTops.slice(0, n) };
}

/* ------------------------------------------------------------ api */

async function settle(): Promise<SettleResult> {
  const summary = (): string => document.querySelector('[data-testid=summary]')?.textContent ?? '';
  await withTimeout(
    (async () => {
      while (lastAppRender <= lastBatchAt) await nextFrame();
    })(),
    10_000,
    'the panel to render after the last batch',
  );
  const painted = await afterPaint();
  return { ms: painted - lastBatchAt, summary: `${summary()} (App rendered ${appRenders} times)` };
}

/** Lets go of one part of the capture, so the driver can weigh it (destroys the state: last). */
async function release(part: 'log' | 'store' | 'all'): Promise<void> {
  if (part === 'log') ingestPath?.log.clear();
  else if (part === 'store') {
    ingestPath?.messages.clear();
    ingestPath?.records.clear();
  }
  else click('clear');
  await afterPaint();
}

const api: PanelBenchApi = {
  release,
  planned: transport.planned,
  ingest: () => transport.ingest(),
  settle,
  stopRouter: () => transport.stop(),
  timelineRedraws,
  directDraws,
  listFirstPaint,
  listScroller,
  startFrames,
  frameCount: () => frames?.starts.length ?? 0,
  stopFrames,
  get timelineReady() {
    return timelineCanvas() !== null;
  },
};
window.__panelBench = api;

if (params.get('mode') === 'session') {
  // The floor: the same transport and session, no UI at all (nothing renders, nothing draws).
  new PanelSession(transport, 1, () => undefined).start();
} else {
  render(<App transport={transport} tabId={1} popOutUrl={null} version="bench" />, document.getElementById('root')!);
}
