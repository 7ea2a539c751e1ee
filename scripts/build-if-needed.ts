/**
 * Runs `npm run build` when dist/ is missing or older than its sources (src/, devtools/, the
 * manifest, the build configs, package.json): what `npm start` needs on a fresh clone, without
 * rebuilding on every run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../src/cli/errors';
import { formatDuration } from '../src/core/format/numbers';

const OUTPUTS = ['dist/chrome/manifest.json', 'dist/firefox/manifest.json', 'dist/cli/polltergeist.mjs'];
const INPUTS = ['src', 'devtools', 'manifest.json', 'vite.config.ts', 'vite.cli.config.ts', 'package.json', 'package-lock.json'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const entry of readdirSync(path)) {
    // Tests are not part of the build.
    if (/\.test\.tsx?$/.test(entry)) continue;
    t = Math.max(t, newest(join(path, entry)));
  }
  return t;
}

export function isBuildStale(root: string): boolean {
  const outputs = OUTPUTS.map((p) => join(root, p));
  if (outputs.some((p) => !existsSync(p))) return true;
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  return INPUTS.some((p) => newest(join(root, p)) > built);
}

/**
 * Builds if needed, quietly (vite's file lists are noise here; they are shown if the build fails).
 * Returns whether it built.
 */
export function buildIfNeeded(root: string, log: (line: string) => void): boolean {
  if (!isBuildStale(root)) return false;
  log('Building the extension (dist/chrome, dist/firefox) and the command line (dist/cli)…');
  const started = Date.now();
  try {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    process.stderr.write(`${stdout ?? ''}${stderr ?? ''}`);
    throw new CliError('npm run build failed (its output is above)');
  }
  log(`Built in ${formatDuration(Date.now() - started)}.`);
  return true;
}
