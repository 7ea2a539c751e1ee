import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { harText } from './har-file';

const HAR = JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [] } });

it('reads a HAR file as text, and a gzip-compressed one (by its magic bytes) decompressed', async () => {
  expect(await harText(new Blob([HAR]))).toBe(HAR);
  expect(await harText(new Blob([gzipSync(HAR)]))).toBe(HAR);
});

it('names a gzip-compressed file that does not decompress', async () => {
  await expect(harText(new Blob([gzipSync(HAR).subarray(0, 20)]))).rejects.toThrow(/^it is gzip-compressed, but it does not decompress: /);
});
