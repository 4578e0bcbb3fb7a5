import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer } from '../src/server/index.js';

/*
 * startServer has one teardown path: what it started is closed in reverse order, at
 * shutdown and when the start fails half way.
 */

let dataDir: string;
let blocker: Server | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-start-'));
});

afterEach(async () => {
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

const config = (port: number) => loadServerConfig({ port, dataDir, computeCpus: 1, computeMemory: '1G', slurm: 'off' }, {});

/**
 * Sockets, servers and child processes keeping this process alive, counted by kind. Timers
 * are left out: the test runner's own come and go.
 */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) if (/^(TCP|Pipe|Process|UDP|TTY)/.test(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

describe('starting the server', () => {
  describe('when its port is taken after storage was opened', () => {
    it('fails with the listen error and closes the database and every service it had built', async () => {
      blocker = createServer();
      const port = await new Promise<number>((resolve) => blocker!.listen(0, '127.0.0.1', () => resolve((blocker!.address() as { port: number }).port)));
      const before = handles();

      await expect(startServer(config(port), { logger: silentLogger })).rejects.toThrow(/EADDRINUSE/);

      // Storage was opened (the file exists) and closed: SQLite removes its WAL files when the
      // last connection closes, so a leaked connection would leave them behind.
      expect(existsSync(join(dataDir, 'flywheel.db'))).toBe(true);
      expect(existsSync(join(dataDir, 'flywheel.db-wal'))).toBe(false);
      expect(existsSync(join(dataDir, 'flywheel.db-shm'))).toBe(false);
      // The socket of the failed listen is released by Node on a later turn of the event loop.
      await vi.waitFor(() => expect(handles()).toEqual(before));
    });

    it('leaves the data directory fit for the next start', async () => {
      blocker = createServer();
      const port = await new Promise<number>((resolve) => blocker!.listen(0, '127.0.0.1', () => resolve((blocker!.address() as { port: number }).port)));
      await expect(startServer(config(port), { logger: silentLogger })).rejects.toThrow(/EADDRINUSE/);

      const server = await startServer(config(0), { logger: silentLogger });
      try {
        const res = await fetch(`${server.url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default`);
        expect(res.status).toBe(200);
      } finally {
        await server.close();
      }
    });
  });

  describe('when it is closed', () => {
    it('closes the database last, and a second close() shares the first', async () => {
      const server = await startServer(config(0), { logger: silentLogger });
      const first = server.close();
      const second = server.close();
      await Promise.all([first, second]);
      expect(existsSync(join(dataDir, 'flywheel.db-wal'))).toBe(false);
      await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    });
  });
});
