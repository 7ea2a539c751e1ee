/**
 * The benchmark's stand-in for the background router. On 'plan' it builds the whole synthetic
 * capture (./traffic.ts) up front as BackgroundToPanel 'events' messages of 1,000 events, each
 * packed as the router packs them for a panel (WebSocket messages as FrameColumns, packFrames),
 * serialized to JSON as a runtime port carries it (Chrome's extension messaging sends JSON text the
 * receiving side parses), encoded into an ArrayBuffer. During the timed ingest it only hands the
 * page buffers it asks for (transferred, no copy), so generating the traffic costs the panel's
 * thread nothing and the worker cannot be the bottleneck; the page parses each one, as the port
 * would, and gives it to the session.
 */
import type { BackgroundToPanel } from '../../src/core/protocol';
import { packFrames } from '../../src/core/protocol/frames';
import { BatchMaker, planTraffic, SOURCE, type TrafficOptions } from './traffic';

export type ToWorker = { readonly type: 'plan'; readonly options: TrafficOptions } | { readonly type: 'pull'; readonly count: number };

export interface PlannedInfo {
  readonly events: number;
  readonly batches: number;
  readonly requests: number;
  readonly start: number;
  readonly ms: number;
  readonly bytes: number;
  readonly meanSize: number;
  readonly meanPreviewChars: number;
  readonly maxPerChannel: number;
  readonly minPerChannel: number;
  /** The router's packFrames over every batch (the background's thread in the extension). */
  readonly packMs: number;
}

export type FromWorker =
  | ({ readonly type: 'planned' } & PlannedInfo)
  | { readonly type: 'batch'; readonly index: number; readonly json: ArrayBuffer }
  | { readonly type: 'end' };

interface WorkerScope {
  postMessage(m: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

let buffers: (ArrayBuffer | null)[] = [];
let next = 0;
let ended = false;

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'plan') {
    const t0 = performance.now();
    const plan = planTraffic(m.options);
    const maker = new BatchMaker(plan);
    const encoder = new TextEncoder();
    buffers = [];
    let bytes = 0;
    let sizes = 0;
    let previewChars = 0;
    let packMs = 0;
    while (!maker.done) {
      const events = maker.next();
      for (const ev of events) {
        if (ev.kind !== 'ws-message') continue;
        sizes += ev.size;
        previewChars += ev.preview.data.length;
      }
      const p0 = performance.now();
      const packed = packFrames(events);
      packMs += performance.now() - p0;
      const msg: BackgroundToPanel = { type: 'events', source: SOURCE, events: packed.events, frames: packed.frames, dropped: 0 };
      const b = encoder.encode(JSON.stringify(msg));
      bytes += b.byteLength;
      buffers.push(b.buffer);
    }
    next = 0;
    ended = false;
    let max = 0;
    let min = Infinity;
    for (const c of plan.perChannel) {
      max = Math.max(max, c);
      min = Math.min(min, c);
    }
    scope.postMessage({
      type: 'planned',
      events: plan.events,
      batches: buffers.length,
      requests: plan.requests,
      start: plan.start,
      ms: performance.now() - t0,
      bytes,
      meanSize: sizes / m.options.messages,
      meanPreviewChars: previewChars / m.options.messages,
      maxPerChannel: max,
      minPerChannel: min,
      packMs,
    });
  } else if (m.type === 'pull') {
    for (let k = 0; k < m.count && next < buffers.length; k++) {
      const json = buffers[next]!;
      buffers[next] = null;
      scope.postMessage({ type: 'batch', index: next++, json }, [json]);
    }
    if (next >= buffers.length && !ended) {
      ended = true;
      scope.postMessage({ type: 'end' });
    }
  }
};
