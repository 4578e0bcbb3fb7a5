import { readFile, stat } from 'node:fs/promises';
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
    /** The attempt's stop marker, one for all its workers (`stopMarker`). */
    stop: stopMarker(dir),
  };
}

/**
 * Written by the executor before it signals a stop: a worker whose command has not yet
 * been exec'd when the SIGTERM comes does not start it (see `wrapper-script.ts`). One per
 * attempt, so a worker spawned after the stop does not start either.
 */
export function stopMarker(dir: string): string {
  return join(dir, 'stop-requested');
}

export interface ExitRecord {
  code: number;
  cpuUserSeconds: number | null;
  cpuSystemSeconds: number | null;
}

/** An exit record with the time the worker ended. */
export interface WorkerExit extends ExitRecord {
  /**
   * The exit file's modification time (whole ms since the epoch): the wrapper writes it as the
   * command exits (and `mv` keeps the time), so it is the true end even when no server was
   * running to see it.
   */
  endedAt: number;
}

/** Reads a worker's exit file; undefined when it was never written (still running, or killed hard). */
export async function readExitRecord(path: string): Promise<WorkerExit | undefined> {
  let text: string;
  let endedAt: number;
  try {
    [text, endedAt] = await Promise.all([readFile(path, 'utf8'), stat(path).then((s) => Math.round(s.mtimeMs))]);
  } catch {
    return undefined;
  }
  const record = parseExitRecord(text);
  return record && { ...record, endedAt };
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

/** When a worker started: its pid file's modification time (the wrapper writes it first); undefined without one. */
export async function pidFileTime(path: string): Promise<number | undefined> {
  return stat(path).then((s) => Math.round(s.mtimeMs), () => undefined);
}

export async function readPidFile(path: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
