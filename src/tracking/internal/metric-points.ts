import type { Metric } from '../types.js';

/** Points of one series in logging order, as columns; `ids` are the metric_points ids (the tail cursor). */
export interface PointColumns {
  ids: number[];
  steps: number[];
  timestamps: number[];
  values: number[];
}

export interface SeriesRow {
  seriesId: number;
  runId: string;
  key: string;
  pointCount: number;
}

/** NaN is stored as NULL (SQLite cannot store NaN); ±Infinity is stored as is. */
export const toStoredValue = (v: number): number | null => (Number.isNaN(v) ? null : v);
export const fromStoredValue = (v: number | null): number => (v === null ? Number.NaN : v);

/** MLflow's "latest" point of a metric: the greatest step, then timestamp, then value. */
export function isLater(a: Metric, b: Metric): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  if (Number.isNaN(b.value)) return !Number.isNaN(a.value);
  return a.value > b.value;
}

/** The latest point of each key in a batch. */
export function latestByKey(points: readonly Metric[]): Map<string, { latest: Metric; count: number }> {
  const out = new Map<string, { latest: Metric; count: number }>();
  for (const p of points) {
    const cur = out.get(p.key);
    if (!cur) out.set(p.key, { latest: p, count: 1 });
    else {
      cur.count++;
      if (isLater(p, cur.latest)) cur.latest = p;
    }
  }
  return out;
}
