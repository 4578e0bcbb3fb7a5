import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as fw } from '../src/cli/run.js';
import { captureIo } from '../src/cli/test-support/fixtures.js';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { Flywheel } from '../src/sdk/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';

/*
 * `fw data` and `fw.data` against the real server: a folder added as versions, what changed,
 * checked out byte for byte, in every link mode, and what a checkout must refuse.
 */

let server: RunningServer;
let dataDir: string;
let work: string;
let env: NodeJS.ProcessEnv;
let client: Flywheel;
const DATASET = `pets-${process.pid}`;

const cli = async (...argv: string[]) => {
  const io = captureIo(env);
  const code = await fw(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
};

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function put(root: string, rel: string, content: string | Buffer, mode = 0o644): void {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), content);
  chmodSync(join(root, rel), mode);
}

/** Every regular file under `root`: path -> bytes and permission bits. */
function snapshot(root: string): Map<string, { bytes: Buffer; mode: number }> {
  const out = new Map<string, { bytes: Buffer; mode: number }>();
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const abs = join(e.parentPath, e.name);
    out.set(abs.slice(root.length + 1), { bytes: readFileSync(abs), mode: statSync(abs).mode & 0o777 });
  }
  return out;
}

function expectSameTree(actual: string, expected: Map<string, { bytes: Buffer; mode: number }>): void {
  const got = snapshot(actual);
  expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [path, want] of expected) {
    const have = got.get(path)!;
    expect(sha(have.bytes), path).toBe(sha(want.bytes));
    expect(have.mode, `mode of ${path}`).toBe(want.mode);
  }
}

function ageTree(root: string): void {
  const past = new Date(Date.now() - 60_000);
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) if (e.isFile()) utimesSync(join(e.parentPath, e.name), past, past);
}

let source: string;
let v1Tree: Map<string, { bytes: Buffer; mode: number }>;
// Over 8 MiB: uploaded with PUT and kept as a loose file in the store.
const BIG = randomBytes(9 << 20);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fw-data-e2e-'));
  work = await mkdtemp(join(tmpdir(), 'fw-data-e2e-work-'));
  server = await startServer(loadServerConfig({ port: 0, dataDir }), { logger: silentLogger, gpus: [] });
  env = { FW_TRACKING_URI: server.url, FW_STATE_DIR: join(work, 'state'), FW_DATASETS_DIR: join(work, 'datasets'), HOME: work };
  client = new Flywheel({ trackingUri: server.url, env });
  source = join(work, 'source');
  put(source, 'labels.csv', 'id,label\n1,cat\n2,dog\n3,cat\n');
  put(source, 'images/cat/1.png', randomBytes(3000));
  put(source, 'images/dog/2.png', randomBytes(5000));
  put(source, 'images/dup.png', readFileSync(join(source, 'images/cat/1.png')));
  put(source, 'scripts/prep.sh', '#!/bin/sh\necho prep\n', 0o755);
  put(source, 'empty.txt', '');
  put(source, 'big/weights.bin', BIG);
  put(source, 'ünï cødé.txt', 'unicode name');
  put(source, '.git/HEAD', 'ref: refs/heads/main\n');
  put(source, 'cache/tmp.bin', 'ignored');
  symlinkSync(join(source, 'labels.csv'), join(source, 'link-to-labels.csv'));
  // Files written within ~2 s of a scan are hashed again (racy); these are older than that.
  ageTree(source);
  v1Tree = snapshot(source);
  v1Tree.delete('.git/HEAD');
  v1Tree.delete('cache/tmp.bin');
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('fw data against the real server', () => {
  it('adds a folder as version 1, leaving out .git/, ignored files and symlinks', async () => {
    const { code, stdout, stderr } = await cli('data', 'add', source, '--name', DATASET, '-m', 'first', '--ignore', 'cache/');
    expect(stderr).toBe('skipped 1 symlink (never followed): link-to-labels.csv\n');
    expect(code).toBe(0);
    expect(stdout).toContain(`${DATASET}@1`);
    const v1 = await client.data.show(`${DATASET}@1`);
    expect(v1).toMatchObject({ version: 1, message: 'first', fileCount: v1Tree.size });
    const files = await client.data.manifest(v1);
    expect(files.map((f) => f.path)).not.toContain('link-to-labels.csv');
    expect(files.find((f) => f.path === 'scripts/prep.sh')!.mode).toBe(0o755);
  });

  it('makes no new version when nothing changed', async () => {
    const r = await client.data.add(source, { dataset: DATASET, ignore: ['cache/'] });
    expect(r.created).toBe(false);
    expect(r.version.version).toBe(1);
    expect(r.hashedFiles).toBe(0);
    expect(r.uploaded.objects).toBe(0);
    const { stdout } = await cli('data', 'add', source, '--name', DATASET, '--ignore', 'cache/');
    expect(stdout).toMatch(/no changes/);
  });

  it('reports what changed with status, and makes version 2 uploading only the changed objects', async () => {
    put(source, 'labels.csv', 'id,label\n1,cat\n2,dog\n3,cat\n4,bird\n');
    put(source, 'images/new/4.png', randomBytes(2000));
    rmSync(join(source, 'images/dog/2.png'));
    const status = await client.data.status(source, DATASET, { ignore: ['cache/'] });
    expect(status.added.map((e) => e.path)).toEqual(['images/new/4.png']);
    expect(status.removed.map((e) => e.path)).toEqual(['images/dog/2.png']);
    expect(status.modified.map((e) => e.path)).toEqual(['labels.csv']);
    const text = await cli('data', 'status', source, '--name', DATASET, '--ignore', 'cache/');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/added\s+images\/new\/4\.png/);
    expect(text.stdout).toMatch(/removed\s+images\/dog\/2\.png/);
    expect(text.stdout).toMatch(/modified\s+labels\.csv/);

    const r = await client.data.add(source, { dataset: DATASET, message: 'second', ignore: ['cache/'] });
    expect(r.created).toBe(true);
    expect(r.version.version).toBe(2);
    expect(r.uploaded.objects).toBe(2);
    expect(r.version.parent).toBe(1);
  });

  it('diffs and logs versions', async () => {
    const diff = await client.data.diff(`${DATASET}@1`, `${DATASET}@2`);
    expect(diff.summary).toMatchObject({ added: 1, removed: 1, modified: 1 });
    const { stdout } = await cli('data', 'diff', `${DATASET}@1`, `${DATASET}@2`);
    expect(stdout).toMatch(/added\s+images\/new\/4\.png/);
    const log = await cli('data', 'log', DATASET);
    expect(log.code).toBe(0);
    const lines = log.stdout.trim().split('\n');
    expect(lines[1]).toMatch(/^\s*2\s/);
    expect(lines[2]).toMatch(/^\s*1\s/);
    const list = await cli('data', 'list', '--json');
    expect(JSON.parse(list.stdout)).toContainEqual(expect.objectContaining({ name: DATASET, latestVersion: 2, versionCount: 2 }));
  });

  it('checks out version 1 as a byte-identical tree, modes included', async () => {
    const target = join(work, 'restore');
    const { code, stderr } = await cli('data', 'checkout', `${DATASET}@1`, target);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expectSameTree(target, v1Tree);
  });

  it('leaves files that are already right alone, and removes extras with --clean', async () => {
    const target = join(work, 'restore');
    put(target, 'extra/notes.txt', 'not in the dataset');
    const again = await client.data.checkout(`${DATASET}@1`, target);
    expect(again.unchanged).toBe(v1Tree.size);
    expect(existsSync(join(target, 'extra/notes.txt'))).toBe(true);
    const cleaned = await client.data.checkout(`${DATASET}@1`, target, { clean: true });
    expect(cleaned.removed).toBe(1);
    expect(existsSync(join(target, 'extra'))).toBe(false);
    expectSameTree(target, v1Tree);
  });

  it('checks out with hardlinks (read-only, sharing the stored object) and with copies', async () => {
    const linked = join(work, 'linked');
    const r = await client.data.checkout(`${DATASET}@1`, linked, { mode: 'hardlink' });
    expect(r.hardlinked).toBeGreaterThanOrEqual(1);
    const weights = statSync(join(linked, 'big/weights.bin'));
    expect(weights.nlink).toBeGreaterThanOrEqual(2);
    expect(weights.mode & 0o222).toBe(0);
    const tree = snapshot(linked);
    for (const [path, want] of v1Tree) expect(sha(tree.get(path)!.bytes), path).toBe(sha(want.bytes));

    const copied = join(work, 'copied');
    const c = await cli('data', 'checkout', `${DATASET}@1`, copied, '--link', 'copy');
    expect(c.code).toBe(0);
    expectSameTree(copied, v1Tree);
    expect(statSync(join(copied, 'big/weights.bin')).nlink).toBe(1);
  });

  it('never writes through a symlink already in the target', async () => {
    const target = join(work, 'trap');
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(elsewhere, { recursive: true });
    mkdirSync(target, { recursive: true });
    symlinkSync(elsewhere, join(target, 'images'));
    const victim = join(work, 'victim.csv');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, join(target, 'labels.csv'));
    const { code, stderr } = await cli('data', 'checkout', `${DATASET}@1`, target);
    expect(code).toBe(1);
    expect(stderr).toMatch(/symlink/);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });

  it('refuses a manifest with ../escape', async () => {
    const manifest = Buffer.from(JSON.stringify({ format: 'flywheel.manifest/1', files: [['../escape', sha(Buffer.from('x')), 1, 420]] }));
    await fetch(`${server.url}/api/v1/objects/${sha(Buffer.from('x'))}`, { method: 'PUT', body: 'x' });
    await fetch(`${server.url}/api/v1/objects/${sha(manifest)}`, { method: 'PUT', body: manifest });
    const res = await fetch(`${server.url}/api/v1/datasets/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dataset: `escape-${process.pid}`, manifest_hash: sha(manifest) }),
    });
    expect(res.status).toBe(400);
    // And the SDK refuses it on its own, should a server ever hand one out.
    const { parseManifest } = await import('../src/sdk/index.js');
    expect(() => parseManifest(manifest)).toThrow(/'\.\.'/);
  });

  it('detects a corrupted object on checkout and names the file', async () => {
    const hash = sha(BIG);
    const objectFile = join(dataDir, 'blobs', hash.slice(0, 2), hash.slice(2, 4), hash);
    chmodSync(objectFile, 0o644);
    const corrupt = Buffer.from(BIG);
    corrupt[12345] ^= 0xff;
    writeFileSync(objectFile, corrupt);
    const { code, stderr } = await cli('data', 'checkout', `${DATASET}@1`, join(work, 'corrupt'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/corrupted object .* for big\/weights\.bin/);
    expect(existsSync(join(work, 'corrupt/big/weights.bin'))).toBe(false);
    writeFileSync(objectFile, BIG);
  });

  it('tags a version and reads it by its tag; lists its files', async () => {
    const t = await cli('data', 'tag', DATASET, '1', 'train-v3');
    expect(t.code).toBe(0);
    expect((await client.data.show(`${DATASET}@train-v3`)).version).toBe(1);
    const files = await cli('data', 'files', `${DATASET}@train-v3`, '--prefix', 'images/');
    expect(files.stdout).toMatch(/images\/cat\/1\.png/);
    expect(files.stdout).not.toMatch(/labels\.csv/);
  });

  it('useDataset logs the input and returns a folder with the files', async () => {
    const run = await client.startRun({ experimentName: `data-e2e-${process.pid}` });
    const dir = await run.useDataset(`${DATASET}@1`);
    expect(dir).toBe(join(work, 'datasets', DATASET, '1'));
    expectSameTree(dir, v1Tree);
    await run.end();
    const stored = await client.getRun(run.runId);
    expect(stored.inputs.datasetInputs).toEqual([
      {
        dataset: expect.objectContaining({ name: DATASET, digest: (await client.data.show(`${DATASET}@1`)).digest, sourceType: 'flywheel', source: `{"uri":"flywheel:${DATASET}@1"}` }),
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
      },
    ]);
    const runs = await cli('data', 'runs', `${DATASET}@1`);
    expect(runs.stdout).toContain(run.runId.slice(0, 8));
    // Already there: a second use is quick and checks nothing out.
    const run2 = await client.startRun({ experimentName: `data-e2e-${process.pid}` });
    expect(await run2.useDataset(`${DATASET}@1`, { context: 'eval' })).toBe(dir);
    await run2.end();
  });
});
