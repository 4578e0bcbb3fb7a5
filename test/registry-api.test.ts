import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { MlflowHttp, tinyLayersModel, tinyOnnxModel } from './support/registry-http.js';

/*
 * The model registry over HTTP, called as MLflow's Python client calls it (GET with a query
 * string, PATCH and DELETE with JSON bodies), against a real server on a temp data dir.
 */

let server: RunningServer;
let dataDir: string;
let api: MlflowHttp;
let run: { runId: string; root: string };
let layers: Map<string, Uint8Array>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-registry-'));
  server = await startServer(loadServerConfig({ port: 0, dataDir, slurm: 'off' }), { logger: silentLogger });
  api = new MlflowHttp(server.url);
  run = await api.runWithMetrics('registry-api');
  layers = await tinyLayersModel();
  for (const [path, bytes] of layers) await api.putArtifact(run.root, `model/${path}`, bytes);
  await api.putArtifact(run.root, 'onnx/model.onnx', tinyOnnxModel());
  await api.putArtifact(run.root, 'broken/model.onnx', new TextEncoder().encode('this is not protobuf'));
  await api.putArtifact(run.root, 'notes/readme.txt', new TextEncoder().encode('no model here'));
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const v1 = async (path: string): Promise<{ status: number; body: any }> => {
  const res = await fetch(`${server.url}/api/v1/models/${path}`);
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? ((await res.json()) as any) : Buffer.from(await res.arrayBuffer()) };
};

describe('registering model versions', () => {
  it('registers a TF.js layers model logged as run artifacts, as mlflow.register_model does', async () => {
    // register_model: create the model (tolerating RESOURCE_ALREADY_EXISTS), then the version
    // with the run's artifact URI as source and the run id, then poll until READY.
    const created = await api.ok('POST', 'registered-models/create', { name: 'iris' });
    expect(created.registered_model).toMatchObject({ name: 'iris', latest_versions: [], tags: [], aliases: [] });
    const again = await api.call('POST', 'registered-models/create', { name: 'iris' });
    expect(again.status).toBe(400);
    expect(again.body.error_code).toBe('RESOURCE_ALREADY_EXISTS');

    const source = `mlflow-artifacts:/${run.root}/model`;
    const { model_version: mv } = await api.ok('POST', 'model-versions/create', {
      name: 'iris',
      source,
      run_id: run.runId,
      tags: [{ key: 'stage', value: 'test' }],
      description: 'first',
    });
    expect(mv).toMatchObject({
      name: 'iris',
      version: '1',
      source,
      run_id: run.runId,
      status: 'READY',
      current_stage: 'None',
      description: 'first',
      user_id: 'ann',
      tags: [{ key: 'stage', value: 'test' }],
      aliases: [],
      format: 'tfjs-layers',
      metrics: { acc: 0.96, loss: 0.1 },
      datasets: [{ name: 'iris', digest: 'd1g3st' }],
      files: 2,
    });
    expect(mv.size_bytes).toBe([...layers.values()].reduce((s, b) => s + b.length, 0));
    expect(mv.signature.inputs).toEqual([{ name: expect.any(String), datatype: 'FP32', shape: [-1, 4] }]);
    expect(mv.signature.outputs[0]).toMatchObject({ datatype: 'FP32', shape: [-1, 3] });
    const polled = await api.ok('GET', 'model-versions/get', { name: 'iris', version: '1' });
    expect(polled.model_version.status).toBe('READY');
  });

  it('registers an ONNX model from a runs:/ source and numbers it 2', async () => {
    const { model_version: mv } = await api.ok('POST', 'model-versions/create', { name: 'iris', source: `runs:/${run.runId}/onnx` });
    expect(mv).toMatchObject({ version: '2', format: 'onnx', files: 1, run_id: run.runId });
    expect(mv.signature).toEqual({
      inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'probs', datatype: 'FP32', shape: [-1, 3] }],
    });
  });

  it('refuses a model that does not load, with the loader reason, and creates no version', async () => {
    const broken = await api.call('POST', 'model-versions/create', { name: 'iris', source: `runs:/${run.runId}/broken` });
    expect(broken.status).toBe(400);
    expect(broken.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(broken.body.message).toMatch(/does not load as onnx: .+/);
    const unknown = await api.call('POST', 'model-versions/create', { name: 'iris', source: `runs:/${run.runId}/notes` });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/not a model/);
    const empty = await api.call('POST', 'model-versions/create', { name: 'iris', source: `runs:/${run.runId}/nothing` });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/no artifacts under 'nothing'/);
    const versions = await api.ok('GET', 'model-versions/search', { filter: "name = 'iris'" });
    expect(versions.model_versions.map((v: any) => v.version)).toEqual(['2', '1']);
  });

  it('refuses bad sources, mismatched run ids, unknown runs and unknown models', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: 'iris', source: 's3://bucket/model' }, 400, 'INVALID_PARAMETER_VALUE'],
      [{ name: 'iris', source: `runs:/${run.runId}/../x` }, 400, 'INVALID_PARAMETER_VALUE'],
      [{ name: 'iris', source: `runs:/${run.runId}/model`, run_id: 'other' }, 400, 'INVALID_PARAMETER_VALUE'],
      [{ name: 'iris', source: 'runs:/0123456789abcdef0123456789abcdef/model' }, 404, 'RESOURCE_DOES_NOT_EXIST'],
      [{ name: 'nope', source: `runs:/${run.runId}/model` }, 404, 'RESOURCE_DOES_NOT_EXIST'],
      [{ name: 'iris' }, 400, 'INVALID_PARAMETER_VALUE'],
    ];
    for (const [body, status, code] of cases) {
      const a = await api.call('POST', 'model-versions/create', body);
      expect([a.status, a.body.error_code], JSON.stringify(body)).toEqual([status, code]);
      expect(a.body.message).toEqual(expect.any(String));
    }
  });
});

describe('aliases and their history', () => {
  it('sets, moves, reads and deletes aliases and records every change', async () => {
    await api.ok('POST', 'registered-models/alias', { name: 'iris', alias: 'champion', version: '1', user_id: 'ann' });
    await api.ok('POST', 'registered-models/alias', { name: 'iris', alias: 'champion', version: '2', user_id: 'bob' });
    await api.ok('POST', 'registered-models/alias', { name: 'iris', alias: 'challenger', version: '1' });
    const byAlias = await api.ok('GET', 'registered-models/alias', { name: 'iris', alias: 'champion' });
    expect(byAlias.model_version).toMatchObject({ version: '2', aliases: ['champion'] });
    const model = await api.ok('GET', 'registered-models/get', { name: 'iris' });
    expect(model.registered_model.aliases).toEqual([
      { alias: 'challenger', version: '1' },
      { alias: 'champion', version: '2' },
    ]);
    await api.ok('DELETE', 'registered-models/alias', { name: 'iris', alias: 'challenger' });
    const gone = await api.call('GET', 'registered-models/alias', { name: 'iris', alias: 'challenger' });
    expect([gone.status, gone.body.error_code]).toEqual([404, 'RESOURCE_DOES_NOT_EXIST']);

    const history = await v1('iris/alias-history');
    expect(history.status).toBe(200);
    expect(history.body.events.map((e: any) => [e.alias, e.action, e.from_version, e.to_version, e.user_id])).toEqual([
      ['challenger', 'delete', '1', null, ''],
      ['challenger', 'set', null, '1', ''],
      ['champion', 'set', '1', '2', 'bob'],
      ['champion', 'set', null, '1', 'ann'],
    ]);
    expect(history.body.events[0].time).toEqual(expect.any(Number));
  });

  it('refuses reserved or malformed alias names and versions that do not exist', async () => {
    for (const [fields, status] of [
      [{ name: 'iris', alias: 'latest', version: '1' }, 400],
      [{ name: 'iris', alias: 'v2', version: '1' }, 400],
      [{ name: 'iris', alias: 'has space', version: '1' }, 400],
      [{ name: 'iris', alias: 'ok', version: 'abc' }, 400],
      [{ name: 'iris', alias: 'ok', version: '99' }, 404],
      [{ name: 'nope', alias: 'ok', version: '1' }, 404],
    ] as const) {
      const a = await api.call('POST', 'registered-models/alias', fields);
      expect(a.status, JSON.stringify(fields)).toBe(status);
    }
  });

  it('resolves a version number, an alias and latest, and serves the files by hash', async () => {
    expect((await v1('iris/resolve?ref=champion')).body.model_version.version).toBe('2');
    expect((await v1('iris/resolve?ref=latest')).body.model_version.version).toBe('2');
    expect((await v1('iris/resolve?ref=1')).body.model_version.format).toBe('tfjs-layers');
    expect((await v1('iris/resolve?ref=nope')).status).toBe(404);
    expect((await v1('iris/resolve')).status).toBe(400);
    const files = await v1('iris/versions/1/files');
    expect(files.body.files.map((f: any) => f.path)).toEqual(['model.json', 'weights.bin']);
    expect(files.body.files[0]).toMatchObject({ size: layers.get('model.json')!.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const weights = await v1('iris/versions/1/files/weights.bin');
    expect(weights.status).toBe(200);
    expect(Buffer.compare(weights.body as Buffer, Buffer.from(layers.get('weights.bin')!))).toBe(0);
    expect((await v1('iris/versions/1/files/missing.bin')).status).toBe(404);
    expect((await v1('iris/versions/x/files')).status).toBe(400);
  });
});

describe('the rest of the MLflow registry API', () => {
  it('updates, tags, renames, searches and deletes registered models', async () => {
    await api.ok('POST', 'registered-models/create', { name: 'scratch-a', description: 'd', tags: [{ key: 'team', value: 'vision' }] });
    await api.ok('POST', 'registered-models/create', { name: 'scratch-b' });
    const updated = await api.ok('PATCH', 'registered-models/update', { name: 'scratch-b', description: 'new' });
    expect(updated.registered_model.description).toBe('new');
    await api.ok('POST', 'registered-models/set-tag', { name: 'scratch-b', key: 'team', value: 'nlp' });
    const search = await api.ok('GET', 'registered-models/search', { filter: "name LIKE 'scratch-%' AND tags.team = 'nlp'" });
    expect(search.registered_models.map((m: any) => m.name)).toEqual(['scratch-b']);
    const paged = await api.ok('GET', 'registered-models/search', { filter: "name ILIKE 'SCRATCH-%'", max_results: 1, order_by: ['name DESC'] });
    expect(paged.registered_models.map((m: any) => m.name)).toEqual(['scratch-b']);
    const next = await api.ok('GET', 'registered-models/search', { filter: "name ILIKE 'SCRATCH-%'", max_results: 1, order_by: ['name DESC'], page_token: paged.next_page_token });
    expect(next.registered_models.map((m: any) => m.name)).toEqual(['scratch-a']);
    expect(next.next_page_token).toBeUndefined();
    await api.ok('DELETE', 'registered-models/delete-tag', { name: 'scratch-b', key: 'team' });
    const renamed = await api.ok('POST', 'registered-models/rename', { name: 'scratch-b', new_name: 'scratch-c' });
    expect(renamed.registered_model.name).toBe('scratch-c');
    const taken = await api.call('POST', 'registered-models/rename', { name: 'scratch-a', new_name: 'scratch-c' });
    expect(taken.body.error_code).toBe('RESOURCE_ALREADY_EXISTS');
    await api.ok('DELETE', 'registered-models/delete', { name: 'scratch-c' });
    expect((await api.call('GET', 'registered-models/get', { name: 'scratch-c' })).status).toBe(404);
    const badFilter = await api.call('GET', 'registered-models/search', { filter: "owner = 'x'" });
    expect([badFilter.status, badFilter.body.error_code]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
    const tooMany = await api.call('GET', 'registered-models/search', { max_results: 5000 });
    expect(tooMany.status).toBe(400);
  });

  it('updates, tags, stages, searches and deletes versions, on /ajax-api too', async () => {
    const ajax = new MlflowHttp(server.url, '/ajax-api/2.0/mlflow/');
    await ajax.ok('POST', 'registered-models/create', { name: 'staged' });
    for (let i = 0; i < 3; i++) await ajax.ok('POST', 'model-versions/create', { name: 'staged', source: `runs:/${run.runId}/onnx` });
    const upd = await ajax.ok('PATCH', 'model-versions/update', { name: 'staged', version: '1', description: 'desc' });
    expect(upd.model_version.description).toBe('desc');
    await ajax.ok('POST', 'model-versions/set-tag', { name: 'staged', version: '2', key: 'validated', value: 'yes' });
    const tagged = await ajax.ok('GET', 'model-versions/search', { filter: "name = 'staged' AND tags.validated = 'yes'" });
    expect(tagged.model_versions.map((v: any) => v.version)).toEqual(['2']);
    await ajax.ok('DELETE', 'model-versions/delete-tag', { name: 'staged', version: '2', key: 'validated' });
    const byRun = await ajax.ok('GET', 'model-versions/search', { filter: `run_id = '${run.runId}' AND name = 'staged'`, max_results: 2 });
    expect(byRun.model_versions.map((v: any) => v.version)).toEqual(['3', '2']);
    expect(byRun.next_page_token).toEqual(expect.any(String));

    await ajax.ok('POST', 'model-versions/transition-stage', { name: 'staged', version: '1', stage: 'Production', archive_existing_versions: false });
    await ajax.ok('POST', 'model-versions/transition-stage', { name: 'staged', version: '2', stage: 'production', archive_existing_versions: true });
    expect((await ajax.ok('GET', 'model-versions/get', { name: 'staged', version: '1' })).model_version.current_stage).toBe('Archived');
    const latest = await ajax.ok('POST', 'registered-models/get-latest-versions', { name: 'staged', stages: ['Production'] });
    expect(latest.model_versions.map((v: any) => v.version)).toEqual(['2']);
    const all = await ajax.ok('GET', 'registered-models/get', { name: 'staged' });
    expect(all.registered_model.latest_versions.map((v: any) => [v.version, v.current_stage])).toEqual([
      ['1', 'Archived'],
      ['2', 'Production'],
      ['3', 'None'],
    ]);
    const badStage = await ajax.call('POST', 'model-versions/transition-stage', { name: 'staged', version: '1', stage: 'Live' });
    expect(badStage.status).toBe(400);

    const uri = await ajax.ok('GET', 'model-versions/get-download-uri', { name: 'staged', version: '3' });
    expect(uri.artifact_uri).toBe(`mlflow-artifacts:/${run.root}/onnx`);

    await ajax.ok('POST', 'registered-models/alias', { name: 'staged', alias: 'prod', version: '3' });
    await ajax.ok('DELETE', 'model-versions/delete', { name: 'staged', version: '3' });
    expect((await ajax.call('GET', 'model-versions/get', { name: 'staged', version: '3' })).status).toBe(404);
    expect((await ajax.call('GET', 'registered-models/alias', { name: 'staged', alias: 'prod' })).status).toBe(404);
    // The next version is 4: numbers are never reused while the model exists.
    expect((await ajax.ok('POST', 'model-versions/create', { name: 'staged', source: `runs:/${run.runId}/onnx` })).model_version.version).toBe('4');
    await ajax.ok('DELETE', 'registered-models/delete', { name: 'staged' });
    expect((await ajax.call('GET', 'model-versions/get', { name: 'staged', version: '4' })).status).toBe(404);
  });

  it('answers malformed requests with a 4xx and a message', async () => {
    const cases: [Parameters<MlflowHttp['call']>, number, string][] = [
      [['POST', 'registered-models/create', {}], 400, 'INVALID_PARAMETER_VALUE'],
      [['POST', 'registered-models/create', { name: 'a/b' }], 400, 'INVALID_PARAMETER_VALUE'],
      [['POST', 'registered-models/create', { name: 'x', tags: [{ key: '', value: 'v' }] }], 400, 'INVALID_PARAMETER_VALUE'],
      [['GET', 'registered-models/get', {}], 400, 'INVALID_PARAMETER_VALUE'],
      [['GET', 'registered-models/get', { name: 'missing' }], 404, 'RESOURCE_DOES_NOT_EXIST'],
      [['GET', 'model-versions/get', { name: 'iris', version: '0' }], 400, 'INVALID_PARAMETER_VALUE'],
      [['GET', 'model-versions/get', { name: 'iris', version: '77' }], 404, 'RESOURCE_DOES_NOT_EXIST'],
      [['DELETE', 'registered-models/delete-tag', { name: 'iris', key: 'absent' }], 404, 'RESOURCE_DOES_NOT_EXIST'],
      [['GET', 'model-versions/search', { page_token: 'garbage' }], 400, 'INVALID_PARAMETER_VALUE'],
      [['GET', 'model-versions/search', { filter: "name = 'x' AND" }], 400, 'INVALID_PARAMETER_VALUE'],
    ];
    for (const [args, status, code] of cases) {
      const a = await api.call(...args);
      expect([a.status, a.body?.error_code], JSON.stringify(args)).toEqual([status, code]);
      expect(a.body.message.length).toBeGreaterThan(0);
    }
  });
});

describe('when the source run is deleted and purged', () => {
  it('keeps the version and its files (bytes no other artifact holds)', async () => {
    const other = await api.runWithMetrics('registry-purge');
    await api.putArtifact(other.root, 'm/model.onnx', tinyOnnxModel(7));
    await api.ok('POST', 'registered-models/create', { name: 'survivor' });
    await api.ok('POST', 'model-versions/create', { name: 'survivor', source: `runs:/${other.runId}/m` });
    await api.ok('POST', 'runs/delete', { run_id: other.runId });
    const purge = await fetch(`${server.url}/api/v1/gc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ older_than_ms: 0 }) });
    expect(((await purge.json()) as any).purged_run_ids).toContain(other.runId);
    const file = await v1('survivor/versions/1/files/model.onnx');
    expect(file.status).toBe(200);
    expect(Buffer.compare(file.body as Buffer, Buffer.from(tinyOnnxModel(7)))).toBe(0);
  });
});
