import { readdir, readFile } from 'node:fs/promises';

/**
 * Whether `pid` is alive and is still the worker we started: a pid can be reused after a
 * restart, so the process's command line must contain our marker (the wrapper script
 * names the attempt's exit file).
 */
export async function isOurProcess(pid: number, marker: string): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    // ESRCH: gone. EPERM: alive but another user's, so not a worker we started.
    return false;
  }
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes(marker)) return true;
    // A zombie (exited, not yet reaped) has an empty command line: it is not running.
    return false;
  } catch {
    // No /proc (not Linux): trust the signal check.
    return process.platform !== 'linux';
  }
}

/** Sends a signal to a whole process group; a group that is gone already is fine. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: every process of the group has exited.
  }
}

const PAGE_BYTES = 4096;

/**
 * Resident memory of each process group asked for, in MiB, summed over its processes, from
 * one pass over /proc. Empty where there is no /proc.
 */
export async function groupRssMb(pgids: Set<number>): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return out;
  }
  await Promise.all(
    entries.map(async (name) => {
      if (!/^\d+$/.test(name)) return;
      let stat: string;
      try {
        stat = await readFile(`/proc/${name}/stat`, 'utf8');
      } catch {
        return;
      }
      // Fields after the command name, which is in parentheses and may itself hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pgid = Number(fields[2]);
      if (!pgids.has(pgid)) return;
      const rssPages = Number(fields[21]);
      out.set(pgid, (out.get(pgid) ?? 0) + (rssPages * PAGE_BYTES) / (1024 * 1024));
    }),
  );
  return out;
}
