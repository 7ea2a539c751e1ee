/**
 * From a request URL to the endpoint it belongs to: origin + path template + the query keys whose
 * values stay put. Hand-rolled rather than `new URL` because it runs for every request (cache
 * busters make almost every URL unique, so caching by URL does not help) and must stay well under
 * a microsecond.
 */

export interface Endpoint {
  /** `scheme://host[:port]`, lower-cased; '' when the URL is not absolute. */
  readonly origin: string;
  /** `host[:port]` without the scheme, so `ws://h` and `http://h` can be tied together. */
  readonly host: string;
  /** Path with ids replaced by `:id`, then `?` and the stable query pairs sorted by key. */
  readonly template: string;
  /** Query keys ignored because their values vary per request (cache busters, counters, sessions). */
  readonly volatileKeys: readonly string[];
  /** Values that identify a session (Engine.IO `sid`, SignalR `id`, a SockJS path segment). */
  readonly sessionTokens: readonly string[];
}

/** Keys that are volatile whatever their value looks like: cache busters, cursors, sessions. */
const VOLATILE_KEYS: ReadonlySet<string> = new Set([
  '_', 't', 'ts', 'tm', 'time', 'timestamp', 'cb', 'cachebust', 'cachebuster', 'cache_buster', 'nocache',
  'nc', 'rnd', 'rand', 'random', 'r', 'nonce', 'since', 'since_id', 'after', 'before', 'cursor', 'offset',
  'seq', 'last', 'lasteventid', 'last_event_id', 'last-event-id', 'sid', 'session', 'sessionid', 'session_id',
  'connectiontoken', 'connection_token', 'connectionid', 'connection_id',
]);

/** Keys whose value names a transport session shared across transports. */
const SESSION_KEYS: ReadonlySet<string> = new Set([
  'sid', 'session', 'sessionid', 'session_id', 'connectiontoken', 'connection_token', 'connectionid',
  'connection_id', 'id',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^-?\d+(\.\d+)?$/;
const HEX = /^[0-9a-f]{8,}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}(:|%3A)\d{2})?/i;

/** A random-looking token: long, and mixing letters and digits the way generated ids do. */
function isToken(s: string): boolean {
  if (s.length < 8) return false;
  let digits = 0;
  let letters = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
    else if (c !== 95 && c !== 45 && c !== 126) return false; // _ - ~
  }
  if (s.length >= 20) return digits >= 1 && letters >= 1;
  return digits >= 2 && letters >= 2;
}

/** A path segment that names one item rather than an endpoint: `/items/42`, `/u/0f3a9c1e…`. */
export function isIdSegment(seg: string): boolean {
  if (!seg) return false;
  const c = seg.charCodeAt(0);
  if (c >= 48 && c <= 57 && NUMBER.test(seg)) return true;
  if (UUID.test(seg)) return true;
  if (HEX.test(seg) && /\d/.test(seg)) return true;
  return isToken(seg);
}

/** A query value that changes per request or per session, so it must not split a channel. */
export function isVolatileValue(v: string): boolean {
  if (!v) return false;
  return isNumber(v) || UUID.test(v) || ISO_TIME.test(v) || (HEX.test(v) && /\d/.test(v)) || isToken(v);
}

export function parseEndpoint(url: string): Endpoint {
  let rest = url;
  const hashAt = rest.indexOf('#');
  if (hashAt >= 0) rest = rest.slice(0, hashAt);
  let origin = '';
  let host = '';
  const schemeEnd = rest.indexOf('://');
  if (schemeEnd > 0 && schemeEnd < 10) {
    const pathStart = firstOf(rest, '/?', schemeEnd + 3);
    origin = rest.slice(0, pathStart).toLowerCase();
    host = origin.slice(schemeEnd + 3);
    rest = rest.slice(pathStart);
  }
  const qAt = rest.indexOf('?');
  const path = qAt >= 0 ? rest.slice(0, qAt) : rest;
  const query = qAt >= 0 ? rest.slice(qAt + 1) : '';

  const p = templatePath(path);
  const sessionTokens: string[] = p.tokens.slice();
  let template = p.template;

  const volatileKeys: string[] = [];
  if (query) {
    const stable: string[] = [];
    for (const pair of query.split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const key = eq >= 0 ? pair.slice(0, eq) : pair;
      const value = eq >= 0 ? pair.slice(eq + 1) : '';
      const lower = key.toLowerCase();
      if (VOLATILE_KEYS.has(lower) || isVolatileValue(value)) {
        if (!volatileKeys.includes(key)) volatileKeys.push(key);
        if (SESSION_KEYS.has(lower) && value.length >= 6 && !isNumber(value)) sessionTokens.push(value);
      } else {
        stable.push(pair);
      }
    }
    if (stable.length === 1) template += '?' + stable[0]!;
    else if (stable.length) template += '?' + stable.sort().join('&');
  }
  return { origin, host, template, volatileKeys, sessionTokens };
}

interface PathTemplate {
  readonly template: string;
  readonly tokens: readonly string[];
}

/** Paths repeat far more than URLs (query strings carry the cache busters): remember the last few thousand. */
const pathCache = new Map<string, PathTemplate>();
const PATH_CACHE_MAX = 4096;

function templatePath(path: string): PathTemplate {
  let hit = pathCache.get(path);
  if (hit) return hit;
  const tokens: string[] = [];
  const segs = path.split('/');
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (isIdSegment(s)) {
      // Random non-numeric segments (SockJS `/123/abc9x7yz/websocket`) can tie transports.
      if (!NUMBER.test(s)) tokens.push(s);
      segs[i] = ':id';
    }
  }
  hit = { template: segs.join('/') || '/', tokens };
  if (pathCache.size >= PATH_CACHE_MAX) pathCache.clear();
  pathCache.set(path, hit);
  return hit;
}

/** `NUMBER.test` without the regex: query values are mostly timestamps and counters. */
function isNumber(v: string): boolean {
  let i = v.charCodeAt(0) === 45 ? 1 : 0;
  if (i >= v.length) return false;
  let dot = false;
  for (; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 46 && !dot && i > 0) dot = true;
    else if (c < 48 || c > 57) return false;
  }
  return v.charCodeAt(v.length - 1) !== 46;
}

function firstOf(s: string, chars: string, from: number): number {
  for (let i = from; i < s.length; i++) if (chars.includes(s[i]!)) return i;
  return s.length;
}
