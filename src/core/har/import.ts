/**
 * HAR -> capture events, from any writer: our own files (rebuilt exactly, via `_polltergeist`),
 * Chrome DevTools exports, chrome-har, cypress-har-generator, Firefox. The events then go through
 * the same model, classifier and diagnostics as a live capture.
 *
 * What is kept: fetch, XHR, EventSource and WebSocket entries (by Chrome's `_resourceType`; an
 * entry without one is a WebSocket by its ws:/wss: URL or frames, skipped when its request
 * (Sec-Fetch-Dest, Accept, URL extension) or its MIME type says it is a document, stylesheet,
 * script, image, font or media load, else read as fetch; docs/har.md lists the rules). Everything else (the
 * page's document and subresources, preflights, beacons) is skipped with a count in the warnings:
 * the hook never sees those loads, so keeping them would classify traffic a live capture cannot.
 *
 * Sources: one per HAR page (a page is a document, like a source); entries without a known page
 * share one more source.
 *
 * Errors: a file that is not a HAR throws HarError saying why. A broken entry (a startedDateTime
 * that is not a date, a negative time, no URL) is skipped with a warning naming it; when no entry
 * at all is usable, HarError again.
 */
import { visible } from '../text/visible';
import type { CaptureEvent, PageEvent, SourceInfo, Transport } from '../protocol';
import { bool, FIELD_CAP, isObject, kindOf, num, shown, str, type Json } from './fields';
import { eventsFromForeign, type EntryTimes } from './read-foreign';
import { eventsFromOurs } from './read-ours';
import { inFence, offFence, timeFence, type TimeFence } from './time-fence';
import { PG_FORMAT } from './types';

/** A file we cannot read as a HAR; `message` tells the user what is wrong with it. */
/** A file that is not a HAR at all. Its message may quote the file: quoted parts are `visible`. */
export class HarError extends Error {
  override readonly name = 'HarError';
  constructor(message: string) {
    super(visible(message));
  }
}

export interface HarImport {
  sources: { source: SourceInfo; events: CaptureEvent[] }[];
  warnings: string[];
}

type ConnEvent = Exclude<CaptureEvent, { kind: 'page' }>;

/** Warnings shown one by one; past this many, they are counted. */
const MAX_WARNINGS = 30;

const TRANSPORTS: Readonly<Record<string, Transport>> = {
  fetch: 'fetch',
  xhr: 'xhr',
  eventsource: 'eventsource',
  websocket: 'websocket',
};

const VISIBILITY: ReadonlySet<string> = new Set(['visible', 'hidden']);
const REASONS: ReadonlySet<string> = new Set(['install', 'visibility', 'navigation', 'unload']);

export function fromHar(text: string): HarImport {
  const log = readLog(text);
  const warnings = new Warnings();
  const version = log['version'];
  if (version !== '1.2' && version !== '1.1') warnings.add(`log.version is ${shown(version)}; read as HAR 1.2`);

  const slots = readPages(log['pages'], warnings);
  const unpaged = newSlot(null, null, null);
  const entries = log['entries'] as unknown[];
  const skipped = new Map<string, number>();
  let guessed = 0;
  let valid = 0;
  let firstProblem = '';

  const fence = timeFence(entryStarts(entries));
  let lastGood: { index: number; start: number } | null = null;

  entries.forEach((raw, i) => {
    const problem = (message: string): void => {
      if (!firstProblem) firstProblem = message;
      warnings.add(`${message}; entry skipped`);
    };
    if (!isObject(raw)) return problem(`entry ${i}: is ${kindOf(raw)}, not an object`);
    let times = entryTimes(raw, i);
    if (typeof times === 'string') return problem(times);
    if (fence && !inFence(fence, times.start) && raw['_polltergeist'] === undefined) {
      const placed = placeOutlier(raw, times, fence, lastGood, entries);
      warnings.add(
        `entry ${i}: startedDateTime ${shown(raw['startedDateTime'])} is ${offFence(fence, times.start)} the file's other entries; ${placed.where}`,
      );
      times = placed.times;
    } else {
      lastGood = { index: i, start: times.start };
    }
    const request = raw['request'];
    if (!isObject(request)) return problem(`entry ${i}: request is ${request === undefined ? 'missing' : `${kindOf(request)}, not an object`}`);
    if (typeof request['url'] !== 'string' || request['url'] === '') return problem(`entry ${i}: request.url is missing`);
    valid++;

    const pageref = str(raw['pageref'], FIELD_CAP);
    const slot = (pageref !== undefined ? slots.get(pageref) : undefined) ?? unpaged;
    if (raw['_polltergeist'] !== undefined) {
      const ours = eventsFromOurs(raw, raw['_polltergeist']);
      if ('events' in ours) {
        slot.conns.push({ entry: i, events: ours.events, ours: true });
        return;
      }
      warnings.add(`entry ${i}: its _polltergeist field is damaged (${ours.damaged}); read as a plain HAR entry`);
    }
    const kind = transportOf(raw, request);
    if ('skip' in kind) {
      skipped.set(kind.skip, (skipped.get(kind.skip) ?? 0) + 1);
      return;
    }
    if (kind.guessed) guessed++;
    const events = eventsFromForeign(raw, kind.transport, times, { pageStart: slot.start, fence, warn: (m) => warnings.add(m) });
    slot.conns.push({ entry: i, events, ours: false });
  });

  if (entries.length > 0 && valid === 0) {
    throw new HarError(
      `no usable entries: all ${entries.length} entr${entries.length === 1 ? 'y is' : 'ies are'} broken (${firstProblem})`,
    );
  }
  if (entries.length === 0) warnings.add('the HAR has no entries');
  if (skipped.size) {
    const total = [...skipped.values()].reduce((a, b) => a + b, 0);
    const kinds = [...skipped].map(([k, n]) => `${k} ${n}`).join(', ');
    warnings.add(
      `skipped ${total} entr${total === 1 ? 'y that is' : 'ies that are'} not fetch, XHR, EventSource or WebSocket traffic (${kinds}): the page's own loads are invisible to a live capture too`,
    );
  }
  if (guessed) warnings.add(`${guessed} entr${guessed === 1 ? 'y has' : 'ies have'} no _resourceType; read as fetch or WebSocket by URL and MIME type`);

  const sources: HarImport['sources'] = [];
  for (const slot of [...slots.values(), unpaged]) {
    if (!slot.conns.length && !slot.ours) continue;
    sources.push({ source: sourceOf(slot, sources.length), events: eventsOf(slot, warnings) });
  }
  return { sources, warnings: warnings.done() };
}

/* ------------------------------------------------------------------ the file */

function readLog(text: string): Json {
  if (typeof text !== 'string' || text.trim() === '') throw new HarError('not a HAR file: it is empty');
  // The gzip magic, 1f 8b, read as text (0x8b is not UTF-8 on its own: a decoder makes it U+FFFD).
  if (text.charCodeAt(0) === 0x1f && (text.charCodeAt(1) === 0x8b || text.charCodeAt(1) === 0xfffd)) {
    throw new HarError('not a HAR file as text: it is gzip-compressed (decompress it first)');
  }
  let doc: unknown;
  try {
    // JSON.parse only: nothing in the file is ever evaluated. A UTF-8 BOM (some Windows tools
    // write one) is not JSON but says nothing wrong about the file.
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    // The parser's message quotes the start of the file: HarError makes it visible.
    throw new HarError(`not a HAR file: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isObject(doc)) throw new HarError(`not a HAR file: the JSON is ${kindOf(doc)}, not an object with a "log" field`);
  const log = doc['log'];
  if (log === undefined) throw new HarError('not a HAR file: there is no "log" field at the top level');
  if (!isObject(log)) throw new HarError(`not a HAR file: "log" is ${kindOf(log)}, not an object`);
  if (log['version'] === undefined) throw new HarError('not a HAR file: "log.version" is missing');
  if (typeof log['version'] !== 'string') throw new HarError(`not a HAR file: "log.version" is ${kindOf(log['version'])}, not a string`);
  if (log['entries'] === undefined) throw new HarError('not a HAR file: "log.entries" is missing');
  if (!Array.isArray(log['entries'])) throw new HarError(`not a HAR file: "log.entries" is ${kindOf(log['entries'])}, not an array`);
  return log;
}

class Warnings {
  private readonly list: string[] = [];
  private more = 0;
  /** Warnings quote the file (URLs, field values): what they quote is made `visible`. */
  add(message: string): void {
    if (this.list.length < MAX_WARNINGS) this.list.push(visible(message));
    else this.more++;
  }
  done(): string[] {
    return this.more ? [...this.list, `${this.more} more warnings not shown`] : this.list;
  }
}

/** An entry's start and duration; a message naming what is impossible about them. */
function entryTimes(e: Json, index: number): EntryTimes | string {
  const sdt = e['startedDateTime'];
  if (sdt === undefined) return `entry ${index}: startedDateTime is missing`;
  const start = typeof sdt === 'string' ? Date.parse(sdt) : NaN;
  if (!Number.isFinite(start)) return `entry ${index}: startedDateTime ${shown(sdt)} is not a date`;
  const time = e['time'];
  if (time === undefined) return { index, start, time: timingsSum(e['timings']) };
  if (typeof time !== 'number' || !Number.isFinite(time)) return `entry ${index}: time ${shown(time)} is not a number`;
  if (time < 0) return `entry ${index}: time ${time} is negative`;
  return { index, start, time };
}

/** The valid starts of the entries, for the file's time fence. */
function entryStarts(entries: readonly unknown[]): Float64Array {
  const out = new Float64Array(entries.length);
  let n = 0;
  for (const e of entries) {
    const sdt = isObject(e) ? e['startedDateTime'] : undefined;
    const t = typeof sdt === 'string' ? Date.parse(sdt) : NaN;
    if (Number.isFinite(t)) out[n++] = t;
  }
  return out.subarray(0, n);
}

/**
 * Where an entry stamped off the file's clock goes: at its first WebSocket frame or SSE event when
 * that is on the clock (the connection was open by then), else with the entry before it in the
 * file (exporters write entries in the order they started), else with the first one after it.
 */
function placeOutlier(
  raw: Json,
  times: EntryTimes,
  fence: TimeFence,
  before: { index: number; start: number } | null,
  entries: readonly unknown[],
): { times: EntryTimes; where: string } {
  for (const field of ['_webSocketMessages', '_eventSourceMessages']) {
    const list = raw[field];
    const first = Array.isArray(list) ? list.find((m) => isObject(m) && num(m['time']) !== undefined) : undefined;
    const t = isObject(first) ? num(first['time'])! * 1000 : NaN;
    if (inFence(fence, t)) return { times: { ...times, start: t }, where: `placed at its first ${field === '_webSocketMessages' ? 'WebSocket message' : 'event'}` };
  }
  if (before) return { times: { ...times, start: before.start }, where: `placed with entry ${before.index}, the one before it in the file` };
  for (let j = times.index + 1; j < entries.length; j++) {
    const e = entries[j];
    const sdt = isObject(e) ? e['startedDateTime'] : undefined;
    const t = typeof sdt === 'string' ? Date.parse(sdt) : NaN;
    if (inFence(fence, t) && Number.isFinite(t)) return { times: { ...times, start: t }, where: `placed with entry ${j}, the first after it in the file` };
  }
  return { times, where: 'left where it is' };
}

/** What HAR says `time` is: the sum of the timings that happened (not -1). */
function timingsSum(timings: unknown): number {
  if (!isObject(timings)) return 0;
  let ms = 0;
  for (const k of ['blocked', 'dns', 'connect', 'send', 'wait', 'receive']) ms += Math.max(0, num(timings[k]) ?? 0);
  return ms;
}

/** Chrome's `_resourceType`, else a guess; or the kind of load to skip. */
function transportOf(e: Json, request: Json): { transport: Transport; guessed: boolean } | { skip: string } {
  const type = e['_resourceType'];
  if (typeof type === 'string' && type !== '') {
    const t = TRANSPORTS[type.toLowerCase()];
    return t ? { transport: t, guessed: false } : { skip: str(type.toLowerCase(), 40)! };
  }
  const url = str(request['url']) ?? '';
  const frames = e['_webSocketMessages'];
  if (/^wss?:/i.test(url) || (Array.isArray(frames) && frames.length > 0)) return { transport: 'websocket', guessed: true };
  const response = isObject(e['response']) ? e['response'] : {};
  const content = isObject(response['content']) ? response['content'] : {};
  const mime = (str(content['mimeType']) ?? '').toLowerCase();
  const said = requestedLoad(request, url);
  const load = said === SCRIPT_REQUEST ? null : (said ?? loadKind(mime));
  return load ? { skip: load } : { transport: 'fetch', guessed: true };
}

/**
 * What the request itself says it loads, for files without `_resourceType` whose response does
 * not say (Fiddler and IE's 304s have an empty MIME type): `Sec-Fetch-Dest` when the browser sent
 * it ('empty' is fetch/XHR), else the `Accept` header browsers send for each kind of load, else the
 * URL's file extension. SCRIPT_REQUEST when the request says a script made it (an htmx poll's
 * HTML answer is still polling); null when it does not say.
 */
function requestedLoad(request: Json, url: string): string | null {
  const headers = Array.isArray(request['headers']) ? request['headers'] : [];
  const header = (name: string): string => {
    for (const h of headers) if (isObject(h) && typeof h['name'] === 'string' && h['name'].toLowerCase() === name) return (str(h['value']) ?? '').toLowerCase();
    return '';
  };
  const dest = header('sec-fetch-dest');
  if (dest !== '') return dest === 'empty' ? SCRIPT_REQUEST : (SEC_FETCH_DEST[dest] ?? dest.slice(0, 40));
  if (header('x-requested-with') === 'xmlhttprequest' || header('hx-request') === 'true') return SCRIPT_REQUEST;
  const accept = header('accept');
  // Navigations ask for HTML first; <link rel=stylesheet> for CSS first; <img> for images only.
  if (/^\s*(text\/html|application\/xhtml\+xml)/.test(accept)) return 'document';
  if (/^\s*text\/css/.test(accept)) return 'stylesheet';
  if (/^\s*image\//.test(accept) && !/json|xml|text/.test(accept.replace(/image\/svg\+xml/g, ''))) return 'image';
  if (/^\s*(application|text)\/(x-)?(java|ecma)script/.test(accept)) return 'script';
  if (accept !== '' && !/^\s*\*\/\*\s*(;|$)/.test(accept)) return null;
  // Accept: */* or none: the URL's extension decides (a script's fetch rarely asks for .js).
  const path = url.replace(/[?#].*$/, '').toLowerCase();
  const ext = /\.([a-z0-9]{1,6})$/.exec(path)?.[1] ?? '';
  return EXTENSION_LOAD[ext] ?? null;
}

const SCRIPT_REQUEST = 'fetch';

const SEC_FETCH_DEST: Readonly<Record<string, string>> = {
  document: 'document',
  iframe: 'document',
  frame: 'document',
  style: 'stylesheet',
  script: 'script',
  worker: 'script',
  sharedworker: 'script',
  serviceworker: 'script',
  image: 'image',
  font: 'font',
  audio: 'media',
  video: 'media',
  track: 'media',
  manifest: 'manifest',
};

const EXTENSION_LOAD: Readonly<Record<string, string>> = {
  html: 'document',
  htm: 'document',
  css: 'stylesheet',
  js: 'script',
  mjs: 'script',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  webp: 'image',
  avif: 'image',
  svg: 'image',
  ico: 'image',
  woff: 'font',
  woff2: 'font',
  ttf: 'font',
  otf: 'font',
  mp4: 'media',
  webm: 'media',
  mp3: 'media',
  wasm: 'wasm',
};

/** MIME types a page loads as a document or subresource rather than by script. */
function loadKind(mime: string): string | null {
  if (mime.startsWith('text/html') || mime.startsWith('application/xhtml')) return 'document';
  if (mime.startsWith('text/css')) return 'stylesheet';
  if (/javascript|ecmascript/.test(mime)) return 'script';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('font/') || /font-(woff|ttf|otf)|x-font/.test(mime)) return 'font';
  if (mime.startsWith('audio/') || mime.startsWith('video/')) return 'media';
  if (mime.startsWith('application/wasm')) return 'wasm';
  return null;
}

/* ------------------------------------------------------------------ sources */

interface Conn {
  /** Index in `log.entries`. */
  readonly entry: number;
  readonly events: ConnEvent[];
  readonly ours: boolean;
}

interface Slot {
  readonly id: string | null;
  readonly title: string | null;
  /** The page's start (epoch ms), when it has a valid one. */
  readonly start: number | null;
  /** Our page field, when valid. */
  ours: { readonly info: SourceInfo; readonly events: PageEvent[]; readonly order: number[] } | null;
  readonly conns: Conn[];
}

function newSlot(id: string | null, title: string | null, start: number | null): Slot {
  return { id, title, start, ours: null, conns: [] };
}

function readPages(raw: unknown, warnings: Warnings): Map<string, Slot> {
  const slots = new Map<string, Slot>();
  if (raw === undefined) return slots;
  if (!Array.isArray(raw)) {
    warnings.add(`log.pages is ${kindOf(raw)}, not a list; entries read without their pages`);
    return slots;
  }
  raw.forEach((p, i) => {
    if (!isObject(p)) return;
    const id = str(p['id'], FIELD_CAP);
    if (id === undefined || slots.has(id)) return;
    const started = typeof p['startedDateTime'] === 'string' ? Date.parse(p['startedDateTime']) : NaN;
    const slot = newSlot(id, str(p['title'], FIELD_CAP) ?? null, Number.isFinite(started) ? started : null);
    if (p['_polltergeist'] !== undefined) {
      const ours = ourPage(p['_polltergeist']);
      if (typeof ours === 'string') warnings.add(`page ${i} (${shown(id)}): its _polltergeist field is damaged (${ours}); read as a plain HAR page`);
      else slot.ours = ours;
    }
    slots.set(id, slot);
  });
  return slots;
}

function ourPage(x: unknown): Slot['ours'] | string {
  if (!isObject(x)) return 'it is not an object';
  if (x['v'] !== PG_FORMAT) return `format ${shown(x['v'])} is not ${PG_FORMAT}`;
  const sourceId = str(x['sourceId'], FIELD_CAP);
  const frameId = num(x['frameId']);
  const url = str(x['url'], FIELD_CAP * 4);
  const top = bool(x['top']);
  if (sourceId === undefined || frameId === undefined || url === undefined || top === undefined) return 'its source is malformed';
  const rawEvents = x['events'];
  const rawOrder = x['order'];
  if (!Array.isArray(rawEvents) || !Array.isArray(rawOrder)) return 'events or order is not a list';
  const events: PageEvent[] = [];
  for (const e of rawEvents) {
    if (!isObject(e)) return 'a page event is malformed';
    const t = num(e['t']);
    const eventUrl = str(e['url'], FIELD_CAP * 4);
    const eventTop = bool(e['top']);
    const visibility = e['visibility'];
    const reason = e['reason'];
    if (t === undefined || eventUrl === undefined || eventTop === undefined) return 'a page event is malformed';
    if (typeof visibility !== 'string' || !VISIBILITY.has(visibility) || typeof reason !== 'string' || !REASONS.has(reason)) {
      return 'a page event is malformed';
    }
    events.push({
      kind: 'page',
      t,
      url: eventUrl,
      top: eventTop,
      visibility: visibility as PageEvent['visibility'],
      reason: reason as PageEvent['reason'],
    });
  }
  const order: number[] = [];
  for (const n of rawOrder) {
    if (typeof n !== 'number' || !Number.isInteger(n)) return 'order is malformed';
    order.push(n);
  }
  return { info: { sourceId, frameId, url, top }, events, order };
}

function sourceOf(slot: Slot, n: number): SourceInfo {
  if (slot.ours) return slot.ours.info;
  // Chrome titles a page with its URL until the document has a title.
  const url = slot.title && /^(https?|file):/i.test(slot.title) ? slot.title : '';
  return { sourceId: slot.id === null ? 'har' : `har:${slot.id}`, frameId: 0, url, top: n === 0 || slot.id !== null };
}

/** The source's events: in their captured order when our page field says it, else merged by time. */
function eventsOf(slot: Slot, warnings: Warnings): CaptureEvent[] {
  const pageEvents = slot.ours?.events ?? [];
  if (slot.ours && slot.conns.every((c) => c.ours)) {
    const replayed = replay(slot.ours.order, pageEvents, slot.conns);
    if (replayed) return replayed;
    warnings.add(`page ${shown(slot.id)}: the stored event order does not match its entries; events merged by time`);
  }
  return mergeByTime([pageEvents, ...slot.conns.map((c) => c.events)]);
}

function replay(order: readonly number[], pageEvents: readonly PageEvent[], conns: readonly Conn[]): CaptureEvent[] | null {
  if (order.length % 2) return null;
  const byEntry = new Map(conns.map((c) => [c.entry, c.events]));
  const taken = new Map<number, number>();
  let pageTaken = 0;
  const out: CaptureEvent[] = [];
  for (let k = 0; k < order.length; k += 2) {
    const index = order[k]!;
    const n = order[k + 1]!;
    if (n <= 0) return null;
    const list: readonly CaptureEvent[] | undefined = index === -1 ? pageEvents : byEntry.get(index);
    if (!list) return null;
    const from = index === -1 ? pageTaken : (taken.get(index) ?? 0);
    if (from + n > list.length) return null;
    for (let j = from; j < from + n; j++) out.push(list[j]!);
    if (index === -1) pageTaken += n;
    else taken.set(index, from + n);
  }
  if (pageTaken !== pageEvents.length) return null;
  for (const c of conns) if ((taken.get(c.entry) ?? 0) !== c.events.length) return null;
  return out;
}

/**
 * Several event lists into one, in time order. Each list keeps its own order (its sort key is the
 * running maximum of its times); equal keys go in list order.
 */
function mergeByTime(lists: readonly (readonly CaptureEvent[])[]): CaptureEvent[] {
  const items: { key: number; list: number; index: number; e: CaptureEvent }[] = [];
  lists.forEach((list, li) => {
    let key = -Infinity;
    list.forEach((e, index) => {
      if (e.t > key) key = e.t;
      items.push({ key, list: li, index, e });
    });
  });
  items.sort((a, b) => a.key - b.key || a.list - b.list || a.index - b.index);
  return items.map((x) => x.e);
}
