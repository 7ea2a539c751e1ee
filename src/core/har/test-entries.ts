/**
 * HAR entries shaped like other tools' exports, for the import tests: a Chrome DevTools entry
 * (with the fields Chrome writes) and a file around entries.
 */

export const PAGE_START = Date.UTC(2026, 0, 15, 10, 0, 0);

export function chromeEntry(o: {
  type: string;
  url: string;
  at: number;
  time?: number;
  mime?: string;
  text?: string;
  status?: number;
  extra?: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    _initiator: { type: 'script' },
    _priority: 'High',
    _resourceType: o.type,
    cache: {},
    connection: '123',
    pageref: 'page_1',
    request: {
      method: 'GET',
      url: o.url,
      httpVersion: 'http/2.0',
      headers: [
        { name: ':authority', value: 'api.example' },
        { name: ':method', value: 'GET' },
        { name: 'accept', value: 'application/json' },
        { name: 'cookie', value: 'sid=secret' },
        { name: 'user-agent', value: 'Mozilla/5.0' },
      ],
      queryString: [],
      cookies: [{ name: 'sid', value: 'secret' }],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: o.status ?? 200,
      statusText: '',
      httpVersion: 'http/2.0',
      headers: [
        { name: 'content-type', value: o.mime ?? 'application/json' },
        { name: 'set-cookie', value: 'sid=secret' },
      ],
      cookies: [],
      content: { size: o.text?.length ?? 0, mimeType: (o.mime ?? 'application/json').split(';')[0], ...(o.text === undefined ? {} : { text: o.text }) },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      _transferSize: 300,
      _error: null,
    },
    serverIPAddress: '127.0.0.1',
    startedDateTime: new Date(PAGE_START + o.at).toISOString(),
    time: o.time ?? 12,
    timings: { blocked: 0.5, dns: -1, ssl: -1, connect: -1, send: 0.2, wait: 10, receive: 1.3, _blocked_queueing: 0.4 },
    ...o.extra,
  };
}

export const CHROME_PAGE = [{ startedDateTime: new Date(PAGE_START).toISOString(), id: 'page_1', title: 'https://app.example/', pageTimings: { onContentLoad: 120, onLoad: 300 } }];

export function harOf(entries: unknown[], pages?: unknown[]): string {
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages, entries } });
}
