import { readdirSync, readFileSync } from 'node:fs';

/** Jiffies since boot from /proc/stat's first line: busy (all but idle and iowait), steal, and all. */
export interface CpuTicks {
  busy: number;
  steal: number;
  total: number;
}

export function readCpuTicks(): CpuTicks {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, steal: steal!, total: busy + idle! + iowait! };
}

/** Cores busy on the whole machine between two readings (of any process, and stolen by the hypervisor). */
export function busyCores(from: CpuTicks, to: CpuTicks, cores: number): { busy: number; steal: number } {
  const total = to.total - from.total;
  if (total <= 0) return { busy: 0, steal: 0 };
  const round = (x: number): number => Math.round(x * 100) / 100;
  return { busy: round(((to.busy - from.busy) / total) * cores), steal: round(((to.steal - from.steal) / total) * cores) };
}

/**
 * Waits until the rest of the machine is quiet: a 1 s sample with at most `maxBusyCores`
 * busy (this benchmark's processes idle at that point). Gives up after `timeoutSeconds` and
 * returns the last sample, so a run on a shared machine still finishes and says so.
 */
export async function waitForQuiet(options: { cores: number; maxBusyCores: number; timeoutSeconds: number }): Promise<{ busy: number; waitedSeconds: number }> {
  const start = performance.now();
  for (;;) {
    const from = readCpuTicks();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const { busy } = busyCores(from, readCpuTicks(), options.cores);
    const waitedSeconds = Math.round((performance.now() - start) / 1000);
    if (busy <= options.maxBusyCores || waitedSeconds >= options.timeoutSeconds) return { busy, waitedSeconds };
  }
}

/**
 * CPU jiffies of every user process except `exclude` (this benchmark's own): utime + stime,
 * plus cutime + cstime so that short-lived children (test workers, compilers) count once
 * their parent has reaped them. Kernel threads (empty cmdline) are left out: their work
 * (loopback networking, disk writeback) is mostly done on the server's behalf.
 */
export function readOtherProcessTicks(exclude: readonly number[]): number {
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || exclude.includes(Number(name))) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`).length === 0) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name, which may contain spaces, start at state (field 3).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // The process exited while we looked.
    }
  }
  return total;
}

/** Clock ticks per second of /proc's counters (USER_HZ; 100 on Linux). */
export const USER_HZ = 100;
