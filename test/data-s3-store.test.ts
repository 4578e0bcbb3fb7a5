import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { call, sha, uploadFiles } from './support/data-http.js';
import { s3SkipReason, startTestS3, type TestS3 } from './support/s3-server.js';

/* A server whose blob store is S3 (FW_BLOB_STORE=s3://...): run artifacts and dataset files both live in the bucket. */

const SKIP = s3SkipReason();

describe.skipIf(SKIP)(`a server storing blobs in S3${SKIP ? ` (skipped: ${SKIP})` : ''}`, { timeout: 60_000 }, () => {
  let s3: TestS3;
  let server: RunningServer;
  let dataDir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    s3 = await startTestS3('fw-primary');
    Object.assign(process.env, { FW_S3_ENDPOINT: s3.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' });
    dataDir = await mkdtemp(join(tmpdir(), 'fw-s3-primary-'));
    server = await startServer(loadServerConfig({ port: 0, dataDir, slurm: 'off', blobStore: 's3://fw-primary/store' }), { logger: silentLogger });
  });

  afterAll(async () => {
    process.env = saved;
    await server?.close();
    await s3?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps artifacts and dataset files in the bucket, not on the local disk', async () => {
    const runId = (await call(server.url, 'POST', '/api/2.0/mlflow/runs/create', { experiment_id: '0' })).body.run.info.run_id;
    const put = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/0/${runId}/artifacts/model.txt`, { method: 'PUT', body: 'weights' });
    expect(put.status).toBe(200);
    const got = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/0/${runId}/artifacts/model.txt`);
    expect(await got.text()).toBe('weights');

    const m = await uploadFiles(server.url, { 'labels.csv': 'x,y\n1,2\n3,4\n', 'readme.txt': 'hi' });
    const v = await call(server.url, 'POST', '/api/v1/datasets/versions', { dataset: 'remote-first', manifest_hash: m });
    expect(v.status, JSON.stringify(v.body)).toBe(200);
    const q = await call(server.url, 'POST', '/api/v1/datasets/remote-first/versions/1/query', { sql: "select sum(x) as s from 'labels.csv'" });
    expect(q.body.rows).toEqual([[4]]);
    const res = await fetch(`${server.url}/api/v1/objects/${sha('hi')}`);
    expect(await res.text()).toBe('hi');
    expect((await call(server.url, 'GET', '/api/v1/objects/location')).body).toEqual({ local_root: null });
    expect((await call(server.url, 'POST', '/api/v1/datasets/gc', { dry_run: true })).status).toBe(400);
    expect((await readdir(dataDir)).filter((n) => n === 'blobs')).toEqual([]);
  });
});
