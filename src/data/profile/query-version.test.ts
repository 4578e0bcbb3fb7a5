import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import { queryFiles, type QueryFile } from './query-version.js';

describe('queryFiles', () => {
  let dir: string;
  let files: QueryFile[];
  /** An object file: extensionless, named like the store names them. */
  const object = async (path: string, name: string, text: string | Buffer): Promise<QueryFile> => {
    const localPath = join(dir, name);
    await writeFile(localPath, text);
    return { path, localPath };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fw-query-'));
    const scores = { path: 'sub/scores.parquet', localPath: join(dir, 'obj-scores') };
    const writer = await DuckDBInstance.create(':memory:');
    const connection = await writer.connect();
    await connection.run(`COPY (SELECT * FROM (VALUES (1, 0.5), (2, 0.75), (4, 1.0)) t(id, score)) TO '${scores.localPath}' (FORMAT parquet)`);
    connection.closeSync();
    writer.closeSync();
    files = [
      await object('labels.csv', 'obj-labels', 'id,label\n1,cat\n2,dog\n3,cat\n'),
      scores,
      await object('events.jsonl', 'obj-events', '{"id": 1, "kind": "click"}\n{"id": 3, "kind": "view"}\n'),
      await object('data/rows.tsv', 'obj-rows', 'a\tb\n1\tx\n2\ty\n'),
      await object('broken.csv', 'obj-broken', Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x2c, 0x0a])),
      await object('readme.md', 'obj-readme', '# not a table\n'),
    ];
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const refusal = async (sql: string, options = {}): Promise<FlywheelError> => {
    const error = await queryFiles(files, sql, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FlywheelError);
    return error as FlywheelError;
  };

  describe('sees the version files by their paths', () => {
    it('as a string literal', async () => {
      expect(await queryFiles(files, "select count(*) as n from 'labels.csv'")).toEqual({
        columns: [{ name: 'n', type: 'BIGINT' }],
        rows: [[3]],
        truncated: false,
      });
    });

    it('as a quoted name, across formats, in a join', async () => {
      const result = await queryFiles(
        files,
        `select l.id, l.label, s.score, e.kind
         from "labels.csv" l join 'sub/scores.parquet' s using (id) left join 'events.jsonl' e using (id)
         order by l.id`,
      );
      expect(result.columns.map((c) => c.name)).toEqual(['id', 'label', 'score', 'kind']);
      expect(result.rows).toEqual([
        [1, 'cat', 0.5, 'click'],
        [2, 'dog', 0.75, null],
      ]);
    });

    it('ignores case in paths, as DuckDB does in names', async () => {
      expect((await queryFiles(files, 'select count(*) from "LABELS.CSV"')).rows).toEqual([[3]]);
    });

    it('reads a TSV file with its tab delimiter', async () => {
      expect((await queryFiles(files, "select a, b from 'data/rows.tsv' order by a")).rows).toEqual([
        [1, 'x'],
        [2, 'y'],
      ]);
    });

    it('answers DESCRIBE, SUMMARIZE, FROM-first and EXPLAIN queries', async () => {
      expect((await queryFiles(files, "describe 'labels.csv'")).rows.map((r) => r.slice(0, 2))).toEqual([
        ['id', 'BIGINT'],
        ['label', 'VARCHAR'],
      ]);
      expect((await queryFiles(files, "summarize 'labels.csv'")).rows).toHaveLength(2);
      expect((await queryFiles(files, "from 'labels.csv' where label = 'dog'")).rows).toEqual([[2, 'dog']]);
      expect((await queryFiles(files, "explain analyze select * from 'labels.csv'")).columns.map((c) => c.name)).toEqual(['explain_key', 'explain_value']);
    });

    it('returns JSON-safe values', async () => {
      const result = await queryFiles(
        files,
        "select 9007199254740993::bigint as big, 42::bigint as small, timestamp '2024-01-02 03:04:05' as ts, 1.5::decimal(5,2) as dec, 'nan'::double as nan, [1, 2] as list",
      );
      expect(result.rows).toEqual([['9007199254740993', 42, '2024-01-02T03:04:05', 1.5, 'NaN', [1, 2]]]);
      expect(result.columns.map((c) => c.type)).toEqual(['BIGINT', 'BIGINT', 'TIMESTAMP', 'DECIMAL(5,2)', 'DOUBLE', 'INTEGER[]']);
    });
  });

  describe('limits', () => {
    it('returns at most maxRows rows and says it cut', async () => {
      const result = await queryFiles(files, 'select * from range(2500)', { maxRows: 1000 });
      expect(result.rows).toHaveLength(1000);
      expect(result.rows[999]).toEqual([999]);
      expect(result.truncated).toBe(true);
    });

    it('does not call a result of exactly maxRows rows truncated', async () => {
      const result = await queryFiles(files, 'select * from range(10)', { maxRows: 10 });
      expect(result).toMatchObject({ truncated: false });
      expect(result.rows).toHaveLength(10);
    });

    it('defaults to 1000 rows', async () => {
      const result = await queryFiles(files, 'select * from range(5000)');
      expect(result.rows).toHaveLength(1000);
      expect(result.truncated).toBe(true);
    });

    it('stops a query that runs past the time limit', async () => {
      // Unstopped, this join would run for hours: the test's own timeout is the bound.
      const error = await refusal('select count(*) from range(1000000) a, range(1000000) b where a.range + b.range = -1', { timeoutMs: 200 });
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/ran longer than 200 ms/);
    });

    it('refuses a maxRows out of range', async () => {
      expect((await refusal('select 1', { maxRows: 0 })).code).toBe('INVALID_ARGUMENT');
      expect((await refusal('select 1', { maxRows: 1_000_000 })).code).toBe('INVALID_ARGUMENT');
    });
  });

  describe('safety', () => {
    it.each([
      ["select * from read_csv('/etc/passwd')"],
      ["select * from read_text('/etc/passwd')"],
      ["select * from '/etc/passwd'"],
      ["select * from read_csv('labels.csv')"],
      ["select * from glob('/etc/*')"],
    ])('refuses to read other files: %s', async (sql) => {
      const error = await refusal(sql);
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).not.toContain('root:');
    });

    it('refuses to read the object files it may read by any other path', async () => {
      const labels = files[0]!.localPath;
      expect((await refusal(`select * from read_csv('${dir}/obj-labels/../obj-readme')`)).code).toBe('INVALID_ARGUMENT');
      expect((await refusal(`select * from read_csv('${labels}*')`)).code).toBe('INVALID_ARGUMENT');
    });

    it('refuses to write files', async () => {
      const target = join(dir, 'written.csv');
      for (const sql of [`copy (select 1) to '${target}'`, `copy "labels.csv" to '${target}'`, `export database '${dir}/exported'`]) {
        expect((await refusal(sql)).code).toBe('INVALID_ARGUMENT');
      }
      expect(existsSync(target)).toBe(false);
      expect(existsSync(join(dir, 'exported'))).toBe(false);
    });

    it.each([
      ['create table t as select 1', /CREATE/],
      ["insert into 'labels.csv' values (9, 'emu')", /.+/],
      ['set enable_external_access = true', /SET/],
      ["attach ':memory:' as other", /ATTACH/],
      ['install httpfs', /.+/],
      ['load httpfs', /LOAD/],
      ['pragma enable_profiling', /PRAGMA/],
      ['checkpoint', /CALL/],
      ['explain analyze create table t as select 1', /CREATE/],
    ])('refuses a statement that is not a query: %s', async (sql, message) => {
      const error = await refusal(sql);
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(message);
    });

    it('names the allowed statements when it refuses one', async () => {
      expect((await refusal('create table t as select 1')).message).toMatch(/only queries may run.*this is a CREATE statement/);
    });

    it('runs one statement at a time', async () => {
      expect((await refusal("select 1; copy (select 1) to '/tmp/x.csv'")).message).toMatch(/one statement at a time/);
    });
  });

  describe('errors', () => {
    it("gives a syntax error with DuckDB's message", async () => {
      const error = await refusal('selec * frm x');
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/syntax error at or near "selec"/);
    });

    it('says which table does not exist, and which ones do', async () => {
      const error = await refusal("select * from 'missing.csv'");
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/missing\.csv/);
      expect(error.message).toMatch(/tables: 'labels\.csv', 'sub\/scores\.parquet'/);
    });

    it('does not offer a file that is no table', async () => {
      expect((await refusal("select * from 'readme.md'")).code).toBe('INVALID_ARGUMENT');
    });

    it('names the file that cannot be read, not where it lies on the server', async () => {
      const error = await refusal("select * from 'broken.csv'");
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/broken\.csv/);
      expect(error.message).not.toContain(dir);
    });

    it('refuses empty SQL and SQL of only comments', async () => {
      expect((await refusal('  ')).code).toBe('INVALID_ARGUMENT');
      expect((await refusal('-- nothing here')).message).toMatch(/no statement/);
    });
  });
});
