import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';

/*
 * Artifacts as the MLflow Python client moves them when the run's artifact_uri is
 * `mlflow-artifacts:/...` (HttpArtifactRepository): PUT each file to
 * /api/2.0/mlflow-artifacts/artifacts/<path>, GET it back, list a folder with
 * GET /api/2.0/mlflow-artifacts/artifacts?path=<dir>; and artifacts/list for a run.
 */

let server: RunningServer;
let dataDir: string;
let runId: string;
let root: string;

const PROXY = '/api/2.0/mlflow-artifacts/artifacts';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-mlflow-artifacts-'));
  server = await startServer(loadServerConfig({ port: 0, dataDir }), { logger: silentLogger });
  const exp = await postJson('/api/2.0/mlflow/experiments/create', { name: `artifacts-${process.pid}` });
  const run = await postJson('/api/2.0/mlflow/runs/create', { experiment_id: exp.experiment_id });
  runId = run.run.info.run_id;
  // The client resolves mlflow-artifacts:/<path> (or mlflow-artifacts://host/<path>) against the tracking URI.
  const uri: string = run.run.info.artifact_uri;
  expect(uri).toMatch(/^mlflow-artifacts:/);
  root = uri.replace(/^mlflow-artifacts:(\/\/[^/]*)?\/*/, '');
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function postJson(path: string, body: unknown): Promise<any> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json();
}

async function put(path: string, body: Buffer | string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${PROXY}/${path}`, { method: 'PUT', headers, body });
  return { status: res.status, body: await res.json() };
}

/**
 * A request whose path is sent exactly as written: fetch() and URL parsing resolve `..` and `.`
 * segments before sending, and fetch() always sets a Content-Type for a body.
 */
function rawRequest(method: string, path: string, body?: Buffer): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(server.url);
    const headers = body ? { 'content-length': body.length } : undefined;
    const req = httpRequest({ hostname, port, path, method, ...(headers ? { headers } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A PUT with no Content-Type header at all, as `requests.put(url, data=file)` sends. */
function putWithoutContentType(path: string, body: Buffer): Promise<{ status: number; body: any }> {
  return rawRequest('PUT', `${PROXY}/${path}`, body);
}

describe('the MLflow artifact proxy', () => {
  it('stores a file with PUT and serves the same bytes with GET', async () => {
    const bytes = randomBytes(1000);
    expect(await put(`${root}/model/weights.bin`, bytes, { 'content-type': 'application/octet-stream' })).toEqual({ status: 200, body: {} });
    const res = await fetch(`${server.url}${PROXY}/${root}/model/weights.bin`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-length')).toBe('1000');
    expect(res.headers.get('content-disposition')).toContain('attachment; filename="weights.bin"');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('accepts uploads without a Content-Type header and with a JSON one', async () => {
    expect(await putWithoutContentType(`${root}/raw.txt`, Buffer.from('plain'))).toEqual({ status: 200, body: {} });
    expect(await put(`${root}/config.json`, '{"not": "parsed"', { 'content-type': 'application/json' })).toEqual({ status: 200, body: {} });
    const text = await fetch(`${server.url}${PROXY}/${root}/raw.txt`);
    expect(text.headers.get('content-type')).toContain('text/plain');
    expect(await text.text()).toBe('plain');
    const json = await fetch(`${server.url}${PROXY}/${root}/config.json`);
    expect(await json.text()).toBe('{"not": "parsed"');
  });

  it('streams a large upload without the JSON body limit', async () => {
    const bytes = randomBytes(70 * 1024 * 1024);
    expect(await put(`${root}/big/blob.bin`, bytes)).toEqual({ status: 200, body: {} });
    const res = await fetch(`${server.url}${PROXY}/${root}/big/blob.bin`);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('stores an empty file', async () => {
    expect(await put(`${root}/empty.txt`, '')).toEqual({ status: 200, body: {} });
    const res = await fetch(`${server.url}${PROXY}/${root}/empty.txt`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('lists a folder by basename, with sizes for files, as MLflow\'s proxy does', async () => {
    await put(`${root}/listing/a.txt`, 'aaa');
    await put(`${root}/listing/sub/b.txt`, 'b');
    const res = await fetch(`${server.url}${PROXY}?path=${encodeURIComponent(`${root}/listing`)}`);
    expect(res.status).toBe(200);
    expect((await res.json()) as any).toEqual({
      files: [
        { path: 'a.txt', is_dir: false, file_size: 3 },
        { path: 'sub', is_dir: true },
      ],
    });
    const nested: any = await (await fetch(`${server.url}${PROXY}?path=${encodeURIComponent(`${root}/listing/sub`)}`)).json();
    expect(nested).toEqual({ files: [{ path: 'b.txt', is_dir: false, file_size: 1 }] });
  });

  it('answers a missing file with 404 RESOURCE_DOES_NOT_EXIST', async () => {
    const res = await fetch(`${server.url}${PROXY}/${root}/nope.bin`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('deletes a file', async () => {
    await put(`${root}/doomed.txt`, 'x');
    const del = await fetch(`${server.url}${PROXY}/${root}/doomed.txt`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await del.json()) as any).toEqual({});
    expect((await fetch(`${server.url}${PROXY}/${root}/doomed.txt`)).status).toBe(404);
  });

  it('serves non-ASCII file names with an RFC 5987 Content-Disposition', async () => {
    const name = 'résumé ü.txt';
    expect(await put(`${root}/${encodeURIComponent(name)}`, 'hi')).toEqual({ status: 200, body: {} });
    const res = await fetch(`${server.url}${PROXY}/${root}/${encodeURIComponent(name)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
  });

  describe('when a path tries to leave the artifact root', () => {
    it.each([
      ['a .. segment', '../../etc/passwd'],
      ['an encoded .. segment', '%2e%2e/%2e%2e/etc/passwd'],
      ['a double-encoded .. segment', '%252e%252e/secret'],
      ['a backslash', 'a%5C..%5Cb'],
      ['a NUL byte', 'a%00b'],
      ['an absolute path', '%2Fetc%2Fpasswd'],
      ['a . segment', 'a/./b'],
    ])('refuses %s with 400 INVALID_PARAMETER_VALUE', async (_what, path) => {
      for (const method of ['PUT', 'GET', 'DELETE']) {
        const res = await rawRequest(method, `${PROXY}/${path}`, method === 'PUT' ? Buffer.from('x') : undefined);
        expect(res.status, `${method} ${path}`).toBe(400);
        expect(res.body.error_code).toBe('INVALID_PARAMETER_VALUE');
      }
    });

    it('refuses a listing path with ..', async () => {
      const res = await fetch(`${server.url}${PROXY}?path=${encodeURIComponent('a/../../b')}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error_code).toBe('INVALID_PARAMETER_VALUE');
    });
  });
});

describe('artifacts/list for a run', () => {
  beforeAll(async () => {
    await put(`${root}/run-listing/model/MLmodel`, 'flavors: {}');
    await put(`${root}/run-listing/model/data/model.pkl`, 'pickle');
    await put(`${root}/run-listing/metrics.json`, '{}');
  });

  it('lists the run root with paths relative to it and root_uri the run\'s artifact URI', async () => {
    const res = await fetch(`${server.url}/api/2.0/mlflow/artifacts/list?run_id=${runId}&path=run-listing`);
    expect(res.status).toBe(200);
    const body: any = await res.json();
    const run: any = await (await fetch(`${server.url}/api/2.0/mlflow/runs/get?run_id=${runId}`)).json();
    expect(body.root_uri).toBe(run.run.info.artifact_uri);
    expect(body.files).toEqual([
      { path: 'run-listing/metrics.json', is_dir: false, file_size: 2 },
      { path: 'run-listing/model', is_dir: true },
    ]);
  });

  it('lists a nested folder', async () => {
    const res = await fetch(`${server.url}/api/2.0/mlflow/artifacts/list?run_uuid=${runId}&path=run-listing/model`);
    expect(((await res.json()) as any).files).toEqual([
      { path: 'run-listing/model/MLmodel', is_dir: false, file_size: 11 },
      { path: 'run-listing/model/data', is_dir: true },
    ]);
  });

  it('lists the whole root without a path', async () => {
    const res = await fetch(`${server.url}/api/2.0/mlflow/artifacts/list?run_id=${runId}`);
    const paths = ((await res.json()) as any).files.map((f: any) => f.path);
    expect(paths).toContain('run-listing');
    expect(paths.every((p: string) => !p.includes('/'))).toBe(true);
  });

  it('refuses a path with ..', async () => {
    const res = await fetch(`${server.url}/api/2.0/mlflow/artifacts/list?run_id=${runId}&path=../other`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error_code).toBe('INVALID_PARAMETER_VALUE');
  });
});
