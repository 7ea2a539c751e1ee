import { bytesToBase64, isTextual, utf8Length } from '../core/text/bytes';
import { fnv1a } from '../core/text/hash';
import { textPreview } from '../core/text/preview';
import type { Preview } from '../core/protocol';
import { SseParser } from '../core/text/sse-parser';
import type { Emitter } from './emitter';
import { natives, now } from './natives';

/** An SSE line longer than this is not an event anyone reads; drop it rather than grow. */
const MAX_SSE_BUFFER = 1024 * 1024;

/**
 * Builds a capped preview and its hash from a body that arrives in pieces, and turns an event
 * stream into one `sse` event per record, each stamped when its bytes arrived.
 */
export class BodyAccumulator {
  private readonly textual: boolean;
  private readonly sse: SseParser | null;
  private decoder: TextDecoder | null = null;
  private text = '';
  private bytes: Uint8Array[] = [];
  private byteCount = 0;
  private truncated = false;
  size = 0;

  constructor(
    private readonly id: string,
    contentType: string,
    private readonly emitter: Emitter,
    private readonly cap: number,
  ) {
    this.textual = isTextual(contentType);
    this.sse = /text\/event-stream/i.test(contentType) ? new SseParser() : null;
  }

  get isEventStream(): boolean {
    return this.sse !== null;
  }

  /** Bytes from a fetch body. */
  pushBytes(chunk: Uint8Array): void {
    this.size += chunk.byteLength;
    if (this.textual || this.sse) {
      // Decode only what the preview or the SSE parser needs.
      if (!this.sse && this.text.length >= this.cap) {
        this.truncated = true;
        return;
      }
      this.decoder ??= new natives.TextDecoder();
      const s = natives.apply(natives.decode, this.decoder, [chunk, { stream: true }]) as string;
      this.pushText(s, false);
    } else if (this.byteCount < this.cap) {
      const take = Math.min(chunk.byteLength, this.cap - this.byteCount);
      this.bytes.push(chunk.slice(0, take));
      this.byteCount += take;
      if (take < chunk.byteLength) this.truncated = true;
    } else this.truncated = true;
  }

  /** Text from XHR's responseText (already decoded by the browser). */
  pushText(s: string, countSize = true): void {
    if (countSize) this.size += utf8Length(s);
    if (this.text.length < this.cap) {
      const room = this.cap - this.text.length;
      this.text += s.length > room ? s.slice(0, room) : s;
      if (s.length > room) this.truncated = true;
    } else if (s.length > 0) this.truncated = true;
    if (this.sse) this.parseSse(s);
  }

  finish(): { preview: Preview; hash: string } {
    let preview: Preview;
    if (this.textual || this.sse) {
      preview = { encoding: 'text', data: this.text, truncated: this.truncated };
    } else {
      const all = new natives.Uint8Array(this.byteCount);
      let o = 0;
      for (const b of this.bytes) {
        all.set(b, o);
        o += b.byteLength;
      }
      preview = { encoding: 'base64', data: bytesToBase64(all), truncated: this.truncated };
    }
    return { preview, hash: fnv1a(preview.data) };
  }

  private parseSse(s: string): void {
    const parser = this.sse!;
    const t = now();
    for (const ev of parser.push(s)) {
      const size = utf8Length(ev.data);
      this.emitter.emit({
        kind: 'sse',
        id: this.id,
        t,
        event: ev.event,
        lastEventId: ev.lastEventId,
        retry: ev.retry,
        size,
        preview: textPreview(ev.data, this.cap),
      });
    }
    if (parser.pending > MAX_SSE_BUFFER) parser.reset();
  }
}
