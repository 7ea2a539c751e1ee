/**
 * A browser's processes on Linux (/proc): the launched process and all its descendants. Used by
 * the memory test and by the benchmark's CPU accounting. Elsewhere it finds nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid from /proc/PID/stat ("pid (comm) state ppid ..."; comm may hold spaces and parentheses). */
export function parentOf(stat: string): number {
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** `root` and every process descended from it that is alive now. */
export function processTree(root: number | undefined): number[] {
  if (root === undefined) return [];
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  for (const e of entries) {
    try {
      const ppid = parentOf(readFileSync(`/proc/${e}/stat`, 'utf8'));
      children.set(ppid, [...(children.get(ppid) ?? []), Number(e)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const stack = [root];
  for (let pid = stack.pop(); pid !== undefined; pid = stack.pop()) {
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Resident memory of `root`'s whole tree, in MB. */
export function treeRssMb(root: number | undefined): number {
  let kb = 0;
  for (const pid of processTree(root)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}
