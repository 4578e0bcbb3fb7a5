import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';

/*
 * The MLflow REST API as the MLflow Python client calls it (mlflow/store/tracking/rest_store.py):
 * reads are GET with a query string, writes are POST with protobuf JSON. Request and response
 * shapes follow the MLflow REST API reference.
 */

let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-mlflow-api-'));
  server = await startServer(loadServerConfig({ port: 0, dataDir }), { logger: silentLogger });
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: any;
}

async function get(path: string, query: Record<string, string | number | string[]> = {}): Promise<Answer> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const item of Array.isArray(v) ? v : [v]) params.append(k, String(item));
  }
  const qs = params.toString();
  const res = await fetch(`${server.url}/api/2.0/mlflow/${path}${qs ? `?${qs}` : ''}`);
  return { status: res.status, body: await res.json() };
}

async function post(path: string, body: unknown): Promise<Answer> {
  const res = await fetch(`${server.url}/api/2.0/mlflow/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

let nameCounter = 0;
const uniqueName = (what: string) => `${what}-${process.pid}-${++nameCounter}`;

async function newExperiment(): Promise<string> {
  const res = await post('experiments/create', { name: uniqueName('exp') });
  expect(res.status).toBe(200);
  return res.body.experiment_id;
}

async function newRun(experimentId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await post('runs/create', { experiment_id: experimentId, start_time: Date.now(), ...extra });
  expect(res.status).toBe(200);
  return res.body.run.info.run_id;
}

describe('the MLflow REST API', () => {
  describe('health', () => {
    it('answers GET /health with status ok', async () => {
      const res = await fetch(`${server.url}/health`);
      expect(res.status).toBe(200);
      expect((await res.json()) as any).toEqual({ status: 'ok' });
    });
  });

  describe("when the Python client runs mlflow.set_experiment for a new name", () => {
    it('gets 404 RESOURCE_DOES_NOT_EXIST from get-by-name, then creates it', async () => {
      const name = uniqueName('set-experiment');
      const missing = await get('experiments/get-by-name', { experiment_name: name });
      expect(missing.status).toBe(404);
      expect(missing.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
      expect(typeof missing.body.message).toBe('string');

      const created = await post('experiments/create', { name, tags: [{ key: 'team', value: 'vision' }] });
      expect(created.status).toBe(200);
      expect(created.body).toEqual({ experiment_id: expect.stringMatching(/^\d+$/) });

      const found = await get('experiments/get-by-name', { experiment_name: name });
      expect(found.status).toBe(200);
      expect(found.body).toEqual({
        experiment: {
          experiment_id: created.body.experiment_id,
          name,
          artifact_location: expect.any(String),
          lifecycle_stage: 'active',
          last_update_time: expect.any(Number),
          creation_time: expect.any(Number),
          tags: [{ key: 'team', value: 'vision' }],
        },
      });
    });

    it('refuses a second experiment of the same name with RESOURCE_ALREADY_EXISTS', async () => {
      const name = uniqueName('dup');
      await post('experiments/create', { name });
      const again = await post('experiments/create', { name });
      expect(again.status).toBe(400);
      expect(again.body.error_code).toBe('RESOURCE_ALREADY_EXISTS');
    });
  });

  describe('experiments', () => {
    it('gets an experiment by id', async () => {
      const id = await newExperiment();
      const res = await get('experiments/get', { experiment_id: id });
      expect(res.status).toBe(200);
      expect(res.body.experiment.experiment_id).toBe(id);
      expect(res.body.experiment.lifecycle_stage).toBe('active');
    });

    it('renames, tags, deletes and restores an experiment', async () => {
      const id = await newExperiment();
      const newName = uniqueName('renamed');
      expect(await post('experiments/update', { experiment_id: id, new_name: newName })).toEqual({ status: 200, body: {} });
      expect(await post('experiments/set-experiment-tag', { experiment_id: id, key: 'k', value: 'v' })).toEqual({ status: 200, body: {} });
      let exp = (await get('experiments/get', { experiment_id: id })).body.experiment;
      expect(exp.name).toBe(newName);
      expect(exp.tags).toContainEqual({ key: 'k', value: 'v' });

      expect(await post('experiments/delete', { experiment_id: id })).toEqual({ status: 200, body: {} });
      exp = (await get('experiments/get', { experiment_id: id })).body.experiment;
      expect(exp.lifecycle_stage).toBe('deleted');
      expect(await post('experiments/restore', { experiment_id: id })).toEqual({ status: 200, body: {} });
      exp = (await get('experiments/get', { experiment_id: id })).body.experiment;
      expect(exp.lifecycle_stage).toBe('active');
    });

    it('searches experiments with a filter, by POST and by GET', async () => {
      const name = uniqueName('searchable');
      const id = (await post('experiments/create', { name })).body.experiment_id;
      const byPost = await post('experiments/search', { max_results: 10, filter: `name = '${name}'`, view_type: 'ACTIVE_ONLY' });
      expect(byPost.status).toBe(200);
      expect(byPost.body.experiments.map((e: any) => e.experiment_id)).toEqual([id]);
      expect(byPost.body.next_page_token).toBeUndefined();

      const byGet = await get('experiments/search', { max_results: 10, filter: `name = '${name}'` });
      expect(byGet.body.experiments.map((e: any) => e.experiment_id)).toEqual([id]);
    });

    it('pages through experiments with max_results and page_token', async () => {
      const prefix = uniqueName('paged');
      for (let i = 0; i < 3; i++) await post('experiments/create', { name: `${prefix}-${i}` });
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const res = await post('experiments/search', { max_results: 2, filter: `name LIKE '${prefix}-%'`, ...(token ? { page_token: token } : {}) });
        expect(res.status).toBe(200);
        seen.push(...res.body.experiments.map((e: any) => e.name));
        token = res.body.next_page_token;
      } while (token);
      expect(seen.sort()).toEqual([0, 1, 2].map((i) => `${prefix}-${i}`));
    });

    it('serves the same routes under /ajax-api/2.0/mlflow/', async () => {
      const id = await newExperiment();
      const res = await fetch(`${server.url}/ajax-api/2.0/mlflow/experiments/get?experiment_id=${id}`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).experiment.experiment_id).toBe(id);
    });
  });

  describe('a run logged the way mlflow.start_run() ... end_run() logs it', () => {
    let experimentId: string;
    let runId: string;
    const t0 = 1_700_000_000_000;

    beforeAll(async () => {
      experimentId = await newExperiment();
      const created = await post('runs/create', {
        experiment_id: experimentId,
        user_id: 'alice',
        run_name: 'bright-fox-1',
        start_time: t0,
        tags: [
          { key: 'mlflow.user', value: 'alice' },
          { key: 'mlflow.source.name', value: 'train.py' },
        ],
      });
      expect(created.status).toBe(200);
      runId = created.body.run.info.run_id;
    });

    it('creates the run in MLflow\'s Run shape', async () => {
      const res = await get('runs/get', { run_id: runId });
      expect(res.status).toBe(200);
      const { info, data, inputs } = res.body.run;
      expect(info).toEqual({
        run_id: runId,
        run_uuid: runId,
        run_name: 'bright-fox-1',
        experiment_id: experimentId,
        user_id: 'alice',
        status: 'RUNNING',
        start_time: t0,
        artifact_uri: expect.stringContaining(runId),
        lifecycle_stage: 'active',
      });
      expect(info).not.toHaveProperty('end_time');
      expect(data.tags).toContainEqual({ key: 'mlflow.source.name', value: 'train.py' });
      expect(data.metrics).toEqual([]);
      expect(data.params).toEqual([]);
      expect(inputs).toEqual({ dataset_inputs: [] });
    });

    it('accepts the deprecated run_uuid wherever run_id is read', async () => {
      const res = await get('runs/get', { run_uuid: runId });
      expect(res.status).toBe(200);
      expect(res.body.run.info.run_id).toBe(runId);
    });

    it('logs a parameter, then a batch of params, metrics and tags', async () => {
      expect(await post('runs/log-parameter', { run_id: runId, run_uuid: runId, key: 'lr', value: '0.01' })).toEqual({ status: 200, body: {} });
      const batch = await post('runs/log-batch', {
        run_id: runId,
        metrics: [
          { key: 'loss', value: 0.9, timestamp: t0 + 1, step: 0 },
          { key: 'loss', value: 0.5, timestamp: t0 + 2, step: 1 },
          // Older clients write int64 as strings, as protobuf's JSON mapping allows.
          { key: 'acc', value: '0.75', timestamp: String(t0 + 3), step: '1' },
        ],
        params: [
          { key: 'epochs', value: '10' },
          { key: 'optimizer', value: 'adam' },
        ],
        tags: [{ key: 'stage', value: 'dev' }],
      });
      expect(batch).toEqual({ status: 200, body: {} });

      const { data } = (await get('runs/get', { run_id: runId })).body.run;
      expect(data.params).toEqual(
        expect.arrayContaining([
          { key: 'lr', value: '0.01' },
          { key: 'epochs', value: '10' },
          { key: 'optimizer', value: 'adam' },
        ]),
      );
      expect(data.tags).toContainEqual({ key: 'stage', value: 'dev' });
      expect(data.metrics).toEqual(
        expect.arrayContaining([
          { key: 'loss', value: 0.5, timestamp: t0 + 2, step: 1 },
          { key: 'acc', value: 0.75, timestamp: t0 + 3, step: 1 },
        ]),
      );
    });

    it('logs a single metric, without a step defaulting it to 0', async () => {
      expect(await post('runs/log-metric', { run_id: runId, key: 'lr_now', value: 0.01, timestamp: t0 + 5 })).toEqual({ status: 200, body: {} });
      const history = await get('metrics/get-history', { run_id: runId, metric_key: 'lr_now' });
      expect(history.body).toEqual({ metrics: [{ key: 'lr_now', value: 0.01, timestamp: t0 + 5, step: 0 }] });
    });

    it('stores NaN and ±Infinity sent as protobuf strings and sends them back as strings', async () => {
      await post('runs/log-metric', { run_uuid: runId, key: 'weird', value: 'NaN', timestamp: t0 + 10, step: 0 });
      await post('runs/log-metric', { run_id: runId, key: 'weird', value: 'Infinity', timestamp: t0 + 11, step: 1 });
      await post('runs/log-batch', { run_id: runId, metrics: [{ key: 'weird', value: '-Infinity', timestamp: t0 + 12, step: 2 }] });
      const history = await get('metrics/get-history', { run_id: runId, metric_key: 'weird' });
      expect(history.status).toBe(200);
      expect(history.body.metrics.map((m: any) => m.value)).toEqual(['NaN', 'Infinity', '-Infinity']);
      const run = (await get('runs/get', { run_id: runId })).body.run;
      expect(run.data.metrics).toContainEqual({ key: 'weird', value: '-Infinity', timestamp: t0 + 12, step: 2 });
    });

    it('sets and deletes a tag', async () => {
      expect(await post('runs/set-tag', { run_id: runId, key: 'note', value: 'hello' })).toEqual({ status: 200, body: {} });
      let tags = (await get('runs/get', { run_id: runId })).body.run.data.tags;
      expect(tags).toContainEqual({ key: 'note', value: 'hello' });
      expect(await post('runs/delete-tag', { run_id: runId, key: 'note' })).toEqual({ status: 200, body: {} });
      tags = (await get('runs/get', { run_id: runId })).body.run.data.tags;
      expect(tags.map((t: any) => t.key)).not.toContain('note');
    });

    it('logs dataset inputs (mlflow.log_input)', async () => {
      const dataset = {
        name: 'iris',
        digest: 'a1b2c3d4',
        source_type: 'local',
        source: '{"uri": "/data/iris.csv"}',
        schema: '{"mlflow_colspec": []}',
        profile: '{"num_rows": 150}',
      };
      const res = await post('runs/log-inputs', {
        run_id: runId,
        datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset }],
      });
      expect(res).toEqual({ status: 200, body: {} });
      const run = (await get('runs/get', { run_id: runId })).body.run;
      expect(run.inputs.dataset_inputs).toEqual([{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset }]);
    });

    it('ends the run with runs/update FINISHED and returns run_info', async () => {
      const res = await post('runs/update', { run_id: runId, run_uuid: runId, status: 'FINISHED', end_time: t0 + 100 });
      expect(res.status).toBe(200);
      expect(res.body.run_info).toMatchObject({ run_id: runId, status: 'FINISHED', end_time: t0 + 100 });
      const info = (await get('runs/get', { run_id: runId })).body.run.info;
      expect(info.status).toBe('FINISHED');
      expect(info.end_time).toBe(t0 + 100);
    });

    it('renames a run with runs/update run_name', async () => {
      const res = await post('runs/update', { run_id: runId, run_name: 'renamed-run' });
      expect(res.body.run_info.run_name).toBe('renamed-run');
    });
  });

  describe('runs/search', () => {
    let experimentId: string;
    const runIds: string[] = [];

    beforeAll(async () => {
      experimentId = await newExperiment();
      for (let i = 0; i < 5; i++) {
        const id = await newRun(experimentId, { run_name: `r${i}`, start_time: 1_700_000_000_000 + i });
        runIds.push(id);
        await post('runs/log-batch', {
          run_id: id,
          metrics: [{ key: 'loss', value: 1 / (i + 1), timestamp: 1_700_000_000_000, step: 0 }],
          params: [{ key: 'model', value: i % 2 === 0 ? 'cnn' : 'mlp' }],
        });
      }
    });

    it('filters on params and orders by metrics', async () => {
      const res = await post('runs/search', {
        experiment_ids: [experimentId],
        filter: "params.model = 'cnn'",
        run_view_type: 'ACTIVE_ONLY',
        max_results: 100,
        order_by: ['metrics.loss ASC'],
      });
      expect(res.status).toBe(200);
      expect(res.body.runs.map((r: any) => r.info.run_name)).toEqual(['r4', 'r2', 'r0']);
      expect(res.body.runs[0]).toHaveProperty('data.params');
    });

    it('pages with max_results and page_token until no next_page_token is sent', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const res = await post('runs/search', { experiment_ids: [experimentId], max_results: 2, ...(token ? { page_token: token } : {}) });
        expect(res.status).toBe(200);
        expect(res.body.runs.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.runs.map((r: any) => r.info.run_id));
        token = res.body.next_page_token;
        pages++;
      } while (token);
      expect(pages).toBe(3);
      expect([...seen].sort()).toEqual([...runIds].sort());
    });

    it("accepts Flywheel's `or` and parentheses in the filter", async () => {
      const res = await post('runs/search', {
        experiment_ids: [experimentId],
        filter: "attributes.run_name = 'r0' or (params.model = 'mlp' and metrics.loss < 0.3)",
      });
      expect(res.status).toBe(200);
      expect(res.body.runs.map((r: any) => r.info.run_name).sort()).toEqual(['r0', 'r3']);
    });

    it('refuses max_results above 50000', async () => {
      const res = await post('runs/search', { experiment_ids: [experimentId], max_results: 50001 });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    });

    it('deletes and restores a run, hiding it from ACTIVE_ONLY searches meanwhile', async () => {
      const id = runIds[0]!;
      expect(await post('runs/delete', { run_id: id })).toEqual({ status: 200, body: {} });
      expect((await get('runs/get', { run_id: id })).body.run.info.lifecycle_stage).toBe('deleted');
      const active = await post('runs/search', { experiment_ids: [experimentId] });
      expect(active.body.runs.map((r: any) => r.info.run_id)).not.toContain(id);
      const deleted = await post('runs/search', { experiment_ids: [experimentId], run_view_type: 'DELETED_ONLY' });
      expect(deleted.body.runs.map((r: any) => r.info.run_id)).toEqual([id]);
      expect(await post('runs/restore', { run_id: id })).toEqual({ status: 200, body: {} });
      expect((await get('runs/get', { run_id: id })).body.run.info.lifecycle_stage).toBe('active');
    });
  });

  describe('metrics/get-history', () => {
    it('pages through a long history with max_results and page_token', async () => {
      const runId = await newRun(await newExperiment());
      const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: 'loss', value: i / 10, timestamp: 1_700_000_000_000 + i, step: i }));
      for (let i = 0; i < 2500; i += 1000) {
        const shifted = metrics.map((m) => ({ ...m, step: m.step + i, timestamp: m.timestamp + i }));
        expect((await post('runs/log-batch', { run_id: runId, metrics: shifted })).status).toBe(200);
      }
      const steps: number[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const res = await get('metrics/get-history', {
          run_id: runId,
          run_uuid: runId,
          metric_key: 'loss',
          max_results: 700,
          ...(token ? { page_token: token } : {}),
        });
        expect(res.status).toBe(200);
        expect(res.body.metrics.length).toBeLessThanOrEqual(700);
        steps.push(...res.body.metrics.map((m: any) => m.step));
        token = res.body.next_page_token;
        pages++;
      } while (token);
      expect(steps).toEqual(Array.from({ length: 3000 }, (_, i) => i));
      expect(pages).toBe(5);
    });

    it('answers an unknown key with an empty history', async () => {
      const runId = await newRun(await newExperiment());
      const res = await get('metrics/get-history', { run_id: runId, metric_key: 'never-logged' });
      expect(res).toEqual({ status: 200, body: { metrics: [] } });
    });
  });
});
