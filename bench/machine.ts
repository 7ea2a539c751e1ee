/** What a benchmark report says about where and what it measured: machine, load, commit. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** 1-minute load average: other work on this (shared) machine shows up here. */
export function load1(): number {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return NaN;
  }
}

/** The commit measured, with '+dirty' when `paths` have uncommitted changes (the build is of the working tree). */
export function measuredCommit(paths: readonly string[]): string {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', ...paths) ? '+dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

export function machineInfo(): { cores: number; cpu: string; totalMemBytes: number; platform: string; node: string } {
  return { cores: cpus().length, cpu: cpus()[0]?.model ?? '', totalMemBytes: totalmem(), platform: process.platform, node: process.version };
}
