import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from './tabular-format.js';

export interface DuckDBSandbox {
  connection: DuckDBConnection;
  /** Closes the connection and the database; safe to call twice. */
  close(): void;
}

export interface SandboxOptions {
  /** The only files DuckDB may open: the version's objects. */
  readablePaths: string[];
  /** DuckDB's `memory_limit`, e.g. '2GB'. */
  memoryLimit?: string;
}

/** Each sandbox gets its own DuckDB; a query over a big join must not starve the server. */
export const DEFAULT_MEMORY_LIMIT = '2GB';

/**
 * An in-memory DuckDB that can read the given files and nothing else, for SQL we do not trust.
 *
 * What each setting is for (checked against DuckDB 1.5):
 * - `allowed_paths` + `enable_external_access = false`: every file function (`read_csv`,
 *   `read_text`, `glob`, `COPY ... TO`, `ATTACH`, `INSTALL`, `EXPORT DATABASE`) is refused
 *   with a Permission Error unless it names exactly one of these paths; `..` and globs
 *   in a path are refused too. Views over the allowed paths keep working.
 * - `autoinstall/autoload_known_extensions = false`: no extension (httpfs!) is fetched or
 *   loaded on demand, so no network access.
 * - `temp_directory = ''`: no spilling to disk; DuckDB's default is `.tmp` under the
 *   server's working directory. A query that outgrows `memory_limit` fails instead.
 * - `lock_configuration = true`, last: the SQL cannot `SET` any of this back.
 */
export async function openSandbox(options: SandboxOptions): Promise<DuckDBSandbox> {
  const instance = await DuckDBInstance.create(':memory:');
  let connection: DuckDBConnection | undefined;
  const close = (): void => {
    connection?.closeSync();
    connection = undefined;
    instance.closeSync();
  };
  try {
    connection = await instance.connect();
    // Order matters: DuckDB refuses to change temp_directory once external access is off.
    const settings = [
      "SET temp_directory = ''",
      `SET memory_limit = ${sqlString(options.memoryLimit ?? DEFAULT_MEMORY_LIMIT)}`,
      'SET autoinstall_known_extensions = false',
      'SET autoload_known_extensions = false',
      ...(options.readablePaths.length > 0 ? [`SET allowed_paths = [${options.readablePaths.map(sqlString).join(', ')}]`] : []),
      'SET enable_external_access = false',
      'SET lock_configuration = true',
    ];
    for (const sql of settings) await connection.run(sql);
    return { connection, close };
  } catch (e) {
    close();
    throw e;
  }
}
