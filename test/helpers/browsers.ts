/**
 * Launching the system browsers with the built extension, for tests, benchmarks and scripts. The
 * launcher itself lives in src/cli/launch.ts (`polltergeist record` uses it too); this module keeps
 * the names tests import. One browser at a time: callers close what they launch.
 */
import { BROWSER_NAMES, type BrowserName } from '../../src/cli/find-browser';

export {
  CHROMIUM_ARGS,
  distDir,
  gotoExtensionPage,
  launch,
  type BrowserName,
  type LaunchOptions,
  type Launched,
} from '../../src/cli/launch';
import { waitFor } from '../../src/cli/wait';

export { waitFor };

/** Reads `read()` every 100 ms until `ok` holds for a reading, and returns that reading. */
export function waitUntil<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs?: number): Promise<T> {
  return waitFor(async () => {
    const v = await read();
    return ok(v) ? v : null;
  }, what, timeoutMs);
}

export const BROWSERS: readonly BrowserName[] = BROWSER_NAMES;
