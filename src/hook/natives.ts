/**
 * Natives captured once, when the hook loads at document_start, before any page script runs.
 * Pages (and libraries like zone.js or fake timers) patch globals later; calling through these
 * keeps our own work invisible to them and unaffected by them.
 */
const g = globalThis;
const missing = (): undefined => undefined;

/** Interface.prototype, or undefined where this realm lacks the interface (no throw at load). */
function proto(iface: string): object | undefined {
  return (g as unknown as Record<string, { prototype?: object } | undefined>)[iface]?.prototype;
}

/**
 * The native getters of Interface.prototype[key], by key, as they are now. A member this browser
 * lacks (Request.body in Firefox) reads as undefined rather than throwing: loading must never fail.
 */
function getters<K extends string>(iface: string, ...keys: K[]): Record<K, () => unknown> {
  const out = {} as Record<K, () => unknown>;
  const p = proto(iface);
  for (const key of keys) out[key] = (p && Object.getOwnPropertyDescriptor(p, key)?.get) || missing;
  return out;
}

/** The native method Interface.prototype[key], as it is now (likewise undefined-returning if absent). */
function method(iface: string, key: string): (...args: never[]) => unknown {
  const p = proto(iface);
  const value: unknown = p && Object.getOwnPropertyDescriptor(p, key)?.value;
  return typeof value === 'function' ? (value as (...args: never[]) => unknown) : missing;
}

/** %HeadersIteratorPrototype%.next: not reachable from any global, only from a live iterator. */
function headersIteratorNext(): (...args: never[]) => unknown {
  try {
    return Object.getPrototypeOf(new g.Headers().entries()).next;
  } catch {
    return missing;
  }
}

export const natives = {
  apply: Reflect.apply,
  construct: Reflect.construct,
  get: Reflect.get,
  has: Reflect.has,
  Proxy: g.Proxy,
  getPrototypeOf: Object.getPrototypeOf,
  objectPrototype: Object.prototype,
  isArray: Array.isArray,
  defineProperty: Object.defineProperty,
  getOwnPropertyDescriptor: Object.getOwnPropertyDescriptor,
  setTimeout: g.setTimeout.bind(g),
  performanceNow: Performance.prototype.now,
  performance: g.performance,
  timeOrigin: g.performance.timeOrigin,
  addEventListener: EventTarget.prototype.addEventListener,
  removeEventListener: EventTarget.prototype.removeEventListener,
  dispatchEvent: EventTarget.prototype.dispatchEvent,
  Event: g.Event,
  preventDefault: Event.prototype.preventDefault,
  defaultPrevented: getters('Event', 'defaultPrevented').defaultPrevented,
  stopImmediatePropagation: Event.prototype.stopImmediatePropagation,
  promiseThen: Promise.prototype.then,
  postMessage: MessagePort.prototype.postMessage,
  portStart: MessagePort.prototype.start,
  responseClone: Response.prototype.clone,
  getReader: ReadableStream.prototype.getReader,
  readerRead: ReadableStreamDefaultReader.prototype.read,
  readerCancel: ReadableStreamDefaultReader.prototype.cancel,
  TextDecoder: g.TextDecoder,
  decode: TextDecoder.prototype.decode,
  URL: g.URL,
  URLSearchParams: g.URLSearchParams,
  urlSearchParamsToString: URLSearchParams.prototype.toString,
  Request: g.Request,
  Headers: g.Headers,
  Blob: g.Blob,
  ArrayBuffer: g.ArrayBuffer,
  isView: ArrayBuffer.isView,
  Uint8Array: g.Uint8Array,
  blobArrayBuffer: Blob.prototype.arrayBuffer,
  blobSlice: Blob.prototype.slice,
  WeakMap: g.WeakMap,
  WeakSet: g.WeakSet,
  /** Undefined where this realm has none: the protocol table then stays empty (src/hook/next-hop.ts). */
  PerformanceObserver: g.PerformanceObserver as typeof PerformanceObserver | undefined,
  random: Math.random,
  jsonParse: JSON.parse,
  jsonStringify: JSON.stringify,
};

/**
 * Native getters and methods of the platform objects we read: Response, Headers, XHR, sockets,
 * events. Writing `res.status` would call whatever sits on Response.prototype when we read it:
 * a page (or library) that wrapped that getter would see our calls and the objects we read,
 * including ones it never saw otherwise (the relay's hello, our own Response clones). Read them
 * through the typed accessors in src/hook/platform.ts, never directly.
 *
 * ECMAScript intrinsics (Array/String/JSON/Math/typed-array members) are deliberately not here:
 * every script calls them, so a page cannot attribute a call to us, and routing our own string
 * and array work through captured copies would make this code unreadable.
 */
export const platform = {
  response: getters('Response', 'status', 'statusText', 'url', 'redirected', 'headers', 'body', 'bodyUsed'),
  request: getters('Request', 'method', 'url', 'headers', 'body'),
  headers: { get: method('Headers', 'get'), entries: method('Headers', 'entries'), next: headersIteratorNext() },
  url: getters('URL', 'href'),
  node: getters('Node', 'baseURI'),
  document: getters('Document', 'visibilityState'),
  xhr: {
    ...getters('XMLHttpRequest', 'readyState', 'status', 'statusText', 'responseURL', 'responseType', 'responseText', 'response'),
    getResponseHeader: method('XMLHttpRequest', 'getResponseHeader'),
    getAllResponseHeaders: method('XMLHttpRequest', 'getAllResponseHeaders'),
  },
  webSocket: getters('WebSocket', 'url', 'protocol', 'extensions'),
  eventSource: getters('EventSource', 'url', 'withCredentials', 'readyState'),
  event: getters('Event', 'type'),
  messageEvent: getters('MessageEvent', 'data', 'lastEventId', 'source', 'ports'),
  closeEvent: getters('CloseEvent', 'code', 'reason', 'wasClean'),
  progressEvent: getters('ProgressEvent', 'loaded'),
  blob: getters('Blob', 'size'),
  domException: getters('DOMException', 'name'),
  performance: { getEntriesByType: method('Performance', 'getEntriesByType') },
  performanceObserver: { observe: method('PerformanceObserver', 'observe'), disconnect: method('PerformanceObserver', 'disconnect') },
  performanceObserverEntryList: { getEntries: method('PerformanceObserverEntryList', 'getEntries') },
  performanceEntry: getters('PerformanceEntry', 'name'),
  resourceTiming: getters('PerformanceResourceTiming', 'nextHopProtocol'),
};

/**
 * `fn` as a plain function of its receiver: uncurry(getter)(obj) is getter.call(obj), through
 * Function.prototype.call and bind as they were at load. Cheaper than Reflect.apply with an
 * argument array on the per-message path.
 */
export function uncurry<T>(fn: (...args: never[]) => T): (self: object) => T {
  return natives.apply(bind, call, [fn]) as (self: object) => T;
}
const bind = Function.prototype.bind;
const call = Function.prototype.call;

/** performance.now bound at load: a page's later patch of Performance.prototype.now never sees us. */
const perfNow = natives.apply(bind, natives.performanceNow, [natives.performance]) as () => number;

/** Epoch ms with sub-millisecond precision. */
export function now(): number {
  return natives.timeOrigin + perfNow();
}

/** Calls fn, swallowing anything it throws: no error of ours may ever reach the page. */
export function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

export function listen(target: EventTarget, type: string, fn: (ev: Event) => void, capture = false): void {
  natives.apply(natives.addEventListener, target, [type, fn, capture]);
}

/** promise.then through the native method (named settle: a module exporting `then` is thenable), so a patched Promise.prototype.then never sees us. */
export function settle<T, R>(p: Promise<T>, ok: (v: T) => R, fail: (e: unknown) => R): Promise<R> {
  return natives.apply(natives.promiseThen, p, [ok, fail]) as Promise<R>;
}

let counter = 0;
const prefix = natives.random().toString(36).slice(2, 8);
/** Ids unique within this document; the relay's sourceId makes them unique within the tab. */
export function nextId(): string {
  return `${prefix}${(++counter).toString(36)}`;
}
