/**
 * CPU time spent by each kind of browser process while a workload runs, read from /proc (Linux;
 * elsewhere it reports nothing). On a 2-core machine the panel's and the background's work
 * competes with the page, so where the CPU went explains what the page's clock shows.
 */
import { readFileSync } from 'node:fs';
import { parentOf, processTree } from '../test/helpers/process-tree';

export const ROLES = ['page', 'extension', 'browser', 'network', 'other', 'node'] as const;
export type Role = (typeof ROLES)[number];
export type CpuByRole = Record<Role, number>;

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface Proc {
  pid: number;
  ppid: number;
  ticks: number;
  role: Exclude<Role, 'node'>;
}

function read(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "(comm)": state ppid ... utime is field 14 of stat, i.e. index 11 here; stime 12.
    const ppid = parentOf(stat);
    const ticks = Number(f[11]) + Number(f[12]);
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    // Chromium rewrites its argv into one space-separated string; Firefox names its processes.
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return { pid, ppid, ticks, role: roleOf(comm, cmd) };
  } catch {
    return null;
  }
}

function roleOf(comm: string, cmd: string): Proc['role'] {
  if (/--type=renderer/.test(cmd)) return /--extension-process/.test(cmd) ? 'extension' : 'page';
  if (/network\.mojom\.NetworkService/.test(cmd)) return 'network';
  if (/--type=/.test(cmd)) return 'other';
  if (comm === 'Web Content' || comm === 'Isolated Web Co') return 'page';
  if (comm === 'WebExtensions') return 'extension';
  if (comm === 'Socket Process') return 'network';
  if (/-contentproc/.test(cmd) || /forkserver/.test(cmd) || comm === 'chrome_crashpad') return 'other';
  return 'browser';
}

/** Per-pid CPU ticks of `root` and all its descendants. */
export function snapshot(root: number | undefined): Map<number, Proc> {
  const out = new Map<number, Proc>();
  for (const pid of processTree(root)) {
    const p = read(pid);
    if (p) out.set(pid, p);
  }
  return out;
}

/** CPU ms per role between two snapshots (processes started meanwhile count from zero). */
export function cpuBetween(before: Map<number, Proc>, after: Map<number, Proc>, nodeMs: number): CpuByRole {
  const out: CpuByRole = { page: 0, extension: 0, browser: 0, network: 0, other: 0, node: Math.round(nodeMs) };
  for (const [pid, p] of after) out[p.role] += (p.ticks - (before.get(pid)?.ticks ?? 0)) * TICK_MS;
  return out;
}

/** Measures CPU by role around an async section. */
export async function withCpu<T>(root: number | undefined, fn: () => Promise<T>): Promise<{ value: T; cpu: CpuByRole }> {
  const before = snapshot(root);
  const nodeBefore = process.cpuUsage();
  const value = await fn();
  const nodeUsed = process.cpuUsage(nodeBefore);
  return { value, cpu: cpuBetween(before, snapshot(root), (nodeUsed.user + nodeUsed.system) / 1000) };
}
