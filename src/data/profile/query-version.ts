import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { FlywheelError, invalidArgument } from '../../core/errors.js';
import { duckdbMessage } from './duckdb-message.js';
import { openSandbox } from './duckdb-sandbox.js';
import { jsonSafe } from './json-value.js';
import { readerSql, sqlIdentifier, sqlString, tabularFormatOf } from './tabular-format.js';

export interface QueryFile {
  /** The file's path in the dataset version: the name the SQL uses. */
  path: string;
  /** Where its bytes are on this machine. */
  localPath: string;
}

export interface QueryOptions {
  /** Rows returned at most (default 1000, at most 100,000); `truncated` says there were more. */
  maxRows?: number;
  /** The query is interrupted after this long (default 30 s). */
  timeoutMs?: number;
  /** DuckDB's memory limit for the query (default 2GB). */
  memoryLimit?: string;
}

export interface QueryResult {
  columns: { name: string; type: string }[];
  /** JSON-safe values (see json-value.ts): exact integers as numbers, ISO timestamps. */
  rows: unknown[][];
  truncated: boolean;
}

export const DEFAULT_MAX_ROWS = 1000;
export const MAX_ROWS_LIMIT = 100_000;
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

/**
 * Runs one read-only DuckDB statement over a version's tabular files, each visible as a view
 * named by its dataset path: `FROM 'labels.csv'` (DuckDB looks a quoted name up in the
 * catalog before treating it as a file) and `FROM "labels.csv"` both read the object at
 * that path. The SQL can open no other file, load no extension and change no setting (see
 * duckdb-sandbox.ts); statements other than queries are refused before they run.
 *
 * Errors are FlywheelError INVALID_ARGUMENT with DuckDB's message (syntax, unknown table,
 * a refused file, the time limit, the memory limit), INTERNAL for DuckDB's own bugs.
 *
 * @example
 *   await queryFiles(files, "select label, count(*) from 'labels.csv' group by all", { maxRows: 100 });
 */
export async function queryFiles(files: QueryFile[], sql: string, options: QueryOptions = {}): Promise<QueryResult> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 1 || maxRows > MAX_ROWS_LIMIT) {
    throw invalidArgument(`max_rows must be an integer from 1 to ${MAX_ROWS_LIMIT}`, [{ path: 'max_rows', message: 'out of range' }]);
  }
  if (typeof sql !== 'string' || sql.trim() === '') throw invalidArgument('sql is required', [{ path: 'sql', message: 'empty' }]);
  const timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const tables = referencedTables(files, sql);

  const sandbox = await openSandbox({
    readablePaths: tables.map((f) => f.localPath),
    ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    sandbox.connection.interrupt();
  }, timeoutMs);
  try {
    await createViews(sandbox.connection, tables);
    const statement = await prepareOne(sandbox.connection, sql, tables, files);
    try {
      const reader = await statement.streamAndReadUntil(maxRows + 1);
      const columns = reader.columnNames().map((name, i) => ({ name, type: reader.columnType(i).toString() }));
      const rows = reader.convertRows(jsonSafe).slice(0, maxRows);
      return { columns, rows, truncated: reader.currentRowCount > maxRows };
    } finally {
      statement.destroySync();
    }
  } catch (e) {
    if (timedOut) throw new FlywheelError('INVALID_ARGUMENT', `the query ran longer than ${timeoutMs} ms and was stopped`, { cause: e });
    throw e instanceof FlywheelError ? e : queryError(e, tables, files);
  } finally {
    clearTimeout(timer);
    sandbox.close();
  }
}

/**
 * The tabular files whose path occurs in the SQL text, ignoring case (as written, or with
 * its quotes doubled inside a literal or identifier). Only those get views, so a version with
 * thousands of CSV files does not sniff them all for a query that reads one.
 * DuckDB names are case-insensitive: of paths differing only in case, the first wins.
 */
function referencedTables(files: QueryFile[], sql: string): QueryFile[] {
  const text = sql.toLowerCase();
  const seen = new Set<string>();
  return files.filter((f) => {
    if (tabularFormatOf(f.path) === undefined) return false;
    const path = f.path.toLowerCase();
    const forms = [path, path.replaceAll("'", "''"), path.replaceAll('"', '""')];
    if (!forms.some((form) => text.includes(form)) || seen.has(path)) return false;
    seen.add(path);
    return true;
  });
}

async function createViews(connection: DuckDBConnection, tables: QueryFile[]): Promise<void> {
  for (const table of tables) {
    try {
      await connection.run(`CREATE VIEW ${sqlIdentifier(table.path)} AS SELECT * FROM ${readerSql(table)}`);
    } catch (e) {
      throw invalidArgument(`${table.path} cannot be read as a table: ${duckdbMessage(e, tables)}`);
    }
  }
}

/**
 * Parses and binds exactly one statement and checks that it only reads. Runs nothing.
 * DuckDB gives SELECT as the type of WITH, VALUES, FROM-first queries, DESCRIBE, SUMMARIZE,
 * SHOW and table-valued PRAGMAs (table_info, show_tables); setting PRAGMAs are PRAGMA.
 */
async function prepareOne(connection: DuckDBConnection, sql: string, tables: QueryFile[], files: QueryFile[]): Promise<DuckDBPreparedStatement> {
  let extracted;
  try {
    extracted = await connection.extractStatements(sql);
  } catch (e) {
    // The client reports a text of only comments as "Error in native callback".
    const message = e instanceof Error ? e.message : String(e);
    const prefix = 'Failed to extract statements: ';
    throw invalidArgument(message.startsWith(prefix) ? message.slice(prefix.length) : 'the SQL holds no statement');
  }
  if (extracted.count !== 1) throw invalidArgument(`one statement at a time, please (found ${extracted.count})`);
  let statement: DuckDBPreparedStatement;
  try {
    statement = await extracted.prepare(0);
  } catch (e) {
    throw queryError(e, tables, files);
  }
  const type = statement.statementType === StatementType.EXPLAIN ? await explainedType(connection, sql) : statement.statementType;
  if (type !== StatementType.SELECT) {
    const kind = StatementType[type] ?? String(type);
    statement.destroySync();
    throw invalidArgument(`only queries may run (SELECT, WITH, DESCRIBE, SUMMARIZE, SHOW, EXPLAIN); this is a ${kind} statement`);
  }
  return statement;
}

/**
 * The type of the statement an EXPLAIN explains: EXPLAIN ANALYZE runs it, so
 * `EXPLAIN ANALYZE CREATE TABLE ...` must be refused like the CREATE itself.
 * An EXPLAIN whose statement cannot be found this way (comments before it) counts as EXPLAIN.
 */
async function explainedType(connection: DuckDBConnection, sql: string): Promise<StatementType> {
  const inner = /^\s*explain\s+(?:analyze\s+)?([\s\S]*)$/i.exec(sql)?.[1];
  if (inner === undefined) return StatementType.EXPLAIN;
  const prepared = await (await connection.extractStatements(inner)).prepare(0);
  try {
    return prepared.statementType;
  } finally {
    prepared.destroySync();
  }
}

function queryError(error: unknown, tables: QueryFile[], files: QueryFile[]): FlywheelError {
  const message = duckdbMessage(error, tables, { keepSqlExcerpt: true });
  // DuckDB's own bugs say so; everything else (parser, binder, catalog, conversion,
  // permission, memory) is about the query.
  if (message.startsWith('INTERNAL Error')) return new FlywheelError('INTERNAL', message, { cause: error });
  const hint = message.startsWith('Permission Error') ? `\n${tablesHint(files)}` : '';
  return new FlywheelError('INVALID_ARGUMENT', message + hint, { cause: error });
}

/** A refused file is most often a path that is not in the version: say which ones are. */
function tablesHint(files: QueryFile[]): string {
  const paths = files.filter((f) => tabularFormatOf(f.path) !== undefined).map((f) => f.path);
  if (paths.length === 0) return 'This version has no tables (CSV, TSV, Parquet, JSON lines) to read.';
  const shown = paths.slice(0, 5).map(sqlString).join(', ');
  return `Only the version's tables can be read, by their paths, e.g. FROM ${sqlString(paths[0]!)}; tables: ${shown}${paths.length > 5 ? `, … (${paths.length} in all)` : ''}`;
}
