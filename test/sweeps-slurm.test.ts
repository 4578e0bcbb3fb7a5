import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { slurmSkipReason } from './support/slurm.js';
import { runTrialsInOrder, TrialGate } from './support/sweeps-gate.js';
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
    // Each trial logs an epoch only when the gate lets it, one trial after another, so the
    // halving sees the same reports in the same order every run, and a stopped trial is still
    // waiting for its next epoch when scancel reaches it.
    const gate = await TrialGate.start();
    const sweep = await api.create(`
name: slurm-sweep
command: [node, "${TRIAL}", --x, "\${x}", --epochs, "9", --gate, "${gate.url}"]
metric: { name: score, goal: maximize }
method: grid
parallel: 2
executor: slurm
resources: { cpus: 1, memory: 256M }
parameters:
  x: { values: [0.9, 0.8, 0.1, 0.05] }
early_stop: { type: asha, time_metric: epoch, min_t: 1, max_t: 9, reduction_factor: 2 }
`);
    await runTrialsInOrder(api, gate, sweep.sweep_id, { trials: 4, epochs: 9 }).finally(() => gate.close());
    const done = await api.waitForSweep(sweep.sweep_id, undefined, 80_000);
    expect(done).toMatchObject({ state: 'finished', reason: 'grid exhausted (4 points)', counts: { total: 4 } });
    const trials = await api.trials(sweep.sweep_id);
    for (const t of trials) {
      const job = await api.job(t.job_id);
      expect(job.executor).toBe('slurm');
      expect(job.external_id).toMatch(/^\d+$/);
    }
    expect(done.best_trial).toMatchObject({ params: { x: 0.9 }, state: 'completed' });
    // Trial 1 (0.9) reaches the first rung (epoch 1) first; each later trial is worse than it,
    // and than the best half of those recorded there, so halving stops it there.
    const stopped = trials.filter((t) => t.state === 'stopped');
    expect(stopped.map((t) => [t.params.x, t.last_t])).toEqual([[0.8, 1], [0.1, 1], [0.05, 1]]);
    for (const t of stopped) expect((await api.waitFor(t.job_id, undefined, 30_000)).state).toBe('cancelled');
  });
});
