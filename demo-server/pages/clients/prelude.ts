/**
 * Helpers shared by every page script: knob parsing from the page's own query string, building
 * API URLs that forward those knobs, and a bounded live log written with textContent only (so
 * nothing a server or query string says can ever become markup).
 * Client code is ES5-style and avoids template literals so it can sit inside String.raw.
 */
export const CLIENT_PRELUDE = String.raw`
'use strict';
var PAGE_QUERY = new URLSearchParams(location.search);

/** Number knob from the page URL; NaN or missing -> def, else clamped to [min, max]. */
function knob(name, def, min, max) {
  var raw = PAGE_QUERY.get(name);
  var value = raw === null || raw.trim() === '' ? NaN : Number(raw);
  if (!isFinite(value)) return def;
  return Math.min(max, Math.max(min, value));
}

/** "1"/"0" style flag from the page URL. */
function flag(name, def) {
  var raw = PAGE_QUERY.get(name);
  if (raw === null) return def;
  return raw === '1' || raw === 'true';
}

/** path + the page's own query string (knobs pass through) + per-call overrides. */
function apiUrl(path, overrides) {
  var params = new URLSearchParams(location.search);
  if (overrides) {
    Object.keys(overrides).forEach(function (key) { params.set(key, String(overrides[key])); });
  }
  var qs = params.toString();
  return qs ? path + '?' + qs : path;
}

/** Returns log(kind, text) that keeps the newest 20 lines of the list with the given id. */
function makeLog(listId) {
  var list = document.getElementById(listId);
  var max = 20;
  return function log(kind, text) {
    var item = document.createElement('li');
    item.textContent = new Date().toLocaleTimeString() + '  [' + kind + ']  ' + text;
    list.insertBefore(item, list.firstChild);
    while (list.children.length > max) list.removeChild(list.lastChild);
  };
}

function preview(text) {
  text = String(text);
  return text.length > 160 ? text.slice(0, 160) + '...' : text;
}

function hexBytes(buffer) {
  var bytes = new Uint8Array(buffer);
  var parts = [];
  for (var i = 0; i < Math.min(bytes.length, 16); i++) parts.push((bytes[i] < 16 ? '0' : '') + bytes[i].toString(16));
  return parts.join(' ');
}
`;
