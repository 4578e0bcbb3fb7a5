import { invalidArgument, parseDatasetRef } from '../core/index.js';
import type { DataService } from '../data/index.js';
import type { EvaluationTable } from '../registry/index.js';

/** Rows a dataset gate may read: DuckDB's result limit for one query. */
const MAX_ROWS = 100_000;

/**
 * A dataset version's file as a table, for the registry's dataset gates: read by the data
 * module's sandboxed DuckDB (CSV, TSV, Parquet, JSON lines), so types are inferred as
 * `fw data query` infers them.
 */
export async function evaluationTable(data: DataService, ref: string, file: string): Promise<EvaluationTable> {
  const parsed = parseDatasetRef(ref);
  if (!parsed) throw invalidArgument(`'${ref}' is not a dataset version like iris@2 or iris@eval`);
  const sql = `select * from '${file.replaceAll("'", "''")}'`;
  const result = await data.query(parsed.dataset, parsed.ref, sql, MAX_ROWS);
  if (result.truncated) throw invalidArgument(`${ref}/${file} has more than ${MAX_ROWS.toLocaleString('en-US')} rows; gate on a smaller evaluation file`);
  return { columns: result.columns.map((c) => c.name), rows: result.rows };
}
