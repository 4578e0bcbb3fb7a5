import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { MlflowHttp } from './support/registry-http.js';
import { offsetModel, oipRow, postJson } from './support/serving.js';

/*
 * `fw server --serve`: the inference routes mounted in the Flywheel server itself, reading
 * its registry in process. A first server registers the model; a second, on the same data,
 * serves it by alias next to the tracking API.
 */

let dataDir: string;
let server: RunningServer | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-serve-in-server-'));
  const first = await startServer(loadServerConfig({ port: 0, dataDir, slurm: 'off' }), { logger: silentLogger });
  try {
    const api = new MlflowHttp(first.url);
    const run = await api.runWithMetrics('served-in-server');
    await api.putArtifact(run.root, 'model/model.onnx', offsetModel(10).get('model.onnx')!);
    await api.ok('POST', 'registered-models/create', { name: 'offset' });
    await api.ok('POST', 'model-versions/create', { name: 'offset', source: `runs:/${run.runId}/model`, run_id: run.runId });
    await api.ok('POST', 'registered-models/alias', { name: 'offset', alias: 'production', version: '1' });
  } finally {
    await first.close();
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('fw server --serve', () => {
  it('answers OIP, MLflow scoring and Prometheus next to the tracking API, and refuses a model it cannot find', async () => {
    server = await startServer(loadServerConfig({ port: 0, dataDir, slurm: 'off', serve: 'offset@production' }), { logger: silentLogger });
    const oip = await postJson(`${server.url}/v2/models/offset/infer`, oipRow([1, 2, 3, 4]));
    expect(oip.status).toBe(200);
    expect([oip.body.model_version, oip.body.outputs[0].data]).toEqual(['1', [11, 12, 13]]);
    const mlflow = await postJson(`${server.url}/invocations`, { inputs: [[1, 2, 3, 4]] });
    expect(mlflow.body).toEqual({ predictions: [[11, 12, 13]] });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('model="offset"');
    expect((await fetch(`${server.url}/api/2.0/mlflow/experiments/search?max_results=1`)).status).toBe(200);
    expect((await fetch(`${server.url}/v2/health/ready`)).status).toBe(200);
    await server.close();
    server = undefined;

    await expect(startServer(loadServerConfig({ port: 0, dataDir, slurm: 'off', serve: 'nope@production' }), { logger: silentLogger })).rejects.toThrow(/nope/);
    // The failed start released the database: a normal start works.
    server = await startServer(loadServerConfig({ port: 0, dataDir, slurm: 'off' }), { logger: silentLogger });
    expect((await fetch(`${server.url}/v2/models/offset`)).status).toBe(404);
  }, 60_000);
});
