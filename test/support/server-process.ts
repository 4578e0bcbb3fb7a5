import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The Flywheel server as a separate OS process, for tests that kill it (SIGKILL) and start it
 * again on the same data dir. The child runs the compiled server from dist/ (vitest's TS
 * transform does not reach a child process); CI has dist/ because `npm ci` runs `prepare`
 * (tsc). Locally a missing dist/ is an error that says to build, not a silent skip.
 *
 * The child does not go through the CLI (`fw server`): it imports startServer directly, so the
 * test depends only on the server module.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST_START = join(REPO_ROOT, 'dist/src/server/start.js');
const DIST_CONFIG = join(REPO_ROOT, 'dist/src/core/config.js');

/** The first line the child prints on stdout once it listens; pino's log lines are JSON too. */
const READY_FIELD = 'fw_test_server_url';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the child wrote so far (stdout and stderr interleaved), for failure messages. */
  output(): string;
  /** Log lines at pino level error (50) or above that the child wrote so far. */
  errorLogs(): string[];
  /** SIGKILL: no shutdown hooks, no close; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: the child closes the server (in-flight requests finish) and exits. */
  stop(): Promise<void>;
}

export interface StartServerProcessOptions {
  dataDir: string;
  /** pino level for the child; 'warn' keeps stdout quiet but shows problems. */
  logLevel?: string;
  startTimeoutMs?: number;
}

/** Throws, with what to do, when dist/ has not been built. */
export function requireBuiltServer(): void {
  const missing = [DIST_START, DIST_CONFIG].filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new Error(
      `The compiled server is missing (${missing.map((f) => relative(REPO_ROOT, f)).join(', ')}). ` +
        'This test runs the server as a child process from dist/: run `npm run build` first ' +
        '(in CI, `npm ci` builds it through the prepare script).',
    );
  }
}

/**
 * Source files newer than their compiled output: the child would run old code. Returned (not
 * thrown) so a test can warn; an edit that does not change the emitted JS is not an error.
 */
export function staleBuildFiles(limit = 5): string[] {
  const stale: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (stale.length >= limit) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) {
        const rel = relative(REPO_ROOT, path);
        const out = join(REPO_ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
        if (!existsSync(out) || statSync(out).mtimeMs < statSync(path).mtimeMs) stale.push(rel);
      }
    }
  };
  walk(join(REPO_ROOT, 'src/server'));
  walk(join(REPO_ROOT, 'src/storage'));
  walk(join(REPO_ROOT, 'src/tracking'));
  return stale;
}

function childScript(dataDir: string, logLevel: string): string {
  const start = JSON.stringify(pathToFileURL(DIST_START).href);
  const config = JSON.stringify(pathToFileURL(DIST_CONFIG).href);
  return `
    import { startServer } from ${start};
    import { loadServerConfig } from ${config};
    const server = await startServer(loadServerConfig({ port: 0, host: '127.0.0.1', dataDir: ${JSON.stringify(dataDir)}, logLevel: ${JSON.stringify(logLevel)} }));
    process.stdout.write(JSON.stringify({ ${READY_FIELD}: server.url }) + '\\n');
    const shutdown = () => server.close().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
    process.on('SIGTERM', shutdown);
    // The test runner holds our stdin: if it dies, stdin ends and no orphan server is left behind.
    process.stdin.on('end', shutdown);
    process.stdin.resume();
  `;
}

/** Starts the compiled server on `dataDir` in a child process and waits until it listens. */
export async function startServerProcess(options: StartServerProcessOptions): Promise<ServerProcess> {
  requireBuiltServer();
  const child = spawn(process.execPath, ['--input-type=module', '-e', childScript(options.dataDir, options.logLevel ?? 'warn')], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    // FW_DATABASE_URL emptied: the test means the data dir's SQLite file, whatever the shell has set.
    env: { ...process.env, FW_LOG_LEVEL: options.logLevel ?? 'warn', FW_DATABASE_URL: '' },
  });
  let output = '';
  const errorLines: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    let pending = '';
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}\n--- server output ---\n${output.slice(-8000)}`));
    };
    const timer = setTimeout(() => fail(`the server did not start within ${options.startTimeoutMs ?? 30_000} ms`), options.startTimeoutMs ?? 30_000);
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      output += chunk;
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        let parsed: Record<string, unknown> | undefined;
        try {
          parsed = JSON.parse(line) as Record<string, unknown>;
        } catch {
          parsed = undefined;
        }
        if (parsed && typeof parsed.level === 'number' && parsed.level >= 50) errorLines.push(line);
        if (!settled && parsed && typeof parsed[READY_FIELD] === 'string') {
          settled = true;
          clearTimeout(timer);
          resolve(parsed[READY_FIELD] as string);
        }
      }
    });
    child.stderr!.on('data', (chunk: string) => {
      output += chunk;
    });
    child.once('error', (e) => fail(`could not spawn the server: ${e.message}`));
    child.once('exit', (code, signal) => fail(`the server exited before listening (code ${code}, signal ${signal})`));
  });

  const waitExit = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) {
      child.stdin?.destroy();
      return;
    }
    child.kill(signal);
    await exited;
    child.stdin?.destroy();
  };
  return {
    url,
    child,
    output: () => output,
    errorLogs: () => [...errorLines],
    kill: () => waitExit('SIGKILL'),
    stop: async () => {
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      try {
        await waitExit('SIGTERM');
      } finally {
        clearTimeout(killTimer);
      }
    },
  };
}
