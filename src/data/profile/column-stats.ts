import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api';
import type { ColumnProfile } from '../../core/data-types.js';
import { columnKind, isFloatType, isIntegerType } from './column-kind.js';
import { binIndexSql, binLayout, binsFromCounts, type BinLayout } from './histogram-bins.js';
import { jsonSafe, type JsonSafe } from './json-value.js';
import { sqlIdentifier } from './tabular-format.js';

export const QUANTILE_POINTS = [0.05, 0.25, 0.5, 0.75, 0.95];

export interface StatsColumn {
  name: string;
  type: DuckDBType;
}

/**
 * Missing, distinct, min, max, mean, quantiles and histograms of every column: one scan for
 * the aggregates of all columns, one more for the histograms of the numeric ones.
 *
 * `exact` picks the algorithms: `count(DISTINCT)` and `quantile_cont` (exact; memory grows
 * with the table) or `approx_count_distinct` (HyperLogLog) and `approx_quantile`
 * (t-digest), which run in bounded memory but are rough: approx_count_distinct says 1249
 * for 0..999 and 1 for {cat, dog}. SUMMARIZE is not used for that reason: it always takes
 * the approximate ones, has no p5/p95, and returns every statistic as text.
 *
 * Float columns are profiled over their finite values: NaN and ±Infinity are neither
 * missing nor part of min, max, mean, quantiles or histogram (they would make the JSON
 * invalid and every bin infinitely wide).
 */
export async function columnStats(
  connection: DuckDBConnection,
  source: string,
  columns: StatsColumn[],
  options: { rowCount: number; exact: boolean },
): Promise<ColumnProfile[]> {
  const select: string[] = [];
  const add = (sql: string): number => select.push(sql) - 1;
  const plans = columns.map((column) => {
    const c = sqlIdentifier(column.name);
    const kind = columnKind(column.type);
    const value = isFloatType(column.type) ? `CASE WHEN isfinite(${c}) THEN ${c}::DOUBLE END` : `${c}::DOUBLE`;
    const minMaxOf = isFloatType(column.type) ? value : c;
    return {
      column,
      kind,
      value,
      nonNull: add(`count(${c})`),
      distinct: add(options.exact ? `count(DISTINCT ${c})` : `approx_count_distinct(${c})`),
      min: kind === 'other' ? -1 : add(`min(${minMaxOf})`),
      max: kind === 'other' ? -1 : add(`max(${minMaxOf})`),
      mean: kind === 'numeric' ? add(`avg(${value})`) : -1,
      quantiles:
        kind === 'numeric'
          ? add(`${options.exact ? 'quantile_cont' : 'approx_quantile'}(${value}, [${QUANTILE_POINTS.join(', ')}])`)
          : -1,
    };
  });
  if (select.length === 0) return [];
  const row = (await connection.runAndReadAll(`SELECT ${select.join(', ')} FROM ${source}`)).convertRows(jsonSafe)[0] ?? [];
  const at = (i: number): JsonSafe => (i < 0 ? null : (row[i] ?? null));

  const profiles: ColumnProfile[] = plans.map((plan) => {
    const profile: ColumnProfile = {
      name: plan.column.name,
      type: plan.column.type.toString(),
      missing: options.rowCount - asNumber(at(plan.nonNull), 0),
      distinct: asNumber(at(plan.distinct), 0),
    };
    if (plan.kind !== 'other') {
      profile.min = asScalar(at(plan.min));
      profile.max = asScalar(at(plan.max));
    }
    if (plan.kind === 'numeric') {
      const mean = at(plan.mean);
      profile.mean = typeof mean === 'number' ? mean : null;
      const quantiles = at(plan.quantiles);
      // NULL when the column has no (finite) value at all.
      if (Array.isArray(quantiles) && quantiles.every((q) => typeof q === 'number')) {
        profile.quantiles = QUANTILE_POINTS.map((p, i) => ({ p, value: quantiles[i] as number }));
      }
    }
    return profile;
  });

  await addHistograms(connection, source, plans, profiles);
  return profiles;
}

/** One more scan: each numeric column's values counted into the bins its min and max give. */
async function addHistograms(
  connection: DuckDBConnection,
  source: string,
  plans: { column: StatsColumn; kind: string; value: string }[],
  profiles: ColumnProfile[],
): Promise<void> {
  const wanted: { index: number; layout: BinLayout; max: number }[] = [];
  plans.forEach((plan, index) => {
    const profile = profiles[index]!;
    if (plan.kind !== 'numeric' || profile.min == null || profile.max == null) return;
    const min = Number(profile.min);
    const max = Number(profile.max);
    if (!Number.isFinite(min) || !Number.isFinite(max)) return;
    wanted.push({ index, layout: binLayout(min, max, { integer: isIntegerType(plan.column.type) }), max });
  });
  if (wanted.length === 0) return;
  const select = wanted.map((w) => `histogram(${binIndexSql(plans[w.index]!.value, w.layout)}) FILTER (WHERE ${plans[w.index]!.value} IS NOT NULL)`);
  const row = (await connection.runAndReadAll(`SELECT ${select.join(', ')} FROM ${source}`)).convertRows(jsonSafe)[0] ?? [];
  wanted.forEach((w, i) => {
    const counts = new Map<number, number>();
    const entries = row[i];
    if (Array.isArray(entries)) {
      for (const entry of entries) {
        if (entry && typeof entry === 'object' && !Array.isArray(entry)) counts.set(Number(entry.key), Number(entry.value));
      }
    }
    profiles[w.index]!.histogram = binsFromCounts(w.layout, counts, w.max);
  });
}

function asNumber(value: JsonSafe, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isNaN(n) ? fallback : n;
}

/** min/max as the profile holds them: numbers stay numbers, everything else is text. */
function asScalar(value: JsonSafe): number | string | null {
  if (value === null || typeof value === 'number' || typeof value === 'string') return value;
  return JSON.stringify(value);
}
