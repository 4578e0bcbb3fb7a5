import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServerChild {
  /** The section it serves; also the profile's name. */
  name: string;
  url: string;
  pid: number;
  /** The child's CPU time (user + system) in microseconds so far. */
  cpuMicros(): Promise<number>;
  /** Closes the server, waits for the process to exit (writing its profile), removes the data dir. */
  close(): Promise<void>;
}

const SERVER_SCRIPT = fileURLToPath(new URL('../server-process.js', import.meta.url));

/**
 * Starts the Flywheel server in a child process on a fresh temp data dir.
 * `profileDir` turns on `--cpu-prof`; the profile is named `<name>.cpuprofile`.
 */
export async function startServerChild(options: { name: string; profileDir?: string }): Promise<ServerChild> {
  const dataDir = mkdtempSync(join(tmpdir(), `fw-bench-${options.name}-`));
  const execArgv: string[] = [];
  if (options.profileDir) {
    mkdirSync(options.profileDir, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, `--cpu-prof-name=${options.name}.cpuprofile`);
  }
  const child = fork(SERVER_SCRIPT, [dataDir], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onMessage = (m: { type?: string; url?: string }): void => {
      if (m.type === 'ready' && m.url) {
        child.off('message', onMessage);
        resolve(m.url);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`server process exited with code ${code} before it was ready`)));
  });

  return {
    name: options.name,
    url,
    pid: child.pid!,
    cpuMicros: () => askCpu(child),
    async close() {
      child.send('close');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let lastAsk = 0;

function askCpu(child: ChildProcess): Promise<number> {
  const id = ++lastAsk;
  return new Promise((resolve) => {
    const onMessage = (m: { type?: string; id?: number; usage?: NodeJS.CpuUsage }): void => {
      if (m.type === 'cpu' && m.id === id && m.usage) {
        child.off('message', onMessage);
        resolve(m.usage.user + m.usage.system);
      }
    };
    child.on('message', onMessage);
    child.send({ type: 'cpu', id });
  });
}
