import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as fw } from '../src/cli/run.js';
import { captureIo } from '../src/cli/test-support/fixtures.js';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { Flywheel, type ActiveRun } from '../src/sdk/index.js';
import { startServer } from '../src/server/index.js';

/*
 * The SDK and the CLI against the real server: a run logged with the SDK (params, 5000 metric
 * points, artifacts, an input) is listed, shown, compared, deleted and garbage-collected with
 * `fw`, driven through run(argv, io) as main.ts drives it.
 */

const POINTS = 5000;

describe('SDK and CLI against the real server', () => {
  let server: { url: string; close(): Promise<void> };
  let dataDir: string;
  let client: Flywheel;
  const experimentName = `e2e-${randomUUID().slice(0, 8)}`;
  let baseline: ActiveRun;
  let tuned: ActiveRun;

  const cli = async (...argv: string[]) => {
    const io = captureIo({ FW_TRACKING_URI: server.url });
    const code = await fw(argv, io);
    return { code, stdout: io.stdout, stderr: io.stderr };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fw-sdk-cli-e2e-'));
    server = await startServer(loadServerConfig({ port: 0, dataDir }), { logger: silentLogger });
    client = new Flywheel({ trackingUri: server.url, env: {} });

    baseline = await client.startRun({ experimentName, runName: 'baseline', tags: { team: 'e2e' } });
    await baseline.logParams({ lr: 0.1, epochs: 5 });
    for (let step = 0; step < POINTS; step++) {
      await baseline.logMetrics({ loss: 1 / (step + 1), acc: (0.9 * step) / POINTS }, step);
    }
    baseline.logMetric('grad_norm', NaN, 0);
    await writeFile(join(dataDir, 'config.json'), '{"layers":2}');
    await baseline.logArtifact(join(dataDir, 'config.json'), 'model');
    await baseline.logArtifactBytes('model/weights.bin', new Uint8Array(3000).fill(7));
    await baseline.logInput({ name: 'iris', digest: 'abc123', sourceType: 'local', source: 'iris.csv' }, { 'mlflow.data.context': 'train' });
    await baseline.end();

    tuned = await client.startRun({ experimentName, runName: 'tuned' });
    await tuned.logParams({ lr: 0.01, epochs: 5 });
    tuned.logMetrics({ loss: 0.0001, acc: 0.99 }, POINTS - 1);
    await tuned.end();
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('the SDK', () => {
    it('stored all 5000 points of a metric, in step order, once each', async () => {
      const history = await client.getMetricHistory(baseline.runId, 'loss');
      expect(history).toHaveLength(POINTS);
      expect(history.map((m) => m.step)).toEqual(Array.from({ length: POINTS }, (_, i) => i));
      expect(history[9]!.value).toBeCloseTo(0.1);
    });

    it('round-trips NaN through the API', async () => {
      const run = await client.getRun(baseline.runId);
      expect(run.data.metrics.find((m) => m.key === 'grad_norm')?.value).toBeNaN();
      expect(run.info.status).toBe('FINISHED');
      expect(run.inputs.datasetInputs[0]?.dataset.name).toBe('iris');
    });

    it('uploaded the artifacts under the run', async () => {
      const files = await client.listArtifacts(baseline.runId, 'model');
      expect(files.map((f) => [f.path, f.fileSize])).toEqual(
        expect.arrayContaining([
          ['model/config.json', 12],
          ['model/weights.bin', 3000],
        ]),
      );
    });

    it('resumes the run named by FW_RUN_ID and logs to it', async () => {
      const resumed = await new Flywheel({ trackingUri: server.url, env: { FW_RUN_ID: baseline.runId } }).activeRunFromEnv();
      expect(resumed?.runId).toBe(baseline.runId);
      resumed!.logMetric('extra', 42, 1);
      await resumed!.end();
      const run = await client.getRun(baseline.runId);
      expect(run.data.metrics.find((m) => m.key === 'extra')?.value).toBe(42);
    });

    it('rejects a param that changes value, as MLflow does', async () => {
      const run = await client.resumeRun(tuned.runId);
      await expect(run.logParam('lr', 0.5)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await run.end();
    });
  });

  describe('fw runs list', () => {
    it('shows both runs with the param and metrics that differ', async () => {
      const { code, stdout, stderr } = await cli('runs', 'list', '--experiment', experimentName, '--sort', '-metrics.acc');
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const lines = stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^id\s+name\s+status\s+started\s+duration\s+acc\s+lr\s.*loss$/);
      expect(lines[1]).toContain(tuned.runId.slice(0, 8));
      expect(lines[2]).toContain(baseline.runId.slice(0, 8));
      expect(stdout).toContain('same in every run: epochs=5');
    });

    it('prints every run as JSON with --json', async () => {
      const { code, stdout } = await cli('runs', 'list', '-e', experimentName, '--json', '--sort', '+name');
      expect(code).toBe(0);
      const runs = JSON.parse(stdout) as Array<{ info: { runName: string } }>;
      expect(runs.map((r) => r.info.runName)).toEqual(['baseline', 'tuned']);
    });

    it("shows the server's message for a bad filter and exits 1", async () => {
      const { code, stderr } = await cli('runs', 'list', '-e', experimentName, '--filter', 'metrics.acc >>> 1');
      expect(code).toBe(1);
      expect(stderr).toMatch(/^error: .+\n$/);
    });
  });

  describe('fw runs show', () => {
    it('shows params, metrics, inputs and artifacts of a run given by its short id', async () => {
      const { code, stdout } = await cli('runs', 'show', baseline.runId.slice(0, 8));
      expect(code).toBe(0);
      expect(stdout).toContain(`run           ${baseline.runId}`);
      expect(stdout).toContain(`experiment    ${experimentName}`);
      expect(stdout).toMatch(/lr\s+0\.1/);
      expect(stdout).toMatch(/grad_norm\s+NaN/);
      expect(stdout).toContain('iris  digest abc123');
      expect(stdout).toMatch(/model\/weights\.bin\s+2\.9 KiB/);
    });
  });

  describe('fw runs compare', () => {
    it('marks what differs and the best value of each metric', async () => {
      const { code, stdout } = await cli('runs', 'compare', baseline.runId, tuned.runId);
      expect(code).toBe(0);
      expect(stdout).toMatch(/≠\s+lr\s+0\.1\s+0\.01/);
      expect(stdout).toMatch(/acc ↑\s+[\d.]+\s+0\.99 \*/);
    });

    it('names the best run per metric in --json', async () => {
      const { stdout } = await cli('runs', 'compare', baseline.runId, tuned.runId, '--json');
      const comparison = JSON.parse(stdout) as { metrics: Array<{ key: string; bestRunIds: string[] }> };
      expect(comparison.metrics.find((m) => m.key === 'loss')?.bestRunIds).toEqual([tuned.runId]);
    });
  });

  describe('fw runs delete and fw gc', () => {
    it('restores a deleted run and moves a run to another experiment and back', async () => {
      expect((await cli('runs', 'delete', baseline.runId)).code).toBe(0);
      const restored = await cli('runs', 'restore', baseline.runId.slice(0, 8));
      expect(restored.stdout).toBe(`restored run ${baseline.runId}\n`);
      expect(JSON.parse((await cli('runs', 'list', '-e', experimentName, '--json')).stdout)).toHaveLength(2);
      const other = `${experimentName}-moved`;
      expect((await cli('experiments', 'create', other)).code).toBe(0);
      const moved = await cli('runs', 'move', other, baseline.runId);
      expect(moved.code).toBe(0);
      expect(moved.stdout).toContain(`moved run ${baseline.runId} to experiment '${other}'`);
      expect(JSON.parse((await cli('runs', 'list', '-e', other, '--json')).stdout)).toHaveLength(1);
      expect((await cli('runs', 'move', experimentName, baseline.runId)).code).toBe(0);
      const unknown = await cli('runs', 'move', 'no-such-experiment', baseline.runId);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/^error: .+\n$/);
    });

    it('deletes a run, lists it as deleted, then purges it for good', async () => {
      expect((await cli('runs', 'delete', tuned.runId)).code).toBe(0);
      const active = JSON.parse((await cli('runs', 'list', '-e', experimentName, '--json')).stdout) as unknown[];
      expect(active).toHaveLength(1);
      expect((await cli('runs', 'list', '-e', experimentName, '--deleted')).stdout).toContain(tuned.runId.slice(0, 8));

      const gc = await cli('gc', '--json');
      expect(gc.code).toBe(0);
      expect((JSON.parse(gc.stdout) as { purgedRunIds: string[] }).purgedRunIds).toContain(tuned.runId);

      const gone = await cli('runs', 'show', tuned.runId);
      expect(gone.code).toBe(1);
      expect(gone.stderr).toMatch(/^error: .+\n$/);
    });
  });

  describe('fw experiments', () => {
    it('creates, lists and deletes an experiment by name', async () => {
      const name = `${experimentName}-extra`;
      const created = await cli('experiments', 'create', name, '--json');
      expect(created.code).toBe(0);
      expect(JSON.parse(created.stdout)).toMatchObject({ name, lifecycleStage: 'active' });
      expect((await cli('experiments', 'list')).stdout).toContain(name);
      expect((await cli('experiments', 'delete', name)).code).toBe(0);
      expect((await cli('experiments', 'list')).stdout).not.toContain(name);
      expect((await cli('experiments', 'list', '--deleted')).stdout).toContain(name);
    });

    it('refuses to create a name that exists, with exit 1', async () => {
      const again = await cli('experiments', 'create', experimentName);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/^error: .+\n$/);
    });
  });
});

describe('fw server', () => {
  it('starts the server, prints its URL, serves the CLI, and closes on a signal', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fw-cli-server-'));
    let stop!: (signal: string) => void;
    const io = captureIo({ FW_LOG_LEVEL: 'silent' }, new Promise((resolve) => (stop = resolve)));
    try {
      const done = fw(['server', '--port', '0', '--data-dir', dataDir], io);
      await expect.poll(() => io.stdout, { timeout: 20_000 }).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      const url = /listening on (\S+)/.exec(io.stdout)![1]!;
      const list = captureIo({ FW_TRACKING_URI: url });
      expect(await fw(['experiments', 'list'], list)).toBe(0);
      expect(list.stdout).toMatch(/^\s*0\s+Default/m);
      stop('SIGTERM');
      expect(await done).toBe(0);
      expect(io.stderr).toContain('SIGTERM: shutting down');
      const after = captureIo({ FW_TRACKING_URI: url });
      expect(await fw(['experiments', 'list'], after)).toBe(1);
      expect(after.stderr).toContain('cannot reach the Flywheel server');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
