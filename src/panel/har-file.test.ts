import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { CHROME_PAGE, chromeEntry, harOf } from '../core/har/test-entries';
import { ImportCancelled, harText, importHarFile } from './har-file';
import { PanelSession } from './session';
import type { PanelTransport } from './transport';

const HAR = JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [] } });

it('reads a HAR file as text, and a gzip-compressed one (by its magic bytes) decompressed', async () => {
  expect(await harText(new Blob([HAR]))).toBe(HAR);
  expect(await harText(new Blob([gzipSync(HAR)]))).toBe(HAR);
});

it('names a gzip-compressed file that does not decompress', async () => {
  await expect(harText(new Blob([gzipSync(HAR).subarray(0, 20)]))).rejects.toThrow(/^it is gzip-compressed, but it does not decompress: /);
});

const quiet: PanelTransport = { start: () => undefined, send: () => undefined };
const file = (parts: BlobPart[], name: string) => Object.assign(new Blob(parts), { name });
const POLLS = harOf(
  Array.from({ length: 300 }, (_, i) => chromeEntry({ type: 'fetch', url: `https://api.example/p${i % 3}`, at: i * 700, text: `{"i":${i % 5}}` })),
  CHROME_PAGE,
);

it('streams a file (plain or gzip) into the panel as the whole-file import would show it, reporting progress', async () => {
  const whole = new PanelSession(quiet, 1, () => undefined);
  whole.importHar('a.har', POLLS);
  for (const bytes of [POLLS, gzipSync(POLLS)]) {
    const s = new PanelSession(quiet, 1, () => undefined);
    const progress: number[] = [];
    await importHarFile(s, file([bytes], 'a.har'), (f) => progress.push(f));
    expect(s.imported).toEqual(whole.imported);
    expect(s.classifier.channels()).toEqual(whole.classifier.channels());
    expect(s.store.count).toBe(whole.store.count);
    for (const f of progress) expect(f).toBeGreaterThanOrEqual(0);
  }
});

it('keeps the current view when the file is not a HAR, or its gzip is cut, or the import is cancelled', async () => {
  const s = new PanelSession(quiet, 1, () => undefined);
  s.importHar('first.har', POLLS);
  const before = s.classifier.channels();
  await expect(importHarFile(s, file(['{"log":{"version":"1.2"}}'], 'b.har'), () => undefined)).rejects.toThrow('"log.entries" is missing');
  await expect(importHarFile(s, file([gzipSync(POLLS).subarray(0, 200)], 'c.har.gz'), () => undefined)).rejects.toThrow(/^it is gzip-compressed, but it does not decompress/);
  const abort = new AbortController();
  abort.abort();
  // Cancelled at its first yield: a file big enough to need one.
  const big = harOf(Array.from({ length: 20_000 }, (_, i) => chromeEntry({ type: 'fetch', url: `https://api.example/q${i % 3}`, at: i * 10 })), CHROME_PAGE);
  await expect(importHarFile(s, file([big], 'd.har'), () => undefined, abort.signal)).rejects.toThrow(ImportCancelled);
  expect(s.imported?.name).toBe('first.har');
  expect(s.classifier.channels()).toEqual(before);
});
