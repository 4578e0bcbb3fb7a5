import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { Flywheel } from './flywheel.js';
import { SWEEP_ID, wireSweep, wireTrial } from './test-support/sweep-fixtures.js';
import { startRecordingServer, type RecordingServer } from './test-support/recording-server.js';

/**
 * `fw.sweeps` against a recording HTTP peer that answers in the shapes of docs/sweeps-api.md.
 */
const SWEEPS = '/api/v1/sweeps';
const ONE = `${SWEEPS}/${SWEEP_ID}`;
let server: RecordingServer;
let fw: Flywheel;

beforeEach(async () => {
  server = await startRecordingServer();
  fw = new Flywheel({ trackingUri: server.url, env: {} });
});

afterEach(async () => {
  await server.close();
});

describe('fw.sweeps', () => {
  it('creates from the YAML text in snake_case and answers with the camelCase sweep', async () => {
    server.route('POST', SWEEPS, () => ({ body: { sweep: wireSweep() } }));
    const sweep = await fw.sweeps.create('name: iris-mlp\n', { cwd: '/home/me', env: { K: 'V' }, experimentId: '3' });
    expect(server.accepted[0]!.json).toEqual({ config: 'name: iris-mlp\n', cwd: '/home/me', env: { K: 'V' }, experiment_id: '3' });
    expect(sweep.sweepId).toBe(SWEEP_ID);
  });

  it('sends only the config when nothing else is given', async () => {
    server.route('POST', SWEEPS, () => ({ body: { sweep: wireSweep() } }));
    await fw.sweeps.create('name: a\n');
    expect(server.accepted[0]!.json).toEqual({ config: 'name: a\n' });
  });

  it('reads every field of the documented sweep', async () => {
    server.route('GET', ONE, () => ({ body: { sweep: wireSweep() } }));
    expect(await fw.sweeps.get(SWEEP_ID)).toEqual({
      sweepId: SWEEP_ID,
      name: 'iris-mlp',
      state: 'running',
      reason: null,
      method: 'tpe',
      metric: { name: 'val_acc', goal: 'maximize', target: null },
      maxTrials: 60,
      gridSize: null,
      parallel: 4,
      drivenBy: 'server',
      command: ['node', 'train.js', '--lr', '${lr}'],
      earlyStop: { type: 'asha', timeMetric: 'epoch', minT: 2, maxT: 50, reductionFactor: 3 },
      timeBudgetSeconds: null,
      maxRetries: 1,
      parameters: [
        { name: 'lr', kind: 'log_uniform', min: 0.0001, max: 0.1 },
        { name: 'hidden', kind: 'categorical', values: [16, 32, 64, 128] },
        { name: 'opt.momentum', kind: 'uniform', min: 0, max: 1, condition: { parameter: 'opt', values: ['sgd'] } },
      ],
      experimentId: '3',
      config: 'name: iris-mlp\n',
      createdTime: 1764226000000,
      endTime: null,
      counts: { total: 14, running: 4, completed: 7, stopped: 2, failed: 1, cancelled: 0 },
      bestTrial: {
        sweepId: SWEEP_ID,
        number: 7,
        state: 'completed',
        params: { lr: 0.0031, hidden: 64 },
        value: 0.93,
        lastT: 6,
        reports: 6,
        jobId: 'j0a1b2c3d4e5',
        runId: '0a1b',
        attempt: 1,
        reason: null,
        createdTime: 1764226000000,
        endTime: 1764226060000,
      },
    });
  });

  it('reads a client-driven sweep with a median stopper and no best trial yet', async () => {
    server.route('GET', ONE, () => ({
      body: {
        sweep: wireSweep({
          driven_by: 'client',
          command: null,
          early_stop: { type: 'median', time_metric: 'step', grace_t: 3, min_trials: 5 },
          best_trial: null,
        }),
      },
    }));
    expect(await fw.sweeps.get(SWEEP_ID)).toMatchObject({
      drivenBy: 'client',
      command: null,
      earlyStop: { type: 'median', timeMetric: 'step', graceT: 3, minTrials: 5 },
      bestTrial: null,
    });
  });

  it('lists with repeated state parameters and passes the page token on', async () => {
    server.route('GET', SWEEPS, () => ({ body: { sweeps: [wireSweep()], next_page_token: 'p2' } }));
    const page = await fw.sweeps.list({ states: ['running', 'paused'], maxResults: 5, pageToken: 'p1' });
    const q = server.accepted[0]!.query;
    expect(q.getAll('state')).toEqual(['running', 'paused']);
    expect([q.get('max_results'), q.get('page_token')]).toEqual(['5', 'p1']);
    expect(page.nextPageToken).toBe('p2');
    expect(page.items[0]!.sweepId).toBe(SWEEP_ID);
  });

  it('reads trials and importance', async () => {
    server.route('GET', `${ONE}/trials`, () => ({ body: { trials: [wireTrial({ number: 1 }), wireTrial({ number: 2, job_id: null, value: null })] } }));
    server.route('GET', `${ONE}/importance`, () => ({ body: { importance: [{ parameter: 'lr', importance: 0.8 }, { parameter: 'hidden', importance: 0.2 }] } }));
    const trials = await fw.sweeps.trials(SWEEP_ID);
    expect(trials.map((t) => [t.number, t.jobId, t.value])).toEqual([[1, 'j0a1b2c3d4e5', 0.93], [2, null, null]]);
    expect(await fw.sweeps.importance(SWEEP_ID)).toEqual([{ parameter: 'lr', importance: 0.8 }, { parameter: 'hidden', importance: 0.2 }]);
  });

  it('pauses, resumes and cancels', async () => {
    server.route('POST', `${ONE}/pause`, () => ({ body: { sweep: wireSweep({ state: 'paused' }) } }));
    server.route('POST', `${ONE}/resume`, () => ({ body: { sweep: wireSweep({ state: 'running' }) } }));
    server.route('POST', `${ONE}/cancel`, () => ({ body: { sweep: wireSweep({ state: 'cancelled', reason: 'cancelled by a user' }) } }));
    expect((await fw.sweeps.pause(SWEEP_ID)).state).toBe('paused');
    expect((await fw.sweeps.resume(SWEEP_ID)).state).toBe('running');
    expect(await fw.sweeps.cancel(SWEEP_ID)).toMatchObject({ state: 'cancelled', reason: 'cancelled by a user' });
    expect(server.accepted.map((r) => [r.method, r.path])).toEqual([
      ['POST', `${ONE}/pause`],
      ['POST', `${ONE}/resume`],
      ['POST', `${ONE}/cancel`],
    ]);
  });

  it("raises the server's 400 with the file's problems as issues", async () => {
    const details = [
      { path: 'parameters.lr.max', message: 'line 9: max must be greater than min' },
      { path: 'metric', message: 'line 3: metric is required' },
    ];
    server.route('POST', SWEEPS, () => ({ status: 400, body: { error_code: 'INVALID_ARGUMENT', message: 'sweep config is not valid', details } }));
    server.route('GET', `${SWEEPS}/snope`, () => ({ status: 404, body: { error_code: 'NOT_FOUND', message: 'no sweep snope' } }));
    const error = await fw.sweeps.create('x: 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlywheelError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', issues: details });
    await expect(fw.sweeps.get('snope')).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'no sweep snope' });
  });

  describe('waitFor', () => {
    it('resolves with the sweep once it has ended, passing every look to onUpdate', async () => {
      let gets = 0;
      server.route('GET', ONE, () => ({ body: { sweep: wireSweep({ state: ++gets < 3 ? 'running' : 'finished' }) } }));
      const seen: string[] = [];
      const sweep = await fw.sweeps.waitFor(SWEEP_ID, { intervalMs: 5, onUpdate: (s) => seen.push(s.state) });
      expect(sweep.state).toBe('finished');
      expect(seen).toEqual(['running', 'running', 'finished']);
    });

    it('gives up after timeoutMs, saying what state the sweep is in', async () => {
      server.route('GET', ONE, () => ({ body: { sweep: wireSweep({ state: 'paused' }) } }));
      await expect(fw.sweeps.waitFor(SWEEP_ID, { timeoutMs: 50, intervalMs: 10 })).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: `sweep ${SWEEP_ID} did not end within 50 ms (it is paused)`,
      });
    });
  });

  describe('ask and tell', () => {
    beforeEach(() => {
      server.route('POST', `${ONE}/trials`, () => ({ body: { trial: wireTrial({ number: 3, job_id: null, value: null, last_t: null, reports: 0 }) } }));
      server.route('POST', `${ONE}/trials/3/tell`, (req) => {
        const b = req.json as { value?: number; state: string };
        return { body: { trial: wireTrial({ number: 3, state: b.state, value: b.value ?? null }) } };
      });
    });

    it('asks for a trial with its number, params and run', async () => {
      const trial = await fw.sweeps.open(SWEEP_ID).ask();
      expect(server.accepted[0]!.json).toEqual({});
      expect([trial.number, trial.params, trial.runId, trial.shouldStop]).toEqual([3, { lr: 0.0031, hidden: 64 }, '0a1b', false]);
    });

    it('reports values and hears the stopper: continue, then stop', async () => {
      let reports = 0;
      server.route('POST', `${ONE}/trials/3/report`, () =>
        ++reports < 2 ? { body: { action: 'continue' } } : { body: { action: 'stop', reason: 'stopped early by ASHA at epoch 2' } },
      );
      const trial = await fw.sweeps.handle(SWEEP_ID).ask();
      expect(await trial.report(1, 0.5)).toBe('continue');
      expect(trial.shouldStop).toBe(false);
      expect(await trial.report(2, 0.55)).toBe('stop');
      expect([trial.shouldStop, trial.stopReason, trial.lastAction]).toEqual([true, 'stopped early by ASHA at epoch 2', 'stop']);
      expect(server.accepted.slice(1).map((r) => r.json)).toEqual([{ t: 1, value: 0.5 }, { t: 2, value: 0.55 }]);
    });

    it('tells the result through the trial or the sweep, and fails a trial with a reason', async () => {
      const sweep = fw.sweeps.open(SWEEP_ID);
      const trial = await sweep.ask();
      expect(await trial.tell(0.91)).toMatchObject({ state: 'completed', value: 0.91 });
      expect(trial.trial.state).toBe('completed');
      expect((await sweep.tell(trial, 0.92)).value).toBe(0.92);
      expect((await sweep.tell(3, 0.93)).value).toBe(0.93);
      expect((await trial.fail('out of memory')).state).toBe('failed');
      expect((await sweep.fail(3)).state).toBe('failed');
      expect(server.accepted.slice(1).map((r) => r.json)).toEqual([
        { value: 0.91, state: 'completed' },
        { value: 0.92, state: 'completed' },
        { value: 0.93, state: 'completed' },
        { state: 'failed', reason: 'out of memory' },
        { state: 'failed' },
      ]);
    });

    it('sends and reads a diverged NaN as the string JSON can carry', async () => {
      server.route('POST', `${ONE}/trials/3/report`, () => ({ body: { action: 'continue' } }));
      server.route('POST', `${ONE}/trials/3/tell`, () => ({ body: { trial: wireTrial({ number: 3, state: 'completed', value: 'NaN' }) } }));
      const trial = await fw.sweeps.open(SWEEP_ID).ask();
      await trial.report(1, Number.NaN);
      expect((await trial.tell(Number.POSITIVE_INFINITY)).value).toBeNaN();
      expect(server.accepted.slice(1).map((r) => r.json)).toEqual([{ t: 1, value: 'NaN' }, { value: 'Infinity', state: 'completed' }]);
    });

    it('raises CONFLICT when the sweep has no trials left', async () => {
      server.route('POST', `${ONE}/trials`, () => ({ status: 409, body: { error_code: 'CONFLICT', message: 'sweep has no trials left' } }));
      await expect(fw.sweeps.open(SWEEP_ID).ask()).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });
});
