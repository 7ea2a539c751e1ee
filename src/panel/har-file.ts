import { isGzip } from '../core/text/bytes';

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
    throw new Error(`it is gzip-compressed, but it does not decompress: ${e instanceof Error ? e.message : String(e)}`);
  }
}
