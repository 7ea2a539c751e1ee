/** Bundles peer-observer.ts into one browser IIFE in a temp dir (never in the repo). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export async function buildPeerBundle(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pg-bench-peer-'));
  try {
    const outfile = join(dir, 'peer.iife.js');
    await build({
      entryPoints: [resolve(import.meta.dirname, 'peer-observer.ts')],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      minify: true,
      outfile,
      logLevel: 'warning',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    return readFileSync(outfile, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
