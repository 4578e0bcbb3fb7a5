import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetVersionWire, DatasetWire } from '../contracts/index.js';
import { startRecordingServer, type RecordingServer } from '../sdk/test-support/recording-server.js';
import { run } from './run.js';
import { captureIo, NOW } from './test-support/fixtures.js';

/**
 * `fw data` commands that only read or ask the server: what they send and print, and their
 * exit codes, against a recording HTTP peer that answers as docs/data-api.md says. Adding
 * and checking out, with real files and the real server, are in test/data-cli.e2e.test.ts.
 */
let server: RecordingServer;

beforeEach(async () => {
  server = await startRecordingServer();
});
afterEach(async () => {
  await server.close();
});

const fw = async (...argv: string[]) => {
  const io = captureIo({ FW_TRACKING_URI: server.url });
  const code = await run(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
};

const wireVersion = (version: number, extra: Partial<DatasetVersionWire> = {}): DatasetVersionWire => ({
  dataset: 'pets',
  version,
  manifest_hash: String(version).repeat(64),
  digest: String(version).repeat(32),
  message: `version ${version}`,
  author: 'ada',
  created_time: NOW - 3_600_000,
  parent: version > 1 ? version - 1 : null,
  tags: version === 2 ? ['train-v3'] : [],
  file_count: 1200 * version,
  total_bytes: 5_000_000 * version,
  ...extra,
});

const wireDataset: DatasetWire = { name: 'pets', created_time: NOW - 86_400_000, latest_version: 2, version_count: 2 };

describe('fw data log and list', () => {
  it('prints the versions newest first', async () => {
    server.route('GET', '/api/v1/datasets/pets', () => ({ body: { dataset: wireDataset, versions: [wireVersion(2), wireVersion(1)] } }));
    const { code, stdout } = await fw('data', 'log', 'pets');
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'version  tags      files     size  author  created  message',
        '      2  train-v3  2,400  9.5 MiB  ada     1h ago   version 2',
        '      1  -         1,200  4.8 MiB  ada     1h ago   version 1',
        '',
      ].join('\n'),
    );
  });

  it('lists datasets, and as JSON in the SDK shape', async () => {
    server.route('GET', '/api/v1/datasets', () => ({
      body: { datasets: [{ name: 'pets', created_time: NOW - 86_400_000, latest_version: 2, version_count: 2 }] },
    }));
    expect((await fw('data', 'list')).stdout).toBe('name  latest  versions  created\npets       2         2  1d ago\n');
    expect(JSON.parse((await fw('data', 'list', '--json')).stdout)).toEqual([
      { name: 'pets', createdTime: NOW - 86_400_000, latestVersion: 2, versionCount: 2 },
    ]);
  });

  it('exits 1 with the server message for an unknown dataset', async () => {
    server.route('GET', '/api/v1/datasets/nope', () => ({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: "Dataset 'nope' does not exist." } }));
    expect(await fw('data', 'log', 'nope')).toEqual({ code: 1, stdout: '', stderr: "error: Dataset 'nope' does not exist.\n" });
  });
});

describe('fw data diff', () => {
  it('asks for the two refs and prints each change and the counts', async () => {
    server.route('GET', '/api/v1/datasets/diff', () => ({
      body: {
        added: [{ path: 'images/new.png', new: { hash: 'a'.repeat(64), size: 2048, mode: 420 } }],
        removed: [{ path: 'old.csv', old: { hash: 'b'.repeat(64), size: 10, mode: 420 } }],
        modified: [{ path: 'run.sh', old: { hash: 'c'.repeat(64), size: 5, mode: 420 }, new: { hash: 'd'.repeat(64), size: 7, mode: 493 } }],
        summary: { added: 1, removed: 1, modified: 1, unchanged: 40, bytes_added: 2050, bytes_removed: 10 },
      },
    }));
    const { code, stdout } = await fw('data', 'diff', 'pets@1', 'pets@train-v3');
    expect(code).toBe(0);
    expect(Object.fromEntries(server.accepted[0]!.query)).toEqual({ from: 'pets@1', to: 'pets@train-v3', max_results: '1000' });
    expect(stdout).toBe(
      [
        'pets@1 -> pets@train-v3: 1 added, 1 modified, 1 removed, 40 unchanged',
        '',
        'change    path            size',
        'added     images/new.png  2.0 KiB',
        'modified  run.sh          5 B -> 7 B (mode 644 -> 755)',
        'removed   old.csv         10 B',
        '',
      ].join('\n'),
    );
  });

  it('refuses a ref that is not NAME@VERSION before asking the server', async () => {
    const { code, stderr } = await fw('data', 'diff', 'pets@1', 'bad ref');
    expect(code).toBe(1);
    expect(stderr).toMatch(/'bad ref' is not a dataset version/);
    expect(server.received).toEqual([]);
  });
});

describe('fw data files', () => {
  it('follows pages up to --limit and says when there are more', async () => {
    const file = (i: number) => ({ path: `images/${i}.png`, hash: `${i}`.padStart(64, '0'), size: 100 * i, mode: 420 });
    server.route('GET', '/api/v1/datasets/pets/versions/2/files', (req) =>
      req.query.get('page_token') ? { body: { files: [file(3), file(4)], next_page_token: 't2' } } : { body: { files: [file(1), file(2)], next_page_token: 't1' } },
    );
    const { stdout } = await fw('data', 'files', 'pets@2', '--prefix', 'images/', '--limit', '3');
    expect(server.accepted.map((r) => Object.fromEntries(r.query))).toEqual([
      { prefix: 'images/', max_results: '3' },
      { prefix: 'images/', max_results: '1', page_token: 't1' },
    ]);
    expect(stdout.split('\n')).toEqual([
      'path           size  mode  hash',
      'images/1.png  100 B   644  000000000000',
      'images/2.png  200 B   644  000000000000',
      'images/3.png  300 B   644  000000000000',
      '(first 3 files shown; raise --limit for more)',
      '',
    ]);
  });
});

describe('fw data show', () => {
  it('prints the version and its profile summary', async () => {
    server.route('GET', '/api/v1/datasets/pets/versions/2', () => ({ body: { version: wireVersion(2) } }));
    server.route('GET', '/api/v1/datasets/pets/versions/2/profile', () => ({
      body: {
        profile: {
          computed_time: NOW,
          file_types: [{ extension: 'png', count: 1199, bytes: 4_900_000 }, { extension: 'csv', count: 1, bytes: 100_000 }],
          images: { count: 1199, formats: [{ format: 'png', count: 1199 }], widths: { min: 32, max: 640, mean: 300 }, heights: { min: 32, max: 480, mean: 200 }, bytes: { min: 100, max: 9000, mean: 4086 } },
          tables: [
            {
              path: 'labels.csv',
              format: 'csv',
              row_count: 1199,
              sample: [{ Label: 'cat' }],
              columns: [
                { name: 'id', type: 'BIGINT', missing: 0, distinct: 1199, min: 1, max: 1199, mean: 600 },
                { name: 'label', type: 'VARCHAR', missing: 2, distinct: 2, top_values: [{ value: 'cat', count: 700 }, { value: 'dog', count: 497 }] },
              ],
            },
          ],
        },
      },
    }));
    const { code, stdout } = await fw('data', 'show', 'pets@2');
    expect(code).toBe(0);
    expect(stdout).toContain('version   pets@2 (train-v3)\n');
    expect(stdout).toContain('files     2,400 (9.5 MiB)\n');
    expect(stdout).toMatch(/png\s+1,199\s+4\.7 MiB/);
    expect(stdout).toContain('images  1,199 (png 1199), 32-640 x 32-480 px, 4.0 KiB on average');
    expect(stdout).toContain('table labels.csv (csv): 1,199 rows, 2 columns');
    expect(stdout).toMatch(/id\s+BIGINT\s+0\s+1,199\s+1 \.\. 1199\s+600/);
    expect(stdout).toMatch(/label\s+VARCHAR\s+2\s+2\s+cat \(700\), dog \(497\)/);
  });

  it('still shows the version when the profile fails, and exits 1', async () => {
    server.route('GET', '/api/v1/datasets/pets/versions/latest', () => ({ body: { version: wireVersion(1) } }));
    server.route('GET', '/api/v1/datasets/pets/versions/latest/profile', () => ({ status: 500, body: { error_code: 'INTERNAL_ERROR', message: 'duckdb exploded' } }));
    const { code, stdout, stderr } = await fw('data', 'show', 'pets');
    expect(stdout).toContain('version   pets@1\n');
    expect(stderr).toBe('error: duckdb exploded\n');
    expect(code).toBe(1);
  });
});

describe('fw data query, tag, gc, push and pull', () => {
  it('prints query results as a table', async () => {
    server.route('POST', '/api/v1/datasets/pets/versions/2/query', () => ({
      body: { columns: [{ name: 'label', type: 'VARCHAR' }, { name: 'n', type: 'BIGINT' }], rows: [['cat', 700], [null, 3]], truncated: true },
    }));
    const { stdout } = await fw('data', 'query', 'pets@2', "select label, count(*) n from 'labels.csv' group by 1", '--max-rows', '2');
    expect(server.accepted[0]!.json).toEqual({ sql: "select label, count(*) n from 'labels.csv' group by 1", max_rows: 2 });
    expect(stdout).toBe('label    n\ncat    700\nNULL     3\n(2 rows; more rows were cut: raise --max-rows or add a LIMIT)\n');
  });

  it('tags a version', async () => {
    server.route('POST', '/api/v1/datasets/pets/tags', () => ({ body: { version: wireVersion(2) } }));
    const { code, stdout } = await fw('data', 'tag', 'pets', '2', 'train-v3');
    expect(server.accepted[0]!.json).toEqual({ tag: 'train-v3', version: 2 });
    expect({ code, stdout }).toEqual({ code: 0, stdout: 'tagged pets@2 (train-v3)\n' });
    expect((await fw('data', 'tag', 'pets', 'two', 'x')).code).toBe(2);
  });

  it('runs gc, as a dry run too', async () => {
    server.route('POST', '/api/v1/datasets/gc', (req) => ({ body: { objects: 3, bytes: 3072, dry_run: (req.json as { dry_run: boolean }).dry_run } }));
    expect((await fw('data', 'gc', '--dry-run')).stdout).toBe('would delete 3 unused objects (3.0 KiB)\n');
    expect((await fw('data', 'gc')).stdout).toBe('deleted 3 unused objects (3.0 KiB)\n');
    expect(server.accepted.map((r) => r.json)).toEqual([{ dry_run: true }, { dry_run: false }]);
  });

  it('pushes and pulls with a remote', async () => {
    server.route('POST', '/api/v1/datasets/pets/push', () => ({ body: { objects: 10, bytes: 1_048_576, skipped: 2, versions: 2 } }));
    server.route('POST', '/api/v1/datasets/pull', () => ({ body: { versions: 2, objects: 10, bytes: 1_048_576, skipped: 0 } }));
    expect((await fw('data', 'push', 'pets', '--remote', 's3://b/p', '--versions', '1,2')).stdout).toBe(
      'pushed pets to s3://b/p: 10 objects (1.0 MiB) sent, 2 already there\n',
    );
    expect((await fw('data', 'pull', 'pets', '--remote', 's3://b/p')).stdout).toBe('pulled pets from s3://b/p: 2 versions, 10 objects (1.0 MiB)\n');
    expect(server.accepted.map((r) => r.json)).toEqual([{ remote: 's3://b/p', versions: [1, 2] }, { remote: 's3://b/p', dataset: 'pets' }]);
    expect((await fw('data', 'push', 'pets')).code).toBe(2);
  });
});
