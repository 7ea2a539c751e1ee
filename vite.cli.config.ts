/**
 * `npm run build:cli`: the `polltergeist` command line (src/cli/main.ts) as dist/cli/polltergeist.mjs,
 * with a shebang and the executable bit, and the library (src/cli/api.ts, the package's main export)
 * as dist/cli/index.mjs, the test-runner entries (src/cli/playwright.ts, src/cli/puppeteer.ts) as
 * dist/cli/playwright.mjs and dist/cli/puppeteer.mjs; the code they share in chunks. Node built-ins and puppeteer-core stay
 * imports (puppeteer-core is a dependency of the package). The library's types: `npm run build:types`.
 */
import { chmodSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const OUT_DIR = 'dist/cli';
const FILE = 'polltergeist.mjs';

const executable: Plugin = {
  name: 'polltergeist-executable',
  writeBundle() {
    chmodSync(resolve(import.meta.dirname, OUT_DIR, FILE), 0o755);
  },
};

export default defineConfig({
  plugins: [executable],
  define: { __DEBUG__: 'false' },
  build: {
    ssr: true,
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'node20',
    sourcemap: false,
    minify: false,
    rolldownOptions: {
      input: { polltergeist: 'src/cli/main.ts', index: 'src/cli/api.ts', playwright: 'src/cli/playwright.ts', puppeteer: 'src/cli/puppeteer.ts' },
      external: [/^node:/, ...builtinModules, /^puppeteer-core(\/|$)/, /^playwright(-core)?(\/|$)/],
      output: {
        format: 'es',
        entryFileNames: '[name].mjs',
        chunkFileNames: 'chunks/[name].mjs',
        banner: (chunk) => (chunk.fileName === FILE ? '#!/usr/bin/env node' : ''),
      },
    },
  },
});
