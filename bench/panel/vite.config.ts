/**
 * Builds the panel benchmark page (bench/panel/index.html: the real panel App on a synthetic
 * transport) into dist/bench-panel/, unminified like the extension build so profiles read. Under
 * the root dist/, which git and eslint already ignore.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  define: { __DEBUG__: 'false' },
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, '../../dist/bench-panel'),
    emptyOutDir: true,
    sourcemap: false,
    minify: false,
    target: 'es2022',
  },
  worker: { format: 'es' },
});
