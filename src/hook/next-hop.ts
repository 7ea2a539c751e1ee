import { natives, safely } from './natives';
import { disconnectObserver, entriesByType, entryName, entryNextHopProtocol, navigationEntry, observeEntries, observedEntries } from './platform';

/**
 * The HTTP protocol (`nextHopProtocol`: 'http/1.1', 'h2', 'h3') per origin, for ResponseEvent.protocol.
 *
 * A fetch or XHR gets its own resource timing entry only once its body has completed, too late for
 * the requests this matters most for (event streams, long-polls, streams: the connection-limit
 * diagnosis). So we learn it per origin instead, from the document's navigation entry at install and,
 * while a panel is attached, from every resource entry (images, scripts, finished requests): those
 * in the buffer when it attaches, then those a PerformanceObserver reports. Each request gets the
 * protocol last seen for its origin.
 *
 * Invisible to the page: an observer of our own receives copies of the entries, and the page's
 * buffer is only read (never cleared, never resized). Cross-origin entries without
 * Timing-Allow-Origin report '' and teach nothing.
 */

/** Origins remembered; the least recently learned is forgotten first. */
export const MAX_ORIGINS = 64;

/**
 * `scheme://host[:port]` of an absolute http(s) URL by slicing, or '' for anything else. Meant for
 * serialized URLs (URL.href, Response.url, responseURL, PerformanceEntry.name), whose host is
 * already lowercase and whose default port is already dropped; no `new URL` per request.
 */
export function originOf(url: string): string {
  let start: number;
  if (url.startsWith('https://')) start = 8;
  else if (url.startsWith('http://')) start = 7;
  else return '';
  let end = start;
  for (; end < url.length; end++) {
    const c = url.charCodeAt(end);
    if (c === 0x2f /* / */ || c === 0x3f /* ? */ || c === 0x23 /* # */) break;
  }
  // user:password@ is part of the authority, not of the origin.
  const at = url.lastIndexOf('@', end - 1);
  const hostStart = at >= start ? at + 1 : start;
  return hostStart < end ? url.slice(0, start) + url.slice(hostStart, end) : '';
}

/**
 * True when `url` is on `origin` (as originOf would say), by one prefix comparison: the origin must
 * be followed by the path, query or fragment, or nothing ('http://a.test' is not the origin of
 * 'http://a.test:8080/' or 'http://a.test.evil/').
 */
export function onOrigin(url: string, origin: string): boolean {
  if (origin === '' || !url.startsWith(origin)) return false;
  if (url.length === origin.length) return true;
  const c = url.charCodeAt(origin.length);
  return c === 0x2f /* / */ || c === 0x3f /* ? */ || c === 0x23 /* # */;
}

/**
 * origin -> protocol, bounded; what was learned least recently goes first.
 *
 * Both calls run once per request (learn from its resource entry, lookup for its response), cold,
 * between network waits: the usual run of one origin is answered by a prefix comparison against
 * the last origin seen, without slicing the URL or touching the Map.
 */
export class ProtocolTable {
  private readonly map = new Map<string, string>();
  /** The origin learned last, and its protocol: still in the map (eviction takes the oldest). */
  private last = '';
  private lastProtocol = '';
  /** Bumped on every change to the map: a remembered lookup is good while it has not moved. */
  private version = 0;
  private hit = { origin: '', protocol: '', version: -1 };

  constructor(private readonly max = MAX_ORIGINS) {}

  get size(): number {
    return this.map.size;
  }

  /** Records the protocol an entry for `url` reported. Empty or non-string protocols teach nothing. */
  learn(url: unknown, protocol: unknown): void {
    if (typeof url !== 'string' || typeof protocol !== 'string' || protocol === '') return;
    if (protocol === this.lastProtocol && onOrigin(url, this.last)) return;
    const origin = originOf(url);
    if (origin === '') return;
    const map = this.map;
    this.last = origin;
    this.lastProtocol = protocol;
    const known = map.get(origin);
    // Delete-then-set moves the origin to the newest end, so eviction is least-recently-learned.
    if (known !== undefined) map.delete(origin);
    else if (map.size >= this.max) {
      const oldest = map.keys().next();
      if (!oldest.done) map.delete(oldest.value);
    }
    map.set(origin, protocol);
    // A new origin (maybe evicting one) or a new protocol: what lookup remembered may be stale.
    if (known !== protocol) this.version++;
  }

  /** The protocol known for the origin of `url`, else for that of `fallback`, else ''. */
  lookup(url: string, fallback = ''): string {
    const hit = this.hit;
    if (hit.version === this.version && onOrigin(url, hit.origin)) return hit.protocol;
    const origin = originOf(url);
    const protocol = this.map.get(origin);
    if (protocol === undefined) return this.map.get(originOf(fallback)) ?? '';
    this.hit = { origin, protocol, version: this.version };
    return protocol;
  }
}

const table = new ProtocolTable();
/** Held so the observer's lifetime is plainly ours (an observing observer is kept alive anyway). */
let observer: PerformanceObserver | undefined;

function learnFrom(entry: PerformanceEntry | undefined): void {
  if (entry) table.learn(entryName(entry), entryNextHopProtocol(entry));
}

/**
 * Called from the observer's task: whatever happens here must never reach the page, whose own
 * observers run in the same task (an exception would be reported as the page's error).
 */
function onEntries(list: PerformanceObserverEntryList): void {
  try {
    const entries = observedEntries(list);
    for (let i = 0; i < entries.length; i++) learnFrom(entries[i]);
  } catch {
    /* an entry we cannot read teaches nothing */
  }
}

/** At install, before any page script: the document's own origin. Silent where anything is missing. */
export function watchProtocols(): void {
  safely(() => learnFrom(navigationEntry()));
}

/**
 * Learning from every resource entry costs each request a task of the observer's in the page (in-page
 * A/B: ~45 µs a fetch in Firefox), so it runs only while a panel is attached. On attach the buffer's
 * entries so far (read, not changed) teach what the detached time would have; the ring's events,
 * described after this, then carry those protocols too.
 */
export function observeProtocols(on: boolean): void {
  if (!on) {
    const o = observer;
    observer = undefined;
    if (o) safely(() => disconnectObserver(o));
    return;
  }
  if (observer) return;
  safely(() => {
    const entries = entriesByType('resource');
    for (let i = 0; i < entries.length; i++) learnFrom(entries[i]);
  });
  safely(() => {
    const PO = natives.PerformanceObserver;
    if (typeof PO !== 'function') return;
    const o = natives.construct(PO, [onEntries]) as PerformanceObserver;
    // buffered: false (the default): the buffer was read just above.
    observeEntries(o, { type: 'resource' });
    observer = o;
  });
}

/** The protocol known for the origin of `url` (then of `fallback`), '' if none is known. */
export function protocolFor(url: string, fallback = ''): string {
  return safely(() => table.lookup(url, fallback)) ?? '';
}
