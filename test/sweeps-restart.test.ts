import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { MIGRATIONS } from '../src/server/migrations.js';
import { openDatabase } from '../src/storage/index.js';
import { SweepsHttp } from './support/sweeps-http.js';

/*
 * A sweep survives its server: trial jobs keep running while no server is up, and the next
 * server's controller picks them up, replays their metrics into the stopper, and carries on
 * without losing or repeating a trial.
 */

const TRIAL = fileURLToPath(new URL('./fixtures/sweep-trial.mjs', import.meta.url));
const dirs: string[] = [];
let server: RunningServer | undefined;

afterAll(async () => {
  await server?.close();
  for (const d of dirs) if (!process.env.KEEP) await rm(d, { recursive: true, force: true });
});

// The same port across the restart: the trials keep reporting to the URL they were given.
const start = (dataDir: string, port = 0) =>
  startServer(loadServerConfig({ port, dataDir, computeCpus: 4, computeMemory: '8G', jobKillGraceSeconds: 1, slurm: 'off' }), { logger: silentLogger, sweepTickMs: 50 });

describe('sweeps across a server restart', () => {
  it('keeps every trial once: running jobs are picked up, and a job whose id was never stored is found by its labels', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fw-sweep-restart-'));
    dirs.push(dataDir);
    server = await start(dataDir);
    let api = new SweepsHttp(server.url);
    const sweep = await api.create(`
name: restart-test
command: [node, "${TRIAL}", --x, "\${x}", --epochs, "9", --ms, "100"]
metric: { name: score, goal: maximize }
method: random
seed: 5
max_trials: 6
parallel: 2
parameters:
  x: { distribution: uniform, min: 0, max: 1 }
early_stop: { type: asha, time_metric: epoch, min_t: 1, max_t: 9, reduction_factor: 3 }
`);
    // Down while two trials run, with at least one report in.
    const before = await api.waitForTrials(sweep.sweep_id, (ts) => ts.filter((t) => t.state === 'running' && t.reports > 0).length === 2);
    const port = Number(new URL(server.url).port);
    await server.close();
    server = undefined;

    // As if the previous server died between submitting a trial's job and storing its id.
    const orphan = before.find((t) => t.state === 'running')!;
    const db = await openDatabase(`sqlite:${join(dataDir, 'flywheel.db')}`, MIGRATIONS);
    await db.db.updateTable('sweep_trials').set({ job_id: null, run_id: null }).where('sweep_id', '=', sweep.sweep_id).where('number', '=', orphan.number).execute();
    await db.close();

    server = await start(dataDir, port);
    api = new SweepsHttp(server.url);
    const done = await api.waitForSweep(sweep.sweep_id);
    expect(done).toMatchObject({ state: 'finished', reason: 'max_trials (6) reached', counts: { total: 6 } });
    const trials = await api.trials(sweep.sweep_id);
    expect(trials.map((t) => t.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(trials.every((t) => t.state === 'completed' || t.state === 'stopped')).toBe(true);
    // The orphan got its own job back, not a second one.
    expect(trials.find((t) => t.number === orphan.number)!.job_id).toBe(orphan.job_id);
    const jobs = (await api.get(`/api/v1/jobs?label=fw.sweep_id=${sweep.sweep_id}`)).body.jobs as { job_id: string; labels: Record<string, string> }[];
    expect(jobs).toHaveLength(6);
    expect(new Set(jobs.map((j) => j.labels['fw.sweep_trial'])).size).toBe(6);
    for (const t of trials.filter((x) => x.state === 'completed')) expect(t.value).toBeCloseTo(t.params.x, 10);
  }, 60_000);
});
