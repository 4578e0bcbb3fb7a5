import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../../../core/index.js';

/**
 * A small helper process that forks the workers. fork() costs time in proportion to the
 * forking process's memory map: about 5 ms of the server's main thread per worker with the
 * server's heap, about 1 ms in a process that holds nothing, and then on another core.
 * The helper runs as `node -e` so it needs no file of its own in dist/ or under vitest.
 *
 * Workers are spawned detached (own process group) with their output going to files, so
 * they outlive the helper: if it dies, the executor watches its workers by polling, as it
 * does after a server restart.
 */
const HELPER_SOURCE = `
const { spawn } = require('node:child_process');
const { openSync, closeSync } = require('node:fs');
process.on('message', (m) => {
  let fd;
  try {
    fd = openSync(m.log, 'a');
    const child = spawn(m.file, m.args, { cwd: m.cwd, env: m.env, detached: true, stdio: ['ignore', fd, fd] });
    child.once('spawn', () => process.send({ t: 'spawned', id: m.id, pid: child.pid }));
    child.once('error', (e) => process.send({ t: 'error', id: m.id, message: e.message }));
    child.once('exit', (code, signal) => process.send({ t: 'exit', id: m.id, code, signal }));
  } catch (e) {
    process.send({ t: 'error', id: m.id, message: e.message });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
process.on('disconnect', () => process.exit(0));
`;

export interface SpawnRequest {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Where stdout and stderr go (appended). */
  log: string;
}

export interface SpawnedWorker {
  pid: number;
  /** Resolves with the exit status; rejects if the helper died first (the worker may still run). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

interface Pending {
  spawned: (pid: number) => void;
  failed: (e: Error) => void;
  exited?: (r: { code: number | null; signal: NodeJS.Signals | null }) => void;
  lost?: (e: Error) => void;
}

type HelperMessage =
  | { t: 'spawned'; id: number; pid: number }
  | { t: 'error'; id: number; message: string }
  | { t: 'exit'; id: number; code: number | null; signal: NodeJS.Signals | null };

export class Spawner {
  private helper: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly logger: Logger) {}

  /** Starts the helper ahead of the first job, so that job does not wait for it. */
  warm(): void {
    this.ensure();
  }

  spawn(req: SpawnRequest): Promise<SpawnedWorker> {
    const helper = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const entry: Pending = {
        spawned: (pid) => {
          const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res, rej) => {
            entry.exited = res;
            entry.lost = rej;
          });
          // The executor may learn of the exit by polling instead; an unobserved rejection is fine.
          exited.catch(() => undefined);
          resolve({ pid, exited });
        },
        failed: (e) => {
          this.pending.delete(id);
          reject(e);
        },
      };
      this.pending.set(id, entry);
      helper.send({ id, ...req }, (e) => {
        if (e) entry.failed(e);
      });
    });
  }

  close(): void {
    const helper = this.helper;
    this.helper = undefined;
    if (helper?.connected) helper.disconnect();
    helper?.unref();
  }

  private ensure(): ChildProcess {
    if (this.helper) return this.helper;
    const helper = spawn(process.execPath, ['-e', HELPER_SOURCE], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    helper.on('message', (m: HelperMessage) => this.onMessage(m));
    helper.once('exit', (code, signal) => {
      if (this.helper === helper) this.helper = undefined;
      if (this.pending.size > 0) this.logger.warn({ code, signal }, 'the job spawner process ended; its running workers are watched by polling');
      const lost = new Error('the spawner process ended');
      for (const p of this.pending.values()) {
        if (p.lost) p.lost(lost);
        else p.failed(lost);
      }
      this.pending.clear();
    });
    // The server may exit while the helper lives; workers do not depend on either.
    helper.unref();
    (helper as unknown as { channel?: { unref(): void } }).channel?.unref();
    this.helper = helper;
    return helper;
  }

  private onMessage(m: HelperMessage): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    switch (m.t) {
      case 'spawned':
        p.spawned(m.pid);
        break;
      case 'error':
        p.failed(new Error(m.message));
        break;
      case 'exit':
        this.pending.delete(m.id);
        p.exited?.({ code: m.code, signal: m.signal });
        break;
      default: {
        const never: never = m;
        throw new Error(`unknown spawner message ${JSON.stringify(never)}`);
      }
    }
  }
}
