import { DuckDBTypeId, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import { jsonSafe } from './json-value.js';
import { sqlIdentifier, sqlString } from './tabular-format.js';

export const DEFAULT_TOP_VALUES = 10;

export type TopValues = { value: string; count: number }[];

/**
 * The most frequent non-null values of each named column, as text, most frequent first
 * (ties by value). Exact: one scan that unnests (column, value) pairs and counts them, which
 * holds every distinct value in memory. Not exact (big tables): DuckDB's `approx_top_k`
 * picks the candidates in bounded memory, then a second scan counts them exactly, so the
 * counts are right and only the choice of values can miss.
 */
export async function topValues(
  connection: DuckDBConnection,
  source: string,
  columns: { name: string; type: DuckDBType }[],
  options: { exact: boolean; limit?: number },
): Promise<Map<string, TopValues>> {
  const limit = options.limit ?? DEFAULT_TOP_VALUES;
  const result = new Map<string, TopValues>();
  if (columns.length === 0) return result;
  const texts = columns.map(textSql);
  if (options.exact) {
    const sql = `
      SELECT k, v, count(*) AS n
      FROM (SELECT unnest([${columns.map((_, i) => i).join(', ')}]) AS k, unnest([${texts.join(', ')}]) AS v FROM ${source})
      WHERE v IS NOT NULL
      GROUP BY k, v
      QUALIFY row_number() OVER (PARTITION BY k ORDER BY n DESC, v) <= ${limit}`;
    for (const [k, v, n] of (await connection.runAndReadAll(sql)).convertRows(jsonSafe)) {
      const name = columns[Number(k)]!.name;
      const list = result.get(name) ?? [];
      list.push({ value: String(v), count: Number(n) });
      result.set(name, list);
    }
  } else {
    const candidatesRow = (
      await connection.runAndReadAll(`SELECT ${texts.map((t) => `approx_top_k(${t}, ${limit})`).join(', ')} FROM ${source}`)
    ).convertRows(jsonSafe)[0] ?? [];
    const candidates = columns.map((_, i) => {
      const list = candidatesRow[i];
      return Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [];
    });
    const counts = candidates.flatMap((values, i) => values.map((v) => `count_if(${texts[i]} = ${sqlString(v)})`));
    if (counts.length > 0) {
      const countRow = (await connection.runAndReadAll(`SELECT ${counts.join(', ')} FROM ${source}`)).convertRows(jsonSafe)[0] ?? [];
      let at = 0;
      candidates.forEach((values, i) => {
        result.set(columns[i]!.name, values.map((value) => ({ value, count: Number(countRow[at++]) })));
      });
    }
  }
  for (const list of result.values()) list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return result;
}

const NAIVE_TIMESTAMPS = new Set<DuckDBTypeId>([DuckDBTypeId.TIMESTAMP, DuckDBTypeId.TIMESTAMP_S, DuckDBTypeId.TIMESTAMP_MS, DuckDBTypeId.TIMESTAMP_NS]);

/** A column's values as text, timestamps in the same ISO form as min, max and the sample. */
function textSql(column: { name: string; type: DuckDBType }): string {
  const text = `${sqlIdentifier(column.name)}::VARCHAR`;
  return NAIVE_TIMESTAMPS.has(column.type.typeId) ? `replace(${text}, ' ', 'T')` : text;
}
