/**
 * `npm run record:har`: records demo pages in headless Chromium WITHOUT the extension, keeps the
 * raw DevTools protocol events, and builds the HAR fixtures under test/fixtures/har/ that
 * test/corpus/har-fixtures.test.ts analyzes:
 *
 * - `chrome-har-<page>.har`: the events through chrome-har's `harFromMessages` with its default
 *   options, as a tool built on chrome-har (Browsertime, sitespeed.io, custom Puppeteer scripts)
 *   writes it: fetch/XHR/EventSource entries with `_chunks` from `Network.dataReceived`, no bodies,
 *   no SSE messages, and no WebSocket entry at all (chrome-har ignores every `Network.webSocket*`
 *   and `Network.eventSourceMessageReceived` event).
 * - `devtools-export-websocket.har`: the /websocket recording in the shape Chrome DevTools'
 *   Network panel "Export HAR" writes (front_end/models/har/Log.ts and Writer.ts in
 *   chrome-devtools-frontend): chrome-har's entries reshaped field by field, plus the WebSocket
 *   entry chrome-har drops, rebuilt from the protocol events the way DevTools' NetworkDispatcher
 *   and Log.ts do (`_resourceType: "websocket"`, `_webSocketMessages` with epoch-second `time`).
 *
 *   flock /tmp/polltergeist-browser.lock npm run record:har                        # every page
 *   flock /tmp/polltergeist-browser.lock npx tsx scripts/record-chrome-har.ts sse  # some pages
 *
 * URLs keep the demo server's random port as recorded. Each page is recorded from its navigation
 * for RECORD_MS; requests still open then (a held long-poll, an SSE stream, the WebSocket) stay
 * open in the HAR, like in an export taken while the page runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { harFromMessages, type ChromeHarMessage } from 'chrome-har';
import type { CDPSession, Protocol } from 'puppeteer-core';
import { startDemoServer } from '../demo-server/server';
import { fromHar } from '../src/core/har/import';
import { analyze } from '../src/core/report/report';
import { launch } from '../test/helpers/browsers';

interface PageSpec {
  /** File name part: chrome-har-<name>.har. */
  readonly name: string;
  readonly path: string;
}

const PAGES: readonly PageSpec[] = [
  { name: 'polling', path: '/polling?interval=500' },
  // news=0: every request is held the full 1.5 s and ends in 204, the long-poll signature.
  { name: 'long-polling', path: '/long-polling?hold=1500&news=0' },
  // An event every 200 ms; the server ends each stream after 10 events, EventSource reconnects.
  { name: 'sse', path: '/sse?rate=200' },
  // 20 NDJSON lines 200 ms apart per response, a new response 1 s after each ends.
  { name: 'streaming', path: '/streaming?rate=200' },
  { name: 'websocket', path: '/websocket?sendEvery=300' },
];

/** The recording that is also written in Chrome DevTools' export shape. */
const DEVTOOLS_PAGE = 'websocket';
const RECORD_MS = 8_000;
const MAX_BYTES = 300 * 1024;
const OUT_DIR = resolve(import.meta.dirname, '../test/fixtures/har');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Every event of the Page and Network domains, by the protocol definition puppeteer-core speaks. */
function protocolEvents(): string[] {
  const fromPuppeteer = createRequire(createRequire(import.meta.url).resolve('puppeteer-core'));
  const protocol = fromPuppeteer('devtools-protocol/json/browser_protocol.json') as {
    domains: { domain: string; events?: { name: string }[] }[];
  };
  return protocol.domains
    .filter((d) => d.domain === 'Page' || d.domain === 'Network')
    .flatMap((d) => (d.events ?? []).map((e) => `${d.domain}.${e.name}`));
}

interface Body {
  readonly body: string;
  readonly base64Encoded: boolean;
}

interface Recording {
  readonly url: string;
  readonly messages: ChromeHarMessage[];
  /** Response bodies of the requests that finished, by request id (for the DevTools export). */
  readonly bodies: Map<string, Body>;
  readonly userAgent: string;
}

async function record(session: CDPSession, navigate: () => Promise<unknown>, url: string, userAgent: string): Promise<Recording> {
  const messages: ChromeHarMessage[] = [];
  const bodies = new Map<string, Body>();
  const pending: Promise<void>[] = [];
  let recording = true;
  for (const method of protocolEvents()) {
    session.on(method as never, (params: unknown) => {
      if (!recording) return;
      messages.push({ method, params });
      if (method === 'Network.loadingFinished') {
        const { requestId } = params as Protocol.Network.LoadingFinishedEvent;
        pending.push(
          session
            .send('Network.getResponseBody', { requestId })
            .then((b) => void bodies.set(requestId, { body: b.body, base64Encoded: b.base64Encoded }))
            .catch(() => undefined),
        );
      }
    });
  }
  await session.send('Page.enable');
  await session.send('Network.enable');
  await navigate();
  await sleep(RECORD_MS);
  recording = false;
  await Promise.all(pending);
  return { url, messages, bodies, userAgent };
}

/* ------------------------------------------------------------------ Chrome DevTools' export shape */

type Json = Record<string, unknown>;

interface NameValue {
  name: string;
  value: string;
}

/** Everything the protocol said about one request or WebSocket. */
interface Events {
  will?: Protocol.Network.RequestWillBeSentEvent;
  willExtra?: Protocol.Network.RequestWillBeSentExtraInfoEvent;
  response?: Protocol.Network.ResponseReceivedEvent;
  responseExtra?: Protocol.Network.ResponseReceivedExtraInfoEvent;
  data: Protocol.Network.DataReceivedEvent[];
  finished?: Protocol.Network.LoadingFinishedEvent;
  failed?: Protocol.Network.LoadingFailedEvent;
  priority?: Protocol.Network.ResourcePriority;
  wsCreated?: Protocol.Network.WebSocketCreatedEvent;
  wsWill?: Protocol.Network.WebSocketWillSendHandshakeRequestEvent;
  wsResponse?: Protocol.Network.WebSocketHandshakeResponseReceivedEvent;
  frames: { type: 'send' | 'receive' | 'error'; timestamp: number; opcode: number; data: string }[];
  wsClosed?: Protocol.Network.WebSocketClosedEvent;
}

function eventsById(messages: readonly ChromeHarMessage[]): Map<string, Events> {
  const byId = new Map<string, Events>();
  const of = (id: string): Events => {
    let e = byId.get(id);
    if (!e) byId.set(id, (e = { data: [], frames: [] }));
    return e;
  };
  for (const { method, params } of messages) {
    const p = params as { requestId: string };
    switch (method) {
      case 'Network.requestWillBeSent':
        of(p.requestId).will ??= params as Protocol.Network.RequestWillBeSentEvent;
        break;
      case 'Network.requestWillBeSentExtraInfo':
        of(p.requestId).willExtra ??= params as Protocol.Network.RequestWillBeSentExtraInfoEvent;
        break;
      case 'Network.responseReceived':
        of(p.requestId).response = params as Protocol.Network.ResponseReceivedEvent;
        break;
      case 'Network.responseReceivedExtraInfo':
        of(p.requestId).responseExtra = params as Protocol.Network.ResponseReceivedExtraInfoEvent;
        break;
      case 'Network.dataReceived':
        of(p.requestId).data.push(params as Protocol.Network.DataReceivedEvent);
        break;
      case 'Network.loadingFinished':
        of(p.requestId).finished = params as Protocol.Network.LoadingFinishedEvent;
        break;
      case 'Network.loadingFailed':
        of(p.requestId).failed = params as Protocol.Network.LoadingFailedEvent;
        break;
      case 'Network.resourceChangedPriority':
        of(p.requestId).priority = (params as Protocol.Network.ResourceChangedPriorityEvent).newPriority;
        break;
      case 'Network.webSocketCreated':
        of(p.requestId).wsCreated = params as Protocol.Network.WebSocketCreatedEvent;
        break;
      case 'Network.webSocketWillSendHandshakeRequest':
        of(p.requestId).wsWill = params as Protocol.Network.WebSocketWillSendHandshakeRequestEvent;
        break;
      case 'Network.webSocketHandshakeResponseReceived':
        of(p.requestId).wsResponse = params as Protocol.Network.WebSocketHandshakeResponseReceivedEvent;
        break;
      case 'Network.webSocketFrameSent':
      case 'Network.webSocketFrameReceived': {
        const f = params as Protocol.Network.WebSocketFrameSentEvent;
        of(p.requestId).frames.push({
          type: method.endsWith('Sent') ? 'send' : 'receive',
          timestamp: f.timestamp,
          opcode: f.response.opcode,
          data: f.response.payloadData,
        });
        break;
      }
      case 'Network.webSocketFrameError': {
        const f = params as Protocol.Network.WebSocketFrameErrorEvent;
        of(p.requestId).frames.push({ type: 'error', timestamp: f.timestamp, opcode: -1, data: f.errorMessage });
        break;
      }
      case 'Network.webSocketClosed':
        of(p.requestId).wsClosed = params as Protocol.Network.WebSocketClosedEvent;
        break;
    }
  }
  return byId;
}

/** NetworkDispatcher.headersMapToHeadersArray: one pair per line of a multi-line value. */
function headerPairs(headers: Protocol.Network.Headers | undefined): NameValue[] {
  const out: NameValue[] = [];
  for (const name in headers ?? {}) for (const value of String(headers![name]).split('\n')) out.push({ name, value });
  return out;
}

/** NetworkRequest.parseParameters over the URL's query (names and values as written). */
function queryPairs(url: string): NameValue[] {
  const at = url.indexOf('?');
  if (at === -1) return [];
  let query = url.slice(at + 1);
  const hash = query.indexOf('#');
  if (hash !== -1) query = query.slice(0, hash);
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq === -1 ? { name: pair, value: '' } : { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
  });
}

/** NetworkRequest.requestHttpVersion / responseHttpVersion. */
function httpVersion(headersText: string | undefined, protocol: string, request: boolean): string {
  if (!headersText) {
    const p = protocol.toLowerCase();
    return p === 'h2' ? 'http/2.0' : p.replace(/^http\/2(\.0)?\+/, 'http/2.0+');
  }
  const firstLine = headersText.split(/\r\n/)[0] ?? '';
  const match = request ? /(HTTP\/\d+\.\d+)$/.exec(firstLine) : /^(HTTP\/\d+\.\d+)/.exec(firstLine);
  return match ? match[1]! : 'HTTP/0.9';
}

/** Log.ts: the initiator as exported (type, then url, requestId, lineNumber, stack when present). */
function exportedInitiator(initiator: Protocol.Network.Initiator | undefined): Json | null {
  if (!initiator) return null;
  const out: Json = { type: initiator.type };
  if (initiator.url !== undefined) out['url'] = initiator.url;
  if (initiator.requestId !== undefined) out['requestId'] = initiator.requestId;
  if (initiator.lineNumber !== undefined) out['lineNumber'] = initiator.lineNumber;
  if (initiator.stack) out['stack'] = initiator.stack;
  return out;
}

/** NetworkRequest's timestamps (monotonic seconds) that Log.buildTimings reads. */
interface Clock {
  readonly issueTime: number;
  readonly wallIssueTime: number;
  /** timing.requestTime when there is a timing, else issueTime. */
  readonly startTime: number;
  /** -1 when nothing came back. */
  readonly responseReceivedTime: number;
  /** -1 while still open. */
  readonly endTime: number;
  readonly timing: Protocol.Network.ResourceTiming | undefined;
}

/** Log.Entry.buildTimings, as written (quirks included: -1 + blockedStart, no receive while open). */
function buildTimings(c: Clock): Json {
  const ms = (t: number): number => (t === -1 ? -1 : t * 1000);
  const least = (values: number[]): number => values.reduce((best, v) => (v >= 0 && v < best ? v : best), Infinity);
  const result: Json = { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0, _blocked_queueing: -1 };
  const queued = c.issueTime < c.startTime ? c.startTime - c.issueTime : -1;
  result['blocked'] = ms(queued);
  result['_blocked_queueing'] = ms(queued);
  let highest = 0;
  const t = c.timing;
  if (t) {
    const blockedStart = least([t.dnsStart, t.connectStart, t.sendStart]);
    if (blockedStart !== Infinity) result['blocked'] = (result['blocked'] as number) + blockedStart;
    if (t.proxyEnd !== -1) {
      result['_blocked_proxy'] = t.proxyEnd - t.proxyStart;
      if ((result['_blocked_proxy'] as number) > (result['blocked'] as number)) result['blocked'] = result['_blocked_proxy'];
    }
    const dnsStart = t.dnsEnd >= 0 ? blockedStart : 0;
    const dnsEnd = t.dnsEnd >= 0 ? t.dnsEnd : -1;
    result['dns'] = dnsEnd - dnsStart;
    const sslStart = t.sslEnd > 0 ? t.sslStart : 0;
    const sslEnd = t.sslEnd > 0 ? t.sslEnd : -1;
    result['ssl'] = sslEnd - sslStart;
    const connectStart = t.connectEnd >= 0 ? least([dnsEnd, blockedStart]) : 0;
    const connectEnd = t.connectEnd >= 0 ? t.connectEnd : -1;
    result['connect'] = connectEnd - connectStart;
    const sendStart = t.sendEnd >= 0 ? Math.max(connectEnd, dnsEnd, blockedStart) : 0;
    const sendEnd = t.sendEnd >= 0 ? t.sendEnd : 0;
    result['send'] = Math.max(0, sendEnd - sendStart);
    highest = Math.max(sendEnd, connectEnd, sslEnd, dnsEnd, blockedStart, 0);
    result['_workerStart'] = t.workerStart;
    result['_workerReady'] = t.workerReady;
    result['_workerFetchStart'] = t.workerFetchStart;
    result['_workerRespondWithSettled'] = t.workerRespondWithSettled;
  } else if (c.responseReceivedTime === -1) {
    result['blocked'] = ms(c.endTime - c.issueTime);
    return result;
  }
  const requestTime = t ? t.requestTime : c.startTime;
  const waitEnd = ms(c.responseReceivedTime - requestTime);
  result['wait'] = waitEnd - highest;
  result['receive'] = Math.max(ms(c.endTime - requestTime) - waitEnd, 0);
  return result;
}

/** Log.Entry.build's `time`: the sum of the timings that happened ("ssl" is inside "connect"). */
function timeOf(timings: Json): number {
  let time = 0;
  for (const k of ['blocked', 'dns', 'connect', 'send', 'wait', 'receive']) time += Math.max(timings[k] as number, 0);
  return time;
}

const iso = (seconds: number): string => new Date(seconds * 1000).toJSON();

/** Log.Entry.build for a fetch/XHR/document/... request that got a response. */
function httpEntry(e: Events, pageref: string | undefined, body: Body | undefined): Json {
  const will = e.will!;
  const received = e.response!;
  const response = received.response;
  const timing = response.timing;
  const headersReceived = timing ? timing.requestTime + timing.receiveHeadersEnd / 1000 : Infinity;
  const clock: Clock = {
    issueTime: will.timestamp,
    wallIssueTime: will.wallTime,
    startTime: timing ? timing.requestTime : will.timestamp,
    responseReceivedTime: Math.min(received.timestamp, headersReceived),
    // loadingFinished/loadingFailed, else the last dataReceived (DevTools moves endTime with each).
    endTime: e.finished?.timestamp ?? e.failed?.timestamp ?? e.data.at(-1)?.timestamp ?? -1,
    timing,
  };
  const timings = buildTimings(clock);
  const resourceSize = e.data.reduce((n, d) => n + d.dataLength, 0);
  const transferSize =
    e.finished && e.finished.encodedDataLength >= 0
      ? e.finished.encodedDataLength
      : Math.max(0, response.encodedDataLength) + e.data.reduce((n, d) => n + Math.max(0, d.encodedDataLength), 0);
  const responseHeadersText = e.responseExtra?.headersText ?? response.headersText ?? '';
  const responseHeaders = headerPairs(e.responseExtra?.headers ?? response.headers);
  const bodySize = responseHeadersText ? transferSize - responseHeadersText.length : -1;
  const content: Json = { size: resourceSize, mimeType: response.mimeType || 'x-unknown' };
  if (responseHeadersText && response.status !== 304 && response.status !== 206) content['compression'] = resourceSize - bodySize;
  if (body) {
    content['text'] = body.body;
    if (body.base64Encoded) content['encoding'] = 'base64';
  }
  const address = response.remoteIPAddress ? `${response.remoteIPAddress}:${response.remotePort ?? -1}` : '';
  const colon = address.lastIndexOf(':');
  const priority = e.priority ?? will.request.initialPriority ?? null;
  const location = responseHeaders.find((h) => h.name.toLowerCase() === 'location')?.value ?? '';
  const entry: Json = {
    _connectionId: String(response.connectionId),
    _initiator: exportedInitiator(will.initiator),
    _priority: priority,
    _resourceType: (e.failed?.type ?? received.type).toLowerCase(),
    cache: {},
    connection: colon !== -1 ? address.slice(colon + 1) : undefined,
    pageref,
    request: {
      method: will.request.method,
      url: will.request.url,
      httpVersion: httpVersion(undefined, response.protocol ?? '', true),
      headers: headerPairs(e.willExtra?.headers ?? will.request.headers),
      queryString: queryPairs(will.request.url),
      cookies: [],
      headersSize: -1,
      bodySize: will.request.postData ? new TextEncoder().encode(will.request.postData).length : 0,
    },
    response: {
      status: response.status,
      statusText: response.statusText,
      httpVersion: httpVersion(responseHeadersText, response.protocol ?? '', false),
      headers: responseHeaders,
      cookies: [],
      content,
      redirectURL: location,
      headersSize: responseHeadersText ? responseHeadersText.length : -1,
      bodySize,
      _transferSize: transferSize,
      _error: e.failed?.errorText ?? null,
      _fetchedViaServiceWorker: Boolean(response.fromServiceWorker),
    },
    serverIPAddress: colon !== -1 ? address.slice(0, colon) : address,
    startedDateTime: iso(will.wallTime),
    time: timeOf(timings),
    timings,
  };
  if (entry['_connectionId'] === '0') delete entry['_connectionId'];
  if (pageref === undefined) delete entry['pageref'];
  return entry;
}

/** Log.Entry.build for a WebSocket, from what NetworkDispatcher's webSocket* handlers keep. */
function webSocketEntry(e: Events, pageref: string | undefined): Json {
  const will = e.wsWill!;
  const hs = e.wsResponse?.response;
  const pseudoWall = (t: number): number => will.wallTime - will.timestamp + t;
  // Each frame moves responseReceivedTime to its own time; webSocketClosed sets endTime.
  const lastFrame = e.frames.at(-1)?.timestamp;
  const responseReceivedTime = lastFrame ?? e.wsResponse?.timestamp ?? -1;
  const timings = buildTimings({
    issueTime: will.timestamp,
    wallIssueTime: will.wallTime,
    startTime: will.timestamp,
    responseReceivedTime,
    endTime: e.wsClosed?.timestamp ?? -1,
    timing: undefined,
  });
  const requestHeadersText = hs?.requestHeadersText ?? '';
  const responseHeadersText = hs?.headersText ?? '';
  // A socket gets no dataReceived and no transfer size: resourceSize and transferSize stay 0.
  const bodySize = responseHeadersText ? 0 - responseHeadersText.length : -1;
  const content: Json = { size: 0, mimeType: 'x-unknown' };
  if (responseHeadersText && hs!.status !== 304 && hs!.status !== 206) content['compression'] = 0 - bodySize;
  const url = e.wsCreated!.url;
  const entry: Json = {
    _initiator: exportedInitiator(e.wsCreated!.initiator),
    _priority: null,
    _resourceType: 'websocket',
    _webSocketMessages: e.frames.map((f) => ({ type: f.type, time: pseudoWall(f.timestamp), opcode: f.opcode, data: f.data })),
    cache: {},
    pageref,
    request: {
      method: 'GET',
      url,
      httpVersion: httpVersion(requestHeadersText, hs ? 'websocket' : '', true),
      headers: headerPairs(hs?.requestHeaders ?? will.request.headers),
      queryString: queryPairs(url),
      cookies: [],
      headersSize: requestHeadersText ? requestHeadersText.length : -1,
      bodySize: 0,
    },
    response: {
      status: hs?.status ?? 0,
      statusText: hs?.statusText ?? '',
      httpVersion: httpVersion(responseHeadersText, hs ? 'websocket' : '', false),
      headers: headerPairs(hs?.headers),
      cookies: [],
      content,
      redirectURL: '',
      headersSize: responseHeadersText ? responseHeadersText.length : -1,
      bodySize,
      _transferSize: 0,
      _error: null,
      _fetchedViaServiceWorker: false,
    },
    serverIPAddress: '',
    startedDateTime: iso(will.wallTime),
    time: timeOf(timings),
    timings,
  };
  if (pageref === undefined) delete entry['pageref'];
  return entry;
}

/**
 * chrome-har's HAR reshaped into Chrome DevTools' "Export HAR" shape. chrome-har decides which
 * HTTP entries there are (it drops requests that never got a response, which DevTools would export
 * with status 0; the recorded page has none); every field is then written as DevTools' Log.ts computes
 * it from the same protocol events (chrome-har differs in `_initiator`, timings, header lists,
 * sizes and its own extra fields). WebSocket entries, which chrome-har drops, come from the events.
 * Entries are sorted by issue time and the file is indented by 2, like Writer.ts.
 */
function toDevToolsExport(chromeHar: { log: Json }, rec: Recording): Json {
  const byId = eventsById(rec.messages);
  const pages = (chromeHar.log['pages'] as Json[]) ?? [];
  const page = pages[0];
  const pageref = page ? 'page_1' : undefined;
  const entries: { issue: number; entry: Json }[] = [];
  for (const raw of chromeHar.log['entries'] as Json[]) {
    const e = byId.get(String(raw['_requestId']));
    if (!e?.will || !e.response) continue;
    entries.push({ issue: e.will.timestamp, entry: httpEntry(e, pageref, rec.bodies.get(String(raw['_requestId']))) });
  }
  for (const e of byId.values()) {
    if (e.wsCreated && e.wsWill) entries.push({ issue: e.wsWill.timestamp, entry: webSocketEntry(e, pageref) });
  }
  entries.sort((a, b) => a.issue - b.issue);

  const out: Json[] = [];
  if (page) {
    // PageLoad: starts at the main request's startTime; its title is the page's URL.
    const main = [...byId.values()].find((e) => e.will?.type === 'Document');
    const start = main?.response?.response.timing?.requestTime ?? main?.will?.timestamp ?? 0;
    const wall = main?.will ? main.will.wallTime - main.will.timestamp + start : 0;
    const at = (method: string): number => {
      const m = rec.messages.find((x) => x.method === method);
      return m ? ((m.params as { timestamp: number }).timestamp - start) * 1000 : -1;
    };
    out.push({
      startedDateTime: iso(wall),
      id: 'page_1',
      title: main?.will?.request.url ?? rec.url,
      pageTimings: { onContentLoad: at('Page.domContentEventFired'), onLoad: at('Page.loadEventFired') },
    });
  }
  const webKit = /AppleWebKit\/([^ ]+)/.exec(rec.userAgent);
  return {
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: webKit ? webKit[1] : 'n/a' },
      pages: out,
      entries: entries.map((x) => x.entry),
    },
  };
}

/* ------------------------------------------------------------------ main */

function write(name: string, har: unknown): string {
  const path = join(OUT_DIR, name);
  const text = `${JSON.stringify(har, null, 2)}\n`;
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_BYTES) throw new Error(`${name} would be ${bytes} bytes, over the ${MAX_BYTES} limit`);
  writeFileSync(path, text);
  return `${relative(process.cwd(), path)} (${(bytes / 1024).toFixed(1)} KB)`;
}

/** One line per channel the analysis finds in a fixture, so a bad recording shows at once. */
function summary(text: string): string {
  const imported = fromHar(text);
  const report = analyze(imported.sources);
  const channels = report.channels.map((c) => `${c.transport} ${new URL(c.url).pathname} → ${c.pattern}`);
  return channels.length ? channels.join('; ') : '(no channels)';
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !PAGES.some((p) => p.name === w));
  if (unknown.length) throw new Error(`unknown page ${unknown.join(', ')}; known: ${PAGES.map((p) => p.name).join(', ')}`);
  const pages = wanted.length ? PAGES.filter((p) => wanted.includes(p.name)) : PAGES;
  mkdirSync(OUT_DIR, { recursive: true });

  const server = await startDemoServer({ port: 0 });
  const browser = await launch('chromium', { extension: false, networkEnabled: false });
  try {
    const userAgent = await browser.browser.userAgent();
    for (const spec of pages) {
      const url = `${server.url}${spec.path}`;
      process.stderr.write(`recording ${url} for ${RECORD_MS / 1000} s\n`);
      const tab = await browser.browser.newPage();
      try {
        const session = await tab.createCDPSession();
        const rec = await record(session, () => tab.goto(url), url, userAgent);
        const chromeHar = harFromMessages(rec.messages);
        const text = `${JSON.stringify(chromeHar, null, 2)}\n`;
        process.stderr.write(`  ${write(`chrome-har-${spec.name}.har`, chromeHar)}: ${summary(text)}\n`);
        if (spec.name === DEVTOOLS_PAGE) {
          const devtools = toDevToolsExport(chromeHar, rec);
          const devtoolsText = `${JSON.stringify(devtools, null, 2)}\n`;
          process.stderr.write(`  ${write(`devtools-export-${spec.name}.har`, devtools)}: ${summary(devtoolsText)}\n`);
        }
      } finally {
        await tab.close().catch(() => undefined);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`record-chrome-har: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
