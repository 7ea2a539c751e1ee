import { bytesToBase64, utf8Length } from '../core/text/bytes';
import { textPreview } from '../core/text/preview';
import type { CaptureEvent, Direction, Preview } from '../core/protocol';
import { TextSource, type Emitter } from './emitter';
import { listen, natives, nextId, now, safely, settle } from './natives';
import { blobHead, blobSize, closeInfo, messageData, webSocketOpened, webSocketUrl } from './platform';
import { patch, proxyApply } from './registry';

/** Per socket: its id, and where its text messages are described, each way. */
interface Socket {
  id: string;
  text: Record<Direction, TextSource>;
}
const sockets = new natives.WeakMap<WebSocket, Socket>();

/**
 * WebSocket: the page gets the real socket (Proxy construct trap keeps instanceof, constants,
 * binaryType and subclassing intact); we listen to its events and wrap send().
 */
export function hookWebSocket(emitter: Emitter): void {
  const Native = globalThis.WebSocket;
  if (typeof Native !== 'function') return;
  const proxy = new Proxy(Native, {
    construct(target, args, newTarget) {
      const ws = natives.construct(target, args, newTarget) as WebSocket;
      safely(() => observe(emitter, ws, args[1]));
      return ws;
    },
  });
  if (!patch<typeof WebSocket>(globalThis, 'WebSocket', () => proxy)) return;
  patch(Native.prototype, 'constructor', () => proxy);
  patch<WebSocket['send']>(Native.prototype, 'send', (nativeSend) =>
    proxyApply(nativeSend, (target, ws, args) => {
      // Native first: if it throws (still CONNECTING), the page sees its own error and we record nothing.
      const r = natives.apply(target, ws, args);
      safely(() => {
        const socket = sockets.get(ws as WebSocket);
        if (socket) message(emitter, socket, 'up', args[0]);
      });
      return r;
    }),
  );
}

function observe(emitter: Emitter, ws: WebSocket, protocols: unknown): void {
  const id = nextId();
  const socket: Socket = { id, text: { up: textSource(emitter, id, 'up'), down: textSource(emitter, id, 'down') } };
  sockets.set(ws, socket);
  // Strings only: WebSocket already converted each entry once, so String(entry) on an object would
  // run the page's toString() a second time (noticeable). Object entries are left out.
  const list: string[] = [];
  if (typeof protocols === 'string') list.push(protocols);
  else if (natives.isArray(protocols)) {
    for (let i = 0; i < protocols.length; i++) {
      const p: unknown = protocols[i];
      if (typeof p === 'string') list.push(p);
    }
  }
  emitter.emit({ kind: 'ws-create', id, t: now(), url: webSocketUrl(ws), protocols: list });
  listen(ws, 'open', () => safely(() => emitter.emit({ kind: 'ws-open', id, t: now(), ...webSocketOpened(ws) })));
  // The hottest path of the hook (every received frame): a plain try/catch, no closure per call.
  listen(ws, 'message', (ev) => {
    try {
      message(emitter, socket, 'down', messageData(ev));
    } catch {
      // never the page's problem
    }
  });
  listen(ws, 'error', () => safely(() => emitter.emit({ kind: 'ws-error', id, t: now() })));
  listen(ws, 'close', (ev) => safely(() => emitter.emit({ kind: 'ws-close', id, t: now(), ...closeInfo(ev) })));
}

function message(emitter: Emitter, socket: Socket, dir: Direction, data: unknown): void {
  const t = now();
  const cap = emitter.cap;
  const id = socket.id;
  if (typeof data === 'string') {
    // A text within the cap goes through Emitter.laterText: detached, it is kept as it is (the
    // page's own string, as its preview would be) with no allocation of ours, and measured only
    // if a panel attaches while it is still in the ring: most are evicted unread, and counting
    // UTF-8 bytes walks every non-ASCII character. Longer texts are described now: the ring
    // keeps a copy of their head only.
    if (data.length <= cap) emitter.laterText(socket.text[dir], t, data);
    else emitter.emit(textMessage(id, t, dir, data, cap));
    return;
  }
  if (data instanceof natives.Blob) {
    const size = blobSize(data);
    // A Blob is read asynchronously; the message keeps the time it arrived.
    settle(
      blobHead(data, cap),
      (buf) => emitter.emit({ kind: 'ws-message', id, t, dir, binary: true, size, preview: binaryPreview(new natives.Uint8Array(buf), size) }),
      () => emitter.emit({ kind: 'ws-message', id, t, dir, binary: true, size, preview: { encoding: 'base64', data: '', truncated: true } }),
    );
    return;
  }
  let bytes: Uint8Array | null = null;
  if (data instanceof natives.ArrayBuffer) bytes = new natives.Uint8Array(data, 0, Math.min(cap, data.byteLength));
  else if (natives.isView(data)) {
    const v = data as ArrayBufferView;
    bytes = new natives.Uint8Array(v.buffer, v.byteOffset, Math.min(cap, v.byteLength));
  }
  if (!bytes) return;
  const size = data instanceof natives.ArrayBuffer ? data.byteLength : (data as ArrayBufferView).byteLength;
  emitter.emit({ kind: 'ws-message', id, t, dir, binary: true, size, preview: binaryPreview(bytes, size) });
}

/** Describes a text within the preview cap in force when it came, so it is never cut. */
function textSource(emitter: Emitter, id: string, dir: Direction): TextSource {
  return new TextSource((t, text) => textMessage(id, t, dir, text, emitter.cap));
}

function textMessage(id: string, t: number, dir: Direction, data: string, cap: number): CaptureEvent {
  return { kind: 'ws-message', id, t, dir, binary: false, size: utf8Length(data), preview: textPreview(data, cap) };
}

function binaryPreview(head: Uint8Array, size: number): Preview {
  return { encoding: 'base64', data: bytesToBase64(head), truncated: size > head.byteLength };
}
