import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableProfile } from '../../core/data-types.js';
import { columnKind } from './column-kind.js';
import { columnStats } from './column-stats.js';
import { duckdbMessage } from './duckdb-message.js';
import { jsonSafe } from './json-value.js';
import { readerSql, tabularFormatOf } from './tabular-format.js';
import { topValues } from './top-values.js';

export interface TableFile {
  /** The file's path in the dataset version. */
  path: string;
  /** Where its bytes are. */
  localPath: string;
}

export interface TableProfileOptions {
  sampleRows: number;
  /** Tables with at most this many rows get exact distinct counts, quantiles and top values. */
  exactRowLimit: number;
}

/**
 * Profiles one tabular file; never throws for a file DuckDB cannot read, but returns the
 * profile with `error` (and no columns). A CSV or JSON-lines file that fails is tried once
 * more with types sniffed from every row, since a sampled sniff fails on a late odd value.
 */
export async function profileTable(connection: DuckDBConnection, file: TableFile, options: TableProfileOptions): Promise<TableProfile> {
  const format = tabularFormatOf(file.path) ?? 'csv';
  try {
    return await profileWith(connection, file, format, readerSql(file), options);
  } catch (first) {
    if (format === 'parquet') return failed(file, format, first);
    try {
      return await profileWith(connection, file, format, readerSql(file, { fullSniff: true }), options);
    } catch (second) {
      return failed(file, format, second);
    }
  }
}

async function profileWith(
  connection: DuckDBConnection,
  file: TableFile,
  format: TableProfile['format'],
  source: string,
  options: TableProfileOptions,
): Promise<TableProfile> {
  const sampleReader = await connection.runAndReadAll(`SELECT * FROM ${source} LIMIT ${Math.max(0, Math.floor(options.sampleRows))}`);
  const names = sampleReader.columnNames();
  const types = sampleReader.columnTypes();
  const sample = sampleReader.convertRowObjects(jsonSafe);

  const countRow = (await connection.runAndReadAll(`SELECT count(*) FROM ${source}`)).convertRows(jsonSafe)[0];
  const rowCount = Number(countRow?.[0] ?? 0);
  const exact = rowCount <= options.exactRowLimit;

  const columns = names.map((name, i) => ({ name, type: types[i]! }));
  const profiles = await columnStats(connection, source, columns, { rowCount, exact });
  const textColumns = columns.filter((c) => columnKind(c.type) !== 'numeric');
  const tops = await topValues(connection, source, textColumns, { exact });
  const isText = new Set(textColumns.map((c) => c.name));
  for (const profile of profiles) {
    if (isText.has(profile.name)) profile.topValues = tops.get(profile.name) ?? [];
  }
  return { path: file.path, format, rowCount, columns: profiles, sample };
}

function failed(file: TableFile, format: TableProfile['format'], error: unknown): TableProfile {
  return { path: file.path, format, rowCount: 0, columns: [], sample: [], error: duckdbMessage(error, [file]) };
}
