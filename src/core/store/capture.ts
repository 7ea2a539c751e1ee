/**
 * The one ingest path. Every batch of captured events (and of WebSocket frames as FrameColumns)
 * enters through `Capture.ingest`: the panel's live batches and HAR imports (src/panel/session.ts)
 * and the command line's recordings and HAR files (`analyze`, src/core/report/report.ts). It walks
 * the batch once, in arrival order, frames interleaved with the other events here and nowhere
 * else, and hands each event to its consumers in this order:
 *
 *   1. classifier (classify/classifier.ts): channels, patterns, evidence;
 *   2. records    (connection-records.ts): one record per request or connection, the only place
 *                 a request's status, state and counters change;
 *   3. messages   (message-store.ts): WebSocket frames, SSE events, stream chunks, in columns;
 *   4. log        (capture-log.ts): the other events, which HAR export needs besides the messages.
 *
 * Why this order: a record takes its channel from the classifier as it is created; a message is
 * stored with its record's serial and lane; the log places each event among the messages stored
 * so far. Each consumer's `event` switches over every event kind (an exhaustive switch: a new kind
 * is a type error in each until it is handled).
 *
 * With `keep: false` only the classifier runs: what a report needs (the CLI, the evaluation).
 */
import { Classifier, type ClassifierOptions, type Live } from '../classify/classifier';
import type { FrameBatch } from '../protocol/frames';
import { FRAME_UP, type CaptureEvent, type SourceInfo } from '../protocol';
import { CaptureLog } from './capture-log';
import type { CaptureSource } from './capture-source';
import type { ConnectionRecord } from './connection-record';
import { ConnectionRecords, type ChannelLookup } from './connection-records';
import { MessageStore, type MessageStoreOptions } from './message-store';

export interface CaptureOptions extends MessageStoreOptions {
  /** Keep records, messages and the log for views and HAR export (default); false: classify only. */
  readonly keep?: boolean;
  readonly classifier?: ClassifierOptions;
  /** ConnectionRecords' bounds: records kept (default 100,000), records that keep headers and bodies (10,000) and their characters (32 Mi). */
  readonly connectionCapacity?: number;
  readonly detailCapacity?: number;
  readonly detailChars?: number;
  /** The log's bounds: events (default 200,000) and their characters (32 Mi). */
  readonly logCapacity?: number;
  readonly logChars?: number;
  /** A record's channel; default the classifier's (tests give their own to pin lanes). */
  readonly channelOf?: ChannelLookup;
}

export class Capture {
  /** Channels and their patterns. Replaced by `clear`. */
  classifier: Classifier;
  /** Every request and connection (the Requests table, details, the timeline's bars). */
  readonly records: ConnectionRecords;
  /** Every message (the timeline's ticks, the message list), joined with `records` on read. */
  readonly messages: MessageStore;
  /** The events besides messages, each placed among the messages: with them, what HAR export writes. */
  readonly log: CaptureLog;
  private readonly keep: boolean;
  private readonly classifierOptions: ClassifierOptions | undefined;

  constructor(opts: CaptureOptions = {}) {
    this.keep = opts.keep ?? true;
    this.classifierOptions = opts.classifier;
    this.classifier = new Classifier(opts.classifier);
    const channelOf = opts.channelOf ?? ((key: string) => this.classifier.channelKeyOf(key));
    this.records = new ConnectionRecords(channelOf, (channel) => this.messages.lanes.laneFor(channel), {
      capacity: opts.connectionCapacity,
      detailCapacity: opts.detailCapacity,
      detailChars: opts.detailChars,
    });
    this.messages = new MessageStore(this.records, opts);
    this.log = new CaptureLog(opts.logCapacity, opts.logChars);
  }

  /** One batch of one source's events; with `frames`, its WebSocket messages are there, in columns. */
  ingest(source: SourceInfo, events: readonly CaptureEvent[], frames?: FrameBatch): void {
    if (events.length === 0 && !frames?.length) return;
    this.classifier.begin(source);
    if (this.keep) {
      this.records.begin(source);
      this.log.begin(source);
    }
    if (!frames) {
      for (let i = 0; i < events.length; i++) this.event(events[i]!);
    } else {
      const order = frames.order;
      const c = frames.cols;
      const { classifier, records, messages, keep } = this;
      // Frames come in runs from one socket: its connection is looked up once per run, by the
      // columns' connection index (an event may end or replace a connection: look up again after).
      let lastConn = -1;
      let live: Live | undefined;
      let rec: ConnectionRecord | undefined;
      for (let k = 0; k < order.length; k++) {
        const m = order[k]!;
        if (m >= 0) {
          this.event(events[m]!);
          lastConn = -1;
          continue;
        }
        const j = ~m;
        const conn = c.conn[j]!;
        const t = c.t[j]!;
        if (conn !== lastConn) {
          lastConn = conn;
          live = classifier.socket(c.ids[conn]!);
          if (keep) rec = records.socket(c.ids[conn]!, t);
        }
        const size = c.size[j]!;
        const bits = c.bits[j]!;
        const up = (bits & FRAME_UP) !== 0;
        classifier.frame(live, t, up, size);
        if (keep) {
          records.frame(rec!, size, up);
          messages.frame(rec!, t, size, bits, c.data[j]!);
        }
      }
    }
    if (this.keep) {
      this.log.end();
      this.messages.endBatch();
    }
  }

  /**
   * Several sources' events (a recording, an imported HAR), merged into time order as runs of one
   * source: between sources the earlier event first; within a source the captured order, even
   * where its clock steps back (events that share a millisecond stay in the order they happened).
   */
  ingestSources(sources: readonly CaptureSource[]): void {
    for (const run of mergedRuns(sources)) this.ingest(run.source, run.events);
  }

  clear(): void {
    this.classifier = new Classifier(this.classifierOptions);
    this.records.clear();
    this.messages.clear();
    this.log.clear();
  }

  private event(e: CaptureEvent): void {
    this.classifier.event(e);
    if (!this.keep) return;
    const rec = this.records.event(e);
    if (rec) this.messages.event(rec, e);
    this.log.event(e, rec, this.messages.nextLogical + this.messages.rebased);
  }
}

interface Run {
  readonly source: SourceInfo;
  readonly events: CaptureEvent[];
}

/** The sources' events in time order, as runs of consecutive events of one source. */
function mergedRuns(sources: readonly CaptureSource[]): Run[] {
  // Sort key: the running maximum of t within its source, so a source's order never changes even
  // where its clock steps back; between sources, the earlier key (then the earlier source) first.
  let total = 0;
  for (const s of sources) total += s.events.length;
  const keys = new Float64Array(total);
  const sourceOf = new Uint32Array(total);
  const indexOf = new Uint32Array(total);
  let n = 0;
  sources.forEach((s, si) => {
    let key = -Infinity;
    s.events.forEach((e, ei) => {
      if (Number.isFinite(e.t) && e.t > key) key = e.t;
      keys[n] = key;
      sourceOf[n] = si;
      indexOf[n] = ei;
      n++;
    });
  });
  const order = Array.from({ length: total }, (_, i) => i);
  order.sort((a, b) => keys[a]! - keys[b]! || sourceOf[a]! - sourceOf[b]! || indexOf[a]! - indexOf[b]!);
  const runs: Run[] = [];
  let current: Run | null = null;
  let currentSource = -1;
  for (const i of order) {
    const si = sourceOf[i]!;
    const s = sources[si]!;
    if (!current || si !== currentSource) {
      current = { source: s.source, events: [] };
      currentSource = si;
      runs.push(current);
    }
    current.events.push(s.events[indexOf[i]!]!);
  }
  return runs;
}
