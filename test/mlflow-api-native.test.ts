import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mlflowArtifactsRoutes, mlflowTrackingRoutes, openApiPath, trackingRoutes } from '../src/contracts/index.js';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';

/* Flywheel's own tracking routes under /api/v1, beside the MLflow API they extend. */

let server: RunningServer;
let dataDir: string;
let experimentId: string;
let runA: string;
let runB: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-native-api-'));
  server = await startServer(loadServerConfig({ port: 0, dataDir }), { logger: silentLogger });
  experimentId = (await post('/api/2.0/mlflow/experiments/create', { name: `native-${process.pid}` })).body.experiment_id;
  runA = (await post('/api/2.0/mlflow/runs/create', { experiment_id: experimentId, run_name: 'a' })).body.run.info.run_id;
  runB = (await post('/api/2.0/mlflow/runs/create', { experiment_id: experimentId, run_name: 'b' })).body.run.info.run_id;
  for (const [runId, scale] of [[runA, 1], [runB, 2]] as const) {
    const metrics = Array.from({ length: 100 }, (_, i) => ({ key: 'loss', value: scale * (100 - i), timestamp: 1_700_000_000_000 + i, step: i }));
    metrics.push({ key: 'acc', value: Number.NaN as unknown as number, timestamp: 1_700_000_000_000, step: 0 });
    const body = { run_id: runId, metrics: metrics.map((m) => (Number.isNaN(m.value) ? { ...m, value: 'NaN' } : m)) };
    expect((await post('/api/2.0/mlflow/runs/log-batch', body)).status).toBe(200);
  }
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('the /api/v1 tracking routes', () => {
  describe('POST /api/v1/metrics/history-bulk', () => {
    it('returns one column-wise series per run and key', async () => {
      const res = await post('/api/v1/metrics/history-bulk', { run_ids: [runA, runB], keys: ['loss'] });
      expect(res.status).toBe(200);
      expect(res.body.series).toHaveLength(2);
      const a = res.body.series.find((s: any) => s.run_id === runA);
      expect(a).toMatchObject({ run_id: runA, key: 'loss', total_points: 100 });
      expect(a.steps).toEqual(Array.from({ length: 100 }, (_, i) => i));
      expect(a.timestamps[0]).toBe(1_700_000_000_000);
      expect(a.values[0]).toBe(100);
    });

    it('downsamples to max_points and zooms to [x_min, x_max]', async () => {
      const res = await post('/api/v1/metrics/history-bulk', { run_ids: [runA], keys: ['loss'], max_points: 10, x_axis: 'step', x_min: 20, x_max: 59 });
      expect(res.status).toBe(200);
      const [s] = res.body.series;
      expect(s.steps.length).toBeLessThanOrEqual(10);
      expect(s.steps.every((x: number) => x >= 20 && x <= 59)).toBe(true);
    });

    it('sends NaN values as the string "NaN"', async () => {
      const res = await post('/api/v1/metrics/history-bulk', { run_ids: [runA], keys: ['acc'] });
      expect(res.body.series[0].values).toEqual(['NaN']);
    });

    it('refuses more than 100 runs, an empty key list and x_min above x_max', async () => {
      const tooMany = await post('/api/v1/metrics/history-bulk', { run_ids: Array.from({ length: 101 }, () => runA), keys: ['loss'] });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(tooMany.body.details[0].path).toBe('run_ids');
      expect((await post('/api/v1/metrics/history-bulk', { run_ids: [runA], keys: [] })).status).toBe(400);
      const inverted = await post('/api/v1/metrics/history-bulk', { run_ids: [runA], keys: ['loss'], x_min: 5, x_max: 1 });
      expect(inverted.status).toBe(400);
      expect(inverted.body.details[0].path).toBe('x_max');
    });
  });

  describe('POST /api/v1/metrics/tail', () => {
    it('returns points after the cursor and a cursor for the next call', async () => {
      const first = await post('/api/v1/metrics/tail', { run_ids: [runA], keys: ['loss'], cursor: 0 });
      expect(first.status).toBe(200);
      expect(first.body.points).toHaveLength(100);
      expect(first.body.points[0]).toEqual({ run_id: runA, key: 'loss', value: 100, timestamp: 1_700_000_000_000, step: 0 });
      await post('/api/2.0/mlflow/runs/log-metric', { run_id: runA, key: 'loss', value: 'Infinity', timestamp: 1_700_000_001_000, step: 100 });
      const next = await post('/api/v1/metrics/tail', { run_ids: [runA], keys: ['loss'], cursor: first.body.cursor });
      expect(next.body.points).toEqual([{ run_id: runA, key: 'loss', value: 'Infinity', timestamp: 1_700_000_001_000, step: 100 }]);
      expect(next.body.cursor).toBeGreaterThan(first.body.cursor);
    });

    it('refuses a negative cursor', async () => {
      const res = await post('/api/v1/metrics/tail', { run_ids: [runA], cursor: -1 });
      expect(res.status).toBe(400);
      expect(res.body.details[0].path).toBe('cursor');
    });
  });

  describe('POST /api/v1/runs/search', () => {
    it('answers as MLflow runs/search does, with `or` in the filter', async () => {
      const res = await post('/api/v1/runs/search', {
        experiment_ids: [experimentId],
        filter: "attributes.run_name = 'a' or attributes.run_name = 'b'",
        order_by: ['attributes.run_name DESC'],
      });
      expect(res.status).toBe(200);
      expect(res.body.runs.map((r: any) => r.info.run_name)).toEqual(['b', 'a']);
    });

    it('refuses a filter it cannot parse with INVALID_PARAMETER_VALUE', async () => {
      const res = await post('/api/v1/runs/search', { experiment_ids: [experimentId], filter: 'metrics.loss <<< 3' });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    });
  });

  describe('POST /api/v1/experiments/stats', () => {
    it('counts runs per experiment in the order asked, and refuses a bad id', async () => {
      const empty = (await post('/api/2.0/mlflow/experiments/create', { name: `native-empty-${process.pid}` })).body.experiment_id;
      const res = await post('/api/v1/experiments/stats', { experiment_ids: [empty, experimentId] });
      expect(res.status).toBe(200);
      expect(res.body.stats[0]).toEqual({ experiment_id: empty, run_count: 0, running_count: 0 });
      expect(res.body.stats[1]).toMatchObject({ experiment_id: experimentId });
      expect(res.body.stats[1].run_count).toBeGreaterThanOrEqual(2);
      expect(typeof res.body.stats[1].last_activity_time).toBe('number');
      const bad = await post('/api/v1/experiments/stats', { experiment_ids: 'nope' });
      expect(bad.status).toBe(400);
      expect(bad.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    });
  });

  describe('POST /api/v1/runs/move', () => {
    it('moves a run to another experiment', async () => {
      const target = (await post('/api/2.0/mlflow/experiments/create', { name: `native-target-${process.pid}` })).body.experiment_id;
      const runId = (await post('/api/2.0/mlflow/runs/create', { experiment_id: experimentId })).body.run.info.run_id;
      expect(await post('/api/v1/runs/move', { run_id: runId, experiment_id: target })).toEqual({ status: 200, body: {} });
      const run: any = await (await fetch(`${server.url}/api/2.0/mlflow/runs/get?run_id=${runId}`)).json();
      expect(run.run.info.experiment_id).toBe(target);
    });

    it('answers an unknown experiment with 404', async () => {
      const res = await post('/api/v1/runs/move', { run_id: runA, experiment_id: '987654' });
      expect(res.status).toBe(404);
      expect(res.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    });
  });

  describe('POST /api/v1/gc', () => {
    it('purges deleted runs and returns their ids', async () => {
      const runId = (await post('/api/2.0/mlflow/runs/create', { experiment_id: experimentId })).body.run.info.run_id;
      await post('/api/2.0/mlflow/runs/delete', { run_id: runId });
      const res = await post('/api/v1/gc', { older_than_ms: 0 });
      expect(res.status).toBe(200);
      expect(res.body.purged_run_ids).toContain(runId);
      const gone = await fetch(`${server.url}/api/2.0/mlflow/runs/get?run_id=${runId}`);
      expect(gone.status).toBe(404);
    });

    it('accepts an empty body', async () => {
      const res = await fetch(`${server.url}/api/v1/gc`, { method: 'POST' });
      expect(res.status).toBe(200);
      expect((await res.json()) as any).toEqual({ purged_run_ids: expect.any(Array) });
    });
  });

  describe('GET /api/v1/openapi.json', () => {
    const contracts = [...Object.values(trackingRoutes), ...Object.values(mlflowTrackingRoutes), ...Object.values(mlflowArtifactsRoutes)];

    it('describes every tracking route, MLflow and native, in OpenAPI 3.1', async () => {
      const res = await fetch(`${server.url}/api/v1/openapi.json`);
      expect(res.status).toBe(200);
      const doc: any = await res.json();
      expect(doc.openapi).toBe('3.1.0');
      for (const c of contracts) {
        for (const method of c.methods) expect(doc.paths[openApiPath(c.path)]?.[method.toLowerCase()], `${method} ${c.path}`).toBeDefined();
      }
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/v1/metrics/history-bulk', '/api/v1/metrics/tail', '/api/v1/runs/search', '/api/v1/experiments/stats', '/api/v1/runs/move', '/api/v1/gc']),
      );
      expect(doc.components.schemas.Run).toBeDefined();
      expect(doc.components.schemas.Metric).toBeDefined();
    });

    it('documents only tracking routes that answer (no 404 ENDPOINT_NOT_FOUND), at both MLflow prefixes', async () => {
      for (const c of contracts) {
        const path = c.path.replace(/\*$/, 'no-such-file');
        for (const url of [path, path.replace('/api/2.0/', '/ajax-api/2.0/')]) {
          for (const method of c.methods) {
            const res = await fetch(`${server.url}${url}`, {
              method,
              ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
            });
            const body: any = await res.json().catch(() => ({}));
            expect(body.error_code, `${method} ${url}`).not.toBe('ENDPOINT_NOT_FOUND');
            expect(res.status, `${method} ${url}`).toBeLessThan(500);
          }
        }
      }
    });
  });
});
