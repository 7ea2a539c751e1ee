/**
 * `npm run build:cli`: the `polltergeist` command line (src/cli/main.ts and the src/core it uses)
 * as one Node ES module, dist/cli/polltergeist.mjs, with a shebang and the executable bit.
 * Node built-ins and puppeteer-core stay imports (puppeteer-core is a dependency of the package).
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
    ssr: 'src/cli/main.ts',
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'node20',
    sourcemap: false,
    minify: false,
    rolldownOptions: {
      external: [/^node:/, ...builtinModules, /^puppeteer-core(\/|$)/],
      output: { format: 'es', entryFileNames: FILE, banner: '#!/usr/bin/env node' },
    },
  },
});
