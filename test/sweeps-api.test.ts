import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { runTrialsInOrder, TrialGate } from './support/sweeps-gate.js';
import { SweepsHttp } from './support/sweeps-http.js';

/*
 * Sweeps end to end: a real server in this process, trials as real child processes that log
 * their metrics over HTTP, the sweeps API over HTTP. 4 CPUs for jobs, each trial takes 1.
 */

const TRIAL = fileURLToPath(new URL('./fixtures/sweep-trial.mjs', import.meta.url));
let server: RunningServer;
let dataDir: string;
let api: SweepsHttp;

const config = (dir: string) => loadServerConfig({ port: 0, dataDir: dir, computeCpus: 4, computeMemory: '8G', jobKillGraceSeconds: 1, slurm: 'off' });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-sweeps-'));
  server = await startServer(config(dataDir), { logger: silentLogger, sweepTickMs: 50 });
  api = new SweepsHttp(server.url);
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const trialCommand = (extra = '') => `command: [node, "${TRIAL}", --x, "\${x}", --epochs, "9", --ms, "60"${extra}]`;

/**
 * The trials ASHA stops, by number, with the rung each stops at, when trials 1, 2, ... report
 * their whole curves one after another and `x` ranks them the same at every epoch: at each
 * rung a trial goes on only if it is within the best floor(n / eta) of the n values recorded
 * there so far (itself included), once eta values are.
 */
function ashaStops(xs: readonly number[], rungs: readonly number[], eta: number): Map<number, number> {
  const recorded = rungs.map((): number[] => []);
  const stops = new Map<number, number>();
  xs.forEach((x, i) => {
    for (const [r, milestone] of rungs.entries()) {
      const at = recorded[r]!;
      at.push(x);
      if (at.length < eta) continue;
      const cutoff = [...at].sort((a, b) => b - a)[Math.floor(at.length / eta) - 1]!;
      if (x < cutoff) {
        stops.set(i + 1, milestone);
        return;
      }
    }
  });
  return stops;
}

describe('server-driven sweeps', () => {
  it('runs trials as jobs, stops poor ones with ASHA, and finishes at max_trials with the best trial', async () => {
    // Each trial logs an epoch only when the gate lets it, one trial after another, so ASHA
    // sees the same reports in the same order every run however the machine schedules them.
    const gate = await TrialGate.start();
    const sweep = await api.create(`
name: asha-test
${trialCommand(`, --gate, "${gate.url}"`)}
metric: { name: score, goal: maximize }
method: random
seed: 3
max_trials: 9
parallel: 3
resources: { cpus: 1 }
parameters:
  x: { distribution: uniform, min: 0, max: 1 }
early_stop: { type: asha, time_metric: epoch, min_t: 1, max_t: 9, reduction_factor: 3 }
`);
    expect(sweep).toMatchObject({ state: 'running', method: 'random', parallel: 3, driven_by: 'server', max_trials: 9 });
    expect(sweep.counts.running).toBe(3);

    await runTrialsInOrder(api, gate, sweep.sweep_id, { trials: 9, epochs: 9 }).finally(() => gate.close());
    const done = await api.waitForSweep(sweep.sweep_id);
    expect(done).toMatchObject({ state: 'finished', reason: 'max_trials (9) reached' });
    const trials = await api.trials(sweep.sweep_id);
    expect(trials.map((t) => t.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(trials.map((t) => t.params.x)).size).toBe(9);

    const stopped = trials.filter((t) => t.state === 'stopped');
    const completed = trials.filter((t) => t.state === 'completed');
    // Rungs at epochs 1, 3 and 9 (the last completes): exactly the trials the rule stops, where it stops them.
    const expected = ashaStops(trials.map((t) => t.params.x), [1, 3], 3);
    expect(new Map(stopped.map((t) => [t.number, t.last_t]))).toEqual(expected);
    expect(stopped.length).toBeGreaterThan(0);
    expect(completed.length).toBeGreaterThan(0);
    expect(stopped.length + completed.length).toBe(9);
    for (const t of completed) {
      // score = x at the last epoch
      expect(t.value).toBeCloseTo(t.params.x, 10);
      expect(t.last_t).toBe(9);
    }
    const best = completed.reduce((a, b) => (b.value > a.value ? b : a));
    expect(done.best_trial).toMatchObject({ number: best.number, value: best.value });

    // A stopped trial: reason, its job stopped (SIGTERM) with the reason, its run tagged.
    const s = stopped[0];
    expect(s.reason).toMatch(/^stopped early by ASHA: /);
    expect(s.last_t).toBeLessThan(9);
    const job = await api.waitFor(s.job_id);
    expect(job.state).toBe('cancelled');
    expect(job.reason).toContain(`sweep ${sweep.sweep_id}: stopped early by ASHA`);
    const run = (await api.get(`/api/2.0/mlflow/runs/get?run_id=${s.run_id}`)).body.run;
    const tags = Object.fromEntries(run.data.tags.map((t: { key: string; value: string }) => [t.key, t.value]));
    expect(tags).toMatchObject({ 'fw.sweep.stopped_early': 'true', 'fw.sweep_id': sweep.sweep_id, 'fw.sweep_trial': String(s.number) });
    expect(tags['fw.sweep.stop_reason']).toBe(s.reason);
    expect(run.data.params).toContainEqual({ key: 'x', value: String(s.params.x) });
    expect(run.info.experiment_id).toBe(sweep.experiment_id);

    // A completed trial's job got the parameter by substitution and by environment.
    const log = await api.log(completed[0].job_id);
    expect(log).toContain(`done x=${completed[0].params.x} env=${completed[0].params.x}`);

    const importance = (await api.get(`/api/v1/sweeps/${sweep.sweep_id}/importance`)).body.importance;
    expect(importance).toEqual([{ parameter: 'x', importance: 1 }]);
  }, 60_000);

  it('runs a whole grid once when max_trials is absent', async () => {
    const sweep = await api.create(`
name: grid-test
${trialCommand(', --epochs, "1"')}
metric: { name: score, goal: minimize }
method: grid
parallel: 4
parameters:
  x: { values: [0.1, 0.2, 0.3] }
  opt: { values: [adam, sgd] }
`);
    expect(sweep.grid_size).toBe(6);
    const done = await api.waitForSweep(sweep.sweep_id);
    expect(done).toMatchObject({ state: 'finished', reason: 'grid exhausted (6 points)', counts: { total: 6, completed: 6 } });
    const points = (await api.trials(sweep.sweep_id)).map((t) => `${t.params.x}/${t.params.opt}`);
    expect(points.sort()).toEqual(['0.1/adam', '0.1/sgd', '0.2/adam', '0.2/sgd', '0.3/adam', '0.3/sgd']);
    expect(done.best_trial.params.x).toBe(0.1);
  }, 30_000);

  it('retries a failed trial as a new job and run, up to max_retries', async () => {
    const markers = await mkdtemp(join(tmpdir(), 'fw-fail-once-'));
    const sweep = await api.create(`
name: retry-test
${trialCommand(`, --epochs, "2", --fail-once, "${markers}"`)}
metric: { name: score, goal: maximize }
method: random
max_trials: 2
parallel: 2
max_retries: 1
parameters:
  x: { distribution: uniform, min: 0, max: 1 }
`);
    const done = await api.waitForSweep(sweep.sweep_id);
    expect(done).toMatchObject({ state: 'finished', counts: { completed: 2, failed: 0 } });
    const trials = await api.trials(sweep.sweep_id);
    for (const t of trials) expect(t).toMatchObject({ state: 'completed', attempt: 2 });
    const jobs = (await api.get(`/api/v1/jobs?label=fw.sweep_id=${sweep.sweep_id}`)).body.jobs;
    expect(jobs).toHaveLength(4);
    expect(jobs.filter((j: { state: string }) => j.state === 'failed')).toHaveLength(2);
    await rm(markers, { recursive: true, force: true });
  }, 30_000);

  it('gives up when the first trials all fail, with the first failure as the reason', async () => {
    const sweep = await api.create(`
name: broken-test
${trialCommand(', --fail, "true"')}
metric: { name: score, goal: maximize }
method: random
max_trials: 50
parallel: 2
max_retries: 0
parameters:
  x: { distribution: uniform, min: 0, max: 1 }
`);
    const done = await api.waitForSweep(sweep.sweep_id);
    expect(done.state).toBe('failed');
    expect(done.reason).toMatch(/^the first 5 trials failed and none succeeded \(trial \d+: job failed: the command exited with code 3\)$/);
    expect(done.counts.total).toBeLessThanOrEqual(6);
  }, 30_000);

  it('ends at the target value and cancels the trials still running', async () => {
    const sweep = await api.create(`
name: target-test
${trialCommand(', --mode, flat, --epochs, "2"')}
metric: { name: score, goal: maximize, target: 0.5 }
method: grid
parallel: 1
parameters:
  x: { values: [0.1, 0.9, 0.2, 0.3] }
`);
    const done = await api.waitForSweep(sweep.sweep_id);
    expect(done).toMatchObject({ state: 'finished', reason: 'target 0.5 reached by trial 2 (0.9)', counts: { total: 2, completed: 2 } });
  }, 30_000);

  it('pauses (no new trials), resumes, and cancels (running trials stopped)', async () => {
    const sweep = await api.create(`
name: pause-test
${trialCommand(', --epochs, "4", --ms, "150"')}
metric: { name: score, goal: maximize }
method: random
max_trials: 5
parallel: 1
parameters:
  x: { distribution: uniform, min: 0, max: 1 }
`);
    const paused = (await api.post(`/api/v1/sweeps/${sweep.sweep_id}/pause`)).body.sweep;
    expect(paused.state).toBe('paused');
    await api.waitForTrials(sweep.sweep_id, (ts) => ts.length === 1 && ts[0].state === 'completed');
    // A sweep's operations run one at a time: this pause is answered only after the controller
    // step that saw trial 1 end has finished, the step that would have started trial 2.
    expect((await api.post(`/api/v1/sweeps/${sweep.sweep_id}/pause`)).body.sweep.state).toBe('paused');
    expect(await api.trials(sweep.sweep_id)).toHaveLength(1);

    expect((await api.post(`/api/v1/sweeps/${sweep.sweep_id}/resume`)).body.sweep.state).toBe('running');
    const [, second] = await api.waitForTrials(sweep.sweep_id, (ts) => ts.length === 2 && ts[1].job_id !== null);
    const cancelled = (await api.post(`/api/v1/sweeps/${sweep.sweep_id}/cancel`)).body.sweep;
    expect(cancelled).toMatchObject({ state: 'cancelled', reason: 'cancelled by user', counts: { total: 2, completed: 1, cancelled: 1 } });
    expect((await api.waitFor(second.job_id)).state).toBe('cancelled');
    expect((await api.post(`/api/v1/sweeps/${sweep.sweep_id}/cancel`)).status).toBe(200);
    const resume = await api.post(`/api/v1/sweeps/${sweep.sweep_id}/resume`);
    expect(resume.status).toBe(409);
    expect(resume.body.message).toContain('has ended (cancelled)');
  }, 30_000);
});

describe('client-driven sweeps (ask / report / tell)', () => {
  it('hands out trials, stops poor ones on report, and finishes at max_trials', async () => {
    const sweep = await api.create(`
name: ask-tell
metric: { name: loss, goal: minimize }
method: tpe
seed: 1
max_trials: 6
parameters:
  x: { distribution: uniform, min: 0, max: 1 }
  opt: { values: [adam, sgd] }
early_stop: { type: asha, time_metric: epoch, min_t: 1, max_t: 9, reduction_factor: 3 }
`);
    expect(sweep).toMatchObject({ driven_by: 'client', command: null, counts: { total: 0 } });
    const actions: string[] = [];
    for (let i = 0; i < 6; i++) {
      const trial = (await api.post(`/api/v1/sweeps/${sweep.sweep_id}/trials`)).body.trial;
      expect(trial).toMatchObject({ number: i + 1, state: 'running', job_id: null, run_id: expect.any(String) });
      // Later trials are worse at every step, so ASHA stops some of them at the first rung.
      const loss = 1 + i;
      const r = (await api.post(`/api/v1/sweeps/${sweep.sweep_id}/trials/${trial.number}/report`, { t: 1, value: loss })).body;
      actions.push(r.action);
      if (r.action === 'stop') {
        expect(r.reason).toMatch(/^stopped early by ASHA: /);
        const again = await api.post(`/api/v1/sweeps/${sweep.sweep_id}/trials/${trial.number}/report`, { t: 2, value: loss });
        expect(again.body.action).toBe('stop');
        const tell = await api.post(`/api/v1/sweeps/${sweep.sweep_id}/trials/${trial.number}/tell`, { value: loss });
        expect(tell.status).toBe(409);
        continue;
      }
      const told = (await api.post(`/api/v1/sweeps/${sweep.sweep_id}/trials/${trial.number}/tell`, { value: loss - 0.5 })).body.trial;
      expect(told).toMatchObject({ state: 'completed', value: loss - 0.5 });
      const run = (await api.get(`/api/2.0/mlflow/runs/get?run_id=${told.run_id}`)).body.run;
      expect(run.info.status).toBe('FINISHED');
      expect(run.data.params).toContainEqual({ key: 'opt', value: String(told.params.opt) });
    }
    expect(actions.slice(0, 2)).toEqual(['continue', 'continue']);
    expect(actions).toContain('stop');
    const done = await api.sweep(sweep.sweep_id);
    expect(done).toMatchObject({ state: 'finished', reason: 'max_trials (6) reached', best_trial: { number: 1, value: 0.5 } });
    const more = await api.post(`/api/v1/sweeps/${sweep.sweep_id}/trials`);
    expect(more.status).toBe(409);
  });

  it('takes a failure, and a NaN as a string', async () => {
    const sweep = await api.create('name: nan\nmetric: {name: loss, goal: minimize}\nmethod: random\nmax_trials: 3\nparameters:\n  x: {distribution: uniform, min: 0, max: 1}\n');
    const a = (await api.post(`/api/v1/sweeps/${sweep.sweep_id}/trials`)).body.trial;
    expect((await api.post(`/api/v1/sweeps/${sweep.sweep_id}/trials/${a.number}/report`, { t: 0, value: 'NaN' })).body.action).toBe('continue');
    const failed = (await api.post(`/api/v1/sweeps/${sweep.sweep_id}/trials/${a.number}/tell`, { state: 'failed', reason: 'diverged' })).body.trial;
    expect(failed).toMatchObject({ state: 'failed', reason: 'diverged', value: 'NaN' });
    const b = (await api.post(`/api/v1/sweeps/${sweep.sweep_id}/trials`)).body.trial;
    expect(b.params.x).not.toBe(a.params.x);
  });
});

describe('stopping rules and budgets', () => {
  /** Asks for `n` trials and reports `curve(i, t)` for each at t = 1..steps, in turn; returns the answers. */
  async function drive(sweepId: string, n: number, steps: number, curve: (i: number, t: number) => number) {
    const trials = [];
    for (let i = 0; i < n; i++) trials.push((await api.post(`/api/v1/sweeps/${sweepId}/trials`)).body.trial);
    const answers: Record<number, { action: string; reason?: string }[]> = {};
    for (let t = 1; t <= steps; t++) {
      for (const [i, trial] of trials.entries()) {
        const r = (await api.post(`/api/v1/sweeps/${sweepId}/trials/${trial.number}/report`, { t, value: curve(i, t) })).body;
        (answers[trial.number] ??= []).push(r);
      }
    }
    return answers;
  }

  it('stops with Hyperband, naming the rule', async () => {
    const sweep = await api.create(`
name: hb
metric: { name: loss, goal: minimize }
method: random
max_trials: 20
parameters: { x: { distribution: uniform, min: 0, max: 1 } }
early_stop: { type: hyperband, time_metric: epoch, min_t: 1, max_t: 9, reduction_factor: 3 }
`);
    const answers = await drive(sweep.sweep_id, 12, 9, (i, t) => (i + 1) / t);
    const stops = Object.values(answers).flat().filter((a) => a.action === 'stop');
    expect(stops.length).toBeGreaterThan(0);
    expect(stops[0]!.reason).toMatch(/^stopped early by Hyperband: /);
    // The best trial (lowest loss at every step) is never stopped.
    expect(answers[1]!.every((a) => a.action !== 'stop')).toBe(true);
  });

  it('stops with the median rule once enough trials have reported', async () => {
    const sweep = await api.create(`
name: median
metric: { name: acc, goal: maximize }
method: random
max_trials: 3
parameters: { x: { distribution: uniform, min: 0, max: 1 } }
early_stop: { type: median, time_metric: step, grace_t: 3, min_trials: 2 }
`);
    const answers = await drive(sweep.sweep_id, 3, 4, (i, t) => (i === 2 ? 0.1 : 0.8 + 0.01 * t));
    expect(answers[1]!.map((a) => a.action)).toEqual(['continue', 'continue', 'continue', 'continue']);
    const third = answers[3]!;
    expect(third.slice(0, 2).map((a) => a.action)).toEqual(['continue', 'continue']);
    expect(third[2]).toMatchObject({ action: 'stop', reason: expect.stringMatching(/^stopped early by the median stopping rule: /) });
  });

  it('ends at its time budget and cancels the trials still running', async () => {
    const sweep = await api.create(`
name: budget
command: [node, "${TRIAL}", --x, "\${x}", --epochs, "100", --ms, "100"]
metric: { name: score, goal: maximize }
method: random
max_trials: 10
parallel: 2
time_budget: 1s
parameters: { x: { distribution: uniform, min: 0, max: 1 } }
`);
    const done = await api.waitForSweep(sweep.sweep_id);
    // Both trials cancelled, none completed: it ended well before a trial (100 epochs of 100 ms) could.
    expect(done).toMatchObject({ state: 'finished', reason: 'time budget of 1s spent', counts: { total: 2, cancelled: 2 } });
    expect(done.end_time - done.created_time).toBeGreaterThanOrEqual(1000);
    for (const t of await api.trials(sweep.sweep_id)) {
      expect(t.reason).toBe('the sweep ran out of time');
      expect((await api.waitFor(t.job_id)).state).toBe('cancelled');
    }
  }, 30_000);
});

describe('bad input', () => {
  it('refuses a bad sweep file with every problem, its line and key, and stores nothing', async () => {
    const before = (await api.get('/api/v1/sweeps?max_results=1000')).body.sweeps.length;
    const res = await api.post('/api/v1/sweeps', { config: 'name: bad\nmetric: {name: loss, goal: up}\nmethod: tpe\nparameters:\n  lr: {min: 1, max: 0.1}\n' });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(res.body.message).toContain('line 2');
    expect(res.body.message).toContain('max_trials');
    expect(res.body.message).toContain('parameters.lr');
    expect((await api.get('/api/v1/sweeps?max_results=1000')).body.sweeps.length).toBe(before);
  });

  it('answers 4xx with a message for each kind of mistake', async () => {
    const client = await api.create('name: errs\nmetric: {name: loss, goal: minimize}\nmethod: random\nmax_trials: 2\nparameters:\n  x: {values: [1, 2]}\n');
    const server = await api.create(`name: errs-server\n${trialCommand()}\nmetric: {name: score, goal: maximize}\nmethod: random\nmax_trials: 1\nparameters:\n  x: {values: [0.5]}\n`);
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/api/v1/sweeps', {}, 400, 'config'],
      ['POST', '/api/v1/sweeps', { config: 'x: [' }, 400, 'line 1'],
      ['POST', '/api/v1/sweeps', { config: 'name: a', nope: 1 }, 400, 'nope'],
      ['POST', '/api/v1/sweeps', { config: 'name: p\nmetric: {name: l, goal: minimize}\nmethod: random\nmax_trials: 1\nparallel: 101\nparameters:\n  x: {values: [1]}\n' }, 400, 'parallel must be at most 100'],
      ['POST', '/api/v1/sweeps', { config: 'name: e\nmetric: {name: l, goal: minimize}\nmethod: random\nmax_trials: 1\nparameters:\n  x: {values: [1]}\n', experiment_id: '999999' }, 404, 'No Experiment with id=999999'],
      ['GET', '/api/v1/sweeps/s000000000000', undefined, 404, 'does not exist'],
      ['GET', '/api/v1/sweeps?state=bogus', undefined, 400, 'unknown state'],
      ['GET', '/api/v1/sweeps?page_token=zzz', undefined, 400, 'page token'],
      ['POST', `/api/v1/sweeps/${client.sweep_id}/trials/0/tell`, { value: 1 }, 400, 'positive integer'],
      ['POST', `/api/v1/sweeps/${client.sweep_id}/trials/7/tell`, { value: 1 }, 404, 'no trial 7'],
      ['POST', `/api/v1/sweeps/${client.sweep_id}/trials`, { extra: 1 }, 400, 'extra'],
      ['POST', `/api/v1/sweeps/${server.sweep_id}/trials`, {}, 409, 'has a command'],
      ['POST', `/api/v1/sweeps/${server.sweep_id}/trials/1/report`, { t: 1, value: 1 }, 409, 'run by the server'],
    ];
    for (const [method, path, body, status, text] of cases) {
      const res = method === 'GET' ? await api.get(path) : await api.post(path, body);
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(res.body.message, `${method} ${path}`).toContain(text);
    }
    const trial = (await api.post(`/api/v1/sweeps/${client.sweep_id}/trials`)).body.trial;
    const more: [unknown, number, string][] = [
      [{ t: -1, value: 1 }, 400, 't must be'],
      [{ t: 1.5, value: 1 }, 400, 'must be an integer'],
      [{ t: 1 }, 400, 'value'],
      [{ t: 1, value: 'high' }, 400, 'value'],
    ];
    for (const [body, status, text] of more) {
      const res = await api.post(`/api/v1/sweeps/${client.sweep_id}/trials/${trial.number}/report`, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.message).toContain(text);
    }
    const noValue = await api.post(`/api/v1/sweeps/${client.sweep_id}/trials/${trial.number}/tell`, {});
    expect(noValue.status).toBe(400);
    expect(noValue.body.message).toContain('value is required');
    expect((await api.trials(client.sweep_id))[0].state).toBe('running');
    await api.waitForSweep(server.sweep_id);
  }, 30_000);
});
