import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as fw } from '../src/cli/run.js';
import { captureIo } from '../src/cli/test-support/fixtures.js';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { Flywheel } from '../src/sdk/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { MlflowHttp, tinyLayersModel, tinyOnnxModel } from './support/registry-http.js';

/*
 * `fw models` and the SDK's `fw.models` against a real server: a run logs a TF.js model
 * and an ONNX model as artifacts; the CLI registers, lists, shows, aliases and deletes.
 */

let server: RunningServer;
let dataDir: string;
let client: Flywheel;
let runId: string;
let layers: Map<string, Uint8Array>;

const cli = async (...argv: string[]) => {
  const io = captureIo({ FW_TRACKING_URI: server.url });
  const code = await fw(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-models-cli-e2e-'));
  server = await startServer(loadServerConfig({ port: 0, dataDir, slurm: 'off' }), { logger: silentLogger });
  client = new Flywheel({ trackingUri: server.url, env: {} });
  const api = new MlflowHttp(server.url);
  const run = await api.runWithMetrics('models-cli');
  runId = run.runId;
  layers = await tinyLayersModel();
  for (const [path, bytes] of layers) await api.putArtifact(run.root, `model/${path}`, bytes);
  await api.putArtifact(run.root, 'onnx/model.onnx', tinyOnnxModel());
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('fw models against the real server', () => {
  it('registers a run\'s model, creating the registered model on first use', async () => {
    const first = await cli('models', 'register', 'iris', '--run', runId, '--description', 'small mlp');
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toBe('registered iris v1 (tfjs-layers, 2 files)\n');
    const second = await cli('models', 'register', 'iris', '--run', runId, '--path', 'onnx', '--json');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ name: 'iris', version: 2, format: 'onnx', files: 1, runId });
  });

  it('refuses a path with no model, saying why, with exit code 1', async () => {
    const bad = await cli('models', 'register', 'iris', '--run', runId, '--path', 'absent');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/no artifacts under 'absent'/);
  });

  it('moves aliases and shows the history', async () => {
    expect((await cli('models', 'alias', 'iris', 'production', '1')).stdout).toBe('iris@production → v1 (production)\n');
    expect((await cli('models', 'alias', 'iris', 'production', 'v2')).stdout).toBe('iris@production → v2 (production)\n');
    const history = await cli('models', 'history', 'iris');
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/production\s+v1 → v2/);
    expect(history.stdout).toMatch(/production\s+- → v1/);
    const json = JSON.parse((await cli('models', 'history', 'iris', '--json')).stdout);
    expect(json.map((e: any) => [e.alias, e.action, e.fromVersion, e.toVersion])).toEqual([
      ['production', 'set', 1, 2],
      ['production', 'set', null, 1],
    ]);
  });

  it('lists models and versions, and shows a model, an alias and a version', async () => {
    const list = await cli('models', 'list');
    expect(list.stdout).toMatch(/^name\s+latest\s+aliases/);
    expect(list.stdout).toMatch(/iris\s+v2\s+production→v2/);
    const versions = await cli('models', 'versions', 'iris');
    expect(versions.stdout.split('\n')[1]).toMatch(/^v2\s+production\s+onnx/);
    expect(versions.stdout).toMatch(/acc=0\.96/);
    const show = await cli('models', 'show', 'iris');
    expect(show.stdout).toMatch(/aliases\s+production → v2/);
    expect(show.stdout).toMatch(/^v2\s+production\s+onnx/m);
    const alias = await cli('models', 'show', 'iris@production');
    expect(alias.stdout).toMatch(/version\s+v2 \(production\)/);
    expect(alias.stdout).toMatch(/probs FP32 \[-1,3\]/);
    const byNumber = JSON.parse((await cli('models', 'show', 'iris/1', '--json')).stdout);
    expect(byNumber).toMatchObject({ version: 1, format: 'tfjs-layers', description: 'small mlp', metrics: { acc: 0.96, loss: 0.1 } });
  });

  it('gives the SDK the same registry: resolve and verified files', async () => {
    const v = await client.models.resolve('iris', 'latest');
    expect(v.version).toBe(2);
    const files = await client.models.files('iris', 1);
    expect([...files.keys()].sort()).toEqual(['model.json', 'weights.bin']);
    expect(Buffer.compare(Buffer.from(files.get('weights.bin')!), Buffer.from(layers.get('weights.bin')!))).toBe(0);
    expect((await client.models.list("name LIKE 'ir%'")).map((m) => m.name)).toEqual(['iris']);
  });

  it('removes an alias and deletes a version, then the model', async () => {
    expect((await cli('models', 'unalias', 'iris', 'production')).stdout).toBe('removed iris@production\n');
    expect((await cli('models', 'show', 'iris@production')).code).toBe(1);
    expect((await cli('models', 'delete', 'iris/1')).stdout).toBe('deleted iris v1\n');
    expect((await client.models.versions('iris')).map((v) => v.version)).toEqual([2]);
    expect((await cli('models', 'delete', 'iris')).stdout).toBe('deleted model iris\n');
    const gone = await cli('models', 'show', 'iris');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/not found/);
  });

  it('treats a malformed model reference as a usage error', async () => {
    expect((await cli('models', 'show', 'iris/x')).code).toBe(2);
    expect((await cli('models', 'alias', 'iris', 'prod', 'abc')).code).toBe(2);
  });
});
