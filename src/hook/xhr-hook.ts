import { bytesToBase64 } from '../core/text/bytes';
import { fnv1a } from '../core/text/hash';
import { textPreview } from '../core/text/preview';
import type { Preview } from '../core/protocol';
import { parseRawHeaders } from '../core/text/redact';
import { BodyAccumulator } from './body-accumulator';
import type { Emitter } from './emitter';
import { listen, natives, nextId, now, safely, settle } from './natives';
import { protocolFor } from './next-hop';
import { blobHead, blobSize, progressLoaded, xhrReadyState, xhrResponse, xhrResponseHead, xhrResponseText, xhrResponseType } from './platform';
import { patch, proxyApply } from './registry';
import { absoluteUrl, bodySize } from './request-info';

interface XhrState {
  method: string;
  url: string;
  headers: [string, string][];
  id: string;
  active: boolean;
  acc: BodyAccumulator | null;
  textSeen: number;
  loaded: number;
  error: '' | 'abort' | 'error' | 'timeout';
}

const states = new natives.WeakMap<XMLHttpRequest, XhrState>();
const listening = new natives.WeakSet<XMLHttpRequest>();

/**
 * XHR: open/setRequestHeader/send are wrapped to learn the request; everything else is read
 * from the object's own events, added by us with the native addEventListener.
 */
export function hookXhr(emitter: Emitter): void {
  const proto = XMLHttpRequest.prototype;
  patch<XMLHttpRequest['open']>(proto, 'open', (nativeOpen) =>
    proxyApply(nativeOpen, (target, xhr, args) => {
      safely(() => {
        const x = xhr as XMLHttpRequest;
        const prev = states.get(x);
        // Reusing the object from inside its own load handler resets it: finish the old one first.
        if (prev?.active) finish(emitter, x, prev);
        states.set(x, {
          method: typeof args[0] === 'string' ? args[0].toUpperCase() : 'GET',
          url: absoluteUrl(args[1]),
          headers: [],
          id: '',
          active: false,
          acc: null,
          textSeen: 0,
          loaded: 0,
          error: '',
        });
      });
      return natives.apply(target, xhr, args);
    }),
  );
  patch<XMLHttpRequest['setRequestHeader']>(proto, 'setRequestHeader', (nativeSet) =>
    proxyApply(nativeSet, (target, xhr, args) => {
      const r = natives.apply(target, xhr, args);
      // Strings only: the native already converted anything else once, and String(obj) would run
      // the page's toString a second time. Non-string names/values are rare; we show a placeholder.
      const text = (v: unknown): string => (typeof v === 'string' ? v : '(not a string)');
      safely(() => states.get(xhr as XMLHttpRequest)?.headers.push([text(args[0]), text(args[1])]));
      return r;
    }),
  );
  patch<XMLHttpRequest['send']>(proto, 'send', (nativeSend) =>
    proxyApply(nativeSend, (target, xhr, args) => {
      safely(() => begin(emitter, xhr as XMLHttpRequest, args[0]));
      return natives.apply(target, xhr, args);
    }),
  );
}

function begin(emitter: Emitter, xhr: XMLHttpRequest, body: unknown): void {
  const st = states.get(xhr);
  if (!st || st.active || xhrReadyState(xhr) !== 1) return;
  st.id = nextId();
  st.active = true;
  emitter.emit({
    kind: 'request-start',
    id: st.id,
    t: now(),
    transport: 'xhr',
    method: st.method,
    url: st.url,
    requestHeaders: parseRawHeaders(st.headers.map(([k, v]) => `${k}: ${v}`).join('\n')),
    requestBodySize: bodySize(body),
  });
  if (listening.has(xhr)) return;
  listening.add(xhr);
  listen(xhr, 'readystatechange', () => safely(() => onState(emitter, xhr)));
  listen(xhr, 'progress', (ev) => safely(() => onProgress(emitter, xhr, progressLoaded(ev))));
  for (const kind of ['abort', 'error', 'timeout'] as const) {
    listen(xhr, kind, () => safely(() => {
      const s = states.get(xhr);
      if (s?.active) s.error = kind;
    }));
  }
  listen(xhr, 'loadend', (ev) => safely(() => {
    const s = states.get(xhr);
    if (!s?.active) return;
    s.loaded = Math.max(s.loaded, progressLoaded(ev));
    finish(emitter, xhr, s);
  }));
}

function onState(emitter: Emitter, xhr: XMLHttpRequest): void {
  const st = states.get(xhr);
  if (!st?.active || xhrReadyState(xhr) !== 2) return;
  const t = now();
  const { status, statusText, url, rawHeaders, contentType } = xhrResponseHead(xhr);
  const { id, url: requestUrl } = st;
  // Detached, the protocol is looked up on attach, once the buffer's entries are learned (next-hop.ts).
  emitter.later(() => ({
    kind: 'response',
    id,
    t,
    status,
    statusText,
    url,
    redirected: url !== '' && url !== requestUrl,
    headers: parseRawHeaders(rawHeaders),
    contentType,
    protocol: protocolFor(url, requestUrl),
  }));
  st.acc = new BodyAccumulator(st.id, contentType, emitter, emitter.cap);
}

/** True when responseText can be read (it throws for the other response types). */
function hasText(xhr: XMLHttpRequest): boolean {
  const type = xhrResponseType(xhr);
  return type === '' || type === 'text';
}

function onProgress(emitter: Emitter, xhr: XMLHttpRequest, loaded: number): void {
  const st = states.get(xhr);
  if (!st?.active) return;
  const size = loaded - st.loaded;
  st.loaded = loaded;
  if (size > 0) emitter.emit({ kind: 'chunk', id: st.id, t: now(), size });
  // Event streams are parsed as they arrive, so each event gets its own time.
  if (st.acc?.isEventStream && hasText(xhr)) {
    const text = xhrResponseText(xhr);
    st.acc.pushText(text.slice(st.textSeen));
    st.textSeen = text.length;
  }
}

function finish(emitter: Emitter, xhr: XMLHttpRequest, st: XhrState): void {
  st.active = false;
  const cap = emitter.cap;
  let preview: Preview | null = null;
  let hash = '';
  if (st.acc?.isEventStream) {
    if (hasText(xhr)) st.acc.pushText(xhrResponseText(xhr).slice(st.textSeen));
    ({ preview, hash } = st.acc.finish());
  } else if (!st.error) {
    preview = safely(() => responsePreview(xhr, cap)) ?? null;
    if (preview) hash = fnv1a(preview.data);
  }
  const base = { kind: 'request-end' as const, id: st.id, bodySize: st.loaded, error: st.error, note: '' };
  const t = now();
  const blob = preview === null && !st.error && xhrResponseType(xhr) === 'blob' ? xhrResponse(xhr) : null;
  if (blob instanceof natives.Blob) {
    // Blob bodies are read asynchronously; the end time is still when the request ended.
    const truncated = blobSize(blob) > cap;
    settle(
      blobHead(blob, cap),
      (buf) => {
        const data = bytesToBase64(new natives.Uint8Array(buf));
        emitter.emit({ ...base, t, preview: { encoding: 'base64', data, truncated }, hash: fnv1a(data) });
      },
      () => emitter.emit({ ...base, t, preview: null, hash: '' }),
    );
    return;
  }
  emitter.emit({ ...base, t, preview, hash });
}

function responsePreview(xhr: XMLHttpRequest, cap: number): Preview | null {
  const type = xhrResponseType(xhr);
  if (type === '' || type === 'text') {
    const text = xhrResponseText(xhr);
    return textPreview(text, cap);
  }
  if (type === 'json') {
    const text = JSON.stringify(xhrResponse(xhr)) ?? '';
    return textPreview(text, cap);
  }
  const buf = type === 'arraybuffer' ? xhrResponse(xhr) : null;
  if (buf instanceof natives.ArrayBuffer) {
    return { encoding: 'base64', data: bytesToBase64(new natives.Uint8Array(buf, 0, Math.min(cap, buf.byteLength))), truncated: buf.byteLength > cap };
  }
  return null;
}
