import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { loadModel } from '../src/serving/runtime/index.js';
import { HttpModelSource } from '../src/serving/http-model-source.js';
import { parseServeSpecs, startInferenceServer, type RunningInferenceServer } from '../src/serving/server/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { MlflowHttp } from './support/registry-http.js';
import { offsetModel, oipRow, postJson } from './support/serving.js';

/*
 * The inference server reading a real Flywheel server's registry over HTTP: two versions of
 * a model registered from run artifacts, served by alias; the alias is moved with MLflow's
 * API and the server follows it.
 */

let flywheel: RunningServer;
let dataDir: string;
let api: MlflowHttp;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-serving-'));
  flywheel = await startServer(loadServerConfig({ port: 0, dataDir, slurm: 'off' }), { logger: silentLogger });
  api = new MlflowHttp(flywheel.url);
  const run = await api.runWithMetrics('serving-registry');
  await api.putArtifact(run.root, 'v1/model.onnx', offsetModel(100).get('model.onnx')!);
  await api.putArtifact(run.root, 'v2/model.onnx', offsetModel(200).get('model.onnx')!);
  await api.ok('POST', 'registered-models/create', { name: 'offset' });
  for (const path of ['v1', 'v2']) await api.ok('POST', 'model-versions/create', { name: 'offset', source: `runs:/${run.runId}/${path}`, run_id: run.runId });
  await api.ok('POST', 'registered-models/alias', { name: 'offset', alias: 'production', version: '1' });
}, 60_000);

afterAll(async () => {
  await flywheel?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('serving from the registry of a Flywheel server', () => {
  it('serves the version an alias names and follows the alias when it moves', async () => {
    const source = new HttpModelSource({ baseUrl: flywheel.url });
    expect(await source.resolve('offset', 'latest')).toEqual({ name: 'offset', version: '2', format: 'onnx' });
    let server: RunningInferenceServer | undefined;
    try {
      server = await startInferenceServer({
        source,
        load: (files, v) => loadModel(files, { format: v.format }),
        specs: parseServeSpecs(['offset@production']),
        port: 0,
        pollMs: 0,
        accessLog: false,
        logger: silentLogger,
      });
      const first = await postJson(`${server.url}/v2/models/offset/infer`, oipRow([1, 2, 3, 4]));
      expect([first.body.model_version, first.body.outputs[0].data]).toEqual(['1', [101, 102, 103]]);
      await api.ok('POST', 'registered-models/alias', { name: 'offset', alias: 'production', version: '2' });
      await server.models.poll();
      const second = await postJson(`${server.url}/v2/models/offset/infer`, oipRow([1, 2, 3, 4]));
      expect([second.body.model_version, second.body.outputs[0].data]).toEqual(['2', [201, 202, 203]]);
    } finally {
      await server?.close();
    }
  });
});
