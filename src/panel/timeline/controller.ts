/**
 * The timeline's behaviour outside Preact: it owns the time window, draws on demand in
 * requestAnimationFrame (only when the store, the lanes, the view, the size, the scroll or the
 * window changed, plus a live tick at most every 250 ms while following or while an open bar is on
 * screen), and turns wheel, drag, keys, hover and clicks into window changes, tooltips and
 * `update(...)` calls on the shared view state.
 */
import type { ChannelView } from '../../core/classify/types';
import { BarList } from '../../core/store/bins';
import type { MessageStore } from '../../core/store/message-store';
import type { UpdateView, ViewState } from '../view-state';
import { formatClock } from './axis';
import { createDrawScratch, DARK_COLORS, drawTimeline, LIGHT_COLORS, type TimelineColors } from './draw';
import { describeHit, hitTest } from './hit';
import { AXIS_HEIGHT, LABEL_WIDTH, LANE_HEIGHT, plotWidth, regionAt, viewportHeight, type Layout } from './layout';
import {
  brushRange,
  fitWindow,
  followWindow,
  panBy,
  panByPixels,
  wheelPixels,
  wheelZoomFactor,
  xToTime,
  zoomAt,
  type TimeWindow,
} from './viewport';

export interface TimelineProps {
  readonly store: MessageStore;
  readonly lanes: readonly ChannelView[];
  readonly view: ViewState;
  readonly update: UpdateView;
}

export interface TimelineElements {
  readonly scroller: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly tooltip: HTMLElement;
  readonly summary: HTMLElement;
}

/** Live redraws (follow mode, growing open bars) at most this often. */
export const LIVE_MS = 250;
/** Smallest window while following with "fit all": the first seconds do not fill the plot. */
const MIN_FOLLOW_SPAN = 10_000;
const KEY_ZOOM = 1.5;
const DRAG_THRESHOLD_PX = 4;

interface Drag {
  readonly id: number;
  readonly mode: 'pan' | 'brush';
  readonly x0: number;
  readonly y0: number;
  readonly w0: TimeWindow;
  /** Time under the pointer at the start (brush anchor). */
  readonly t0: number;
  moved: boolean;
}

const nf = (n: number): string => n.toLocaleString('en-US');

function readColors(): TimelineColors {
  const dark = document.documentElement.classList.contains('dark');
  const base = dark ? DARK_COLORS : LIGHT_COLORS;
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  return {
    bg: v('--bg', base.bg),
    fg: v('--fg', base.fg),
    muted: v('--muted', base.muted),
    line: v('--line', base.line),
    sel: v('--sel', base.sel),
    err: v('--tl-err', base.err),
    stripe: v('--tl-stripe', base.stripe),
    up: v('--tl-up', base.up),
    down: v('--tl-down', base.down),
    pattern: {
      polling: v('--tl-polling', base.pattern.polling),
      'long-polling': v('--tl-long-polling', base.pattern['long-polling']),
      sse: v('--tl-sse', base.pattern.sse),
      streaming: v('--tl-streaming', base.pattern.streaming),
      websocket: v('--tl-websocket', base.pattern.websocket),
      'one-off': v('--tl-one-off', base.pattern['one-off']),
    },
  };
}

export class TimelineController {
  /** Plain drag brushes instead of panning (the toolbar's "Select range"). */
  brushMode = false;

  private props: TimelineProps | null = null;
  private els: TimelineElements | null = null;
  private ctx: CanvasRenderingContext2D | null = null;
  private colors: TimelineColors = LIGHT_COLORS;
  private readonly scratch = createDrawScratch();
  private readonly hitBars = new BarList(16);

  private follow = true;
  /** Following with every channel's history in view (until the user zooms). */
  private auto = true;
  /** Span kept while following. */
  private span = 60_000;
  /** The window when not following. */
  private win: TimeWindow = { t0: 0, t1: 1 };
  /** The window of the last frame (hit tests use what is on screen). */
  private shown: TimeWindow = { t0: 0, t1: 1 };
  private layout: Layout = {
    width: 0,
    height: 0,
    labelWidth: LABEL_WIDTH,
    axisHeight: AXIS_HEIGHT,
    laneHeight: LANE_HEIGHT,
    scrollTop: 0,
    laneCount: 0,
  };

  private raf = 0;
  private liveTimer: ReturnType<typeof setTimeout> | null = null;
  private drag: Drag | null = null;
  private brush: [number, number] | null = null;
  private hover: { x: number; y: number } | null = null;

  /* what the last frame showed, to skip redundant redraws */
  private seenVersion = -1;
  private seenConnVersion = -1;
  private cleanup: (() => void)[] = [];

  /** New props from a render: redraws when something the canvas shows changed. */
  setProps(p: TimelineProps): void {
    const old = this.props;
    this.props = p;
    // Follow the prop's edges only: a render started before our own setFollow carries the old value
    // and must not undo it (the effect that delivers it runs after the user's drag).
    if (!old || p.view.follow !== old.view.follow) this.applyFollow(p.view.follow);
    if (
      !old ||
      old.store !== p.store ||
      p.store.version !== this.seenVersion ||
      p.store.connections.version !== this.seenConnVersion ||
      !sameLanes(old.lanes, p.lanes) ||
      old.view.range !== p.view.range ||
      old.view.message !== p.view.message ||
      old.view.row !== p.view.row
    ) {
      this.invalidate();
    }
  }

  attach(els: TimelineElements): void {
    this.els = els;
    this.ctx = els.canvas.getContext('2d');
    this.colors = readColors();
    els.tooltip.hidden = true;
    const on = <K extends keyof HTMLElementEventMap>(
      target: HTMLElement,
      type: K,
      fn: (e: HTMLElementEventMap[K]) => void,
      opts?: AddEventListenerOptions,
    ): void => {
      target.addEventListener(type, fn, opts);
      this.cleanup.push(() => target.removeEventListener(type, fn, opts));
    };
    const c = els.canvas;
    on(c, 'wheel', (e) => this.onWheel(e), { passive: false });
    on(c, 'pointerdown', (e) => this.onPointerDown(e));
    on(c, 'pointermove', (e) => this.onPointerMove(e));
    on(c, 'pointerup', (e) => this.onPointerUp(e));
    on(c, 'pointercancel', () => this.endDrag());
    on(c, 'pointerleave', () => {
      this.hover = null;
      if (!this.drag) this.hideTooltip();
    });
    on(c, 'keydown', (e) => this.onKey(e));
    on(els.scroller, 'scroll', () => this.invalidate(), { passive: true });
    const ro = new ResizeObserver(() => this.invalidate());
    ro.observe(els.scroller);
    this.cleanup.push(() => ro.disconnect());
    // The panel's theme can change while open (DevTools theme switch): re-read the colours.
    const mo = new MutationObserver(() => {
      this.colors = readColors();
      this.invalidate();
    });
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    this.cleanup.push(() => mo.disconnect());
    this.invalidate();
  }

  detach(): void {
    for (const f of this.cleanup.splice(0)) f();
    if (this.raf) cancelAnimationFrame(this.raf);
    if (this.liveTimer !== null) clearTimeout(this.liveTimer);
    this.raf = 0;
    this.liveTimer = null;
    this.els = null;
    this.ctx = null;
  }

  /* ------------------------------------------------------------ commands (toolbar, keys) */

  setFollow(on: boolean): void {
    this.applyFollow(on);
    this.props?.update({ follow: on });
  }

  /** Everything in view: while following, all history up to now; else the data's extent. */
  fitAll(): void {
    if (this.follow) this.auto = true;
    else {
      const ext = this.extent(Date.now());
      if (ext) this.win = fitWindow(ext[0], ext[1]);
    }
    this.invalidate();
  }

  /** Zooms by `factor` (< 1 in) around plot pixel x, or the middle (the live edge while following). */
  zoom(factor: number, x: number | null = null): void {
    const w = this.current(Date.now());
    if (this.follow) {
      const z = zoomAt(w, w.t1, factor);
      this.span = z.t1 - z.t0;
      this.auto = false;
    } else {
      const pw = plotWidth(this.layout);
      const anchor = x === null || pw <= 0 ? (w.t0 + w.t1) / 2 : xToTime(x, w, pw);
      this.win = zoomAt(w, anchor, factor);
    }
    this.invalidate();
  }

  /** Pans by dt ms; panning back in time leaves follow mode. */
  pan(dt: number): void {
    const w = this.current(Date.now());
    if (this.follow) {
      if (dt >= 0) return;
      this.setFollow(false);
    }
    this.win = panBy(w, dt);
    this.invalidate();
  }

  /** The window on screen (for tests and the toolbar). */
  visibleWindow(): TimeWindow {
    return this.shown;
  }

  /* ------------------------------------------------------------ drawing */

  invalidate = (): void => {
    if (this.raf || !this.els) return;
    this.raf = requestAnimationFrame(this.frame);
  };

  private frame = (): void => {
    this.raf = 0;
    const els = this.els;
    const p = this.props;
    const ctx = this.ctx;
    if (!els || !p || !ctx) return;
    const now = Date.now();
    const { canvas, scroller } = els;
    const width = scroller.clientWidth;
    const height = viewportHeight(p.lanes.length);
    const dpr = window.devicePixelRatio || 1;
    const bw = Math.max(1, Math.round(width * dpr));
    const bh = Math.max(1, Math.round(height * dpr));
    if (canvas.width !== bw || canvas.height !== bh) {
      canvas.width = bw;
      canvas.height = bh;
    }
    if (canvas.style.width !== `${width}px`) canvas.style.width = `${width}px`;
    this.layout = {
      width,
      height,
      labelWidth: LABEL_WIDTH,
      axisHeight: AXIS_HEIGHT,
      laneHeight: LANE_HEIGHT,
      scrollTop: scroller.scrollTop,
      laneCount: p.lanes.length,
    };
    const w = this.current(now);
    this.shown = w;
    this.seenVersion = p.store.version;
    this.seenConnVersion = p.store.connections.version;
    const selected = p.view.row ? p.store.connections.byKey(p.view.row) : undefined;
    const stats = drawTimeline(
      ctx,
      {
        store: p.store,
        lanes: p.lanes,
        now,
        colors: this.colors,
        range: p.view.range,
        brush: this.brush,
        selectedSerial: selected ? selected.serial : -1,
        selectedMessage: p.view.message,
      },
      { ...this.layout, t0: w.t0, t1: w.t1, dpr },
      this.scratch,
    );
    const ds = canvas.dataset;
    ds['lanes'] = String(stats.lanes);
    ds['bars'] = String(stats.bars);
    ds['ticks'] = String(stats.ticks);
    ds['messages'] = String(stats.messages);
    ds['t0'] = String(Math.round(w.t0));
    ds['t1'] = String(Math.round(w.t1));
    ds['drawMs'] = stats.ms.toFixed(2);
    ds['laneStats'] = JSON.stringify(
      stats.laneStats.map((s, k) => {
        const lane = p.lanes[stats.firstLane + k];
        return { ...s, template: lane?.template ?? '', pattern: lane?.pattern ?? '' };
      }),
    );
    this.writeSummary(p, w);
    if (this.hover && !this.drag) this.showTooltip(this.hover.x, this.hover.y);
    if (this.follow || stats.open > 0) this.scheduleLive();
  };

  private scheduleLive(): void {
    if (this.liveTimer !== null) return;
    this.liveTimer = setTimeout(() => {
      this.liveTimer = null;
      this.invalidate();
    }, LIVE_MS);
  }

  /** Totals of the summary, recounted only when the store or the lanes changed. */
  private totals = { version: -1, connVersion: -1, lanes: null as readonly ChannelView[] | null, requests: 0, messages: 0 };

  private writeSummary(p: TimelineProps, w: TimeWindow): void {
    const store = p.store;
    const tt = this.totals;
    if (tt.version !== store.version || tt.connVersion !== store.connections.version || tt.lanes !== p.lanes) {
      tt.version = store.version;
      tt.connVersion = store.connections.version;
      tt.lanes = p.lanes;
      tt.requests = 0;
      tt.messages = 0;
      for (const l of p.lanes) {
        const li = store.lanes.indexOf(l.key);
        if (li < 0) continue;
        const lb = store.connections.laneBars(li);
        if (lb) tt.requests += lb.n - lb.removed;
        tt.messages += store.liveLane(li, true)?.count ?? 0;
      }
    }
    const { requests, messages } = tt;
    const n = p.lanes.length;
    const text =
      `${nf(n)} channel${n === 1 ? '' : 's'}, ${nf(requests)} request${requests === 1 ? '' : 's'}, ` +
      `${nf(messages)} message${messages === 1 ? '' : 's'}; showing ${formatClock(w.t0)} to ${formatClock(w.t1)}` +
      `${this.follow ? ' (following live)' : ''}${p.view.range ? `; selected range ${formatClock(p.view.range[0], true)} to ${formatClock(p.view.range[1], true)}` : ''}.`;
    if (this.els && this.els.summary.textContent !== text) this.els.summary.textContent = text;
  }

  /* ------------------------------------------------------------ window */

  private applyFollow(on: boolean): void {
    if (on === this.follow) {
      return;
    }
    const w = this.current(Date.now());
    this.follow = on;
    if (on) {
      this.span = w.t1 - w.t0;
      this.auto = false;
    } else this.win = w;
    this.invalidate();
  }

  /** First and last activity of the lanes shown (open connections reach now). */
  private extent(now: number): [number, number] | null {
    const p = this.props;
    if (!p || p.lanes.length === 0) return null;
    let a = Infinity;
    let b = -Infinity;
    let open = false;
    for (const l of p.lanes) {
      if (l.firstAt < a) a = l.firstAt;
      if (l.lastAt > b) b = l.lastAt;
      if (!open) {
        const li = p.store.lanes.indexOf(l.key);
        const lb = li >= 0 ? p.store.connections.laneBars(li) : undefined;
        if (lb && lb.open.length > 0) open = true;
      }
    }
    if (open) b = Math.max(b, now);
    return Number.isFinite(a) && Number.isFinite(b) ? [a, b] : null;
  }

  private current(now: number): TimeWindow {
    // A brush is drawn on a still window (even while following), so it selects what it covers.
    if (this.drag?.mode === 'brush') return this.drag.w0;
    if (this.follow) {
      if (this.auto) {
        const ext = this.extent(now);
        const start = ext ? Math.min(ext[0], now) : now;
        return followWindow(Math.max(MIN_FOLLOW_SPAN, (now - start) * 1.02), now);
      }
      return followWindow(this.span, now);
    }
    return this.win;
  }

  /* ------------------------------------------------------------ input */

  private point(e: MouseEvent): { x: number; y: number } {
    const r = this.els!.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private onWheel(e: WheelEvent): void {
    const p = this.point(e);
    // Over the labels the wheel scrolls the lanes (natively).
    if (p.x < this.layout.labelWidth) return;
    e.preventDefault();
    let dx = wheelPixels(e.deltaX, e.deltaMode);
    let dy = wheelPixels(e.deltaY, e.deltaMode);
    if (e.shiftKey && dx === 0) {
      dx = dy;
      dy = 0;
    }
    const pw = plotWidth(this.layout);
    if (Math.abs(dx) > Math.abs(dy)) {
      if (pw > 0) this.pan((dx * (this.shown.t1 - this.shown.t0)) / pw);
    } else if (dy !== 0) this.zoom(wheelZoomFactor(dy, e.ctrlKey), p.x - this.layout.labelWidth);
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 || !this.els) return;
    const p = this.point(e);
    const r = regionAt(this.layout, p.x, p.y);
    if (r.kind !== 'plot' && r.kind !== 'axis') return;
    const c = this.els.canvas;
    c.focus({ preventScroll: true });
    c.setPointerCapture?.(e.pointerId);
    const w = this.shown;
    const pw = plotWidth(this.layout);
    this.drag = {
      id: e.pointerId,
      mode: e.shiftKey || this.brushMode ? 'brush' : 'pan',
      x0: p.x,
      y0: p.y,
      w0: w,
      t0: xToTime(p.x - this.layout.labelWidth, w, pw),
      moved: false,
    };
    e.preventDefault();
  }

  private onPointerMove(e: PointerEvent): void {
    const p = this.point(e);
    const d = this.drag;
    if (!d || d.id !== e.pointerId) {
      this.hover = p;
      this.showTooltip(p.x, p.y);
      return;
    }
    const dx = p.x - d.x0;
    if (!d.moved && Math.abs(dx) + Math.abs(p.y - d.y0) < DRAG_THRESHOLD_PX) return;
    if (!d.moved) {
      d.moved = true;
      this.hideTooltip();
    }
    const pw = plotWidth(this.layout);
    if (d.mode === 'pan') {
      if (this.follow) this.setFollow(false);
      this.auto = false;
      this.win = panByPixels(d.w0, dx, pw);
      this.els!.canvas.style.cursor = 'grabbing';
    } else {
      this.brush = [d.t0, xToTime(p.x - this.layout.labelWidth, d.w0, pw)];
    }
    this.invalidate();
  }

  private onPointerUp(e: PointerEvent): void {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    const p = this.point(e);
    if (!d.moved) this.click(p.x, p.y);
    else if (d.mode === 'brush' && this.brush) {
      const pw = plotWidth(this.layout);
      const px = pw > 0 ? (this.shown.t1 - this.shown.t0) / pw : 0;
      const range = brushRange(this.brush[0], this.brush[1], 2 * px);
      if (range) this.props?.update({ range });
    }
    this.endDrag();
    this.hover = p;
  }

  private endDrag(): void {
    this.drag = null;
    if (this.brush) {
      this.brush = null;
      this.invalidate();
    }
    if (this.els) this.els.canvas.style.cursor = '';
  }

  private click(x: number, y: number): void {
    const p = this.props;
    if (!p) return;
    const hit = hitTest(p.store, p.lanes, this.layout, this.shown, Date.now(), x, y, this.hitBars);
    if (!hit) return;
    if (hit.kind === 'message') p.update({ message: hit.logical });
    else if (hit.kind === 'bar') p.update({ row: hit.record.key, message: null });
  }

  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const span = this.shown.t1 - this.shown.t0;
    switch (e.key) {
      case '+':
      case '=':
        this.zoom(1 / KEY_ZOOM);
        break;
      case '-':
      case '_':
        this.zoom(KEY_ZOOM);
        break;
      case 'ArrowLeft':
        this.pan(-span * (e.shiftKey ? 0.5 : 0.1));
        break;
      case 'ArrowRight':
        this.pan(span * (e.shiftKey ? 0.5 : 0.1));
        break;
      case 'ArrowUp':
      case 'ArrowDown':
        if (this.els) this.els.scroller.scrollTop += (e.key === 'ArrowUp' ? -1 : 1) * this.layout.laneHeight;
        break;
      case '0':
        this.fitAll();
        break;
      case 'f':
      case 'F':
        this.setFollow(!this.follow);
        break;
      case 'Escape':
        if (this.drag) this.endDrag();
        else if (this.props?.view.range) this.props.update({ range: null });
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  /* ------------------------------------------------------------ tooltip */

  private showTooltip(x: number, y: number): void {
    const p = this.props;
    const els = this.els;
    if (!p || !els) return;
    const hit = hitTest(p.store, p.lanes, this.layout, this.shown, Date.now(), x, y, this.hitBars);
    const c = els.canvas;
    const r = regionAt(this.layout, x, y);
    c.style.cursor = hit && hit.kind !== 'label' ? 'pointer' : r.kind === 'plot' ? (this.brushMode ? 'crosshair' : 'grab') : '';
    if (!hit) return this.hideTooltip();
    const lines = describeHit(p.store, p.lanes, hit, Date.now());
    if (lines.length === 0) return this.hideTooltip();
    const tip = els.tooltip;
    const text = lines.join('\n');
    if (tip.textContent !== text) tip.textContent = text;
    tip.hidden = false;
    // Position inside the timeline section, beside the pointer, flipped near the right edge.
    const section = tip.offsetParent as HTMLElement | null;
    const cr = c.getBoundingClientRect();
    const sr = section ? section.getBoundingClientRect() : cr;
    let left = cr.left - sr.left + x + 14;
    const top = cr.top - sr.top + y + 16;
    const tw = tip.offsetWidth;
    if (left + tw > sr.width - 4) left = Math.max(4, cr.left - sr.left + x - tw - 10);
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  }

  private hideTooltip(): void {
    if (this.els && !this.els.tooltip.hidden) this.els.tooltip.hidden = true;
  }
}

/** Same lanes in the same order with the same labels (App passes a fresh array every render). */
export function sameLanes(a: readonly ChannelView[], b: readonly ChannelView[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.key !== y.key || x.pattern !== y.pattern || x.template !== y.template) return false;
  }
  return true;
}
