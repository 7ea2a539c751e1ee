/**
 * Draws the timeline on a 2D canvas: an axis, then per visible lane the lifetimes of its requests
 * and connections as bars (merged when closer than a pixel) and its messages as ticks binned per
 * pixel column (sent above the bar band, received below; height and opacity grow with the count
 * on a log scale). A frame costs O(visible lanes x (columns + bars drawn)), not O(messages):
 * binLane answers a column from prefix sums however many messages fall in it.
 *
 * No DOM and no framework: a benchmark can call drawTimeline with any CanvasRenderingContext2D
 * (or an OffscreenCanvas's) and a store.
 */
import type { Pattern } from '../../core/classify/types';
import type { Transport } from '../../core/protocol';
import {
  BAR_ERROR,
  BAR_MERGED,
  BAR_OPEN,
  BAR_PENDING,
  BAR_RECONNECTED,
  BarList,
  barsInRange,
  binLane,
  createLaneBins,
  type LaneBins,
} from '../../core/store/bins';
import type { MessageStore } from '../../core/store/message-store';
import { axisTicks, type TzOffset, localTzOffset } from './axis';
import { laneGeometry, laneTop, plotWidth, TICK_ALPHA, tickHeight, tickLevel, visibleLanes, type Layout } from './layout';

export interface TimelineColors {
  readonly bg: string;
  readonly fg: string;
  readonly muted: string;
  readonly line: string;
  readonly stripe: string;
  readonly sel: string;
  readonly err: string;
  /** Sent and received ticks. */
  readonly up: string;
  readonly down: string;
  readonly pattern: Readonly<Record<Pattern, string>>;
}

export const LIGHT_COLORS: TimelineColors = {
  bg: '#ffffff',
  fg: '#1f1f1f',
  muted: '#5f6368',
  line: '#e0e0e0',
  stripe: '#f6f7f9',
  sel: '#cfe8fc',
  err: '#d93025',
  up: '#c26401',
  down: '#1967d2',
  pattern: {
    polling: '#e8a33d',
    'long-polling': '#c2185b',
    sse: '#1e8e3e',
    streaming: '#4285f4',
    websocket: '#8e44c9',
    'one-off': '#9aa0a6',
  },
};

export const DARK_COLORS: TimelineColors = {
  bg: '#202124',
  fg: '#e8eaed',
  muted: '#9aa0a6',
  line: '#3c4043',
  stripe: '#26272a',
  sel: '#0b3d66',
  err: '#f28b82',
  up: '#fcad70',
  down: '#8ab4f8',
  pattern: {
    polling: '#f6bf5b',
    'long-polling': '#f48fb1',
    sse: '#81c995',
    streaming: '#8ab4f8',
    websocket: '#c58af9',
    'one-off': '#80868b',
  },
};

/** What a lane needs for drawing (a ChannelView satisfies it). */
export interface TimelineLane {
  readonly key: string;
  readonly template: string;
  readonly pattern: Pattern;
  /** Shown as a short tag before the template (two channels of one URL differ by it). */
  readonly transport?: Transport;
  readonly method?: string;
}

const TAG: Record<Transport, string> = { fetch: 'fetch', xhr: 'XHR', eventsource: 'ES', websocket: 'WS' };

/** "ES", "WS", "fetch", "XHR POST": the lane label's transport tag. */
export function laneTag(lane: TimelineLane): string {
  if (!lane.transport) return '';
  const t = TAG[lane.transport];
  const http = lane.transport === 'fetch' || lane.transport === 'xhr';
  return http && lane.method && lane.method !== 'GET' ? `${t} ${lane.method}` : t;
}

export interface TimelineModel {
  readonly store: MessageStore;
  /** Every lane, top to bottom (only the visible ones are touched). */
  readonly lanes: readonly TimelineLane[];
  /** Open bars end here (epoch ms). */
  readonly now: number;
  readonly colors: TimelineColors;
  /** Brushed range (filters the message list), drawn highlighted. */
  readonly range?: readonly [number, number] | null;
  /** A brush being dragged. */
  readonly brush?: readonly [number, number] | null;
  /** Connection serial of the selected request (outlined), -1 for none. */
  readonly selectedSerial?: number;
  /** Logical index of the selected message (marked), null for none. */
  readonly selectedMessage?: number | null;
  /** Time zone of the axis labels (tests pin it). */
  readonly tz?: TzOffset;
}

export interface TimelineViewport extends Layout {
  readonly t0: number;
  readonly t1: number;
  /** Device pixels per CSS pixel (the canvas's backing store is width * dpr wide). */
  readonly dpr: number;
}

export interface LaneStat {
  readonly key: string;
  /** Columns with sent / received ticks. */
  readonly up: number;
  readonly down: number;
  readonly bars: number;
  /** Messages of the lane in the window. */
  readonly messages: number;
}

export interface DrawStats {
  /** Lanes drawn (visible): model.lanes[firstLane, firstLane + lanes). */
  lanes: number;
  firstLane: number;
  bars: number;
  /** Non-empty tick columns (a column with both directions counts once). */
  ticks: number;
  /** Open (live) bars drawn: the caller redraws while there are some. */
  open: number;
  /** Messages in the window over the drawn lanes. */
  messages: number;
  laneStats: LaneStat[];
  /** Time spent in drawTimeline (ms). */
  ms: number;
}

/** Buffers reused across frames (one per canvas, or the shared default). */
export interface DrawScratch {
  bins: LaneBins;
  bars: BarList;
  labels: Map<string, string>;
  widths: Map<string, number>;
  labelFont: string;
}

export function createDrawScratch(): DrawScratch {
  return { bins: createLaneBins(1024), bars: new BarList(256), labels: new Map(), widths: new Map(), labelFont: '' };
}

const shared = createDrawScratch();

const FONT = '11px system-ui, -apple-system, "Segoe UI", sans-serif';
const AXIS_MIN_PX = 84;

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Fits `text` into `max` px with an ellipsis (cached per text and width). */
function fitText(ctx: Ctx, scratch: DrawScratch, text: string, max: number): string {
  if (scratch.labelFont !== FONT || scratch.labels.size > 4000) {
    scratch.labels.clear();
    scratch.labelFont = FONT;
  }
  const key = `${max}\u0000${text}`;
  let out = scratch.labels.get(key);
  if (out !== undefined) return out;
  out = text;
  if (ctx.measureText(text).width > max) {
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (ctx.measureText(`${text.slice(0, mid)}…`).width <= max) lo = mid;
      else hi = mid - 1;
    }
    out = `${text.slice(0, lo)}…`;
  }
  scratch.labels.set(key, out);
  return out;
}

/** Width of a short text (cached). */
function textWidth(ctx: Ctx, scratch: DrawScratch, text: string): number {
  const key = `w\u0000${text}`;
  const hit = scratch.widths.get(key);
  if (hit !== undefined) return hit;
  const w = ctx.measureText(text).width;
  if (scratch.widths.size > 256) scratch.widths.clear();
  scratch.widths.set(key, w);
  return w;
}

/** Draws one frame; returns what was drawn. */
export function drawTimeline(ctx: Ctx, model: TimelineModel, vp: TimelineViewport, scratch: DrawScratch = shared): DrawStats {
  const started = performance.now();
  const { store, colors: c, now } = model;
  const { width: W, height: H, labelWidth: LW, axisHeight: AH, laneHeight: LH, t0, t1 } = vp;
  const stats: DrawStats = { lanes: 0, firstLane: 0, bars: 0, ticks: 0, open: 0, messages: 0, laneStats: [], ms: 0 };
  ctx.setTransform(vp.dpr, 0, 0, vp.dpr, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = c.bg;
  ctx.fillRect(0, 0, W, H);
  const PW = plotWidth(vp);
  if (PW <= 0 || !(t1 > t0) || H <= AH) {
    stats.ms = performance.now() - started;
    return stats;
  }
  const scale = PW / (t1 - t0);
  const msPerPx = (t1 - t0) / PW;
  const X = (t: number): number => LW + (t - t0) * scale;
  /** x clamped just outside the plot so huge values stay drawable. */
  const CX = (t: number): number => Math.min(LW + PW + 2, Math.max(LW - 2, X(t)));
  const [first, end] = visibleLanes(vp);
  stats.firstLane = first;
  const g = laneGeometry(LH);
  const axis = axisTicks(t0, t1, PW, AXIS_MIN_PX, model.tz ?? localTzOffset);

  // Stripes, so a lane can be followed across.
  ctx.fillStyle = c.stripe;
  for (let i = first; i < end; i++) if (i & 1) ctx.fillRect(0, laneTop(vp, i), W, LH);

  ctx.save();
  ctx.beginPath();
  ctx.rect(LW, AH, PW, H - AH);
  ctx.clip();

  // Brushed range under everything.
  const range = model.range;
  if (range) {
    ctx.fillStyle = c.sel;
    ctx.globalAlpha = 0.55;
    const a = CX(range[0]);
    ctx.fillRect(a, AH, Math.max(1, CX(range[1]) - a), H - AH);
    ctx.globalAlpha = 1;
  }
  // Grid.
  ctx.fillStyle = c.line;
  for (const tk of axis.ticks) {
    ctx.globalAlpha = tk.major ? 1 : 0.6;
    ctx.fillRect(Math.round(X(tk.t)), AH, 1, H - AH);
  }
  ctx.globalAlpha = 1;

  const bars = scratch.bars;
  const bins = scratch.bins;
  const upPaths = [new Path2D(), new Path2D(), new Path2D(), new Path2D()];
  const downPaths = [new Path2D(), new Path2D(), new Path2D(), new Path2D()];
  const errPath = new Path2D();
  const gapPath = new Path2D();
  const capPath = new Path2D();
  const selected = model.selectedSerial ?? -1;
  let selX0 = NaN;
  let selX1 = NaN;
  let selY = 0;
  for (let i = first; i < end; i++) {
    const lane = model.lanes[i]!;
    const li = store.lanes.indexOf(lane.key);
    const top = laneTop(vp, i);
    stats.lanes++;
    if (li < 0) {
      stats.laneStats.push({ key: lane.key, up: 0, down: 0, bars: 0, messages: 0 });
      continue;
    }
    const barY = top + g.barTop;
    // Bars: waiting (before the response) faint, receiving solid, errors in the error colour.
    barsInRange(store.connections, li, t0, t1, now, bars, msPerPx);
    const solid = new Path2D();
    const waiting = new Path2D();
    for (let b = 0; b < bars.length; b++) {
      const f = bars.flags[b]!;
      const s = bars.start[b]!;
      const e = bars.end[b]!;
      const xs = Math.floor(CX(s));
      const xe = Math.max(xs + 1, Math.ceil(CX(e)));
      if (f & BAR_ERROR && !(f & BAR_MERGED)) errPath.rect(xs, barY, xe - xs, g.barHeight);
      else if (f & BAR_PENDING && !(f & BAR_MERGED)) waiting.rect(xs, barY, xe - xs, g.barHeight);
      else {
        const r = bars.responseAt[b]!;
        const xr = r > s ? Math.min(xe, Math.max(xs, Math.round(CX(r)))) : xs;
        if (xr > xs) waiting.rect(xs, barY, xr - xs, g.barHeight);
        if (xe > xr) solid.rect(xr, barY, xe - xr, g.barHeight);
        if (f & BAR_ERROR) errPath.rect(xe - 2, barY, 2, g.barHeight);
      }
      if (f & BAR_OPEN) {
        stats.open++;
        capPath.rect(xe - 2, barY - 1, 2, g.barHeight + 2);
      }
      if (f & BAR_RECONNECTED && b > 0 && bars.serial[b - 1] === bars.serial[b]) {
        const ge = Math.round(CX(bars.end[b - 1]!));
        const y = barY + g.barHeight / 2 + 0.5;
        gapPath.moveTo(ge, y);
        gapPath.lineTo(xs, y);
      }
      if (bars.serial[b] === selected && !(f & BAR_MERGED)) {
        selX0 = Number.isNaN(selX0) ? xs : Math.min(selX0, xs);
        selX1 = Number.isNaN(selX1) ? xe : Math.max(selX1, xe);
        selY = barY;
      }
    }
    const colour = c.pattern[lane.pattern] ?? c.muted;
    ctx.fillStyle = colour;
    ctx.globalAlpha = 0.35;
    ctx.fill(waiting);
    ctx.globalAlpha = 0.9;
    ctx.fill(solid);
    ctx.globalAlpha = 1;
    stats.bars += bars.length;

    // Ticks: one per pixel column and direction.
    binLane(store, li, t0, t1, PW, bins);
    let upCols = 0;
    let downCols = 0;
    if (bins.total > 0) {
      const { up, down } = bins;
      const upBase = barY;
      const downBase = barY + g.barHeight;
      for (let col = 0; col < PW; col++) {
        const u = up[col]!;
        const d = down[col]!;
        if (u === 0 && d === 0) continue;
        stats.ticks++;
        const x = LW + col;
        if (u > 0) {
          const h = tickHeight(u, g.tickMax);
          upPaths[tickLevel(u)]!.rect(x, upBase - h, 1, h);
          upCols++;
        }
        if (d > 0) {
          downPaths[tickLevel(d)]!.rect(x, downBase, 1, tickHeight(d, g.tickMax));
          downCols++;
        }
      }
    }
    stats.messages += bins.total;
    stats.laneStats.push({ key: lane.key, up: upCols, down: downCols, bars: bars.length, messages: bins.total });
  }
  ctx.fillStyle = c.err;
  ctx.fill(errPath);
  for (let k = 0; k < 4; k++) {
    ctx.globalAlpha = TICK_ALPHA[k]!;
    ctx.fillStyle = c.up;
    ctx.fill(upPaths[k]!);
    ctx.fillStyle = c.down;
    ctx.fill(downPaths[k]!);
  }
  ctx.globalAlpha = 0.85;
  ctx.fillStyle = c.fg;
  ctx.fill(capPath);
  ctx.globalAlpha = 1;
  // Reconnect gaps: a dashed line in the error colour between the segments of one connection.
  ctx.strokeStyle = c.err;
  ctx.lineWidth = 1;
  ctx.setLineDash([2, 2]);
  ctx.stroke(gapPath);
  ctx.setLineDash([]);
  if (!Number.isNaN(selX0)) {
    ctx.strokeStyle = c.fg;
    ctx.lineWidth = 2;
    ctx.strokeRect(selX0 - 1, selY - 1, selX1 - selX0 + 2, g.barHeight + 2);
    ctx.lineWidth = 1;
  }
  // Selected message: a vertical mark through its lane.
  const sm = model.selectedMessage;
  if (sm !== null && sm !== undefined && store.has(sm)) {
    const key = store.channelOf(sm);
    for (let i = first; i < end; i++) {
      if (model.lanes[i]!.key !== key) continue;
      const x = Math.round(X(store.timeOf(sm)));
      ctx.fillStyle = c.fg;
      ctx.fillRect(x - 1, laneTop(vp, i), 2, LH);
      break;
    }
  }
  // Now.
  if (now >= t0 && now <= t1) {
    ctx.strokeStyle = c.muted;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    const x = Math.round(X(now)) - 0.5;
    ctx.moveTo(x, AH);
    ctx.lineTo(x, H);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  // Brush being dragged.
  const brush = model.brush;
  if (brush) {
    const a = CX(Math.min(brush[0], brush[1]));
    const b = CX(Math.max(brush[0], brush[1]));
    ctx.fillStyle = c.sel;
    ctx.globalAlpha = 0.5;
    ctx.fillRect(a, AH, Math.max(1, b - a), H - AH);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = c.fg;
    ctx.strokeRect(Math.round(a) + 0.5, AH + 0.5, Math.max(1, Math.round(b - a)), H - AH - 1);
  }
  if (range) {
    ctx.fillStyle = c.fg;
    ctx.fillRect(Math.round(CX(range[0])), AH, 1, H - AH);
    ctx.fillRect(Math.round(CX(range[1])), AH, 1, H - AH);
  }
  ctx.restore();

  // Label column: a pattern swatch and the channel's template.
  ctx.fillStyle = c.bg;
  ctx.fillRect(0, AH, LW, H - AH);
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (let i = first; i < end; i++) {
    const lane = model.lanes[i]!;
    const top = laneTop(vp, i);
    if (i & 1) {
      ctx.fillStyle = c.stripe;
      ctx.fillRect(0, top, LW, LH);
    }
    ctx.fillStyle = c.pattern[lane.pattern] ?? c.muted;
    ctx.fillRect(6, top + 5, 4, LH - 10);
    const tag = laneTag(lane);
    let x = 16;
    const ty = top + LH / 2 + 0.5;
    if (tag) {
      ctx.fillStyle = c.muted;
      ctx.fillText(tag, x, ty);
      x += textWidth(ctx, scratch, tag) + 5;
    }
    ctx.fillStyle = c.fg;
    ctx.fillText(fitText(ctx, scratch, lane.template || lane.key, LW - 6 - x), x, ty);
  }
  ctx.fillStyle = c.line;
  ctx.fillRect(LW - 1, AH, 1, H - AH);

  // Axis.
  ctx.fillStyle = c.bg;
  ctx.fillRect(0, 0, W, AH);
  ctx.fillStyle = c.line;
  ctx.fillRect(0, AH - 1, W, 1);
  ctx.fillRect(LW - 1, 0, 1, AH);
  ctx.fillStyle = c.muted;
  ctx.textBaseline = 'middle';
  const n = model.lanes.length;
  ctx.fillText(`${n} channel${n === 1 ? '' : 's'}`, 6, AH / 2 - 1);
  ctx.save();
  ctx.beginPath();
  ctx.rect(LW, 0, PW, AH);
  ctx.clip();
  ctx.textBaseline = 'middle';
  for (const tk of axis.ticks) {
    const x = Math.round(X(tk.t));
    ctx.fillStyle = tk.major ? c.fg : c.muted;
    ctx.fillRect(x, AH - (tk.major ? 6 : 4), 1, tk.major ? 6 : 4);
    ctx.fillText(tk.label, x + 3, AH / 2 - 1);
  }
  ctx.restore();
  if (model.lanes.length === 0) {
    ctx.fillStyle = c.muted;
    ctx.textAlign = 'center';
    ctx.fillText('No channels yet: traffic appears here as the page talks.', LW + PW / 2, AH + (H - AH) / 2);
    ctx.textAlign = 'left';
  }
  stats.ms = performance.now() - started;
  return stats;
}
