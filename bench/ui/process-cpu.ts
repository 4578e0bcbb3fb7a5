import { readdirSync, readFileSync } from 'node:fs';
import { readOtherProcessTicks, USER_HZ } from '../support/machine-cpu.js';

interface ProcStat {
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  ticks: number;
}

function readStats(): Map<number, ProcStat> {
  const out = new Map<number, ProcStat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at state (field 3).
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // The process exited while we looked.
    }
  }
  return out;
}

/** `root` and every process below it (Chromium's browser, GPU, network and renderer processes). */
function tree(stats: Map<number, ProcStat>, root: number): number[] {
  const pids = [root];
  for (let i = 0; i < pids.length; i++) {
    for (const [pid, s] of stats) if (s.ppid === pids[i] && !pids.includes(pid)) pids.push(pid);
  }
  return pids.filter((p) => stats.has(p));
}

export interface CpuReading {
  at: number;
  browserTicks: number;
  otherTicks: number;
}

/**
 * CPU jiffies of Chromium (every process below this one that is not the server's: playwright
 * starts the browser as a child of this process), and of every other user process except
 * this one, the server and Chromium's (someone else's tests or builds on a shared machine).
 */
export function readCpu(options: { serverPid: number }): CpuReading {
  const stats = readStats();
  const server = new Set(tree(stats, options.serverPid));
  const browser = tree(stats, process.pid).filter((p) => p !== process.pid && !server.has(p));
  return {
    at: performance.now(),
    browserTicks: browser.reduce((a, p) => a + (stats.get(p)?.ticks ?? 0), 0),
    otherTicks: readOtherProcessTicks([process.pid, options.serverPid, ...browser]),
  };
}

/** Cores used between two readings, by Chromium and by other processes. */
export function coresBetween(from: CpuReading, to: CpuReading): { browser: number; other: number } {
  const seconds = (to.at - from.at) / 1000;
  const round2 = (x: number): number => Math.round(x * 100) / 100;
  if (seconds <= 0) return { browser: 0, other: 0 };
  // A renderer that exited between readings takes its ticks with it: clamp at 0.
  return {
    browser: round2(Math.max(0, to.browserTicks - from.browserTicks) / USER_HZ / seconds),
    other: round2(Math.max(0, to.otherTicks - from.otherTicks) / USER_HZ / seconds),
  };
}
