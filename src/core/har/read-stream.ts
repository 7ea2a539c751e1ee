/**
 * A HAR read from its bytes as they arrive (a file stream, a gunzip stream, a browser File's
 * stream): the scanner finds each entry, the one entry reader turns it into events, and the sink
 * gets them in time order, a window behind the entries. Memory holds one chunk, one entry and the
 * events still in play, not the file.
 *
 * A file this cannot read entry by entry (another shape, entries far out of time order, pages
 * after entries, bytes that break JSON) throws ReadWhole or ScanError: the caller then reads it
 * whole with `fromHar`, which also words every error about a broken file.
 */
import { HarScanner } from './json-scan';
import { HarReader, type HarReadResult, type HarSink } from './reader';

/** Events wait this long behind the latest entry start before they go on: entries that exporters write a little out of order still merge exactly. */
export const STREAM_WINDOW_MS = 60_000;

export interface StreamOptions {
  readonly window?: number;
  /** Called after each chunk with the bytes read so far. */
  readonly progress?: (bytes: number) => void | Promise<void>;
}

export async function readHarStream(chunks: AsyncIterable<Uint8Array>, sink: HarSink, opts: StreamOptions = {}): Promise<HarReadResult> {
  const reader = new HarReader(sink, { window: opts.window ?? STREAM_WINDOW_MS });
  const scanner = new HarScanner(reader);
  for await (const chunk of chunks) {
    scanner.push(chunk);
    await opts.progress?.(scanner.offset);
  }
  scanner.end();
  return reader.finish();
}

/** The same from bytes already in memory, in chunks of `chunkSize` (tests, small files). */
export function readHarBytes(bytes: Uint8Array, sink: HarSink, chunkSize = 1 << 20, window = STREAM_WINDOW_MS): HarReadResult {
  const reader = new HarReader(sink, { window });
  const scanner = new HarScanner(reader);
  for (let i = 0; i < bytes.length; i += chunkSize) scanner.push(bytes.subarray(i, i + chunkSize));
  scanner.end();
  return reader.finish();
}
