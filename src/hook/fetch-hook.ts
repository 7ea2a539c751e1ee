import { BodyAccumulator } from './body-accumulator';
import type { Emitter } from './emitter';
import { natives, nextId, now, safely, settle } from './natives';
import { protocolFor } from './next-hop';
import { responseBody, responseBodyUsed, responseClone, responseHead } from './platform';
import { patch, proxyApply } from './registry';
import { describeFetch, errorKind } from './request-info';

/**
 * Past this many bytes we keep observing a body only while the page reads it too: the page's
 * branch of the tee would otherwise buffer an endless stream it never asked for.
 */
const OBSERVE_UNREAD_LIMIT = 1024 * 1024;

export function hookFetch(emitter: Emitter): void {
  patch<typeof fetch>(globalThis, 'fetch', (nativeFetch) =>
    proxyApply(nativeFetch, (target, thisArg, args) => {
      // Transparency: we never read the page's init ourselves. Reading it before fetch does ran the
      // page's getters/Proxy traps twice and consumed one-shot iterables (a generator passed as
      // `headers` reached the server empty). Instead fetch reads it through a forwarding Proxy, once,
      // and we keep what it read. `args` is the trap's own fresh array, so replacing [1] is private.
      const t = now();
      const seen: InitSeen = {};
      const init: unknown = args[1];
      if ((typeof init === 'object' && init !== null) || typeof init === 'function') {
        args[1] = safely(() => recordReads(init as object, seen)) ?? init;
      }
      const p = natives.apply(target, thisArg, args) as Promise<Response>;
      const started = safely(() => start(emitter, t, args[0], seen));
      if (started === undefined) return p;
      const { id, url } = started;
      // The page gets a promise derived from the native one: it settles with the same Response or
      // the same error, and an unhandled rejection is still reported as the page's own.
      return settle(
        p,
        (res) => {
          safely(() => onResponse(emitter, id, url, res));
          return res;
        },
        (err: unknown) => {
          safely(() => end(emitter, id, 0, errorKind(err), ''));
          throw err;
        },
      );
    }),
  );
}

/** The init members we describe, as fetch itself read them. */
interface InitSeen {
  method?: unknown;
  headers?: unknown;
  body?: unknown;
}

/**
 * A stand-in for the page's init that fetch reads instead: each [[Get]] is forwarded to the page's
 * object (so its getters and Proxy traps run exactly as often, in the same order and with the same
 * receiver as without us) and we note the values fetch read. WebIDL dictionary conversion does
 * nothing but [[Get]] (`has` is forwarded too, defensively). The Proxy's own target is a private
 * empty object: with the page's object as target, the engine's Proxy invariant checks would call
 * its getOwnPropertyDescriptor after every read, which a page Proxy notices. The stand-in never
 * reaches page code: fetch drops it once the Request is built.
 */
function recordReads(init: object, seen: InitSeen): object {
  // natives.Proxy: this runs at every fetch, long after the page could have replaced window.Proxy.
  return new natives.Proxy(
    {},
    {
      get(_, key) {
        const value: unknown = natives.get(init, key, init);
        if (key === 'method' || key === 'headers' || key === 'body') seen[key] = value;
        return value;
      },
      has: (_, key) => natives.has(init, key),
    },
  );
}

function start(emitter: Emitter, t: number, input: unknown, init: InitSeen): { id: string; url: string } {
  const id = nextId();
  const { method, url, headers, size } = describeFetch(input, init);
  emitter.emit({ kind: 'request-start', id, t, transport: 'fetch', method, url, requestHeaders: headers, requestBodySize: size });
  return { id, url };
}

/** Bodies up to this size, with a Content-Length, are not read while no panel is attached. */
const UNOBSERVED_MAX = 256 * 1024;
/** Content types that arrive over time: always read, whoever is watching. */
const STREAMING = /event-stream|ndjson|json-seq|multipart|x-mixed-replace/i;

function declaredLength(headers: readonly (readonly [string, string])[]): number | null {
  for (const [name, value] of headers) {
    if (name.toLowerCase() === 'content-length' && /^\d+$/.test(value)) return Number(value);
  }
  return null;
}

function onResponse(emitter: Emitter, id: string, requestUrl: string, res: Response): void {
  const t = now();
  const { status, statusText, url, redirected, headers, contentType } = responseHead(res);
  // An opaque response has url '': then the request's origin is the best we know.
  const protocol = protocolFor(url, requestUrl);
  emitter.emit({ kind: 'response', id, t, status, statusText, url, redirected, headers, contentType, protocol });
  // No body, or the page consumed it already (a clone would throw): nothing to read.
  if (!responseBody(res) || responseBodyUsed(res)) {
    end(emitter, id, 0, '', '');
    return;
  }
  // With no panel attached, a small body of known length is not worth a clone: the tee and its
  // read are most of what the hook costs a fetch (bench: ~150-300 µs of ~2 ms). Its size comes
  // from Content-Length; streams and unknown lengths are still read, for their chunk times.
  const length = declaredLength(headers);
  if (!emitter.isAttached && length !== null && length <= UNOBSERVED_MAX && !STREAMING.test(contentType)) {
    end(emitter, id, length, '', 'body not read: no panel was attached');
    return;
  }
  const copy = responseBody(responseClone(res));
  if (!copy) {
    end(emitter, id, 0, '', '');
    return;
  }
  void readBody(emitter, id, res, copy, new BodyAccumulator(id, contentType, emitter, emitter.cap));
}

async function readBody(
  emitter: Emitter,
  id: string,
  original: Response,
  body: ReadableStream<Uint8Array>,
  acc: BodyAccumulator,
): Promise<void> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let error: '' | 'abort' | 'error' | 'timeout' = '';
  let note = '';
  try {
    reader = natives.apply(natives.getReader, body, []) as ReadableStreamDefaultReader<Uint8Array>;
    for (;;) {
      const { done, value } = (await natives.apply(natives.readerRead, reader, [])) as ReadableStreamReadResult<Uint8Array>;
      if (done) break;
      emitter.emit({ kind: 'chunk', id, t: now(), size: value.byteLength });
      acc.pushBytes(value);
      if (acc.size > OBSERVE_UNREAD_LIMIT && !acc.isEventStream && !responseBodyUsed(original)) {
        note = 'observation stopped: the page did not read this body';
        settle(natives.apply(natives.readerCancel, reader, []) as Promise<void>, () => undefined, () => undefined);
        break;
      }
    }
  } catch (err) {
    error = errorKind(err);
  }
  safely(() => {
    const { preview, hash } = acc.finish();
    emitter.emit({ kind: 'request-end', id, t: now(), bodySize: acc.size, preview, hash, error, note });
  });
}

function end(emitter: Emitter, id: string, size: number, error: '' | 'abort' | 'error' | 'timeout', note: string): void {
  emitter.emit({ kind: 'request-end', id, t: now(), bodySize: size, preview: null, hash: '', error, note });
}
