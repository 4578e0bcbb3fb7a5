import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The files one worker of an attempt leaves in the attempt's folder. The wrapper shell
 * writes the pid file first and the exit file last, so after a server restart they tell
 * whether a worker ever started and how it ended, even if it ended while no server was
 * watching.
 */
export function workerFiles(dir: string, rank: number, workers: number) {
  return {
    log: join(dir, workers === 1 ? 'output.log' : `rank-${rank}.log`),
    logName: workers === 1 ? 'output.log' : `rank-${rank}.log`,
    pid: join(dir, `rank-${rank}.pid`),
    exit: join(dir, `rank-${rank}.exit`),
  };
}

export interface ExitRecord {
  code: number;
  cpuUserSeconds: number | null;
  cpuSystemSeconds: number | null;
}

/** Reads a worker's exit file; undefined when it was never written (still running, or killed hard). */
export async function readExitRecord(path: string): Promise<ExitRecord | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  return parseExitRecord(text);
}

/**
 * Line 1: the exit status. Then the shell's `times` output, whose second line is the
 * children's user and system CPU time, as "0m1.250000s 0m0.030000s".
 */
export function parseExitRecord(text: string): ExitRecord | undefined {
  const lines = text.split('\n');
  const code = Number(lines[0]);
  if (lines[0] === undefined || lines[0].trim() === '' || !Number.isInteger(code)) return undefined;
  const children = (lines[2] ?? '').trim().split(/\s+/).map(parseShellTime);
  return { code, cpuUserSeconds: children[0] ?? null, cpuSystemSeconds: children[1] ?? null };
}

function parseShellTime(s: string): number | null {
  const m = /^(\d+)m([\d.]+)s$/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export async function readPidFile(path: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
