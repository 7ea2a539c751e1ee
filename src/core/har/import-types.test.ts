import { describe, expect, it } from 'vitest';
import { analyze } from '../report/report';
import { fromHar } from './import';
import { harOf } from './test-entries';

const START = Date.UTC(2026, 2, 3, 8, 0, 0);

/**
 * An entry as Fiddler (and IE's F12 tools) write it: no `_resourceType`, and a 304 answer with an
 * empty MIME type, so only the request says what was loaded.
 */
function fiddlerEntry(url: string, at: number, accept: string | null, o: { status?: number; mime?: string; headers?: [string, string][] } = {}) {
  const headers = [...(accept === null ? [] : [['Accept', accept] as [string, string]]), ['User-Agent', 'Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0)'] as [string, string], ...(o.headers ?? [])];
  return {
    startedDateTime: new Date(START + at).toISOString(),
    time: 15,
    request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: headers.map(([name, value]) => ({ name, value })), queryString: [], cookies: [], headersSize: 320, bodySize: 0 },
    response: { status: o.status ?? 304, statusText: 'Not Modified', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: o.mime ?? '' }, redirectURL: '', headersSize: 160, bodySize: 0 },
    cache: {},
    timings: { blocked: 0, dns: -1, connect: -1, send: 0, wait: 14, receive: 1, ssl: -1 },
  };
}

describe('fromHar: what an entry without _resourceType loaded', () => {
  const loads = [
    fiddlerEntry('https://shop.example/', 0, 'text/html, application/xhtml+xml, image/jxr, */*'),
    fiddlerEntry('https://shop.example/site.css', 40, 'text/css, */*'),
    fiddlerEntry('https://shop.example/app.js?v=3', 50, 'application/javascript, */*;q=0.8'),
    fiddlerEntry('https://shop.example/vendor.js', 55, '*/*'),
    fiddlerEntry('https://shop.example/logo', 60, 'image/png, image/svg+xml, image/*;q=0.8, */*;q=0.5'),
    fiddlerEntry('https://shop.example/fonts/a.woff2', 70, null),
    fiddlerEntry('https://shop.example/next', 80, 'text/html', { headers: [['Sec-Fetch-Dest', 'iframe']] }),
  ];
  const polls = Array.from({ length: 6 }, (_, i) => fiddlerEntry('https://shop.example/api/cart', 1000 + i * 2000, 'application/json, text/plain, */*'));
  const htmx = Array.from({ length: 6 }, (_, i) =>
    fiddlerEntry('https://shop.example/fragments/stock', 1500 + i * 2000, 'text/html, */*', { status: 200, mime: 'text/html', headers: [['HX-Request', 'true']] }),
  );
  const { sources, warnings } = fromHar(harOf([...loads, ...polls, ...htmx].sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime))));
  const report = analyze(sources);

  it("skips the page's own loads by the request's Accept header, Sec-Fetch-Dest or URL, and says which", () => {
    expect(report.channels.map((c) => c.template).sort()).toEqual(['/api/cart', '/fragments/stock']);
    expect(warnings).toContain(
      "skipped 7 entries that are not fetch, XHR, EventSource or WebSocket traffic (document 2, stylesheet 1, script 2, image 1, font 1): the page's own loads are invisible to a live capture too",
    );
  });

  it("keeps a script's requests as fetch channels, including 304s without a MIME type and an htmx poll's HTML", () => {
    expect(report.channels.find((c) => c.template === '/api/cart')).toMatchObject({ transport: 'fetch', requests: 6, pattern: 'polling' });
    expect(report.channels.find((c) => c.template === '/fragments/stock')).toMatchObject({ transport: 'fetch', requests: 6, pattern: 'polling' });
  });
});
