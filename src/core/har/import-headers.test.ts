import { describe, expect, it } from 'vitest';
import { analyze } from '../report/report';
import { toHar } from './export';
import { fromHar } from './import';
import { harOf } from './test-entries';

const START = Date.UTC(2026, 4, 2, 12, 0, 0);

/** A poll as a proxy or a sanitising tool writes it: maybe no headers at all, and headersSize -1. */
function poll(i: number, headers: { name: string; value: string }[]) {
  return {
    _resourceType: 'xhr',
    startedDateTime: new Date(START + i * 1000).toISOString(),
    time: 20,
    request: { method: 'GET', url: 'https://api.example/v2/ping', httpVersion: 'HTTP/1.1', headers, queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: headers.length ? [{ name: 'Content-Type', value: 'application/json' }, { name: 'X-Trace', value: 'a'.repeat(300) }] : [],
      cookies: [],
      content: { size: 2, mimeType: 'application/json', text: `${i % 10}` },
      redirectURL: '',
      headersSize: -1,
      bodySize: 2,
    },
    cache: {},
    timings: { send: 0, wait: 19, receive: 1 },
  };
}

const WITH = [
  { name: 'Accept', value: 'application/json' },
  { name: 'Authorization', value: 'Bearer ' + 'x'.repeat(400) },
];

describe('fromHar: header bytes that are not in the file', () => {
  it('are unknown: no header-overhead finding and no header medians from entries without headers or headersSize', () => {
    const report = analyze(fromHar(harOf(Array.from({ length: 12 }, (_, i) => poll(i, [])))).sources);
    expect(report.channels[0]).toMatchObject({ requests: 12, pattern: 'polling' });
    expect(report.findings.map((f) => f.rule)).not.toContain('header-overhead');
  });

  it('are still measured, and judged, where the file lists them', () => {
    const report = analyze(fromHar(harOf(Array.from({ length: 12 }, (_, i) => poll(i, WITH)))).sources);
    expect(report.findings.map((f) => f.rule)).toContain('header-overhead');
  });

  it('stay unknown through our own export and import', () => {
    const first = fromHar(harOf(Array.from({ length: 12 }, (_, i) => poll(i, []))));
    const again = fromHar(JSON.stringify(toHar({ sources: first.sources, creatorVersion: '0.1.0' })));
    expect(again.sources).toEqual(first.sources);
    expect(analyze(again.sources).findings.map((f) => f.rule)).not.toContain('header-overhead');
  });
});
