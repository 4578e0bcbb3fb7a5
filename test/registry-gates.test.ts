import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as fw } from '../src/cli/run.js';
import { captureIo } from '../src/cli/test-support/fixtures.js';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { mlpToOnnx } from '../src/serving/onnx/index.js';
import { irisLikeMlp, mlpForward, randomInputs } from '../src/serving/test-support/test-models.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { DatasetsSeed } from './support/datasets-seed.js';
import { MlflowHttp } from './support/registry-http.js';
import { SeedApi } from './support/seed-api.js';

/*
 * Promotion gates end to end: ONNX models logged by runs, registered, and moved between
 * aliases through a metric threshold, a comparison on an evaluation dataset version, and a
 * latency budget, over the MLflow alias route, the native one, and `fw models`.
 */

let server: RunningServer;
let dataDir: string;
let api: MlflowHttp;

const good = irisLikeMlp(1);
const other = irisLikeMlp(2);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-gates-'));
  server = await startServer(loadServerConfig({ port: 0, dataDir, slurm: 'off' }), { logger: silentLogger });
  api = new MlflowHttp(server.url);
  // The evaluation set: labels are what `good` predicts, so it scores 1.0 and `other` less.
  const rows = 60;
  const x = randomInputs(rows, 4, 11);
  const probs = mlpForward(good, x, rows);
  const lines = ['a,b,c,d,species'];
  const names = ['setosa', 'versicolor', 'virginica'];
  for (let r = 0; r < rows; r++) {
    const p = [0, 1, 2].map((k) => probs[r * 3 + k]!);
    lines.push(`${[...x.subarray(r * 4, r * 4 + 4)].map((v) => v.toPrecision(9)).join(',')},${names[p.indexOf(Math.max(...p))]}`);
  }
  await new DatasetsSeed(new SeedApi(server.url)).addVersion('iris-eval', { 'eval.csv': `${lines.join('\n')}\n` }, { tags: ['holdout'] });
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Logs an ONNX model and a val_acc by a new run, and registers it as the next version of `gated`. */
async function register(layers: ReturnType<typeof irisLikeMlp>, valAcc: number): Promise<number> {
  const { runId, root } = await api.runWithMetrics(`gates-${Math.random().toString(36).slice(2)}`);
  await api.ok('POST', 'runs/log-metric', { run_id: runId, key: 'val_acc', value: valAcc, timestamp: Date.now(), step: 0 });
  await api.putArtifact(root, 'model/model.onnx', mlpToOnnx({ layers, inputName: 'features', outputName: 'probs' }));
  const created = await api.ok('POST', 'model-versions/create', { name: 'gated', source: `runs:/${runId}/model`, run_id: runId });
  return Number(created.model_version.version);
}

const cli = async (...argv: string[]) => {
  const io = captureIo({ FW_TRACKING_URI: server.url });
  const code = await fw(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
};

describe('promotion gates', () => {
  it('refuse a version that fails a gate, name the gate, and move nothing', async () => {
    await api.ok('POST', 'registered-models/create', { name: 'gated' });
    const v1 = await register(good, 0.95);
    const v2 = await register(other, 0.8);
    const v3 = await register(other, 0.97);

    const gatesFile = join(dataDir, 'gates.yaml');
    await writeFile(
      gatesFile,
      ['- metric: val_acc >= 0.9', '- beats_current: { dataset: iris-eval@holdout, file: eval.csv, label: species, classes: [setosa, versicolor, virginica] }', '- latency: { p99_ms: 250, runs: 50 }', ''].join('\n'),
    );
    const set = await cli('models', 'gates', 'gated', 'production', '--file', gatesFile);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('@production\n  - metric: val_acc >= 0.9\n  - beats_current:');

    // No version holds production yet: v1 passes every gate.
    const first = await cli('models', 'alias', 'gated', 'production', String(v1));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/✓ metric: val_acc 0\.95 >= 0\.9\n {2}✓ beats_current: no version holds @production yet\n {2}✓ latency: p99 [\d.]+ ms/);

    // v2: below the metric threshold and worse on the evaluation set; MLflow's route refuses.
    const refused = await api.call('POST', 'registered-models/alias', { name: 'gated', alias: 'production', version: String(v2) });
    expect(refused.status).toBe(400);
    expect(refused.body.error_code).toBe('INVALID_STATE');
    expect(refused.body.message).toContain(`version ${v2} of gated may not take @production`);
    expect(refused.body.message).toContain('metric gate failed: val_acc 0.8 not >= 0.9');
    expect(refused.body.message).toMatch(/beats_current gate failed: accuracy on iris-eval@holdout\/eval\.csv: [\d.]+ vs 1 for version 1/);
    expect((await api.ok('GET', 'registered-models/alias', { name: 'gated', alias: 'production' })).model_version.version).toBe(String(v1));

    // v3 passes the threshold but not the comparison; `fw models check` says so and exits 1.
    const check = await cli('models', 'check', `gated/${v3}`, '--alias', 'production');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`gated v${v3} fails the gates of @production`);
    expect(check.stdout).toContain('✓ metric: val_acc 0.97 >= 0.9');
    expect(check.stdout).toContain('✗ beats_current: accuracy');
    expect((await cli('models', 'check', `gated/${v1}`, '--alias', 'production')).code).toBe(0);

    // --force skips the gates (a rollback in a hurry); the history records the move.
    const forced = await cli('models', 'alias', 'gated', 'production', String(v3), '--force');
    expect(forced.code, forced.stderr).toBe(0);
    const history = (await (await fetch(`${server.url}/api/v1/models/gated/alias-history`)).json()) as any;
    expect(history.events[0]).toMatchObject({
      alias: 'production',
      from_version: String(v1),
      to_version: String(v3),
    });
  }, 60_000);

  it('fails a latency gate with the measured p99, and refuses bad gate files with the entry named', async () => {
    const put = (alias: string, gates: unknown) =>
      fetch(`${server.url}/api/v1/models/gated/gates/${alias}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ gates }) });
    expect((await put('fast', [{ latency: { p99_ms: 0.001, runs: 20 } }])).status).toBe(200);
    const check = (await (
      await fetch(`${server.url}/api/v1/models/gated/aliases/fast/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: 1 }) })
    ).json()) as any;
    expect(check.report).toMatchObject({ passed: false, alias: 'fast', version: '1' });
    expect(check.report.results[0].detail).toMatch(/^p99 [\d.]+ ms \(p50 [\d.]+ ms\) over 20 runs of 1 row\(s\); budget 0\.001 ms$/);

    const bad = await put('fast', [{ metric: 'val_acc is big' }, { beats_current: { dataset: 'nope', file: 'x', label: 'y' } }]);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as any;
    expect(body.message).toContain('gates[0].metric');
    expect(body.message).toContain('gates[1].beats_current.dataset');
    // The earlier gates are still there.
    expect(((await (await fetch(`${server.url}/api/v1/models/gated/gates`)).json()) as any).gates.fast).toEqual([{ latency: { p99_ms: 0.001, batch_size: 1, runs: 20 } }]);

    // A gate that cannot be evaluated fails with the reason rather than opening.
    expect((await put('eval', [{ beats_current: { dataset: 'iris-eval@holdout', file: 'missing.csv', label: 'species' } }])).status).toBe(200);
    await fetch(`${server.url}/api/v1/models/gated/aliases/eval`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: 1 }) });
    const res = await fetch(`${server.url}/api/v1/models/gated/aliases/eval`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: 2 }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).message).toMatch(/beats_current gate failed: could not be checked: .*missing\.csv/);
  }, 60_000);
});
