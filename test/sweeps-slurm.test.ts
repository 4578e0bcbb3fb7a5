import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { slurmSkipReason } from './support/slurm.js';
import { SweepsHttp } from './support/sweeps-http.js';

/*
 * A sweep whose trials run on SLURM (scripts/slurm-cluster.sh: partition `debug`, two
 * emulated nodes): the same controller, the jobs submitted with sbatch, metrics over HTTP.
 */

const SKIP = slurmSkipReason();
const TRIAL = fileURLToPath(new URL('./fixtures/sweep-trial.mjs', import.meta.url));

let server: RunningServer;
let dataDir: string;
let api: SweepsHttp;

describe.skipIf(SKIP)(`sweeps on SLURM${SKIP ? ` (skipped: ${SKIP})` : ''}`, { timeout: 90_000 }, () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fw-slurm-sweeps-'));
    server = await startServer(loadServerConfig({ port: 0, dataDir, slurm: 'auto', jobKillGraceSeconds: 1 }), { logger: silentLogger, sweepTickMs: 100 });
    api = new SweepsHttp(server.url);
  });

  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs each trial as a SLURM job and stops the poor ones with scancel', async () => {
    const sweep = await api.create(`
name: slurm-sweep
command: [node, "${TRIAL}", --x, "\${x}", --epochs, "9", --ms, "150"]
metric: { name: score, goal: maximize }
method: grid
parallel: 2
executor: slurm
resources: { cpus: 1, memory: 256M }
parameters:
  x: { values: [0.9, 0.8, 0.1, 0.05] }
early_stop: { type: asha, time_metric: epoch, min_t: 1, max_t: 9, reduction_factor: 2 }
`);
    const done = await api.waitForSweep(sweep.sweep_id, undefined, 80_000);
    expect(done).toMatchObject({ state: 'finished', reason: 'grid exhausted (4 points)', counts: { total: 4 } });
    const trials = await api.trials(sweep.sweep_id);
    for (const t of trials) {
      const job = await api.job(t.job_id);
      expect(job.executor).toBe('slurm');
      expect(job.external_id).toMatch(/^\d+$/);
    }
    expect(done.best_trial).toMatchObject({ params: { x: 0.9 }, state: 'completed' });
    // Trials 3 and 4 are worse than both earlier ones at every epoch: halving stops them
    // (trial 2 may be stopped too, when trial 1 reaches the first rung before it).
    const stopped = trials.filter((t) => t.state === 'stopped');
    expect(stopped.map((t) => t.params.x)).toEqual(expect.arrayContaining([0.1, 0.05]));
    expect(stopped.map((t) => t.params.x)).not.toContain(0.9);
    for (const t of stopped) expect((await api.waitFor(t.job_id, undefined, 30_000)).state).toBe('cancelled');
  });
});
