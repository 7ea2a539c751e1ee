/**
 * Incremental parser for `text/event-stream` (WHATWG HTML, "Parsing an event stream").
 * Fed decoded text in arbitrary chunks; emits each event when its blank line arrives, so the
 * caller can stamp every event with its own arrival time.
 */
export interface ParsedSseEvent {
  readonly event: string;
  readonly data: string;
  /** The last event id in force after this event (ids persist across events, as in EventSource). */
  readonly lastEventId: string;
  /** A `retry:` value seen since the previous event, else null. */
  readonly retry: number | null;
}

export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private eventType = '';
  private lastEventId = '';
  private retry: number | null = null;
  private sawField = false;
  private pendingCR = false;

  /** Characters held for an unfinished line. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Forgets the unfinished line and event (used when a hostile stream never ends a line). */
  reset(): void {
    this.buffer = '';
    this.data = [];
    this.eventType = '';
    this.sawField = false;
  }

  /** Feed more text; returns the events completed by it. */
  push(text: string): ParsedSseEvent[] {
    const out: ParsedSseEvent[] = [];
    let chunk = text;
    // A CR at the end of the previous chunk may be the first half of CRLF.
    if (this.pendingCR) {
      this.pendingCR = false;
      if (chunk.startsWith('\n')) chunk = chunk.slice(1);
    }
    this.buffer += chunk;
    let start = 0;
    const buf = this.buffer;
    for (let i = 0; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.line(buf.slice(start, i), out);
      if (c === 13) {
        if (i + 1 < buf.length) {
          if (buf.charCodeAt(i + 1) === 10) i++;
        } else {
          this.pendingCR = true;
        }
      }
      start = i + 1;
    }
    this.buffer = buf.slice(start);
    return out;
  }

  private line(line: string, out: ParsedSseEvent[]): void {
    if (line === '') {
      this.dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === 58 /* : comment */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        this.sawField = true;
        break;
      case 'id':
        if (!value.includes('\u0000')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break;
    }
  }

  private dispatch(out: ParsedSseEvent[]): void {
    // Per spec an event with no data is not dispatched; a lone `retry:` still matters to us, so
    // it travels on the next dispatched event.
    if (this.sawField) {
      out.push({
        event: this.eventType || 'message',
        data: this.data.join('\n'),
        lastEventId: this.lastEventId,
        retry: this.retry,
      });
      this.retry = null;
    }
    this.data = [];
    this.eventType = '';
    this.sawField = false;
  }
}
