/**
 * Which HAR entries are traffic a live capture would see (fetch, XHR, EventSource, WebSocket) and
 * which are the page's own loads, skipped: by Chrome's `_resourceType`, else by what the request
 * and the response say (docs/har.md, "Which entries are traffic").
 */
import type { Transport } from '../protocol';
import { isObject, str, type Json } from './fields';

const TRANSPORTS: Readonly<Record<string, Transport>> = {
  fetch: 'fetch',
  xhr: 'xhr',
  eventsource: 'eventsource',
  websocket: 'websocket',
};

/** Chrome's `_resourceType`, else a guess; or the kind of load to skip. */
export function transportOf(e: Json, request: Json): { transport: Transport; guessed: boolean } | { skip: string } {
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
