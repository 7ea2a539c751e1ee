// After `tsc -p tsconfig.types.json`: our sources import without file extensions (the bundler
// resolves them), but a package's declarations are read by consumers with Node's ESM resolution
// (moduleResolution node16/nodenext), which wants `./x.js` for `./x.d.ts`. Adds the extension to
// every relative specifier in dist/types (`/index.js` for a folder).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = new URL('../dist/types/', import.meta.url).pathname;
const SPEC = /(\bfrom\s+|\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"]+?)(?<!\.js)\2/g;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8');
      const fixed = text.replace(SPEC, (_m, head, q, spec) => {
        const folder = existsSync(join(resolve(dirname(path), spec), 'index.d.ts')) && !existsSync(`${resolve(dirname(path), spec)}.d.ts`);
        return `${head}${q}${spec}${folder ? '/index.js' : '.js'}${q}`;
      });
      if (fixed !== text) writeFileSync(path, fixed);
    }
  }
}
walk(ROOT);
