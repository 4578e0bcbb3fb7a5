import { createHash } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, silentLogger } from '../src/core/index.js';
import { buildManifest, Flywheel } from '../src/sdk/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { call } from './support/data-http.js';

/*
 * The manifest's bytes are what its hash, and so a version's identity, is made of: the SDK
 * builds them from a tree, the server stores and re-reads them. Both use the one codec in
 * src/contracts/manifest.ts; this pins that the bytes agree end to end, on the names where
 * orders differ (UTF-16 against UTF-8, '/' against '.' and '-', composed against decomposed).
 */

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** Names whose order is easy to get wrong, with distinct contents. */
const FILES: Record<string, string> = {
  'a-b': 'dash',
  'a.b': 'dot',
  'a/b': 'slash',
  'a/c/d.txt': 'deep',
  a0: 'digit after a',
  B: 'upper',
  b: 'lower',
  '\u00e9.txt': 'composed e-acute',
  'e\u0301.txt': 'decomposed e-acute',
  '\uFF5E.txt': 'fullwidth tilde (3 UTF-8 bytes, sorts after U+1F600 in UTF-16)',
  '\u{1F600}.txt': 'emoji (4 UTF-8 bytes, a surrogate pair in UTF-16)',
  '日本語/ファイル.csv': 'id\n1\n',
  'with space.txt': 'space',
  'notes/c:d.txt': 'a colon past the first segment',
  empty: '',
};

let server: RunningServer;
let dir: string;
let root: string;
let fw: Flywheel;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fw-manifest-bytes-'));
  server = await startServer(loadServerConfig({ port: 0, dataDir: join(dir, 'server'), slurm: 'off', localImport: 'off' }), { logger: silentLogger });
  root = join(dir, 'tree');
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  fw = new Flywheel({ trackingUri: server.url, env: { ...process.env, FW_STATE_DIR: join(dir, 'state'), FW_TRACKING_URI: server.url } });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The manifest written out by hand from the format's definition, not by the codec. */
function expectedManifest(): { paths: string[]; bytes: Buffer } {
  const paths = Object.keys(FILES).sort((x, y) => Buffer.compare(Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8')));
  const rows = paths.map((p) => {
    const content = Buffer.from(FILES[p]!);
    return `[${JSON.stringify(p)},"${sha(content)}",${content.length},${statSync(join(root, p)).mode & 0o777}]`;
  });
  return { paths, bytes: Buffer.from(`{"format":"flywheel.manifest/1","files":[${rows.join(',')}]}`, 'utf8') };
}

describe('a manifest built by the SDK and stored by the server', () => {
  it('has the same bytes and hash on both sides, in UTF-8 byte order', async () => {
    const expected = expectedManifest();
    expect(expected.paths.slice(0, 4)).toEqual(['B', 'a-b', 'a.b', 'a/b']);
    expect(expected.paths.indexOf('\uFF5E.txt')).toBeLessThan(expected.paths.indexOf('\u{1F600}.txt'));

    const added = await fw.data.add(root, { dataset: 'bytes', author: 'test' });
    expect(added.created).toBe(true);
    expect(added.version.manifestHash).toBe(sha(expected.bytes));

    // What the server reports and stores.
    const version = (await call(server.url, 'GET', '/api/v1/datasets/bytes/versions/1')).body.version;
    expect(version.manifest_hash).toBe(sha(expected.bytes));
    expect(version.file_count).toBe(expected.paths.length);
    const stored = Buffer.from(await (await fetch(`${server.url}/api/v1/objects/${version.manifest_hash}`)).arrayBuffer());
    expect(stored.toString('utf8')).toBe(expected.bytes.toString('utf8'));
    expect(stored.equals(expected.bytes)).toBe(true);
    const files = (await call(server.url, 'GET', '/api/v1/datasets/bytes/versions/1/files')).body.files;
    expect(files.map((f: { path: string }) => f.path)).toEqual(expected.paths);

    // What the SDK builds from the same entries, and reads back from the server.
    const entries = await fw.data.manifest('bytes@1');
    expect(entries.map((e) => e.path)).toEqual(expected.paths);
    const rebuilt = buildManifest([...entries].reverse());
    expect(rebuilt.bytes.equals(stored)).toBe(true);
    expect(rebuilt.hash).toBe(version.manifest_hash);
  });

  it('is the same manifest when the SDK scans the tree again: nothing changed, no new version', async () => {
    const status = await fw.data.status(root, 'bytes');
    expect(status.summary).toMatchObject({ added: 0, removed: 0, modified: 0, unchanged: Object.keys(FILES).length });
    const again = await fw.data.add(root, { dataset: 'bytes' });
    expect(again.created).toBe(false);
    expect(again.version.version).toBe(1);
  });
});
