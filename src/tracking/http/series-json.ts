import type { MetricSeries, TailResult } from '../types.js';
import { doubleJson } from '../../contracts/index.js';

/** A column of doubles as JSON; NaN and ±Infinity as protobuf's strings. */
function valuesJson(values: number[]): string {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i] as number)) return `[${values.map(doubleJson).join(',')}]`;
  }
  return JSON.stringify(values);
}

/**
 * /api/v1/metrics/history-bulk's response, written as a string: the columns of numbers go
 * through JSON.stringify once each instead of becoming one object per point. The top-level
 * `cursor` is the smallest of the series' cursors: tailing from it misses nothing that any
 * returned series lacks (points a series already has may come again; clients drop them by x).
 */
export function bulkHistoryJson(series: MetricSeries[]): string {
  const parts = series.map(
    (s) =>
      `{"run_id":${JSON.stringify(s.runId)},"key":${JSON.stringify(s.key)},"steps":${JSON.stringify(s.steps)},` +
      `"timestamps":${JSON.stringify(s.timestamps)},"values":${valuesJson(s.values)},"total_points":${s.totalPoints},` +
      `"range_points":${s.rangePoints},"cursor":${s.cursor}}`,
  );
  const cursor = series.length === 0 ? 0 : Math.min(...series.map((s) => s.cursor));
  return `{"series":[${parts.join(',')}],"cursor":${cursor}}`;
}

/** /api/v1/metrics/tail's response. */
export function tailJson(result: TailResult): string {
  const parts = result.points.map(
    (p) =>
      `{"run_id":${JSON.stringify(p.runId)},"key":${JSON.stringify(p.key)},"value":${doubleJson(p.value)},` +
      `"timestamp":${p.timestamp},"step":${p.step}}`,
  );
  return `{"points":[${parts.join(',')}],"cursor":${result.cursor}}`;
}
