import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { SWEEP_ID, wireSweep, wireTrial } from '../sdk/test-support/sweep-fixtures.js';
import { startRecordingServer, type RecordingServer } from '../sdk/test-support/recording-server.js';
import { formatConfigError } from './error-output.js';
import { run } from './run.js';
import { makeTrial } from './test-support/sweep-fixtures.js';
import { captureIo } from './test-support/fixtures.js';
import { parseTrialSort, sortTrials } from './trial-sort.js';

/**
 * `fw sweeps`: what it sends and prints, and its exit codes, against a recording HTTP peer
 * that answers as docs/sweeps-api.md says.
 */
const SWEEPS = '/api/v1/sweeps';
const ONE = `${SWEEPS}/${SWEEP_ID}`;
const YAML = 'name: iris-mlp\nmethod: tpe\n';
let server: RecordingServer;
let dir: string;
let file: string;

beforeEach(async () => {
  server = await startRecordingServer();
  dir = await mkdtemp(join(tmpdir(), 'fw-sweeps-cli-'));
  file = join(dir, 'sweep.yaml');
  await writeFile(file, YAML);
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const fw = async (...argv: string[]) => {
  const io = captureIo({ FW_TRACKING_URI: server.url });
  const code = await run(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
};

describe('fw sweeps create', () => {
  beforeEach(() => {
    server.route('POST', SWEEPS, () => ({ body: { sweep: wireSweep() } }));
  });

  it("sends the file's text and the current directory, and prints the sweep id", async () => {
    const { code, stdout, stderr } = await fw('sweeps', 'create', file);
    expect(code).toBe(0);
    expect(stdout).toBe(`${SWEEP_ID}\n`);
    expect(stderr).toContain(`fw sweeps show ${SWEEP_ID}`);
    expect(server.accepted[0]!.json).toEqual({ config: YAML, cwd: process.cwd() });
  });

  it('resolves --experiment by name and passes --env on', async () => {
    server.route('GET', '/api/2.0/mlflow/experiments/get-by-name', () => ({
      body: { experiment: { experiment_id: '7', name: 'iris', lifecycle_stage: 'active' } },
    }));
    await fw('sweeps', 'create', file, '--experiment', 'iris', '--env', 'SEED=1');
    expect(server.accepted[0]!.query.get('experiment_name')).toBe('iris');
    expect(server.accepted[1]!.json).toEqual({ config: YAML, cwd: process.cwd(), env: { SEED: '1' }, experiment_id: '7' });
  });

  it("prints the server's problems with the file one per line, with file:line, and exits 2", async () => {
    server.route('POST', SWEEPS, () => ({
      status: 400,
      body: {
        error_code: 'INVALID_ARGUMENT',
        message: 'sweep config is not a valid sweep config (2 problems):\n  parameters.lr.max: line 9: max must be greater than min\n  metric: line 3: ...',
        details: [
          { path: 'parameters.lr.max', message: 'line 9: max must be greater than min' },
          { path: 'metric.goal', message: 'line 3: goal must be one of minimize, maximize' },
        ],
      },
    }));
    const { code, stdout, stderr } = await fw('sweeps', 'create', file);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        `error: ${file}: 2 problems`,
        `  ${file}:9: parameters.lr.max: max must be greater than min`,
        `  ${file}:3: metric.goal: goal must be one of minimize, maximize`,
        '',
      ].join('\n'),
    );
  });

  it('exits 2 for a file it cannot read, without asking the server', async () => {
    const { code, stderr } = await fw('sweeps', 'create', join(dir, 'nope.yaml'));
    expect(code).toBe(2);
    expect(stderr).toBe(`error: cannot read ${join(dir, 'nope.yaml')}: ENOENT\n`);
    expect(server.received).toEqual([]);
  });

  it('prints the sweep as JSON with --json', async () => {
    const { stdout } = await fw('sweeps', 'create', file, '--json');
    expect(JSON.parse(stdout)).toMatchObject({ sweepId: SWEEP_ID, state: 'running', maxTrials: 60 });
  });

  describe('with --wait', () => {
    it('waits for the end and prints the best trial', async () => {
      let gets = 0;
      server.route('GET', ONE, () => ({
        body: { sweep: wireSweep(++gets < 2 ? {} : { state: 'finished', reason: 'max_trials (60) reached', counts: { total: 60, running: 0, completed: 60, stopped: 0, failed: 0, cancelled: 0 } }) },
      }));
      const { code, stdout } = await fw('sweeps', 'create', file, '--wait');
      expect(code).toBe(0);
      expect(stdout).toBe(
        [
          `sweep ${SWEEP_ID} finished: max_trials (60) reached`,
          'best trial  #7: val_acc = 0.93 (completed, run 0a1b, job j0a1b2c3d4e5)',
          '  lr      0.0031',
          '  hidden  64',
          '',
        ].join('\n'),
      );
    });

    it('exits 1 when the sweep was cancelled or failed', async () => {
      server.route('GET', ONE, () => ({ body: { sweep: wireSweep({ state: 'cancelled', best_trial: null }) } }));
      const { code, stdout } = await fw('sweeps', 'create', file, '--wait', '--json');
      expect(code).toBe(1);
      expect(JSON.parse(stdout)).toMatchObject({ state: 'cancelled', bestTrial: null });
    });
  });
});

describe('fw sweeps list', () => {
  it('asks for the states given and prints a table', async () => {
    server.route('GET', SWEEPS, () => ({ body: { sweeps: [wireSweep()] } }));
    const { code, stdout } = await fw('sweeps', 'list', '--state', 'running,paused', '-n', '5');
    expect(code).toBe(0);
    expect(server.accepted[0]!.query.getAll('state')).toEqual(['running', 'paused']);
    expect(server.accepted[0]!.query.get('max_results')).toBe('5');
    expect(stdout.split('\n')[1]).toMatch(/^s3f9c0a1b2c4\s+iris-mlp\s+running\s+tpe\s+10\/60\s+4\s+↑ val_acc\s+0\.93 \(#7\)/);
  });

  it('follows page tokens up to --limit and says when there are more', async () => {
    server.route('GET', SWEEPS, (req) => ({
      body: { sweeps: [wireSweep({ sweep_id: `s${req.query.get('page_token') ?? 'first'}` })], next_page_token: 'next' },
    }));
    const { stdout } = await fw('sweeps', 'list', '-n', '2', '--json');
    expect(server.accepted.map((r) => r.query.get('page_token'))).toEqual([null, 'next']);
    expect(JSON.parse(stdout).map((s: { sweepId: string }) => s.sweepId)).toEqual(['sfirst', 'snext']);
  });

  it('refuses an unknown state as a usage error', async () => {
    const { code, stderr } = await fw('sweeps', 'list', '--state', 'done');
    expect(code).toBe(2);
    expect(stderr).toContain("unknown state 'done': use running, paused, finished, cancelled, failed.");
  });
});

describe('fw sweeps show', () => {
  beforeEach(() => {
    server.route('GET', ONE, () => ({ body: { sweep: wireSweep() } }));
    server.route('GET', `${ONE}/importance`, () => ({ body: { importance: [{ parameter: 'lr', importance: 1 }] } }));
  });

  it('prints the facts, the best trial and the importance', async () => {
    const { code, stdout } = await fw('sweeps', 'show', SWEEP_ID);
    expect(code).toBe(0);
    expect(stdout).toContain('trials       10/60 done: 7 completed, 2 stopped early, 1 failed, 0 cancelled; 4 running\n');
    expect(stdout).toContain('best trial  #7: val_acc = 0.93');
    expect(stdout).toContain('importance\n');
  });

  it('prints the sweep and the importance as JSON', async () => {
    const { stdout } = await fw('sweeps', 'show', SWEEP_ID, '--json');
    expect(JSON.parse(stdout)).toMatchObject({ sweep: { sweepId: SWEEP_ID, bestTrial: { number: 7 } }, importance: [{ parameter: 'lr', importance: 1 }] });
  });

  it('exits 1 with the message for an unknown sweep', async () => {
    server.route('GET', `${SWEEPS}/snope`, () => ({ status: 404, body: { error_code: 'NOT_FOUND', message: 'no sweep snope' } }));
    server.route('GET', `${SWEEPS}/snope/importance`, () => ({ status: 404, body: { error_code: 'NOT_FOUND', message: 'no sweep snope' } }));
    const { code, stderr } = await fw('sweeps', 'show', 'snope');
    expect([code, stderr]).toEqual([1, 'error: no sweep snope\n']);
  });
});

describe('fw sweeps trials', () => {
  beforeEach(() => {
    server.route('GET', ONE, () => ({ body: { sweep: wireSweep() } }));
    server.route('GET', `${ONE}/trials`, () => ({
      body: { trials: [wireTrial({ number: 1, value: 0.5 }), wireTrial({ number: 2, value: null }), wireTrial({ number: 3, value: 0.9 })] },
    }));
  });

  it('lists trials by number, or best first with --sort value', async () => {
    const byNumber = await fw('sweeps', 'trials', SWEEP_ID, '--json');
    expect(JSON.parse(byNumber.stdout).map((t: { number: number }) => t.number)).toEqual([1, 2, 3]);
    const best = await fw('sweeps', 'trials', SWEEP_ID, '--sort', 'value');
    expect(best.code).toBe(0);
    expect(best.stdout.split('\n').slice(1, 4).map((l) => l.trim().split(/\s+/)[0])).toEqual(['3', '1', '2']);
  });

  it('refuses an unknown sort key as a usage error', async () => {
    const { code, stderr } = await fw('sweeps', 'trials', SWEEP_ID, '--sort', 'speed');
    expect(code).toBe(2);
    expect(stderr).toContain("cannot sort by 'speed'");
  });
});

describe('fw sweeps pause, resume and cancel', () => {
  it.each([
    ['pause', 'paused', null, `sweep ${SWEEP_ID} is paused\n`],
    ['resume', 'running', null, `sweep ${SWEEP_ID} is running\n`],
    ['cancel', 'cancelled', 'cancelled by a user', `sweep ${SWEEP_ID} is cancelled (cancelled by a user)\n`],
  ])('%s posts to its route and prints the new state', async (verb, state, reason, printed) => {
    server.route('POST', `${ONE}/${verb}`, () => ({ body: { sweep: wireSweep({ state, reason }) } }));
    const { code, stdout } = await fw('sweeps', verb, SWEEP_ID);
    expect([code, stdout]).toEqual([0, printed]);
    expect(server.accepted[0]!.path).toBe(`${ONE}/${verb}`);
  });

  it('exits 1 with the conflict message', async () => {
    server.route('POST', `${ONE}/resume`, () => ({ status: 409, body: { error_code: 'CONFLICT', message: 'sweep is finished' } }));
    const { code, stderr } = await fw('sweeps', 'resume', SWEEP_ID);
    expect([code, stderr]).toEqual([1, 'error: sweep is finished\n']);
  });
});

describe('trial sort keys', () => {
  const trials = [
    makeTrial({ number: 1, value: 0.5, lastT: 3, params: { lr: 0.1 } }),
    makeTrial({ number: 2, value: null, lastT: null, params: {} }),
    makeTrial({ number: 3, value: 0.2, lastT: 9, params: { lr: 0.01 } }),
  ];
  const order = (key: string, goal: 'minimize' | 'maximize' = 'maximize') => sortTrials(trials, parseTrialSort(key), goal).map((t) => t.number);

  it('sorts by value best first for the goal, trials without one last', () => {
    expect(order('value')).toEqual([1, 3, 2]);
    expect(order('value', 'minimize')).toEqual([3, 1, 2]);
    expect(order('-value')).toEqual([3, 1, 2]);
  });

  it('sorts by number, time step and parameter', () => {
    expect(order('number')).toEqual([1, 2, 3]);
    expect(order('-number')).toEqual([3, 2, 1]);
    expect(order('t')).toEqual([3, 1, 2]);
    expect(order('params.lr')).toEqual([3, 1, 2]);
  });
});

describe('formatConfigError', () => {
  it('falls back to the plain error when the server gave no issues', () => {
    expect(formatConfigError('a.yaml', new FlywheelError('INVALID_ARGUMENT', 'cwd does not exist'))).toBe('error: cwd does not exist\n');
  });

  it('keeps an issue without a line as it is', () => {
    const e = new FlywheelError('INVALID_ARGUMENT', 'bad', { issues: [{ path: '', message: 'the file is empty' }] });
    expect(formatConfigError('a.yaml', e)).toBe('error: a.yaml: 1 problem\n  a.yaml: the file is empty\n');
  });
});
