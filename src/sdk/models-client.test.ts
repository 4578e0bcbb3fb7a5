import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Flywheel } from './flywheel.js';
import { startRecordingServer, type RecordingServer } from './test-support/recording-server.js';

/**
 * `fw.models` against a recording HTTP peer that answers in MLflow's registry shapes and
 * docs/models-api.md. The real server is exercised by test/models-cli.e2e.test.ts.
 */
const API = '/api/2.0/mlflow';
let server: RecordingServer;
let fw: Flywheel;

beforeEach(async () => {
  server = await startRecordingServer();
  fw = new Flywheel({ trackingUri: server.url, env: {} });
});

afterEach(async () => {
  await server.close();
});

const wireVersion = (over: Record<string, unknown> = {}) => ({
  name: 'iris',
  version: '3',
  creation_timestamp: 10,
  last_updated_timestamp: 11,
  user_id: 'ann',
  current_stage: 'None',
  description: '',
  source: 'runs:/r1/model',
  run_id: 'r1',
  status: 'READY',
  tags: [{ key: 'k', value: 'v' }],
  aliases: ['production'],
  format: 'onnx',
  signature: { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }], outputs: [] },
  metrics: { acc: 0.9, loss: 'NaN' },
  datasets: [{ name: 'iris', digest: 'abc' }],
  files: 1,
  size_bytes: 12,
  ...over,
});

describe('fw.models', () => {
  it('registers a run\'s model folder, creating the registered model and tolerating one that exists', async () => {
    server.route('POST', `${API}/registered-models/create`, () => ({ status: 400, body: { error_code: 'RESOURCE_ALREADY_EXISTS', message: 'exists' } }));
    server.route('POST', `${API}/model-versions/create`, () => ({ body: { model_version: wireVersion() } }));
    const v = await fw.models.register('iris', 'r1', { path: '/model/', description: 'd', tags: { a: '1' } });
    const create = server.accepted.find((r) => r.path === `${API}/model-versions/create`)!;
    expect(create.json).toMatchObject({ name: 'iris', source: 'runs:/r1/model', run_id: 'r1', description: 'd', tags: [{ key: 'a', value: '1' }] });
    expect(v).toMatchObject({ name: 'iris', version: 3, aliases: ['production'], format: 'onnx', files: 1, sizeBytes: 12, datasets: [{ name: 'iris', digest: 'abc' }] });
    expect(v.metrics.acc).toBe(0.9);
    expect(v.metrics.loss).toBeNaN();
    expect(v.signature.inputs[0]!.shape).toEqual([-1, 4]);
  });

  it('sets aliases with POST and deletes them with DELETE and a JSON body, as MLflow does', async () => {
    server.route('POST', `${API}/registered-models/alias`, () => ({ body: {} }));
    server.route('DELETE', `${API}/registered-models/alias`, () => ({ body: {} }));
    await fw.models.setAlias('iris', 'production', 3);
    await fw.models.deleteAlias('iris', 'production');
    expect(server.accepted.map((r) => [r.method, r.json])).toEqual([
      ['POST', expect.objectContaining({ name: 'iris', alias: 'production', version: '3' })],
      ['DELETE', expect.objectContaining({ name: 'iris', alias: 'production' })],
    ]);
  });

  it('resolves refs and reads alias history through /api/v1/models', async () => {
    server.route('GET', '/api/v1/models/iris/resolve', () => ({ body: { model_version: wireVersion() } }));
    server.route('GET', '/api/v1/models/iris/alias-history', () => ({
      body: { events: [{ alias: 'production', action: 'set', from_version: '2', to_version: '3', user_id: 'ann', time: 5 }] },
    }));
    expect((await fw.models.resolve('iris', 'production')).version).toBe(3);
    expect(server.accepted[0]!.query.get('ref')).toBe('production');
    expect(await fw.models.aliasHistory('iris')).toEqual([{ name: 'iris', alias: 'production', action: 'set', fromVersion: 2, toVersion: 3, userId: 'ann', time: 5 }]);
  });

  it('downloads files and refuses one whose bytes do not match their sha256', async () => {
    const good = Buffer.from('weights');
    const sha = createHash('sha256').update(good).digest('hex');
    server.route('GET', '/api/v1/models/iris/versions/3/files', () => ({
      body: { files: [{ path: 'sub dir/w.bin', size: good.length, sha256: sha }] },
    }));
    server.route('GET', '/api/v1/models/iris/versions/3/files/sub%20dir/w.bin', () => ({ raw: good, headers: { 'content-type': 'application/octet-stream' } }));
    const files = await fw.models.files('iris', 3);
    expect(Buffer.from(files.get('sub dir/w.bin')!).toString()).toBe('weights');

    server.route('GET', '/api/v1/models/iris/versions/3/files/sub%20dir/w.bin', () => ({ raw: Buffer.from('tampered'), headers: { 'content-type': 'application/octet-stream' } }));
    await expect(fw.models.files('iris', 3)).rejects.toThrow(/arrived damaged/);
  });
});
