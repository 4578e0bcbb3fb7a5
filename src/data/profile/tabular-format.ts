import type { TableProfile } from '../../core/data-types.js';
import { FlywheelError } from '../../core/errors.js';

export type TabularFormat = TableProfile['format'];

/** The file's extension, lower case, without the dot; '' when it has none (`a/b.tar.gz` → `gz`). */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** The table format a dataset path's extension names, or undefined for a file that is no table. */
export function tabularFormatOf(path: string): TabularFormat | undefined {
  switch (extensionOf(path)) {
    case 'csv':
    case 'tsv':
      return 'csv';
    case 'parquet':
      return 'parquet';
    case 'jsonl':
    case 'ndjson':
      return 'jsonl';
    default:
      return undefined;
  }
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A SQL quoted identifier. */
export function sqlIdentifier(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * The table function that reads one stored file. Objects are content-addressed and have no
 * extension, so DuckDB cannot guess the format from the name: the dataset path picks the reader.
 * `fullSniff` makes the CSV reader look at every row to choose column types (the default
 * sample of 20,480 rows can choose BIGINT for a column whose later rows say `n/a`).
 */
export function readerSql(file: { path: string; localPath: string }, options: { fullSniff?: boolean } = {}): string {
  const source = sqlString(file.localPath);
  const format = tabularFormatOf(file.path);
  switch (format) {
    case 'csv': {
      const args = [source];
      if (extensionOf(file.path) === 'tsv') args.push(`delim = '\t'`);
      if (options.fullSniff) args.push('sample_size = -1');
      return `read_csv_auto(${args.join(', ')})`;
    }
    case 'parquet':
      return `read_parquet(${source})`;
    case 'jsonl':
      return `read_json_auto(${source}, format = 'newline_delimited'${options.fullSniff ? ', sample_size = -1' : ''})`;
    case undefined:
      throw new FlywheelError('INTERNAL', `not a table: ${file.path}`);
    default: {
      const never: never = format;
      throw new FlywheelError('INTERNAL', `unknown table format: ${String(never)}`);
    }
  }
}
