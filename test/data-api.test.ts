import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { call as callServer, sha, uploadFiles } from './support/data-http.js';

/* The data API over HTTP against a real server: objects, versions, files, diff, tags, lineage, gc. */

let server: RunningServer;
let dataDir: string;


beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-data-api-'));
  server = await startServer(loadServerConfig({ port: 0, dataDir, slurm: 'off' }), { logger: silentLogger });
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => callServer(server.url, method, path, body, headers);
const upload = (files: Record<string, string | Buffer>, mode = 0o644) => uploadFiles(server.url, files, mode);

describe('objects', () => {
  it('stores an object once, by its hash, and refuses bytes that do not match it', async () => {
    const bytes = Buffer.from('hello objects');
    expect((await call('PUT', `/api/v1/objects/${sha(bytes)}`, bytes, { 'content-type': 'application/octet-stream' })).body).toEqual({ hash: sha(bytes), size: 13 });
    const res = await fetch(`${server.url}/api/v1/objects/${sha(bytes)}`);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('hello objects');
    const wrong = await call('PUT', `/api/v1/objects/${sha('other')}`, bytes, { 'content-type': 'application/octet-stream' });
    expect(wrong.status).toBe(400);
    expect((await call('POST', '/api/v1/objects/missing', { hashes: [sha('other'), sha(bytes)] })).body.missing).toEqual([sha('other')]);
    expect((await call('GET', `/api/v1/objects/${sha('absent')}`)).status).toBe(404);
  });

  it('packs a batch of small objects, and refuses a batch with a bad record without storing any of it', async () => {
    const a = Buffer.from('a'.repeat(100));
    const b = Buffer.from('b'.repeat(200));
    const good = Buffer.concat([Buffer.from(`${sha(a)} 100\n`), a, Buffer.from(`${sha(b)} 200\n`), b]);
    const stored = await call('POST', '/api/v1/objects/batch', good, { 'content-type': 'application/x-flywheel-objects' });
    expect(stored.body).toEqual({ stored: 2, bytes: 300 });
    expect(await readdir(join(dataDir, 'blobs', 'packs'))).toEqual(expect.arrayContaining([expect.stringMatching(/\.pack$/), expect.stringMatching(/\.idx$/)]));
    const res = await fetch(`${server.url}/api/v1/objects/${sha(b)}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(b)).toBe(true);

    const c = Buffer.from('c');
    const bad = Buffer.concat([Buffer.from(`${sha(c)} 1\n`), c, Buffer.from(`${sha('x')} 1\n`), Buffer.from('y')]);
    const refused = await call('POST', '/api/v1/objects/batch', bad, { 'content-type': 'application/x-flywheel-objects' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain(sha('x'));
    expect((await call('POST', '/api/v1/objects/missing', { hashes: [sha(c)] })).body.missing).toEqual([sha(c)]);
    const truncated = await call('POST', '/api/v1/objects/batch', Buffer.from(`${sha(c)} 5\nab`), { 'content-type': 'application/x-flywheel-objects' });
    expect(truncated.status).toBe(400);
  });
});

describe('dataset versions', () => {
  it('numbers versions, records nothing for an unchanged manifest, and diffs two versions', async () => {
    const m1 = await upload({ 'cats/1.txt': 'cat one', 'cats/2.txt': 'cat two', 'labels.csv': 'id,label\n1,cat\n2,cat\n' });
    const v1 = await call('POST', '/api/v1/datasets/versions', { dataset: 'pets', manifest_hash: m1, message: 'first', author: 'me', tags: ['raw'] });
    expect(v1.body).toMatchObject({ created: true, version: { dataset: 'pets', version: 1, file_count: 3, parent: null, tags: ['raw'], digest: m1.slice(0, 32) } });
    const again = await call('POST', '/api/v1/datasets/versions', { dataset: 'pets', manifest_hash: m1 });
    expect(again.body).toMatchObject({ created: false, version: { version: 1 } });

    const m2 = await upload({ 'cats/1.txt': 'cat one', 'cats/2.txt': 'cat two, relabelled', 'dogs/1.txt': 'dog', 'labels.csv': 'id,label\n1,cat\n2,cat\n' });
    const v2 = await call('POST', '/api/v1/datasets/versions', { dataset: 'pets', manifest_hash: m2, message: 'relabelled' });
    expect(v2.body.version).toMatchObject({ version: 2, parent: 1 });

    const diff = (await call('GET', '/api/v1/datasets/diff?from=pets@1&to=pets@latest')).body;
    expect(diff.added.map((e: { path: string }) => e.path)).toEqual(['dogs/1.txt']);
    expect(diff.modified).toEqual([{ path: 'cats/2.txt', old: expect.objectContaining({ size: 7 }), new: expect.objectContaining({ size: 19 }) }]);
    expect(diff.summary).toMatchObject({ added: 1, removed: 0, modified: 1, unchanged: 2 });

    expect((await call('GET', '/api/v1/datasets/pets')).body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await call('GET', '/api/v1/datasets/pets/versions/raw')).body.version.version).toBe(1);
    expect((await call('GET', '/api/v1/datasets')).body.datasets).toContainEqual(expect.objectContaining({ name: 'pets', latest_version: 2, version_count: 2 }));
  });

  it('lists files by page and prefix, and one level of the tree with folder sizes', async () => {
    const page1 = (await call('GET', '/api/v1/datasets/pets/versions/2/files?max_results=2')).body;
    expect(page1.files.map((f: { path: string }) => f.path)).toEqual(['cats/1.txt', 'cats/2.txt']);
    const page2 = (await call('GET', `/api/v1/datasets/pets/versions/2/files?max_results=2&page_token=${encodeURIComponent(page1.next_page_token)}`)).body;
    expect(page2.files.map((f: { path: string }) => f.path)).toEqual(['dogs/1.txt', 'labels.csv']);
    expect((await call('GET', '/api/v1/datasets/pets/versions/2/files?prefix=dogs/')).body.files).toHaveLength(1);
    const tree = (await call('GET', '/api/v1/datasets/pets/versions/2/tree')).body.entries;
    expect(tree).toEqual([
      { name: 'cats', type: 'dir', size: 26, files: 2 },
      { name: 'dogs', type: 'dir', size: 3, files: 1 },
      { name: 'labels.csv', type: 'file', size: 21, files: 1 },
    ]);
  });

  it('moves and removes tags, which may not look like version numbers', async () => {
    expect((await call('POST', '/api/v1/datasets/pets/tags', { tag: 'train-v3', version: 2 })).body.version.tags).toEqual(['train-v3']);
    expect((await call('GET', '/api/v1/datasets/pets/versions/train-v3')).body.version.version).toBe(2);
    expect((await call('POST', '/api/v1/datasets/pets/tags', { tag: '7', version: 2 })).status).toBe(400);
    expect((await call('DELETE', '/api/v1/datasets/pets/tags/train-v3')).status).toBe(200);
    expect((await call('GET', '/api/v1/datasets/pets/versions/train-v3')).status).toBe(404);
  });

  it('refuses manifests with unsafe paths, duplicates, or objects the store lacks', async () => {
    const content = Buffer.from('x');
    await call('PUT', `/api/v1/objects/${sha(content)}`, content, { 'content-type': 'application/octet-stream' });
    for (const [path, why] of [
      ['../escape', "has a '..' segment"],
      ['/etc/passwd', 'is absolute'],
      ['a//b', 'has an empty segment'],
      ['a\\b', 'contains a backslash'],
    ]) {
      const manifest = Buffer.from(JSON.stringify({ format: 'flywheel.manifest/1', files: [[path, sha(content), 1, 0o644]] }));
      await call('PUT', `/api/v1/objects/${sha(manifest)}`, manifest, { 'content-type': 'application/octet-stream' });
      const res = await call('POST', '/api/v1/datasets/versions', { dataset: 'unsafe', manifest_hash: sha(manifest) });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(why);
    }
    const dup = Buffer.from(JSON.stringify({ format: 'flywheel.manifest/1', files: [['a', sha(content), 1, 420], ['a', sha(content), 1, 420]] }));
    await call('PUT', `/api/v1/objects/${sha(dup)}`, dup, { 'content-type': 'application/octet-stream' });
    expect((await call('POST', '/api/v1/datasets/versions', { dataset: 'unsafe', manifest_hash: sha(dup) })).body.message).toContain('listed twice');
    const lacking = Buffer.from(JSON.stringify({ format: 'flywheel.manifest/1', files: [['a', sha('never uploaded'), 14, 420]] }));
    await call('PUT', `/api/v1/objects/${sha(lacking)}`, lacking, { 'content-type': 'application/octet-stream' });
    const res = await call('POST', '/api/v1/datasets/versions', { dataset: 'unsafe', manifest_hash: sha(lacking) });
    expect(res.body.message).toMatch(/1 object\(s\) of the manifest are not in the store/);
    expect((await call('GET', '/api/v1/datasets/unsafe')).status).toBe(404);
  });

  it('lists the runs that logged a version as an input', async () => {
    const digest = (await call('GET', '/api/v1/datasets/pets/versions/1')).body.version.digest;
    const runId = (await call('POST', '/api/2.0/mlflow/runs/create', { experiment_id: '0' })).body.run.info.run_id;
    await call('POST', '/api/2.0/mlflow/runs/log-inputs', {
      run_id: runId,
      datasets: [{ dataset: { name: 'pets', digest, source_type: 'flywheel', source: '{"uri":"flywheel:pets@1"}' } }],
    });
    expect((await call('GET', '/api/v1/datasets/pets/versions/1/runs')).body.runs.map((r: { run_id: string }) => r.run_id)).toEqual([runId]);
    expect((await call('GET', '/api/v1/datasets/pets/versions/2/runs')).body.runs).toEqual([]);
  });

});

describe('gc', () => {
  it('keeps what versions and artifacts use, and spares young objects', async () => {
    const stray = Buffer.from('nobody refers to me');
    await call('PUT', `/api/v1/objects/${sha(stray)}`, stray, { 'content-type': 'application/octet-stream' });
    // Everything is younger than the grace period: nothing goes.
    expect((await call('POST', '/api/v1/datasets/gc', { dry_run: true })).body).toEqual({ objects: 0, bytes: 0, dry_run: true });
  });
});

describe('a damaged store', () => {
  it('detects a corrupted manifest on read', async () => {
    const m = await upload({ 'only.txt': 'soon corrupted' });
    await call('POST', '/api/v1/datasets/versions', { dataset: 'fragile', manifest_hash: m });
    await writeFile(join(dataDir, 'blobs', m.slice(0, 2), m.slice(2, 4), m), 'garbage');
    const res = await call('GET', '/api/v1/datasets/fragile/versions/1/files');
    expect(res.status).toBe(500);
    expect(res.body.message).toMatch(/corrupted/);
    // gc cannot tell what a damaged manifest refers to, so it stops rather than guess.
    const gc = await call('POST', '/api/v1/datasets/gc', { dry_run: false });
    expect(gc.body.message).toMatch(/manifest .* is corrupted/);
  });
});

describe('profiles and queries', () => {
  it('profiles a version once (stored), and runs SQL over its files by path', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => `${i + 1},${i % 2 === 0 ? 'cat' : 'dog'}`).join('\n');
    const m = await upload({ 'labels.csv': `x,label\n${rows}\n`, 'extra/notes.txt': 'hello' });
    await call('POST', '/api/v1/datasets/versions', { dataset: 'tabular', manifest_hash: m });
    const first = await call('GET', '/api/v1/datasets/tabular/versions/1/profile');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const table = first.body.profile.tables[0];
    expect(table).toMatchObject({ path: 'labels.csv', format: 'csv', row_count: 100 });
    expect(table.columns.find((c: { name: string }) => c.name === 'x')).toMatchObject({ missing: 0, distinct: 100, min: 1, max: 100, mean: 50.5 });
    expect(table.columns.find((c: { name: string }) => c.name === 'label').top_values).toEqual([
      { value: 'cat', count: 50 },
      { value: 'dog', count: 50 },
    ]);
    expect(first.body.profile.file_types).toContainEqual({ extension: 'txt', count: 1, bytes: 5 });
    const again = await call('GET', '/api/v1/datasets/tabular/versions/1/profile');
    expect(again.body.profile.computed_time).toBe(first.body.profile.computed_time);

    const q = await call('POST', '/api/v1/datasets/tabular/versions/1/query', { sql: "select label, count(*) as n from 'labels.csv' group by label order by label" });
    expect(q.status, JSON.stringify(q.body)).toBe(200);
    expect(q.body.rows).toEqual([
      ['cat', 50],
      ['dog', 50],
    ]);
    const escape = await call('POST', '/api/v1/datasets/tabular/versions/1/query', { sql: "select * from read_csv('/etc/passwd')" });
    expect(escape.status).toBe(400);
    const write = await call('POST', '/api/v1/datasets/tabular/versions/1/query', { sql: "copy (select 1) to '/tmp/fw-escape.csv'" });
    expect(write.status).toBe(400);
  });
});

describe('objects for clients on this host and for checkouts', () => {
  it('sends many objects in one response, in the order asked', async () => {
    const a = Buffer.from('first object');
    const b = Buffer.from('second');
    await upload({ 'a': a, 'b': b });
    const res = await fetch(`${server.url}/api/v1/objects/fetch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hashes: [sha(b), sha(a)] }),
    });
    expect(res.headers.get('content-type')).toBe('application/x-flywheel-objects');
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe(`${sha(b)} 6\nsecond${sha(a)} 12\nfirst object`);
    expect((await call('POST', '/api/v1/objects/fetch', { hashes: [sha('nope')] })).status).toBe(404);
  });

  it('imports files from its own disk when it listens on loopback, hashing them as it reads', async () => {
    const file = join(dataDir, 'local-file.bin');
    const bytes = Buffer.alloc(5 * 1024 * 1024, 3);
    await writeFile(file, bytes);
    const res = await call('POST', '/api/v1/objects/import', { paths: [file] });
    expect(res.body).toEqual({ objects: [{ path: file, hash: sha(bytes), size: bytes.length }] });
    expect((await call('POST', '/api/v1/objects/missing', { hashes: [sha(bytes)] })).body.missing).toEqual([]);
    expect((await call('POST', '/api/v1/objects/import', { paths: ['relative/path'] })).status).toBe(400);
    expect((await call('POST', '/api/v1/objects/import', { paths: [dataDir] })).body.message).toMatch(/not a regular file/);
  });
});
