import { describe, expect, it } from 'vitest';
import { CliError } from './errors';
import { findBrowser } from './find-browser';

/** A fake file system: only these paths are executables. */
const exe = (...paths: string[]) => (p: string) => paths.includes(p);

describe('findBrowser', () => {
  it('takes the first known command on PATH, Chromium before Firefox', () => {
    const env = { PATH: '/opt/bin:/usr/bin' };
    expect(findBrowser(null, { env, isExecutable: exe('/usr/bin/firefox', '/usr/bin/google-chrome', '/opt/bin/google-chrome-stable') })).toEqual({
      name: 'chromium',
      executablePath: '/usr/bin/google-chrome',
    });
    expect(findBrowser(null, { env, isExecutable: exe('/usr/bin/firefox', '/usr/bin/firefox-esr') })).toEqual({
      name: 'firefox',
      executablePath: '/usr/bin/firefox-esr',
    });
    expect(findBrowser('firefox', { env, isExecutable: exe('/usr/bin/chromium', '/opt/bin/firefox') })).toEqual({
      name: 'firefox',
      executablePath: '/opt/bin/firefox',
    });
  });

  it('prefers CHROME_PATH / FIREFOX_PATH and refuses one that is not executable', () => {
    const isExecutable = exe('/usr/bin/chromium', '/custom/chrome', '/custom/ff');
    expect(findBrowser('chromium', { env: { PATH: '/usr/bin', CHROME_PATH: '/custom/chrome' }, isExecutable }).executablePath).toBe('/custom/chrome');
    expect(findBrowser('firefox', { env: { PATH: '', FIREFOX_PATH: '/custom/ff' }, isExecutable }).executablePath).toBe('/custom/ff');
    expect(() => findBrowser('chromium', { env: { PATH: '/usr/bin', CHROME_PATH: '/nope' }, isExecutable })).toThrow(
      'CHROME_PATH is set to /nope, which is not an executable file',
    );
  });

  it('names the apt package when nothing is found', () => {
    const none = { env: { PATH: '/usr/bin:/bin' }, isExecutable: exe() };
    expect(() => findBrowser(null, none)).toThrow(CliError);
    expect(() => findBrowser(null, none)).toThrow(/^no browser found: .*\nInstall one with: sudo apt-get install chromium {2}or {2}sudo apt-get install firefox-esr/);
    expect(() => findBrowser('chromium', none)).toThrow(/^Chromium or Google Chrome not found: looked for chromium, chromium-browser, google-chrome, google-chrome-stable on PATH, and CHROME_PATH\.\nInstall one with: sudo apt-get install chromium\n/);
    expect(() => findBrowser('firefox', { env: {}, isExecutable: exe() })).toThrow(/sudo apt-get install firefox-esr/);
  });
});
