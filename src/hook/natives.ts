/**
 * Natives captured once, when the hook loads at document_start, before any page script runs.
 * Pages (and libraries like zone.js or fake timers) patch globals later; calling through these
 * keeps our own work invisible to them and unaffected by them.
 */
const g = globalThis;
const getterOf = (proto: object, key: string): (() => unknown) => Object.getOwnPropertyDescriptor(proto, key)!.get!;

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
  defaultPrevented: getterOf(Event.prototype, 'defaultPrevented'),
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
  random: Math.random,
};

/** Epoch ms with sub-millisecond precision. */
export function now(): number {
  return natives.timeOrigin + natives.apply(natives.performanceNow, natives.performance, []);
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
