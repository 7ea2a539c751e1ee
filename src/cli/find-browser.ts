/**
 * Which browser executable to launch: CHROME_PATH / FIREFOX_PATH when set, else the first known
 * command on PATH. When none is there, the error says which Debian package to install.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CliError } from './errors';

export type BrowserName = 'chromium' | 'firefox';
export const BROWSER_NAMES: readonly BrowserName[] = ['chromium', 'firefox'];

export interface FoundBrowser {
  readonly name: BrowserName;
  readonly executablePath: string;
}

interface Family {
  readonly label: string;
  readonly env: string;
  /** Looked up on PATH in this order. */
  readonly commands: readonly string[];
  readonly aptPackage: string;
}

export const FAMILIES: Readonly<Record<BrowserName, Family>> = {
  chromium: {
    label: 'Chromium or Google Chrome',
    env: 'CHROME_PATH',
    commands: ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'],
    aptPackage: 'chromium',
  },
  firefox: { label: 'Firefox', env: 'FIREFOX_PATH', commands: ['firefox-esr', 'firefox'], aptPackage: 'firefox-esr' },
};

export interface FindOptions {
  /** Default process.env (PATH, CHROME_PATH, FIREFOX_PATH). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Default: a regular file we may execute. */
  readonly isExecutable?: (path: string) => boolean;
}

/** `want` null: Chromium if one is found, else Firefox. Throws CliError when nothing fits. */
export function findBrowser(want: BrowserName | null, opts: FindOptions = {}): FoundBrowser {
  const env = opts.env ?? process.env;
  const isExecutable = opts.isExecutable ?? isExecutableFile;
  const names = want === null ? BROWSER_NAMES : [want];
  for (const name of names) {
    const found = findOne(name, env, isExecutable);
    if (found !== null) return { name, executablePath: found };
  }
  throw new CliError(notFoundMessage(names));
}

function findOne(name: BrowserName, env: Readonly<Record<string, string | undefined>>, isExecutable: (p: string) => boolean): string | null {
  const family = FAMILIES[name];
  const fromEnv = env[family.env]?.trim();
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new CliError(`${family.env} is set to ${fromEnv}, which is not an executable file`);
    return fromEnv;
  }
  const dirs = (env['PATH'] ?? '').split(delimiter).filter((d) => d !== '');
  for (const command of family.commands) {
    for (const dir of dirs) {
      const path = join(dir, command);
      if (isExecutable(path)) return path;
    }
  }
  return null;
}

function notFoundMessage(names: readonly BrowserName[]): string {
  const families = names.map((n) => FAMILIES[n]);
  const what = families.length === 1 ? `${families[0]!.label} not found` : 'no browser found';
  const looked = families.flatMap((f) => f.commands).join(', ');
  const envs = families.map((f) => f.env).join(' / ');
  const install = families.map((f) => `sudo apt-get install ${f.aptPackage}`).join('  or  ');
  return `${what}: looked for ${looked} on PATH, and ${envs}.\nInstall one with: ${install}\n(or set ${envs} to the browser's executable)`;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
