/**
 * Test helper: builds capture events the way the hook emits them (fetch/XHR requests with
 * chunks, SSE over fetch, EventSource, WebSocket), with sub-millisecond times like the hook's.
 * Not imported by product code.
 */
import type { CaptureEvent, Header, SourceInfo } from '../protocol';
import { fnv1a } from '../text/hash';
import type { CaptureSource } from '../store/capture-source';

export const T0 = 1_764_000_000_000.25;
export const SOURCE: SourceInfo = { sourceId: 'src1', frameId: 0, url: 'https://app.example/', top: true };

export class CaptureBuilder {
  readonly events: CaptureEvent[] = [];
  private n = 0;

  constructor(readonly source: SourceInfo = SOURCE) {}

  get sources(): CaptureSource[] {
    return [{ source: this.source, events: this.events }];
  }

  page(t: number, visibility: 'visible' | 'hidden', reason: 'install' | 'visibility' = 'visibility'): this {
    this.events.push({ kind: 'page', t: T0 + t, url: this.source.url, top: true, visibility, reason });
    return this;
  }

  /** A whole request: start, response after `hold` ms, one chunk, end. Open when `open`. */
  fetch(
    url: string,
    at: number,
    hold: number,
    o: {
      body?: string;
      status?: number;
      type?: string;
      transport?: 'fetch' | 'xhr';
      method?: string;
      reqHeaders?: Header[];
      headers?: Header[];
      open?: boolean;
      base64?: boolean;
      error?: '' | 'abort';
    } = {},
  ): string {
    const id = `f${++this.n}`;
    const body = o.body ?? '{"ok":true}';
    const t = T0 + at;
    this.events.push({
      kind: 'request-start',
      id,
      t,
      transport: o.transport ?? 'fetch',
      method: o.method ?? 'GET',
      url,
      requestHeaders: o.reqHeaders ?? [],
      requestBodySize: 0,
    });
    this.events.push({
      kind: 'response',
      id,
      t: t + hold,
      status: o.status ?? 200,
      statusText: 'OK',
      url,
      redirected: false,
      headers: o.headers ?? [['content-type', o.type ?? 'application/json']],
      contentType: o.type ?? 'application/json',
      protocol: 'http/1.1',
    });
    if (o.open) return id;
    this.events.push({ kind: 'chunk', id, t: t + hold + 0.4, size: body.length });
    this.events.push({
      kind: 'request-end',
      id,
      t: t + hold + 0.6,
      bodySize: o.base64 ? (body.length * 3) / 4 : body.length,
      preview: { encoding: o.base64 ? 'base64' : 'text', data: body, truncated: false },
      hash: fnv1a(body),
      error: o.error ?? '',
      note: '',
    });
    return id;
  }

  /** fetch-event-source style: a fetch whose text/event-stream body carries `events` SSE events. */
  sseFetch(url: string, at: number, events: readonly { at: number; data: string; event?: string; id?: string; retry?: number }[]): string {
    const id = `f${++this.n}`;
    const t = T0 + at;
    this.events.push({ kind: 'request-start', id, t, transport: 'fetch', method: 'GET', url, requestHeaders: [['accept', 'text/event-stream']], requestBodySize: 0 });
    this.events.push({ kind: 'response', id, t: t + 20.1, status: 200, statusText: 'OK', url, redirected: false, headers: [['content-type', 'text/event-stream']], contentType: 'text/event-stream', protocol: 'h2' });
    for (const e of events) {
      this.events.push({ kind: 'chunk', id, t: T0 + e.at, size: e.data.length + 8 });
      this.events.push({
        kind: 'sse',
        id,
        t: T0 + e.at + 0.1,
        event: e.event ?? 'message',
        lastEventId: e.id ?? '',
        retry: e.retry ?? null,
        size: e.data.length,
        preview: { encoding: 'text', data: e.data, truncated: false },
      });
    }
    return id;
  }

  eventSource(url: string, at: number, messages: readonly { at: number; data: string }[], closeAt?: number): string {
    const id = `e${++this.n}`;
    this.events.push({ kind: 'es-create', id, t: T0 + at, url, withCredentials: false });
    this.events.push({ kind: 'es-open', id, t: T0 + at + 12.3, readyState: 1, protocol: 'http/1.1' });
    for (const m of messages) {
      this.events.push({
        kind: 'sse',
        id,
        t: T0 + m.at,
        event: 'message',
        lastEventId: '',
        retry: null,
        size: m.data.length,
        preview: { encoding: 'text', data: m.data, truncated: false },
      });
    }
    if (closeAt !== undefined) this.events.push({ kind: 'es-close', id, t: T0 + closeAt, readyState: 2 });
    return id;
  }

  webSocket(url: string, at: number, frames: readonly { at: number; dir: 'up' | 'down'; text?: string; base64?: string; size?: number }[], close?: { at: number; code: number }): string {
    const id = `w${++this.n}`;
    this.events.push({ kind: 'ws-create', id, t: T0 + at, url, protocols: ['chat'] });
    this.events.push({ kind: 'ws-open', id, t: T0 + at + 5.5, protocol: 'chat', extensions: '' });
    for (const f of frames) {
      const binary = f.base64 !== undefined;
      this.events.push({
        kind: 'ws-message',
        id,
        t: T0 + f.at,
        dir: f.dir,
        binary,
        size: f.size ?? (binary ? (f.base64!.length * 3) / 4 : f.text!.length),
        preview: { encoding: binary ? 'base64' : 'text', data: binary ? f.base64! : f.text!, truncated: false },
      });
    }
    if (close) this.events.push({ kind: 'ws-close', id, t: T0 + close.at, code: close.code, reason: 'bye', wasClean: close.code === 1000 });
    return id;
  }

  /** A poller: `n` requests every `every` ms. */
  poll(url: string, n: number, every: number, from = 0): this {
    for (let i = 0; i < n; i++) this.fetch(url, from + i * every + (i % 3) * 7.3, 12.5);
    return this;
  }

  sorted(): this {
    this.events.sort((a, b) => a.t - b.t);
    return this;
  }
}
