import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnProfile, DatasetProfile, TableProfile } from '../../core/data-types.js';
import { profileFiles, type VersionFile } from './profile-version.js';

/**
 * 100 rows with statistics known by hand:
 * - x = 1..100: mean 50.5; quantile_cont interpolates, so p5 = 1 + 0.05·99 = 5.95, p25 = 25.75,
 *   p50 = 50.5, p75 = 75.25, p95 = 95.05; 20 bins of width 99/20 = 4.95 hold 5 values each.
 * - y = x/2, except NULL where x is 10, 20 or 30: 3 missing, 97 distinct, mean (5050-60)/2/97.
 * - label: cat for x ≤ 50, dog for x ≤ 80, bird after: top values cat 50, dog 30, bird 20.
 * - stars = x mod 4: 0..3, 25 each: one bin per integer.
 * - day = 2024-01-01 + (x-1) days: 2024-01-01 .. 2024-04-09 (2024 is a leap year).
 */
const ROWS = Array.from({ length: 100 }, (_, i) => {
  const x = i + 1;
  const day = new Date(Date.UTC(2024, 0, x)).toISOString().slice(0, 10);
  return { x, y: [10, 20, 30].includes(x) ? null : x / 2, label: x <= 50 ? 'cat' : x <= 80 ? 'dog' : 'bird', stars: x % 4, day };
});

const csvText = ['x,y,label,stars,day', ...ROWS.map((r) => `${r.x},${r.y ?? ''},${r.label},${r.stars},${r.day}`)].join('\n') + '\n';
const jsonlText = ROWS.map((r) => JSON.stringify(r)).join('\n') + '\n';

const u32be = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const png = (w: number, h: number) =>
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...u32be(w), ...u32be(h), 8, 6, 0, 0, 0]);
const gif = (w: number, h: number) => Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, w & 0xff, w >> 8, h & 0xff, h >> 8, 0, 0, 0]);

describe('profileFiles', () => {
  let dir: string;
  /** Writes bytes the way the object store does: named by their hash, no extension. */
  const object = async (path: string, bytes: Buffer | string): Promise<VersionFile> => {
    const data = Buffer.from(bytes);
    const localPath = join(dir, createHash('sha256').update(data).digest('hex'));
    await writeFile(localPath, data);
    return { path, localPath, size: data.length };
  };
  let csv: VersionFile;
  let jsonl: VersionFile;
  let parquet: VersionFile;
  let profile: DatasetProfile;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-profile-'));
    csv = await object('tables/train.csv', csvText);
    jsonl = await object('tables/train.jsonl', jsonlText);
    // The Parquet file is written by DuckDB itself from the CSV, to an extensionless object name.
    parquet = { path: 'tables/train.parquet', localPath: join(dir, 'parquet-object'), size: 0 };
    const writer = await DuckDBInstance.create(':memory:');
    const connection = await writer.connect();
    await connection.run(`COPY (SELECT * FROM read_csv_auto('${csv.localPath}')) TO '${parquet.localPath}' (FORMAT parquet)`);
    connection.closeSync();
    writer.closeSync();

    const files = [
      csv,
      jsonl,
      parquet,
      // Not UTF-8: DuckDB's CSV reader refuses it.
      await object('broken.csv', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xfe, 0x00, 0x81, 0x2c, 0x0a])),
      await object('images/a.png', png(640, 480)),
      await object('images/b.png', png(100, 50)),
      await object('images/c.gif', gif(30, 10)),
      await object('images/notes.txt', 'not an image'),
    ];
    profile = await profileFiles(files);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const table = (path: string): TableProfile => profile.tables.find((t) => t.path === path)!;
  const column = (t: TableProfile, name: string): ColumnProfile => t.columns.find((c) => c.name === name)!;

  describe.each([
    ['CSV', 'tables/train.csv', 'csv'],
    ['JSON lines', 'tables/train.jsonl', 'jsonl'],
    ['Parquet', 'tables/train.parquet', 'parquet'],
  ])('of a %s table', (_name, path, format) => {
    it('counts rows and names the format', () => {
      expect(table(path)).toMatchObject({ path, format, rowCount: 100 });
      expect(table(path).error).toBeUndefined();
    });

    it('gives a numeric column its exact statistics', () => {
      const x = column(table(path), 'x');
      expect(x).toMatchObject({ type: 'BIGINT', missing: 0, distinct: 100, min: 1, max: 100, mean: 50.5 });
      const q = Object.fromEntries(x.quantiles!.map(({ p, value }) => [p, value]));
      expect(q[0.05]).toBeCloseTo(5.95, 10);
      expect(q[0.25]).toBeCloseTo(25.75, 10);
      expect(q[0.5]).toBeCloseTo(50.5, 10);
      expect(q[0.75]).toBeCloseTo(75.25, 10);
      expect(q[0.95]).toBeCloseTo(95.05, 10);
      expect(x.histogram).toHaveLength(20);
      expect(x.histogram!.map((b) => b.count)).toEqual(new Array(20).fill(5));
      expect(x.histogram![0]!.from).toBe(1);
      expect(x.histogram![0]!.to).toBeCloseTo(5.95, 10);
      expect(x.histogram![19]!.to).toBe(100);
      expect(x.topValues).toBeUndefined();
    });

    it('counts missing values and leaves them out of the statistics', () => {
      const y = column(table(path), 'y');
      expect(y).toMatchObject({ type: 'DOUBLE', missing: 3, distinct: 97, min: 0.5, max: 50 });
      expect(y.mean).toBeCloseTo((5050 - 60) / 2 / 97, 10);
      expect(y.histogram!.reduce((n, b) => n + b.count, 0)).toBe(97);
    });

    it('gives a small-range integer column one bin per value', () => {
      expect(column(table(path), 'stars').histogram).toEqual([0, 1, 2, 3].map((v) => ({ from: v, to: v + 1, count: 25 })));
    });

    it('gives a text column its top values', () => {
      expect(column(table(path), 'label')).toMatchObject({
        type: 'VARCHAR',
        missing: 0,
        distinct: 3,
        min: 'bird',
        max: 'dog',
        topValues: [
          { value: 'cat', count: 50 },
          { value: 'dog', count: 30 },
          { value: 'bird', count: 20 },
        ],
      });
    });

    it('keeps the first 20 rows as JSON values', () => {
      const t = table(path);
      expect(t.sample).toHaveLength(20);
      expect(t.sample[0]).toEqual({ x: 1, y: 0.5, label: 'cat', stars: 1, day: '2024-01-01' });
      expect(t.sample[9]).toMatchObject({ x: 10, y: null });
      expect(JSON.parse(JSON.stringify(t.sample))).toEqual(t.sample);
    });
  });

  it.each(['tables/train.csv', 'tables/train.jsonl', 'tables/train.parquet'])('reads dates in %s as dates, with ISO min and max', (path) => {
    expect(column(table(path), 'day')).toMatchObject({ type: 'DATE', min: '2024-01-01', max: '2024-04-09', distinct: 100, missing: 0 });
    expect(column(table(path), 'day').topValues).toHaveLength(10);
  });

  it('reports a file DuckDB cannot parse instead of failing', () => {
    const broken = table('broken.csv');
    expect(broken).toMatchObject({ format: 'csv', rowCount: 0, columns: [], sample: [] });
    expect(broken.error).toMatch(/utf-8|unicode/i);
    // The message names the dataset path, never where the object lies on the server.
    expect(broken.error).not.toContain(dir);
  });

  it('lists tables in path order', () => {
    expect(profile.tables.map((t) => t.path)).toEqual(['broken.csv', 'tables/train.csv', 'tables/train.jsonl', 'tables/train.parquet']);
  });

  it('reads image sizes from their headers', () => {
    expect(profile.images).toMatchObject({
      count: 3,
      formats: [
        { format: 'png', count: 2 },
        { format: 'gif', count: 1 },
      ],
      widths: { min: 30, max: 640, mean: (640 + 100 + 30) / 3 },
      heights: { min: 10, max: 480, mean: (480 + 50 + 10) / 3 },
    });
    expect(profile.images!.bytes).toEqual({ min: 13, max: 29, mean: (29 + 29 + 13) / 3 });
  });

  it('counts files and bytes by extension', () => {
    const byExt = Object.fromEntries(profile.fileTypes.map((f) => [f.extension, f]));
    expect(byExt.png).toEqual({ extension: 'png', count: 2, bytes: 58 });
    expect(byExt.txt).toEqual({ extension: 'txt', count: 1, bytes: 12 });
    expect(byExt.csv).toEqual({ extension: 'csv', count: 2, bytes: csv.size + 10 });
  });

  describe('with limits', () => {
    it('profiles the largest tables when there are more than maxTables', async () => {
      const small = await object('small.csv', 'a\n1\n');
      const limited = await profileFiles([small, csv, jsonl], { maxTables: 1, sampleRows: 2 });
      const largest = csv.size > jsonl.size ? 'tables/train.csv' : 'tables/train.jsonl';
      expect(limited.tables.map((t) => t.path)).toEqual([largest]);
      expect(limited.tables[0]!.sample).toHaveLength(2);
      expect(limited.images).toBeNull();
    });

    it('still counts top values exactly above the exact-statistics row limit', async () => {
      const approx = await profileFiles([csv], { exactRowLimit: 10 });
      const t = approx.tables[0]!;
      expect(column(t, 'label').topValues).toEqual([
        { value: 'cat', count: 50 },
        { value: 'dog', count: 30 },
        { value: 'bird', count: 20 },
      ]);
      // approx_quantile and approx_count_distinct: near, not exact.
      const x = column(t, 'x');
      expect(x.quantiles!.find((q) => q.p === 0.5)!.value).toBeGreaterThanOrEqual(45);
      expect(x.quantiles!.find((q) => q.p === 0.5)!.value).toBeLessThanOrEqual(56);
      expect(x.distinct).toBeGreaterThan(50);
      expect(x.mean).toBe(50.5);
    });
  });

  it('retries a CSV whose late rows break the sampled column types', async () => {
    // 100,000 integers then text: the default sniff (a sample of 20,480 rows) picks BIGINT and
    // the scan fails on the last line. (At 30,000 rows DuckDB 1.5 happens to sniff them all.)
    const late = await object('late.csv', ['v', ...Array.from({ length: 100_000 }, (_, i) => String(i)), 'n/a'].join('\n') + '\n');
    const t = (await profileFiles([late])).tables[0]!;
    expect(t.error).toBeUndefined();
    expect(t.rowCount).toBe(100_001);
    expect(column(t, 'v')).toMatchObject({ type: 'VARCHAR', missing: 0, distinct: 100_001, max: 'n/a' });
  });

  it('turns big integers and timestamps into JSON-safe values', async () => {
    const t = (
      await profileFiles([
        await object('events.jsonl', '{"id": 9007199254740993, "at": "2024-01-02 03:04:05", "n": 7}\n{"id": 1, "at": "2024-01-02 03:04:06", "n": 8}\n'),
      ])
    ).tables[0]!;
    expect(t.error).toBeUndefined();
    expect(t.sample[0]).toEqual({ id: '9007199254740993', at: '2024-01-02T03:04:05', n: 7 });
    expect(column(t, 'id')).toMatchObject({ min: 1, max: '9007199254740993' });
    expect(column(t, 'at')).toMatchObject({ type: 'TIMESTAMP', min: '2024-01-02T03:04:05', max: '2024-01-02T03:04:06' });
    expect(column(t, 'at').topValues!.map((v) => v.value)).toEqual(['2024-01-02T03:04:05', '2024-01-02T03:04:06']);
  });
});
