import { PROTOCOL_VERSION, type CaptureEvent, type ContentToHook, type HookToContent, type Preview } from '../core/protocol';
import { DETACHED_PREVIEW_CAP, PREVIEW_CAP } from '../core/text/preview';
import { natives, safely } from './natives';
import { messageData } from './platform';

/** Events kept while no panel is attached: the recent past a panel shows when it opens. */
const RING_SIZE = 2000;
/** Batching: one message per ~16 ms or per 1,000 events (a postMessage per event costs ~20x more). */
const BATCH_MS = 16;
const BATCH_MAX = 1000;

/**
 * An event described only when it is sent: see Emitter.later. It must read only values that can
 * no longer change (strings, numbers, a fetch Response's immutable Headers).
 */
export type Deferred = () => CaptureEvent;

/**
 * Describes one kind of text event from its time and text alone: one per WebSocket and direction.
 * The detached ring keeps a message as this shared source plus its (time, text) in side arrays,
 * so queuing one allocates nothing: a closure and its environment per message, kept in the ring
 * until evicted, were a third or more of what the hook cost a WebSocket message in Firefox.
 * In-page A/B, 100-byte messages through the hooked page and through a plain frame in ABBA
 * blocks, three launches each: +0.66/+0.91/+1.40 µs a message this way, +1.13/+1.30/+1.55 with a
 * closure each (of ~11 µs; an A/A of the same rig spreads -0.38..+0.47).
 */
export class TextSource {
  constructor(readonly describe: (t: number, text: string) => CaptureEvent) {}
}

type Entry = CaptureEvent | Deferred | TextSource;

/**
 * The event with a text preview that no longer shares memory with the page's text. Cutting a long
 * string gives, in V8 and SpiderMonkey, a view that keeps the whole original alive: the detached
 * ring's 1 KB cuts of 1 MB WebSocket messages kept every message (+288 MB of browser memory after
 * 300 of them; hook-safety.test.ts), up to 2,000 of them. A cut preview is copied instead; a whole
 * one is the page's own string, at most a cap long. Attached, events leave within 16 ms.
 */
function ownPreview(e: CaptureEvent): CaptureEvent {
  const p = (e as { preview?: Preview | null }).preview;
  if (!p || !p.truncated || p.encoding !== 'text') return e;
  // A JSON round trip always builds a new string of just these characters.
  const data = natives.jsonParse(natives.jsonStringify(p.data)) as string;
  return { ...e, preview: { ...p, data } } as CaptureEvent;
}

/**
 * Where observed events go. Detached (no panel open): a bounded ring with small previews, no
 * messaging at all. Attached: batched over the MessagePort the relay gave us.
 */
export class Emitter {
  private port: MessagePort | null = null;
  private attached = false;
  private queue: Entry[] = [];
  /** Time and text of each TextSource entry in the queue, in queue order. */
  private times: number[] = [];
  private texts: string[] = [];
  private dropped = 0;
  private timer = false;
  /** Told of every attach and detach, before the ring is flushed on attach. */
  onAttach: (attached: boolean) => void = () => undefined;

  /** Preview cap in force: full previews only when someone is looking. */
  get cap(): number {
    return this.attached ? PREVIEW_CAP : DETACHED_PREVIEW_CAP;
  }

  get isAttached(): boolean {
    return this.attached;
  }

  emit(e: CaptureEvent): void {
    this.push(e);
  }

  /**
   * Queues an event whose description costs real work (URL resolution, header lists). Attached,
   * it is described now; detached, the ring keeps `describe` and calls it only if a panel attaches
   * while the event is still in the ring. Most detached events are evicted unread, and describing
   * them was most of what the hook cost a fetch with DevTools closed: each runs once per request,
   * cold, between network waits (timed inside the hook: ~150 µs of a ~2.2 ms fetch in Firefox).
   */
  later(describe: Deferred): void {
    if (this.attached) this.push(describe());
    else this.push(describe);
  }

  /**
   * Queues a text event of `source` at `t`. Detached, the text is kept as it is (the page's own
   * string, so at most a preview cap long: longer ones go through emit) and described only if a
   * panel attaches while it is in the ring; attached, it is described now.
   */
  laterText(source: TextSource, t: number, text: string): void {
    if (this.attached) {
      this.push(source.describe(t, text));
      return;
    }
    this.queue.push(source);
    this.times.push(t);
    this.texts.push(text);
    this.trim();
  }

  private push(e: CaptureEvent | Deferred): void {
    const q = this.queue;
    q.push(this.attached || typeof e === 'function' ? e : ownPreview(e));
    if (!this.attached) {
      this.trim();
      return;
    }
    if (q.length >= BATCH_MAX) this.flush();
    else if (!this.timer) {
      this.timer = true;
      natives.setTimeout(() => {
        this.timer = false;
        this.flush();
      }, BATCH_MS);
    }
  }

  /** Amortized O(1) ring: trims in blocks rather than shifting on every push. */
  private trim(): void {
    const q = this.queue;
    if (q.length < RING_SIZE * 2) return;
    const cut = q.length - RING_SIZE;
    let texts = 0;
    for (let i = 0; i < cut; i++) if (q[i] instanceof TextSource) texts++;
    this.dropped += cut;
    this.queue = q.slice(cut);
    if (texts > 0) {
      this.times = this.times.slice(texts);
      this.texts = this.texts.slice(texts);
    }
  }

  connect(port: MessagePort): void {
    this.port = port;
    natives.apply(natives.addEventListener, port, [
      'message',
      (ev: MessageEvent) => safely(() => this.onMessage(messageData(ev) as ContentToHook)),
    ]);
    natives.apply(natives.portStart, port, []);
    this.post({ type: 'hello', v: PROTOCOL_VERSION });
  }

  /** Sends what is queued now (also on pagehide, so the last events before a navigation arrive). */
  flush(): void {
    if (!this.attached || !this.port || this.queue.length === 0) return;
    const queued = this.queue;
    const times = this.times;
    const texts = this.texts;
    this.queue = [];
    this.times = [];
    this.texts = [];
    const events: CaptureEvent[] = [];
    for (let i = 0, k = 0; i < queued.length; i++) {
      // A description that throws loses that one event, never the batch.
      const e = queued[i]!;
      let event: CaptureEvent | undefined;
      if (typeof e === 'function') event = safely(e);
      else if (e instanceof TextSource) {
        const t = times[k]!;
        const text = texts[k++]!;
        event = safely(() => e.describe(t, text));
      } else event = e;
      if (event) events.push(event);
    }
    this.post({ type: 'batch', events, dropped: this.dropped });
    this.dropped = 0;
  }

  private onMessage(msg: ContentToHook): void {
    if (msg && msg.type === 'attach') {
      this.attached = msg.attached === true;
      safely(() => this.onAttach(this.attached));
      if (this.attached) this.flush();
    }
  }

  private post(msg: HookToContent): void {
    const port = this.port;
    if (!port) return;
    try {
      natives.apply(natives.postMessage, port, [msg]);
    } catch {
      // An event held something uncloneable: drop the batch rather than break the page.
    }
  }
}
