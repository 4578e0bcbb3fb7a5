import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';

/*
 * Every refusal comes out in MLflow's error shape, {"error_code", "message"}, with a 4xx:
 * the MLflow Python client raises MlflowException from that body, and retries 5xx for minutes.
 */

let server: RunningServer;
let dataDir: string;
let runId: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-mlflow-errors-'));
  server = await startServer(loadServerConfig({ port: 0, dataDir }), { logger: silentLogger });
  const exp = await post('experiments/create', { name: `errors-${process.pid}` });
  runId = (await post('runs/create', { experiment_id: exp.body.experiment_id })).body.run.info.run_id;
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function raw(path: string, init: RequestInit = {}): Promise<{ status: number; body: any; contentType: string | null }> {
  const res = await fetch(`${server.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, contentType: res.headers.get('content-type') };
}

function post(path: string, body: unknown) {
  return raw(`/api/2.0/mlflow/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const unknownRunId = '0123456789abcdef0123456789abcdef';

describe('MLflow API errors', () => {
  describe('when a run does not exist', () => {
    it.each([
      ['runs/get', 'GET'],
      ['runs/log-metric', 'POST'],
      ['runs/log-batch', 'POST'],
      ['runs/log-parameter', 'POST'],
      ['runs/set-tag', 'POST'],
      ['runs/update', 'POST'],
      ['runs/delete', 'POST'],
      ['metrics/get-history', 'GET'],
      ['artifacts/list', 'GET'],
    ])('%s answers 404 RESOURCE_DOES_NOT_EXIST', async (path, method) => {
      const fields = { run_id: unknownRunId, key: 'k', value: '1', metric_key: 'k', timestamp: 1, status: 'FINISHED' };
      const res =
        method === 'GET'
          ? await raw(`/api/2.0/mlflow/${path}?${new URLSearchParams({ run_id: unknownRunId, metric_key: 'k' })}`)
          : await post(path, path === 'runs/log-metric' ? { ...fields, value: 1 } : fields);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: expect.any(String) });
      expect(res.contentType).toContain('application/json');
    });
  });

  describe('when a param is logged again with another value', () => {
    it('answers 400 INVALID_PARAMETER_VALUE and keeps the first value', async () => {
      expect((await post('runs/log-parameter', { run_id: runId, key: 'depth', value: '3' })).status).toBe(200);
      expect((await post('runs/log-parameter', { run_id: runId, key: 'depth', value: '3' })).status).toBe(200);
      const changed = await post('runs/log-parameter', { run_id: runId, key: 'depth', value: '5' });
      expect(changed.status).toBe(400);
      expect(changed.body.error_code).toBe('INVALID_PARAMETER_VALUE');
      const viaBatch = await post('runs/log-batch', { run_id: runId, params: [{ key: 'depth', value: '7' }] });
      expect(viaBatch.status).toBe(400);
      expect(viaBatch.body.error_code).toBe('INVALID_PARAMETER_VALUE');
      const run = await raw(`/api/2.0/mlflow/runs/get?run_id=${runId}`);
      expect(run.body.run.data.params).toContainEqual({ key: 'depth', value: '3' });
    });
  });

  describe('when a required field is missing', () => {
    it("names it as MLflow does: Missing value for required parameter 'run_id'", async () => {
      for (const path of ['runs/log-metric', 'runs/log-batch', 'runs/log-parameter', 'runs/get', 'runs/update', 'runs/delete']) {
        const res = await post(path, { key: 'k', value: 1, timestamp: 1 });
        expect(res.status, path).toBe(400);
        expect(res.body.error_code).toBe('INVALID_PARAMETER_VALUE');
        expect(res.body.message).toContain("Missing value for required parameter 'run_id'");
      }
    });

    it('names the field of a metric inside a batch', async () => {
      const res = await post('runs/log-batch', { run_id: runId, metrics: [{ key: 'a', value: 1, timestamp: 1 }, { key: 'b', value: 2 }] });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain("'metrics[1].timestamp'");
      expect(res.body.details).toEqual([{ path: 'metrics[1].timestamp', message: expect.any(String) }]);
    });

    it('lists every Zod issue as details on the other routes', async () => {
      const res = await post('experiments/create', { artifact_location: 5 });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain("Missing value for required parameter 'name'");
      expect(res.body.details.map((d: any) => d.path).sort()).toEqual(['artifact_location', 'name']);
    });
  });

  describe('when a field has the wrong type', () => {
    it.each([
      ['a metric value that is not a double', { key: 'm', value: 'abc', timestamp: 1 }],
      ['a boolean metric value', { key: 'm', value: true, timestamp: 1 }],
      ['a fractional timestamp', { key: 'm', value: 1, timestamp: 1.5 }],
      ['a negative timestamp', { key: 'm', value: 1, timestamp: -1 }],
      ['a step that is not an integer', { key: 'm', value: 1, timestamp: 1, step: 'x' }],
      ['a key that is not a string', { key: 7, value: 1, timestamp: 1 }],
    ])('log-metric refuses %s', async (_what, metric) => {
      const res = await post('runs/log-metric', { run_id: runId, ...metric });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    });

    it('refuses a status that is not a RunStatus', async () => {
      const res = await post('runs/update', { run_id: runId, status: 'DONE' });
      expect(res.status).toBe(400);
      expect(res.body.details[0].path).toBe('status');
    });

    it('refuses a body that is a JSON array', async () => {
      const res = await post('runs/log-batch', [1, 2]);
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    });
  });

  describe('when log-batch goes over MLflow limits', () => {
    const metric = (i: number) => ({ key: `m${i % 10}`, value: i, timestamp: 1, step: i });
    it.each([
      ['1001 metrics', { metrics: Array.from({ length: 1001 }, (_, i) => metric(i)) }, 'at most 1000 metrics'],
      ['101 params', { params: Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: 'v' })) }, 'at most 100 params'],
      ['101 tags', { tags: Array.from({ length: 101 }, (_, i) => ({ key: `t${i}`, value: 'v' })) }, 'at most 100 tags'],
      [
        '1001 entities in total',
        {
          metrics: Array.from({ length: 950 }, (_, i) => metric(i)),
          params: Array.from({ length: 51 }, (_, i) => ({ key: `p${i}`, value: 'v' })),
        },
        'at most 1000 metrics, params, and tags',
      ],
      ['a param value over 6000 characters', { params: [{ key: 'p', value: 'x'.repeat(6001) }] }, 'exceeded length limit of 6000'],
      ['a tag value over 5000 characters', { tags: [{ key: 't', value: 'x'.repeat(5001) }] }, 'exceeded length limit of 5000'],
      ['a key over 250 characters', { metrics: [{ key: 'k'.repeat(251), value: 1, timestamp: 1 }] }, 'exceeded length limit of 250'],
    ])('refuses %s with INVALID_PARAMETER_VALUE', async (_what, batch, message) => {
      const res = await post('runs/log-batch', { run_id: runId, ...batch });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(res.body.message).toContain(message);
    });

    it('accepts exactly 1000 metrics', async () => {
      const res = await post('runs/log-batch', { run_id: runId, metrics: Array.from({ length: 1000 }, (_, i) => metric(i)) });
      expect(res.status).toBe(200);
    });
  });

  describe('when the request itself is broken', () => {
    it('answers malformed JSON with 400 MALFORMED_REQUEST', async () => {
      const res = await raw('/api/2.0/mlflow/runs/log-batch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"run_id": "abc", "metrics": [',
      });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('MALFORMED_REQUEST');
    });

    it('refuses a field nested 100k arrays deep without overflowing the stack', async () => {
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      for (const path of ['runs/log-batch', 'runs/search', 'runs/set-tag']) {
        const res = await raw(`/api/2.0/mlflow/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: `{"run_id":"${runId}","metrics":${deep},"filter":${deep},"key":${deep}}`,
        });
        expect(res.status, path).toBe(400);
        expect(res.body.error_code).toBe('INVALID_PARAMETER_VALUE');
      }
    });

    it('reads an empty JSON body as {} (and then misses the required field)', async () => {
      const res = await raw('/api/2.0/mlflow/runs/get', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain("Missing value for required parameter 'run_id'");
    });

    it('decodes a body that older clients encoded twice', async () => {
      const res = await raw('/api/2.0/mlflow/runs/get', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(JSON.stringify({ run_id: runId })),
      });
      expect(res.status).toBe(200);
      expect(res.body.run.info.run_id).toBe(runId);
    });

    it('answers an unsupported content type with a 415 in MLflow shape', async () => {
      const res = await raw('/api/2.0/mlflow/runs/log-metric', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
      expect(res.status).toBe(415);
      expect(res.body.error_code).toBe('BAD_REQUEST');
    });

    it('answers an unknown endpoint with 404 ENDPOINT_NOT_FOUND', async () => {
      const res = await raw('/api/2.0/mlflow/runs/frobnicate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(404);
      expect(res.body.error_code).toBe('ENDPOINT_NOT_FOUND');
    });

    it('answers a malformed URL with 400 in MLflow shape', async () => {
      const res = await raw('/api/2.0/mlflow-artifacts/artifacts/%E0%A4%A');
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBeDefined();
    });

    it("answers a URL larger than Node's header limit with 431 in MLflow shape", async () => {
      const res = await raw(`/api/2.0/mlflow/runs/get?run_id=${'a'.repeat(100_000)}`);
      expect(res.status).toBe(431);
      expect(res.body.error_code).toBe('BAD_REQUEST');
    });

    it('answers a body over 64 MB with 413', async () => {
      const big = `{"run_id":"${runId}","pad":"${'x'.repeat(64 * 1024 * 1024)}"}`;
      const res = await raw('/api/2.0/mlflow/runs/log-batch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
      expect(res.status).toBe(413);
      expect(res.body.error_code).toBe('BAD_REQUEST');
    });
  });

  describe('when logging to a deleted run', () => {
    it('answers 400 INVALID_STATE, not a 500', async () => {
      const exp = await post('experiments/create', { name: `deleted-run-${process.pid}` });
      const id = (await post('runs/create', { experiment_id: exp.body.experiment_id })).body.run.info.run_id;
      await post('runs/delete', { run_id: id });
      const res = await post('runs/log-metric', { run_id: id, key: 'm', value: 1, timestamp: 1 });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('INVALID_STATE');
    });
  });
});
