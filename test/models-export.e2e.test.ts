import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerModelsExport } from '../src/cli/commands/models-export.js';
import { CliContext } from '../src/cli/context.js';
import { captureIo } from '../src/cli/test-support/fixtures.js';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import type { WebBundleManifest } from '../src/serving/export/index.js';
import { loadModel } from '../src/serving/runtime/index.js';
import { MlflowHttp, tinyLayersModel, tinyOnnxModel } from './support/registry-http.js';

/*
 * `fw models export` against a real Flywheel server: versions registered from run artifacts,
 * read back over the registry's HTTP routes, written as a web bundle and as ONNX.
 */

let server: RunningServer;
let dataDir: string;
let layers: Map<string, Uint8Array>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-models-export-'));
  server = await startServer(loadServerConfig({ port: 0, dataDir, slurm: 'off' }), { logger: silentLogger });
  const api = new MlflowHttp(server.url);
  const run = await api.runWithMetrics('models-export');
  layers = await tinyLayersModel();
  for (const [path, bytes] of layers) await api.putArtifact(run.root, `layers/${path}`, bytes);
  await api.putArtifact(run.root, 'onnx/model.onnx', tinyOnnxModel());
  await api.ok('POST', 'registered-models/create', { name: 'edge' });
  await api.ok('POST', 'model-versions/create', { name: 'edge', source: `runs:/${run.runId}/onnx` });
  await api.ok('POST', 'model-versions/create', { name: 'edge', source: `runs:/${run.runId}/layers` });
  await api.ok('POST', 'registered-models/alias', { name: 'edge', alias: 'production', version: '2' });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function fwModels(...args: string[]): Promise<string> {
  const io = captureIo({ FW_TRACKING_URI: server.url });
  const program = new Command('fw').exitOverride();
  registerModelsExport(program.command('models'), new CliContext(io));
  await program.parseAsync(['models', ...args], { from: 'user' });
  return io.stdout;
}

describe('fw models export against a Flywheel server', () => {
  it('writes a web bundle of an ONNX version with the registered files and signature', async () => {
    const out = join(dataDir, 'web');
    await fwModels('export', 'edge/1', '--target', 'web', '--out', out);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as WebBundleManifest;
    expect(manifest).toMatchObject({ name: 'edge', version: '1', format: 'onnx' });
    expect(manifest.signature).toEqual({ inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 4] }], outputs: [{ name: 'probs', datatype: 'FP32', shape: [-1, 3] }] });
    expect(await readFile(join(out, 'model/model.onnx'))).toEqual(Buffer.from(tinyOnnxModel()));
  });

  it('converts the version an alias points at from TF.js layers to ONNX', async () => {
    const out = join(dataDir, 'onnx');
    const printed = JSON.parse(await fwModels('export', 'edge@production', '--target', 'onnx', '--out', out, '--json'));
    expect(printed).toMatchObject({ name: 'edge', version: '2', format: 'tfjs-layers', target: 'onnx' });
    const onnx = await loadModel(new Map([['model.onnx', new Uint8Array(await readFile(join(out, 'model.onnx')))]]));
    const tfjs = await loadModel(layers);
    try {
      expect(onnx.signature).toEqual(tfjs.signature);
    } finally {
      await Promise.all([onnx.close(), tfjs.close()]);
    }
  });
});
