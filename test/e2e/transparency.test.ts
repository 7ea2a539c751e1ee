/**
 * Transparency: the page must never notice us. In each browser the same probe
 * (test/fixtures/transparency-probe.js) runs on /fixture/blank once without and once with the
 * extension; everything it records (values, types, error names/messages, event orders) must be
 * deeply equal. Key values are also asserted directly on both sides, so the comparison cannot pass
 * because both runs are broken in the same way.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { BROWSERS, launch, type BrowserName } from '../helpers/browsers';

const demoUrl = inject('demoUrl');
const PROBE_SOURCE = readFileSync(resolve(import.meta.dirname, '../fixtures/transparency-probe.js'), 'utf8');

/** Symbol.for() keys of what the preload keeps on window (symbols: invisible to name lists). */
const EARLY_KEY = 'polltergeist-test.early-messages';
const ORDER_KEY = 'polltergeist-test.order';

/**
 * Runs before anything else in the document (puppeteer's preload: checked to run before our
 * document_start content scripts in both browsers). It plays a page whose first <head> script
 * listens for window messages: the listeners are added from the first MutationObserver callback
 * that sees <head>, i.e. after our hook is installed, but before the relay's hello message is
 * dispatched (the order log proves the latter). A page listener cannot be earlier than that.
 *
 * It also keeps one capture listener registered before our hook, which no page script can do;
 * it only serves to log when the hello was dispatched and is never compared.
 */
const PRELOAD = `(() => {
  const store = { registered: null, messages: [] };
  const order = [];
  Object.defineProperty(window, Symbol.for(${JSON.stringify(EARLY_KEY)}), { value: store });
  Object.defineProperty(window, Symbol.for(${JSON.stringify(ORDER_KEY)}), { value: order });
  addEventListener('message', () => order.push('message reached a pre-hook listener'), true);
  const record = (phase) => (e) => {
    let data;
    try { data = JSON.parse(JSON.stringify(e.data ?? null)); } catch { data = String(e.data); }
    store.messages.push({ phase, data });
  };
  const mo = new MutationObserver(() => {
    if (!document.head || store.registered !== null) return;
    mo.disconnect();
    store.registered = true;
    order.push('early page listener registered');
    addEventListener('message', record('capture'), true);
    addEventListener('message', record('bubble'));
  });
  mo.observe(document, { childList: true, subtree: true });
})();`;

type Probe = Record<string, unknown>;

interface Run {
  probe: Probe;
  order: string[];
}

async function runProbe(name: BrowserName, extension: boolean): Promise<Run> {
  const l = await launch(name, { extension });
  try {
    const page = await l.browser.newPage();
    await page.evaluateOnNewDocument(PRELOAD);
    await page.goto(`${demoUrl}/fixture/blank`);
    const opts = { wsUrl: `${demoUrl.replace(/^http/, 'ws')}/ws`, earlyKey: EARLY_KEY };
    // Wrapped so the probe's function declaration never becomes a global of the page.
    const json = await page.evaluate(`(() => {\n${PROBE_SOURCE}\nreturn transparencyProbe(${JSON.stringify(opts)});\n})()`);
    const order = await page.evaluate(`window[Symbol.for(${JSON.stringify(ORDER_KEY)})]`);
    // Debug aid: TRANSPARENCY_DUMP=dir writes each run's raw record there.
    const dump = process.env['TRANSPARENCY_DUMP'];
    if (dump) writeFileSync(join(dump, `${name}-${extension ? 'with' : 'without'}.json`), JSON.stringify(JSON.parse(json as string), null, 2));
    return { probe: JSON.parse(json as string) as Probe, order: order as string[] };
  } finally {
    await l.close();
  }
}

function diffNames(a: unknown, b: unknown): { added: string[]; removed: string[] } {
  const without = new Set(a as string[]);
  const withExt = new Set(b as string[]);
  return {
    added: [...withExt].filter((n) => !without.has(n)).sort(),
    removed: [...without].filter((n) => !withExt.has(n)).sort(),
  };
}

/** Values that must hold on both sides: a probe that silently broke would fail here. */
function assertKeyValues(p: Probe, name: BrowserName): void {
  const nativeFetch = name === 'chromium' ? 'function fetch() { [native code] }' : 'function fetch() {\n    [native code]\n}';
  expect(p['fetch.identity'], 'fetch.identity').toMatchObject({
    fetch: { toString: nativeFetch, fptToString: nativeFetch, name: 'fetch', length: 1, typeof: 'function' },
    windowFetchIsFetch: true,
    descriptor: { kind: 'data', writable: true, enumerable: true, configurable: true },
    newFetch: { syncThrew: { name: 'TypeError' } },
  });
  expect(p['fetch.post'], 'fetch.post').toMatchObject({
    instanceofResponse: true,
    status: 200,
    ok: true,
    url: '/api/echo',
    type: 'basic',
    redirected: false,
    bodyUsedBefore: false,
    bodyUsedAfter: true,
    parsed: { method: 'POST', body: 'hi', xA: '1' },
    secondText: { threw: { name: 'TypeError' } },
    clone: { instanceofResponse: true, parsedMethod: 'POST', bodyUsed: true },
  });
  expect(p['fetch.redirect'], 'fetch.redirect').toEqual({ redirected: true, url: '/api/echo', status: 200, method: 'GET' });
  expect(p['fetch.stream'], 'fetch.stream').toMatchObject({
    text: 'chunk 1\nchunk 2\nchunk 3\nchunk 4\nchunk 5\n',
    atLeastOneChunk: true,
    allUint8: true,
  });
  expect(p['fetch.errors'], 'fetch.errors').toMatchObject({
    networkError: { threw: { name: 'TypeError', messageType: 'string' } },
    relativeBad: { value: { response: true, status: 404, url: '/fixture/::bad' } },
    badUrl: { threw: { name: 'TypeError' } },
    badUrlIsPromise: { returnedPromise: true, syncThrew: null },
    badMethod: { threw: { name: 'TypeError' } },
    getWithBody: { threw: { name: 'TypeError' } },
  });
  expect(p['fetch.abort'], 'fetch.abort').toMatchObject({
    abortBefore: { threw: { name: 'AbortError', isDOMException: true } },
    sameReason: true,
    firstChunk: 'chunk 1\n',
    afterAbort: { threw: { name: 'AbortError' } },
    abortBeforeHeaders: { threw: { name: 'AbortError' } },
  });
  expect(p['fetch.request'], 'fetch.request').toMatchObject({ usedBefore: false, usedAfter: true, status: 200, method: 'PUT', body: 'x', reuse: { threw: { name: 'TypeError' } } });
  expect(p['fetch.other'], 'fetch.other').toMatchObject({ byteLength: 300, isArrayBuffer: true, firstBytes: [0, 1, 2], lastByte: 299 % 256, returnsNativePromise: true });
  expect(p['fetch.pageObjectsTouched'], 'fetch.pageObjectsTouched').toMatchObject({
    viaProxy: { method: 'POST', body: 'x', xC: '3' },
    generatorHeaderArrived: '7',
    urlSearchParamsOwnToStringCalls: 0,
    urlSearchParamsBody: 'a=1',
    requestAsInit: { method: 'DELETE', xR: '1' },
    classInstanceInit: { method: 'PATCH', body: 'inherited' },
    headersInstance: 'h',
    headersArray: 'a',
    throwingGetter: { threw: { name: 'RangeError', message: 'from the page' } },
    xhrUrlSearchParamsOwnToStringCalls: 0,
    xhrUrlSearchParamsBody: 'b=2',
  });
  expect(p['fetch.unhandledRejection'], 'fetch.unhandledRejection').toEqual({ events: [{ reasonName: 'TypeError', isOurPromise: true }] });

  expect(p['xhr.get'], 'xhr.get').toMatchObject({ status: 200, responseURL: '/api/echo?xhr=1', method: 'GET', xB: '2', readyState: 4 });
  const getLog = (p['xhr.get'] as { log: string[] }).log;
  expect(getLog.slice(0, 3), 'xhr.get.log start').toEqual(['readystatechange:1', 'loadstart', 'readystatechange:2']);
  expect(getLog.slice(-3), 'xhr.get.log end').toEqual(['readystatechange:4', 'load', 'loadend']);
  expect(getLog, 'xhr.get.log progress').toContain('progress');
  expect(p['xhr.responseTypes'], 'xhr.responseTypes').toMatchObject({
    json: { responseType: 'json', method: 'POST', body: 'body!', responseTextThrows: { name: 'InvalidStateError' } },
    arraybuffer: { isArrayBuffer: true, byteLength: 300, first: [0, 1, 2], last: 299 % 256 },
  });
  expect(p['xhr.abort'], 'xhr.abort').toMatchObject({ readyStateAfter: 0, status: 0 });
  expect((p['xhr.abort'] as { log: string[] }).log.slice(-3), 'xhr.abort.log').toEqual(['readystatechange:4', 'abort', 'loadend']);
  expect((p['xhr.networkError'] as { log: string[] }).log.slice(-3), 'xhr.networkError.log').toEqual(['readystatechange:4', 'error', 'loadend']);
  expect(p['xhr.reopenInOnload'], 'xhr.reopenInOnload').toMatchObject({ loads: 2, texts: ['GET', 'POST'], responseURL: '/api/echo?second=1' });
  expect(p['xhr.sync'], 'xhr.sync').toMatchObject({ status: 200, method: 'POST', body: 'sync body', readyState: 4 });
  expect(p['xhr.identity'], 'xhr.identity').toMatchObject({ open: { name: 'open', length: 2 } });

  expect(p['ws.identity'], 'ws.identity').toMatchObject({
    WebSocket: { name: 'WebSocket', length: 1 },
    statics: { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 },
    protoConstants: { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 },
    protoConstructorIsWebSocket: true,
    instanceofWebSocket: true,
    constructorIsWebSocket: true,
    protoIsWebSocketPrototype: true,
    binaryTypeDefault: 'blob',
    binaryTypeAfterSet: 'arraybuffer',
    sendWhileConnecting: { name: 'InvalidStateError' },
    subclass: { instanceofSub: true, instanceofWebSocket: true, method: 'sub', protoIsSub: true },
    notAUrl: { constructed: true, url: '/fixture/not%20a%20url' },
    invalidUrl: { name: 'SyntaxError' },
    wrongScheme: { name: 'SyntaxError' },
    withoutNew: { name: 'TypeError' },
  });
  expect(p['ws.echo'], 'ws.echo').toMatchObject({
    received: [
      { kind: 'text', data: 'hello text ✓' },
      { kind: 'binary', isArrayBuffer: true, bytes: [1, 2, 3, 250] },
      { kind: 'binary', isArrayBuffer: true, bytes: [8, 7] },
    ],
    close: { code: 4001, reason: 'bye', wasClean: true, isCloseEvent: true },
    finalState: 3,
  });
  const wsLog = (p['ws.echo'] as { log: string[] }).log;
  expect(wsLog.slice(0, 2), 'ws.echo.log').toEqual(['onopen', 'listener:open']);
  expect(wsLog, 'ws.echo.log').toContain('onmessage:string');
  expect(wsLog[wsLog.indexOf('onmessage:string') + 1], 'ws.echo.log order').toBe('listener:message:string');
  expect(p['ws.blob'], 'ws.blob').toEqual({ binaryType: 'blob', isBlob: true, bytes: [4, 5, 6] });
  expect((p['ws.push'] as { firstFive: unknown[] }).firstFive, 'ws.push').toHaveLength(5);

  expect(p['es.identity'], 'es.identity').toMatchObject({
    statics: { CONNECTING: 0, OPEN: 1, CLOSED: 2 },
    instanceofEventSource: true,
    constructorIsEventSource: true,
    closedState: 2,
    badUrl: { name: 'SyntaxError' },
    withoutNew: { name: 'TypeError' },
  });
  expect(p['es.stream'], 'es.stream').toMatchObject({
    messages: [
      { data: '{"message":"hello #2"}', lastEventId: '2', type: 'message' },
      { data: 'multi-line event 4\nsecond line\nthird line', lastEventId: '4', type: 'message' },
      { data: '{"message":"hello #6"}', lastEventId: '6', type: 'message' },
    ],
    ticks: [
      { data: '{"tick":1}', lastEventId: '1', type: 'tick', isMessageEvent: true },
      { data: '{"tick":5}', lastEventId: '5', type: 'tick', isMessageEvent: true },
    ],
    readyStateAfterClose: 2,
  });

  const perf = p['performance.entries'] as { navigation: unknown[]; resources: string[]; allListedByGetEntries: boolean };
  expect(perf.navigation, 'performance.entries.navigation').toEqual([{ name: '/fixture/blank', type: 'navigate', protocol: 'http/1.1' }]);
  // Every request of the probe is still in the page's buffer (nothing cleared it), with its protocol.
  expect(perf.resources.length, 'performance.entries.resources').toBeGreaterThan(30);
  expect(perf.resources, 'performance.entries.resources').toContain('xmlhttprequest /api/echo?xhr=1 http/1.1');
  expect(perf.resources, 'performance.entries.resources').toContain('fetch /api/echo?patched=1 http/1.1');
  expect(perf.allListedByGetEntries, 'performance.entries.allListedByGetEntries').toBe(true);

  expect(p['globals'], 'globals').toMatchObject({
    pushState: { name: 'pushState', length: 2 },
    fptToStringOnNull: { name: 'TypeError' },
  });
  expect(p['globals.messages'], 'globals.messages').toEqual({
    duringProbe: [],
    earlyListenerRegistered: true,
    sinceLoad: [],
    unhandledRejections: [{ reasonName: 'TypeError', isOurPromise: true }],
  });
}

/**
 * Every platform member src/hook reads or calls (through the natives captured at load). Each must
 * be among the members the probe wrapped; Request.prototype.body does not exist in Firefox.
 */
const HOOK_TOUCHES = [
  ...['status', 'statusText', 'url', 'redirected', 'headers', 'body', 'bodyUsed', 'clone'].map((k) => `Response.prototype.${k}`),
  ...['method', 'url', 'headers', 'body'].map((k) => `Request.prototype.${k}`),
  'Headers.prototype.get',
  'Headers.prototype.entries',
  '%HeadersIteratorPrototype%.next',
  'URL.prototype.href',
  'URLSearchParams.prototype.toString',
  'Node.prototype.baseURI',
  'Document.prototype.visibilityState',
  ...['readyState', 'status', 'statusText', 'responseURL', 'responseType', 'responseText', 'response', 'getResponseHeader', 'getAllResponseHeaders'].map(
    (k) => `XMLHttpRequest.prototype.${k}`,
  ),
  'ProgressEvent.prototype.loaded',
  ...['url', 'protocol', 'extensions'].map((k) => `WebSocket.prototype.${k}`),
  ...['url', 'withCredentials', 'readyState'].map((k) => `EventSource.prototype.${k}`),
  ...['type', 'defaultPrevented', 'preventDefault', 'stopImmediatePropagation'].map((k) => `Event.prototype.${k}`),
  ...['data', 'lastEventId', 'source', 'ports'].map((k) => `MessageEvent.prototype.${k}`),
  ...['code', 'reason', 'wasClean'].map((k) => `CloseEvent.prototype.${k}`),
  ...['size', 'slice', 'arrayBuffer'].map((k) => `Blob.prototype.${k}`),
  'DOMException.prototype.name',
  'ReadableStream.prototype.getReader',
  'ReadableStreamDefaultReader.prototype.read',
  'ReadableStreamDefaultReader.prototype.cancel',
  'TextDecoder.prototype.decode',
  ...['addEventListener', 'removeEventListener', 'dispatchEvent'].map((k) => `EventTarget.prototype.${k}`),
  'MessagePort.prototype.postMessage',
  'MessagePort.prototype.start',
  'Performance.prototype.now',
  'Performance.prototype.getEntriesByType',
  'PerformanceObserver.prototype.observe',
  'PerformanceObserverEntryList.prototype.getEntries',
  'PerformanceEntry.prototype.name',
  'PerformanceResourceTiming.prototype.nextHopProtocol',
  'Promise.prototype.then',
  'window.setTimeout',
];

/** What the patched-builtins window's traffic must have produced, with and without us. */
const WINDOW_TRAFFIC = {
  fetchPost: true,
  fetchUrl: true,
  fetchRequest: true,
  fetchBytes: 300,
  fetchSse: true,
  abortedBefore: 'rejected',
  abortedDuring: 200,
  networkError: 'rejected',
  xhr: [200, 200, 200, 200, 200, 200, 200, 0],
  xhrBodies: ['b=2', 'blob body'],
  xhrTypes: ['GET', 10, 10],
  websocket: { opened: true, received: 4, closed: true },
  eventSource: true,
};

for (const name of BROWSERS) {
  describe.sequential(`transparency in ${name}`, () => {
    let without: Run;
    let withExt: Run;

    beforeAll(async () => {
      // One browser at a time, each closed before the next starts (2 cores).
      without = await runProbe(name, false);
      withExt = await runProbe(name, true);
    });

    it('the probe itself works (key values, checked on both sides)', () => {
      assertKeyValues(without.probe, name);
      assertKeyValues(withExt.probe, name);
    });

    it('the early message listener was in place before our hello was dispatched', () => {
      // Without this, "the page saw no message" would prove nothing.
      expect(without.order).toEqual(['early page listener registered']);
      expect(withExt.order).toEqual(['early page listener registered', 'message reached a pre-hook listener']);
    });

    it('window gains and loses no property names', () => {
      const a = without.probe['windowNames'] as Record<string, string[]>;
      const b = withExt.probe['windowNames'] as Record<string, string[]>;
      // No filter was needed: no name differs between runs for reasons unrelated to us.
      // Compared as sets on purpose. In Firefox the *order* of getOwnPropertyNames(window) differs
      // with the extension: SpiderMonkey defines standard globals lazily, in first-use order, and our
      // hook touches fetch, XMLHttpRequest, Proxy, WeakMap, URL... before the page does. Any
      // document_start script that touches a global does this; it is reported, not asserted here.
      // (Chromium's order is identical with and without us.)
      for (const list of ['atStart', 'atEnd', 'keysAtStart', 'keysAtEnd']) {
        expect.soft(diffNames(a[list], b[list]), `window names ${list}`).toEqual({ added: [], removed: [] });
      }
      expect(a['atStart']!.length).toBeGreaterThan(100);
      expect(a['keysAtStart']!.length).toBeGreaterThan(10);
    });

    it('platform builtins the page patched are never called by us', () => {
      // Scope: every method and accessor of the platform interfaces the hook touches (Response,
      // Request, Headers, URL, XMLHttpRequest, WebSocket, EventSource, the events, Blob,
      // TextDecoder, streams, ...), wrapped whole while traffic of every kind runs.
      // ECMAScript intrinsics (Array/String/Object/JSON/Math, typed arrays, ArrayBuffer) are NOT
      // counted, on purpose: every script on a page calls them, so no real page can attribute such
      // a call to us, and routing all of the hook's own string/array work through captured
      // intrinsics would make the most dangerous code we ship unreadable. This is a scope decision
      // (docs/internals.md, "The hook's rules"), not a weakening: everything platform-level is
      // covered and must pass. Promise.prototype.then/catch/finally stay covered (zone.js wraps them).
      // Kept out of the record comparison below so this class of difference is reported apart.
      for (const [side, run] of [['without', without], ['with', withExt]] as const) {
        const p = run.probe['patchedBuiltins'] as { wrapped: string[]; calledDuringWindow: string[] };
        // The window did real traffic of every kind (checked on both sides).
        expect(p, `${side}: the window's traffic`).toMatchObject(WINDOW_TRAFFIC);
        // Everything the hook reads was really wrapped in this browser (a missing wrapper would
        // make "never called" vacuous).
        const required = HOOK_TOUCHES.filter((m) => !(name === 'firefox' && m === 'Request.prototype.body'));
        expect(required.filter((m) => !p.wrapped.includes(m)), `${side}: members the hook touches that were not wrapped`).toEqual([]);
      }
      expect((without.probe['patchedBuiltins'] as Probe)['calledDuringWindow'], 'the probe window itself is clean').toEqual([]);
      expect(withExt.probe['patchedBuiltins']).toEqual(without.probe['patchedBuiltins']);
    });

    it('the page sees exactly the same thing with and without the extension', () => {
      const { windowNames: _a, patchedBuiltins: _pa, ...a } = without.probe;
      const { windowNames: _b, patchedBuiltins: _pb, ...b } = withExt.probe;
      // Per key first, so each difference is reported under its own name...
      for (const key of Object.keys(a)) expect.soft(b[key], key).toEqual(a[key]);
      expect.soft(Object.keys(b)).toEqual(Object.keys(a));
      // ...then the whole record.
      expect(b).toEqual(a);
    });
  });
}
