import { HarError } from '../core/har/har-error';
import { ScanError } from '../core/har/json-scan';
import { ReadWhole } from '../core/har/reader';
import { isGzip } from '../core/text/bytes';
import type { PanelSession } from './session';

/**
 * The text of a HAR file picked or dropped on the panel. A gzip-compressed one (its magic bytes
 * decide, not its name: `.har.gz`, or a HAR saved compressed) is decompressed first, with the
 * browser's own DecompressionStream (Chromium 80+, Firefox 113+).
 */
export async function harText(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!isGzip(bytes)) return new TextDecoder().decode(bytes);
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return await new Response(stream).text();
  } catch (e) {
    throw gzipError(e);
  }
}

/** The import was cancelled by the user: nothing changed. */
export class ImportCancelled extends Error {
  override readonly name = 'ImportCancelled';
}

/** Longest stretch of import work before the panel gets to paint and handle input. */
const SLICE_MS = 25;

/**
 * Imports a picked or dropped HAR file into the session without freezing the panel: the file is
 * streamed (gunzipped on the fly) through the HAR scanner in the browser's chunks, and every
 * SLICE_MS the work yields to the event loop, reporting how much of the file is read (0..1).
 * `signal` cancels between chunks (ImportCancelled; the view is unchanged). A file the stream
 * cannot read entry by entry is read whole (`harText` + `importHar`).
 */
export async function importHarFile(session: PanelSession, file: Blob & { readonly name: string }, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<void> {
  const gzip = isGzip(new Uint8Array(await file.slice(0, 2).arrayBuffer()));
  let read = 0;
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        read += chunk.byteLength;
        out.enqueue(chunk);
      },
    }),
  );
  const bytes = gzip ? counted.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>) : counted;
  let last = performance.now();
  let shown = -1;
  try {
    await session.importHarStream(file.name, chunksOf(bytes), async () => {
      if (performance.now() - last < SLICE_MS) return;
      // Each report re-renders the panel: only when the whole percent moved (at most 100 times).
      const fraction = file.size > 0 ? read / file.size : 1;
      if (Math.floor(fraction * 100) !== shown) {
        shown = Math.floor(fraction * 100);
        onProgress(fraction);
      }
      await nextTask();
      if (signal?.aborted) throw new ImportCancelled();
      last = performance.now();
    });
  } catch (e) {
    if (e instanceof ReadWhole || e instanceof ScanError) {
      session.importHar(file.name, await harText(file));
      return;
    }
    // What the decompressor throws differs by engine (a TypeError in browsers, a zlib error in Node).
    if (gzip && !(e instanceof HarError) && !(e instanceof ImportCancelled)) throw gzipError(e);
    throw e;
  }
}

function gzipError(e: unknown): Error {
  return new Error(`it is gzip-compressed, but it does not decompress: ${e instanceof Error ? e.message : String(e)}`);
}

/** Bytes handed to the scanner at a time: ~100 entries, a few ms of work between chances to yield. */
const PIECE_BYTES = 64 * 1024;

/** The stream's chunks in pieces of PIECE_BYTES at most (Chromium hands a File over in megabytes). */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      for (let i = 0; i < value.length; i += PIECE_BYTES) yield value.subarray(i, i + PIECE_BYTES);
    }
  } finally {
    // Cancelled or failed half-way: stop reading the file.
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * Yields to the event loop (paint, input) through a message: unlike setTimeout, not throttled to
 * once a second while the panel is in a background tab.
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });
}
