import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';

/*
 * Arbitrary input never crashes a route: every answer is a 2xx or a 4xx in the error shape.
 * Bodies are random JSON mixed with near-valid requests (right field names, wrong values),
 * which is where hand-written validation slips.
 */

let server: RunningServer;
let dataDir: string;
let runId: string;
let experimentId: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-bad-input-'));
  server = await startServer(loadServerConfig({ port: 0, dataDir }), { logger: silentLogger });
  const exp = await fetch(`${server.url}/api/2.0/mlflow/experiments/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: `bad-input-${process.pid}` }),
  });
  experimentId = ((await exp.json()) as any).experiment_id;
  const run = await fetch(`${server.url}/api/2.0/mlflow/runs/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ experiment_id: experimentId }),
  });
  runId = ((await run.json()) as any).run.info.run_id;
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const MLFLOW_POSTS = [
  'experiments/create',
  'experiments/search',
  'experiments/update',
  'experiments/delete',
  'experiments/restore',
  'experiments/set-experiment-tag',
  'runs/create',
  'runs/update',
  'runs/delete',
  'runs/restore',
  'runs/search',
  'runs/log-metric',
  'runs/log-parameter',
  'runs/log-batch',
  'runs/log-inputs',
  'runs/set-tag',
  'runs/delete-tag',
].map((p) => `/api/2.0/mlflow/${p}`);
const MLFLOW_GETS = ['experiments/get', 'experiments/get-by-name', 'runs/get', 'metrics/get-history', 'artifacts/list', 'experiments/search'].map(
  (p) => `/api/2.0/mlflow/${p}`,
);
const NATIVE_POSTS = ['/api/v1/metrics/history-bulk', '/api/v1/metrics/tail', '/api/v1/runs/search', '/api/v1/runs/move', '/api/v1/gc'];

const FIELDS = [
  'run_id', 'run_uuid', 'experiment_id', 'experiment_ids', 'name', 'new_name', 'key', 'value', 'timestamp', 'step',
  'metrics', 'params', 'tags', 'datasets', 'status', 'end_time', 'start_time', 'max_results', 'page_token', 'filter',
  'order_by', 'view_type', 'run_view_type', 'metric_key', 'path', 'run_ids', 'keys', 'cursor', 'max_points', 'x_min',
  'x_max', 'x_axis', 'older_than_ms', 'experiment_name', 'artifact_location', 'dataset',
];

function scalar(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(null, true, false, 0, -1, 1e308, -1e-308, 2 ** 53 + 2, 'NaN', 'Infinity', '', '0', '-5', '1.5', 'FINISHED', 'ALL'),
    fc.constant(() => runId).map((f) => f()),
    fc.constant(() => experimentId).map((f) => f()),
    fc.string({ maxLength: 30 }),
    fc.double(),
    fc.integer(),
  );
}

const nearValid: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; record: Record<string, unknown> }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar(), fc.array(tie('value'), { maxLength: 3 }), tie('record')),
  record: fc.dictionary(fc.constantFrom(...FIELDS), tie('value'), { maxKeys: 6 }),
})).record;

const anyBody = fc.oneof(nearValid, fc.jsonValue().map((v) => v as unknown));

describe('routes given arbitrary input', () => {
  it('never answer a JSON POST with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MLFLOW_POSTS, ...NATIVE_POSTS), anyBody, async (path, body) => {
        const res = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body) ?? 'null',
        });
        const answer: any = await res.json();
        expect(res.status, `${path} ${JSON.stringify(body)}`).toBeLessThan(500);
        if (res.status >= 400) expect(typeof answer.error_code).toBe('string');
      }),
      { numRuns: 600, seed: 20240601 },
    );
  });

  it('never answer a GET with a 5xx, whatever the query string', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...MLFLOW_GETS),
        fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(runId, experimentId))), { maxLength: 5 }),
        async (path, pairs) => {
          const qs = new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, String(v)]));
          const res = await fetch(`${server.url}${path}?${qs}`);
          const answer: any = await res.json();
          expect(res.status, `${path}?${qs}`).toBeLessThan(500);
          if (res.status >= 400) expect(typeof answer.error_code).toBe('string');
        },
      ),
      { numRuns: 300, seed: 20240602 },
    );
  });

  it('never answer an artifact proxy request with a 5xx, whatever the path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'PUT', 'DELETE'),
        fc.array(fc.oneof(fc.string({ minLength: 0, maxLength: 8 }), fc.constantFrom('..', '.', '%2e%2e', '%00', '%5c', '')), { minLength: 1, maxLength: 4 }),
        async (method, segments) => {
          const path = segments.map((s) => encodeURIComponent(s).replace(/%25(2e|00|5c)/gi, '%$1')).join('/');
          const res = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/${path}`, {
            method,
            ...(method === 'PUT' ? { body: 'content' } : {}),
          });
          expect(res.status, `${method} ${path}`).toBeLessThan(500);
        },
      ),
      { numRuns: 300, seed: 20240603 },
    );
  });
});
