/**
 * The benchmark shares a 2-core machine with whatever else runs there, other browser test runs
 * included. We cannot stop them, but we can see them: browser processes that are not our
 * descendants. Runs start when none are up (bounded wait) and every run records whether any
 * appeared while it was being timed. Linux /proc only; elsewhere it reports nothing.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const BROWSER_EXE = /\/(chromium|chrome|firefox|firefox-esr)$/;

function parentOf(pid: number): number {
  // /proc/PID/stat: "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** Pids of browser processes on this machine that this Node process did not start. */
export function foreignBrowsers(): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const parent = new Map<number, number>();
  const browsers: number[] = [];
  for (const e of entries) {
    const pid = Number(e);
    try {
      parent.set(pid, parentOf(pid));
      if (BROWSER_EXE.test(readlinkSync(`/proc/${pid}/exe`))) browsers.push(pid);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++) if (p === process.pid) return true;
    return false;
  };
  return browsers.filter((pid) => !mine(pid));
}

/** Waits (bounded) until no foreign browser runs; returns the ms waited. */
export async function waitForQuiet(maxMs: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < maxMs && foreignBrowsers().length > 0) await new Promise((r) => setTimeout(r, 1000));
  return Date.now() - t0;
}

/** Samples foreign browsers while a run is timed. */
export class ContentionMonitor {
  private timer: NodeJS.Timeout | null = null;
  samples = 0;
  contended = 0;

  start(intervalMs = 500): void {
    this.timer = setInterval(() => {
      this.samples++;
      if (foreignBrowsers().length > 0) this.contended++;
    }, intervalMs);
  }

  stop(): { samples: number; contended: number } {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return { samples: this.samples, contended: this.contended };
  }
}
