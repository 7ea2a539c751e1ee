import { BodyAccumulator } from './body-accumulator';
import type { Emitter } from './emitter';
import { natives, nextId, now, safely, settle } from './natives';
import { protocolFor } from './next-hop';
import { describeHeaders, documentBaseUrl, headerValue, responseBody, responseBodyUsed, responseClone, responseMeta } from './platform';
import { patch, proxyApply } from './registry';
import { describeFetch, errorKind, resolveUrl } from './request-info';

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
      const req = safely(() => start(emitter, t, args[0], seen));
      if (req === undefined) return p;
      // The page gets a promise derived from the native one: it settles with the same Response or
      // the same error, and an unhandled rejection is still reported as the page's own.
      return settle(
        p,
        (res) => {
          safely(() => onResponse(emitter, req, res));
          return res;
        },
        (err: unknown) => {
          safely(() => end(emitter, req.id, 0, errorKind(err), ''));
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

/** Longer URLs (data: URLs, say) are described at once: the ring would otherwise hold them whole. */
const LAZY_URL_MAX = 4096;

/** A request as onResponse needs it. */
interface Started {
  id: string;
  method: string;
  /** The absolute URL, resolved on first use. */
  url: () => string;
}

function start(emitter: Emitter, t: number, input: unknown, init: InitSeen): Started {
  const id = nextId();
  // The common polling call, fetch(url) or fetch(url, { method, signal, cache... }), names no
  // headers and no body: nothing in it can change later, so its description can wait (Emitter.later).
  if (typeof input === 'string' && input.length <= LAZY_URL_MAX && init.headers === undefined && init.body === undefined) {
    // The base URL as of now: a later pushState must not move this request.
    const base = documentBaseUrl();
    const method = typeof init.method === 'string' ? init.method.toUpperCase() : 'GET';
    let resolved: string | undefined;
    const url = (): string => (resolved ??= resolveUrl(input, base));
    emitter.later(() => ({ kind: 'request-start', id, t, transport: 'fetch', method, url: url(), requestHeaders: [], requestBodySize: 0 }));
    return { id, method, url };
  }
  const { method, url, headers, size } = describeFetch(input, init);
  emitter.emit({ kind: 'request-start', id, t, transport: 'fetch', method, url, requestHeaders: headers, requestBodySize: size });
  return { id, method, url: () => url };
}

/** Bodies up to this size, with a Content-Length, are not read while no panel is attached. */
const UNOBSERVED_MAX = 256 * 1024;
/** Content types that arrive over time: always read, whoever is watching. */
const STREAMING = /event-stream|ndjson|json-seq|multipart|x-mixed-replace/i;

function declaredLength(value: string | null): number | null {
  // Digits only (several Content-Length headers read as "5, 5": not a length we can trust). A loop,
  // not a regular expression: this runs once per fetch, cold, and the loop is several times cheaper.
  if (value === null || value.length === 0 || value.length > 15) return null;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return null;
  }
  return Number(value);
}

/** Fetch's null body statuses: such a response has no body, whatever its Content-Length says. */
function nullBodyStatus(status: number): boolean {
  return status === 101 || status === 103 || status === 204 || status === 205 || status === 304;
}

function onResponse(emitter: Emitter, req: Started, res: Response): void {
  const t = now();
  const { id } = req;
  const { status, statusText, url, redirected, headers } = responseMeta(res);
  const contentType = headerValue(headers, 'content-type') ?? '';
  emitter.later(() => {
    // Detached, looked up on attach, after the buffer's entries were learned (next-hop.ts). An
    // opaque response has url '': then the request's origin is the best we know.
    const protocol = protocolFor(url) || protocolFor(req.url());
    return { kind: 'response', id, t, status, statusText, url, redirected, headers: describeHeaders(headers), contentType, protocol };
  });
  // With no panel attached, a small body of known length is not worth a clone: the tee and its
  // read were most of what the hook cost a fetch (bench: ~150-300 µs of ~2 ms). Not even the
  // `body` getter is called: it creates the body's stream, ~35 µs a fetch in Firefox. Streams and
  // unknown lengths are still read, for their chunk times.
  if (!emitter.isAttached && !STREAMING.test(contentType)) {
    if (req.method === 'HEAD' || nullBodyStatus(status)) {
      end(emitter, id, 0, '', '');
      return;
    }
    const length = declaredLength(headerValue(headers, 'content-length'));
    if (length !== null && length <= UNOBSERVED_MAX) {
      end(emitter, id, length, '', 'body not read: no panel was attached');
      return;
    }
  }
  // No body, or the page consumed it already (a clone would throw): nothing to read.
  if (!responseBody(res) || responseBodyUsed(res)) {
    end(emitter, id, 0, '', '');
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
  // Stamped before finish(), which decodes and hashes up to the preview cap: the body ended when
  // the read said so, not once we had digested it.
  const t = now();
  safely(() => {
    const { preview, hash } = acc.finish();
    emitter.emit({ kind: 'request-end', id, t, bodySize: acc.size, preview, hash, error, note });
  });
}

function end(emitter: Emitter, id: string, size: number, error: '' | 'abort' | 'error' | 'timeout', note: string): void {
  emitter.emit({ kind: 'request-end', id, t: now(), bodySize: size, preview: null, hash: '', error, note });
}
