import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetsSeed } from './support/datasets-seed.js';
import { SeedApi } from './support/seed-api.js';
import { serverTargets } from './support/tracking-servers.js';
import { TEMPLATES } from './support/fuzz-routes.js';
import { unstorableTextRequests, type TextFixture } from './support/unstorable-text-requests.js';

/*
 * A NUL (PostgreSQL refuses it in any query, so a lookup answered 500 where SQLite found
 * nothing) or half a surrogate pair in any id, name, key, filter or other text input of any
 * route, on both engines: the answer is a 4xx in MLflow's error shape, never a 5xx.
 */

async function call(url: string, method: string, body?: unknown): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(url, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/** A value under `key` anywhere in an answer (`{job: {job_id}}`, `{sweep: {sweep_id}}`). */
function findKey(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record[key] === 'string') return record[key];
  for (const v of Object.values(record)) {
    const found = findKey(v, key);
    if (found !== undefined) return found;
  }
  return undefined;
}

async function seed(url: string): Promise<TextFixture> {
  const ok = async (method: string, path: string, body?: unknown) => {
    const answer = await call(`${url}${path}`, method, body);
    if (answer.status !== 200) throw new Error(`seeding: ${method} ${path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    return answer.json;
  };
  const expName = `unstorable-${process.pid}`;
  const exp = (await ok('POST', '/api/2.0/mlflow/experiments/create', { name: expName })).experiment_id as string;
  const newRun = async () => (await ok('POST', '/api/2.0/mlflow/runs/create', { experiment_id: exp })).run.info.run_id as string;
  const [run, run2, deletedRun] = [await newRun(), await newRun(), await newRun()];
  await ok('POST', '/api/2.0/mlflow/runs/log-batch', {
    run_id: run,
    metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }],
    params: [{ key: 'p', value: 'v' }],
    tags: [{ key: 'k', value: 'v' }],
  });
  await ok('POST', '/api/2.0/mlflow/runs/delete', { run_id: deletedRun });
  const root = String((await ok('GET', `/api/2.0/mlflow/artifacts/list?run_id=${run}`)).root_uri).replace(/^mlflow-artifacts:\/+/, '');
  await ok('PUT', `/api/2.0/mlflow-artifacts/artifacts/${root}/file.txt`, 'hello');
  const model = 'unstorable-model';
  await ok('POST', '/api/2.0/mlflow/registered-models/create', { name: model });
  const dataset = 'unstorable-data';
  await new DatasetsSeed(new SeedApi(url)).addVersion(dataset, { 'a.csv': 'x\n1\n' });
  const job = findKey(await ok('POST', '/api/v1/jobs', { command: ['true'], name: 'unstorable' }), 'job_id');
  const sweepTemplate = TEMPLATES['v1/sweeps']?.body as Record<string, unknown>;
  const sweep = findKey(await ok('POST', '/api/v1/sweeps', { ...sweepTemplate, experiment_id: exp }), 'sweep_id');
  if (!job || !sweep) throw new Error('seeding: no job or sweep id in the answers');
  return { exp, expName, run, run2, deletedRun, root, model, dataset, job, sweep };
}

for (const target of serverTargets()) {
  describe.skipIf(target.skip !== undefined)(`text no engine can store, on ${target.name}`, () => {
    let server: { url: string; close(): Promise<void> };
    let fixture: TextFixture;
    beforeAll(async () => {
      server = await target.start();
      fixture = await seed(server.url);
    }, 60_000);
    afterAll(() => server?.close());

    it('is refused with a 4xx in MLflow error shape in every input of every route, never a 5xx (regression: a NUL in a run id, experiment name, filter or other lookup answered 500 on PostgreSQL)', async () => {
      const requests = unstorableTextRequests(fixture);
      const failures: string[] = [];
      for (const request of requests) {
        const answer = await call(`${server.url}${request.url}`, request.method, request.body);
        const shaped = typeof answer.json?.error_code === 'string' && typeof answer.json?.message === 'string';
        if (answer.status < 400 || answer.status >= 500 || !shaped) failures.push(`${request.label}: ${answer.status} ${answer.text.slice(0, 200)}`);
      }
      expect(requests.length).toBeGreaterThan(300);
      expect(failures, failures.join('\n')).toEqual([]);
    }, 120_000);
  });
}
