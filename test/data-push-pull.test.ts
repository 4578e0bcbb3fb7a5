import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { call, uploadFiles } from './support/data-http.js';
import { s3SkipReason, startTestS3, type TestS3 } from './support/s3-server.js';

/*
 * Two Flywheel servers and a local S3 (s3rver): one pushes a dataset to the bucket, the
 * other pulls it and gets the same versions and bytes.
 */

const SKIP = s3SkipReason();

describe.skipIf(SKIP)(`datasets pushed to S3 and pulled by another server${SKIP ? ` (skipped: ${SKIP})` : ''}`, { timeout: 60_000 }, () => {
  let s3: TestS3;
  let a: RunningServer;
  let b: RunningServer;
  let dirs: string[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    s3 = await startTestS3('fw-push-pull');
    Object.assign(process.env, { FW_S3_ENDPOINT: s3.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' });
    dirs = [await mkdtemp(join(tmpdir(), 'fw-push-')), await mkdtemp(join(tmpdir(), 'fw-pull-'))];
    a = await startServer(loadServerConfig({ port: 0, dataDir: dirs[0]!, slurm: 'off' }), { logger: silentLogger });
    b = await startServer(loadServerConfig({ port: 0, dataDir: dirs[1]!, slurm: 'off' }), { logger: silentLogger });
  });

  afterAll(async () => {
    process.env = saved;
    await a?.close();
    await b?.close();
    await s3?.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('pushes only missing objects, and a pull elsewhere gives the same versions and bytes', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const m1 = await uploadFiles(a.url, { 'a.txt': 'alpha', 'data/big.bin': big });
    await call(a.url, 'POST', '/api/v1/datasets/versions', { dataset: 'pets', manifest_hash: m1, message: 'one', tags: ['base'] });
    const m2 = await uploadFiles(a.url, { 'a.txt': 'alpha', 'b.txt': 'beta', 'data/big.bin': big });
    await call(a.url, 'POST', '/api/v1/datasets/versions', { dataset: 'pets', manifest_hash: m2, message: 'two' });

    const remote = 's3://fw-push-pull/team';
    const first = await call(a.url, 'POST', '/api/v1/datasets/pets/push', { remote });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    // 3 files and 2 manifests.
    expect(first.body).toMatchObject({ objects: 5, versions: 2 });
    const again = await call(a.url, 'POST', '/api/v1/datasets/pets/push', { remote });
    expect(again.body).toMatchObject({ objects: 0 });

    const pulled = await call(b.url, 'POST', '/api/v1/datasets/pull', { remote, dataset: 'pets' });
    expect(pulled.status, JSON.stringify(pulled.body)).toBe(200);
    expect(pulled.body).toMatchObject({ versions: 2 });
    const log = (await call(b.url, 'GET', '/api/v1/datasets/pets')).body.versions;
    expect(log.map((v: { version: number; manifest_hash: string; message: string }) => [v.version, v.manifest_hash, v.message])).toEqual([
      [2, m2, 'two'],
      [1, m1, 'one'],
    ]);
    expect((await call(b.url, 'GET', '/api/v1/datasets/pets/versions/base')).body.version.version).toBe(1);
    const res = await fetch(`${b.url}/api/v1/objects/${(await call(b.url, 'GET', '/api/v1/datasets/pets/versions/2/files?prefix=data/')).body.files[0].hash}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(big)).toBe(true);
    // Pulling again adds nothing.
    expect((await call(b.url, 'POST', '/api/v1/datasets/pull', { remote, dataset: 'pets' })).body).toMatchObject({ versions: 0, objects: 0 });
  });

  it('answers 400 for a remote that is not an s3:// URL and 404 for a dataset the remote lacks', async () => {
    expect((await call(a.url, 'POST', '/api/v1/datasets/pets/push', { remote: 'http://example.com/x' })).status).toBe(400);
    expect((await call(b.url, 'POST', '/api/v1/datasets/pull', { remote: 's3://fw-push-pull/team', dataset: 'nosuch' })).status).toBe(404);
  });
});
