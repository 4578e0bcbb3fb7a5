import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as fw } from '../src/cli/run.js';
import { captureIo } from '../src/cli/test-support/fixtures.js';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { Flywheel, type Sweep, type Trial } from '../src/sdk/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';

/*
 * `fw sweeps` and `fw.sweeps` against the real server: trials as real child processes (the
 * stand-in trainer of test/fixtures/sweep-trial.mjs), driven through run(argv, io) as
 * main.ts drives it, and a client-driven sweep through the SDK's ask / report / tell.
 */

const TRIAL = fileURLToPath(new URL('./fixtures/sweep-trial.mjs', import.meta.url));
let server: RunningServer;
let dataDir: string;
let client: Flywheel;

const cli = async (...argv: string[]) => {
  const io = captureIo({ FW_TRACKING_URI: server.url });
  const code = await fw(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
};

const sweepFile = async (name: string, yaml: string): Promise<string> => {
  const file = join(dataDir, `${name}.yaml`);
  await writeFile(file, yaml);
  return file;
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-sweeps-cli-e2e-'));
  const config = loadServerConfig({ port: 0, dataDir, computeCpus: 4, computeMemory: '8G', jobKillGraceSeconds: 1, slurm: 'off' });
  server = await startServer(config, { logger: silentLogger, gpus: [], sweepTickMs: 50 });
  client = new Flywheel({ trackingUri: server.url, env: {} });
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('fw sweeps against the real server', () => {
  let sweepId: string;

  it('creates a sweep from a file, waits for it, and prints the best trial', async () => {
    const file = await sweepFile(
      'grid',
      `name: cli-grid
command: [node, "${TRIAL}", --x, "\${x}", --epochs, "2", --ms, "20", --mode, flat]
metric: { name: score, goal: maximize }
method: grid
parallel: 2
resources: { cpus: 1 }
parameters:
  x: { values: [0.1, 0.7, 0.4] }
  seed: { value: 1 }
`,
    );
    const { code, stdout } = await cli('sweeps', 'create', file, '--experiment', '0', '--wait');
    expect(code).toBe(0);
    const [head, best, ...params] = stdout.trimEnd().split('\n');
    expect(head).toMatch(/^sweep s[0-9a-f]{12} finished/);
    expect(best).toMatch(/^best trial {2}#2: score = 0\.7 \(completed, run [0-9a-f]{8}, job j[0-9a-f]{12}\)$/);
    expect(params).toContain('  x     0.7');
    sweepId = head!.split(' ')[1]!;
    expect((await client.sweeps.get(sweepId)).experimentId).toBe('0');
  }, 30_000);

  it('shows the sweep with its counts and best trial, and lists its trials best first', async () => {
    const show = await cli('sweeps', 'show', sweepId);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('trials       3/3 done: 3 completed, 0 stopped early, 0 failed, 0 cancelled; 0 running\n');
    expect(show.stdout).toContain('best trial  #2: score = 0.7');
    const trials = await cli('sweeps', 'trials', sweepId, '--sort', 'value');
    expect(trials.stdout.split('\n').slice(1, 4).map((l) => l.trim().split(/\s+/).slice(0, 3))).toEqual([
      ['2', 'completed', '0.7'],
      ['3', 'completed', '0.4'],
      ['1', 'completed', '0.1'],
    ]);
    const list = await cli('sweeps', 'list', '--state', 'finished', '--json');
    expect(JSON.parse(list.stdout).map((s: Sweep) => s.sweepId)).toContain(sweepId);
  }, 30_000);

  it('prints every problem of a bad file with its line, and exits 2', async () => {
    const file = await sweepFile(
      'bad',
      `name: bad
command: [node, x.js]
metric: { name: score, goal: upward }
method: random
max_trials: 5
parameters:
  x: { distribution: uniform, min: 1, max: 0 }
`,
    );
    const { code, stdout, stderr } = await cli('sweeps', 'create', file);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`error: ${file}: ${lines.length - 1} problem${lines.length === 2 ? '' : 's'}`);
    expect(lines.some((l) => l.startsWith(`  ${file}:3: metric.goal: `))).toBe(true);
    expect(lines.some((l) => l.startsWith(`  ${file}:7: parameters.x`))).toBe(true);
  });

  it('pauses, resumes and cancels a sweep', async () => {
    const file = await sweepFile(
      'slow',
      `name: cli-slow
command: [node, "${TRIAL}", --x, "\${x}", --epochs, "50", --ms, "100"]
metric: { name: score, goal: maximize }
method: random
max_trials: 20
parallel: 1
resources: { cpus: 1 }
parameters:
  x: { distribution: uniform, min: 0, max: 1 }
`,
    );
    const created = await cli('sweeps', 'create', file);
    const id = created.stdout.trim();
    expect(created.code).toBe(0);
    expect(await cli('sweeps', 'pause', id)).toMatchObject({ code: 0, stdout: `sweep ${id} is paused\n` });
    expect(await cli('sweeps', 'resume', id)).toMatchObject({ code: 0, stdout: `sweep ${id} is running\n` });
    const cancelled = await cli('sweeps', 'cancel', id, '--json');
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ sweepId: id, state: 'cancelled' });
    expect((await cli('sweeps', 'resume', id)).code).toBe(1);
  }, 30_000);
});

describe('fw.sweeps ask / report / tell against the real server', () => {
  it('runs a client-driven sweep to its end and reports the best trial and the importance', async () => {
    const sweep = await client.sweeps.create(`name: sdk-ask-tell
metric: { name: loss, goal: minimize }
method: random
seed: 4
max_trials: 6
parameters:
  x: { distribution: uniform, min: -1, max: 1 }
  noise: { distribution: uniform, min: 0, max: 1 }
`);
    expect(sweep.drivenBy).toBe('client');
    const handle = client.sweeps.open(sweep.sweepId);
    const told: Trial[] = [];
    for (let i = 0; i < 6; i++) {
      const trial = await handle.ask();
      const x = trial.params.x as number;
      expect(await trial.report(1, x * x + 1)).toBe('continue');
      told.push(i === 5 ? await handle.tell(trial, x * x) : await trial.tell(x * x));
    }
    await expect(handle.ask()).rejects.toMatchObject({ code: 'CONFLICT' });
    const ended = await client.sweeps.waitFor(sweep.sweepId, { timeoutMs: 25_000, intervalMs: 50 });
    const best = told.reduce((a, b) => (b.value! < a.value! ? b : a));
    expect(ended).toMatchObject({ state: 'finished', bestTrial: { number: best.number, value: best.value } });
    const importance = await client.sweeps.importance(sweep.sweepId);
    expect(importance.map((i) => i.parameter).sort()).toEqual(['noise', 'x']);
    expect(importance.reduce((a, b) => a + b.importance, 0)).toBeCloseTo(1, 10);
  }, 30_000);
});
