import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Flywheel } from './flywheel.js';
import { LOG_BATCH_PATH, startRecordingServer, type RecordingServer } from './test-support/recording-server.js';
import type { LogBatchBody } from './wire.js';

/**
 * The SDK's requests, checked against a recording HTTP peer that answers in MLflow's shapes.
 * The real server's behaviour is covered by test/sdk-cli.e2e.test.ts.
 */
const RUN_ID = 'c'.repeat(32);
const API = '/api/2.0/mlflow';

let server: RecordingServer;
let tmp: string;
let runStatus: string;

const wireRun = () => ({
  info: {
    run_id: RUN_ID,
    run_uuid: RUN_ID,
    run_name: 'r1',
    experiment_id: '7',
    user_id: 'me',
    status: runStatus,
    start_time: 1000,
    artifact_uri: `mlflow-artifacts:/7/${RUN_ID}/artifacts`,
    lifecycle_stage: 'active',
  },
  data: {},
});

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'fw-sdk-'));
  runStatus = 'RUNNING';
  server = await startRecordingServer();
  server.route('GET', `${API}/experiments/get-by-name`, () => ({
    status: 404,
    body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no such experiment' },
  }));
  server.route('POST', `${API}/experiments/create`, () => ({ body: { experiment_id: '7' } }));
  server.route('GET', `${API}/experiments/get`, (req) => ({
    body: { experiment: { experiment_id: req.query.get('experiment_id'), name: 'mnist', lifecycle_stage: 'active' } },
  }));
  server.route('POST', `${API}/runs/create`, () => ({ body: { run: wireRun() } }));
  server.route('GET', `${API}/runs/get`, () => ({ body: { run: wireRun() } }));
  server.route('POST', `${API}/runs/update`, (req) => {
    runStatus = (req.json as { status: string }).status;
    return { body: { run_info: wireRun().info } };
  });
  server.route('POST', LOG_BATCH_PATH, () => ({ body: {} }));
  server.route('POST', `${API}/runs/log-inputs`, () => ({ body: {} }));
});

afterEach(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

const fw = (env: NodeJS.ProcessEnv = {}) => new Flywheel({ trackingUri: server.url, env, retry: { initialDelayMs: 5 } });
const requestsTo = (path: string) => server.accepted.filter((r) => r.path === path);

describe('Flywheel', () => {
  describe('startRun with an experiment name that does not exist yet', () => {
    it('creates the experiment, then the run in it with its name and tags', async () => {
      const run = await fw().startRun({ experimentName: 'mnist', runName: 'r1', tags: { team: 'vision' } });
      expect(run.runId).toBe(RUN_ID);
      expect(requestsTo(`${API}/experiments/create`)[0]!.json).toEqual({ name: 'mnist' });
      const create = requestsTo(`${API}/runs/create`)[0]!.json as Record<string, unknown>;
      expect(create).toMatchObject({ experiment_id: '7', run_name: 'r1' });
      expect(create.tags).toContainEqual({ key: 'team', value: 'vision' });
      await run.end();
    });
  });

  describe('an active run', () => {
    it('sends metrics as log-batch with NaN as a string, then ends with FINISHED and an end time', async () => {
      const run = await fw().startRun({ experimentId: '7' });
      await run.logParams({ lr: 0.01, deep: true });
      run.logMetric('loss', NaN, 3);
      run.logMetrics({ acc: 0.5, loss: 0.25 }, 4);
      await run.end();

      const bodies = requestsTo(LOG_BATCH_PATH).map((r) => r.json as LogBatchBody);
      expect(bodies.flatMap((b) => b.params)).toEqual([
        { key: 'lr', value: '0.01' },
        { key: 'deep', value: 'true' },
      ]);
      const points = bodies.flatMap((b) => b.metrics).map(({ key, value, step }) => ({ key, value, step }));
      expect(points).toEqual([
        { key: 'loss', value: 'NaN', step: 3 },
        { key: 'acc', value: 0.5, step: 4 },
        { key: 'loss', value: 0.25, step: 4 },
      ]);
      const update = requestsTo(`${API}/runs/update`).at(-1)!.json as Record<string, unknown>;
      expect(update).toMatchObject({ run_id: RUN_ID, status: 'FINISHED' });
      expect(typeof update.end_time).toBe('number');
    });

    it('still marks the run ended when a batch was refused, then throws the refusal', async () => {
      server.route('POST', LOG_BATCH_PATH, () => ({
        status: 400,
        body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'step must be an int64' },
      }));
      const errors: unknown[] = [];
      const run = await new Flywheel({ trackingUri: server.url, env: {}, onError: (e) => errors.push(e) }).startRun({
        experimentId: '7',
      });
      run.logMetric('loss', 1);
      await expect(run.end('FAILED')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: 'step must be an int64' });
      expect(runStatus).toBe('FAILED');
      expect(errors).toHaveLength(1);
    });

    it('refuses a metric value that is not a number at the call site', async () => {
      const run = await fw().startRun({ experimentId: '7' });
      expect(() => run.logMetric('loss', '0.5' as unknown as number)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
      await run.end();
    });

    it('uploads artifacts through the proxy path of its artifact_uri', async () => {
      server.route('PUT', `/api/2.0/mlflow-artifacts/artifacts/7/${RUN_ID}/artifacts/model/model.json`, () => ({ body: {} }));
      server.route('PUT', `/api/2.0/mlflow-artifacts/artifacts/7/${RUN_ID}/artifacts/notes/readme.txt`, () => ({ body: {} }));
      server.route('PUT', `/api/2.0/mlflow-artifacts/artifacts/7/${RUN_ID}/artifacts/out/a.txt`, () => ({ body: {} }));
      server.route('PUT', `/api/2.0/mlflow-artifacts/artifacts/7/${RUN_ID}/artifacts/out/sub/b.txt`, () => ({ body: {} }));
      await writeFile(join(tmp, 'model.json'), '{"layers":2}');
      await mkdir(join(tmp, 'dir', 'sub'), { recursive: true });
      await writeFile(join(tmp, 'dir', 'a.txt'), 'A');
      await writeFile(join(tmp, 'dir', 'sub', 'b.txt'), 'B');

      const run = await fw().startRun({ experimentId: '7' });
      await run.logArtifact(join(tmp, 'model.json'), 'model');
      await run.logArtifactBytes('notes/readme.txt', 'hello');
      await run.logArtifacts(join(tmp, 'dir'), 'out');
      await run.end();

      const puts = server.accepted.filter((r) => r.method === 'PUT');
      const byPath = Object.fromEntries(puts.map((r) => [r.path.split('/artifacts/').at(-1), r.body.toString()]));
      expect(byPath).toEqual({ 'model/model.json': '{"layers":2}', 'notes/readme.txt': 'hello', 'out/a.txt': 'A', 'out/sub/b.txt': 'B' });
    });

    it('says plainly when a local artifact file does not exist', async () => {
      const run = await fw().startRun({ experimentId: '7' });
      await expect(run.logArtifact(join(tmp, 'missing.bin'))).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining(`cannot read ${join(tmp, 'missing.bin')}`),
      });
      await expect(run.logArtifacts(join(tmp, 'no-dir'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await run.end();
    });

    it('logs a dataset input in the runs/log-inputs shape', async () => {
      const run = await fw().startRun({ experimentId: '7' });
      await run.logInput({ name: 'iris', digest: 'abc', sourceType: 'local', source: 'iris.csv' }, { 'mlflow.data.context': 'train' });
      await run.end();
      expect(requestsTo(`${API}/runs/log-inputs`)[0]!.json).toEqual({
        run_id: RUN_ID,
        datasets: [
          {
            tags: [{ key: 'mlflow.data.context', value: 'train' }],
            dataset: { name: 'iris', digest: 'abc', source_type: 'local', source: 'iris.csv' },
          },
        ],
      });
    });
  });

  describe('activeRunFromEnv', () => {
    it('resumes the run in FW_RUN_ID, setting it back to RUNNING', async () => {
      runStatus = 'SCHEDULED';
      const run = await fw({ FW_RUN_ID: RUN_ID }).activeRunFromEnv();
      expect(run?.runId).toBe(RUN_ID);
      expect(requestsTo(`${API}/runs/update`)[0]!.json).toEqual({ run_id: RUN_ID, status: 'RUNNING' });
      await run?.end();
    });

    it('falls back to MLFLOW_RUN_ID', async () => {
      const run = await fw({ MLFLOW_RUN_ID: RUN_ID }).activeRunFromEnv();
      expect(run?.runId).toBe(RUN_ID);
      await run?.end();
    });

    it('resolves undefined when no run id is set', async () => {
      await expect(fw({}).activeRunFromEnv()).resolves.toBeUndefined();
    });
  });

  it('reads its tracking URI from FW_TRACKING_URI, then MLFLOW_TRACKING_URI', () => {
    expect(new Flywheel({ env: { FW_TRACKING_URI: 'http://a:1/', MLFLOW_TRACKING_URI: 'http://b:2' } }).trackingUri).toBe('http://a:1');
    expect(new Flywheel({ env: { MLFLOW_TRACKING_URI: 'http://b:2' } }).trackingUri).toBe('http://b:2');
    expect(new Flywheel({ env: {} }).trackingUri).toBe('http://127.0.0.1:5050');
  });
});
