import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { SweepsHttp } from './support/sweeps-http.js';

/*
 * A sweep moves on when a trial's job ends, not at its controller's next tick: with the tick
 * an hour long, three trials one after the other still run back to back.
 */

const TRIAL = fileURLToPath(new URL('./fixtures/sweep-trial.mjs', import.meta.url));
let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-sweep-events-'));
  server = await startServer(loadServerConfig({ port: 0, dataDir, computeCpus: 2, computeMemory: '4G', slurm: 'off' }), { logger: silentLogger, sweepTickMs: 3_600_000 });
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('sweeps and job ends', () => {
  it('start the next trial when a job ends, without waiting for a tick', async () => {
    const api = new SweepsHttp(server.url);
    const sweep = await api.create(`
name: events
command: [node, "${TRIAL}", --x, "\${x}", --epochs, "2", --ms, "20"]
metric: { name: score, goal: maximize }
method: grid
parallel: 1
parameters:
  x: { values: [0.1, 0.2, 0.3] }
`);
    const done = await api.waitForSweep(sweep.sweep_id, undefined, 30_000);
    expect(done).toMatchObject({ state: 'finished', reason: 'grid exhausted (3 points)', counts: { completed: 3 } });
    // With no tick in the test's time, only job-end events can have started trials 2 and 3.
    expect((await api.trials(sweep.sweep_id)).map((t) => t.state)).toEqual(['completed', 'completed', 'completed']);
  }, 40_000);
});
