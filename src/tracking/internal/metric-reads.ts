import { invalidArgument } from '../../core/index.js';
import type { BulkHistoryRequest, Metric, MetricHistoryRequest, MetricSeries, Page, TailRequest, TailResult } from '../types.js';
import { minMaxBuckets } from './downsample.js';
import type { MetricsStore } from './metrics-store.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import type { Runs } from './runs.js';
import type { SeriesCache } from './series-cache.js';
import { requireRunId } from './validation.js';

export const BULK_LIMITS = { runs: 100, keys: 100, tailPoints: 100_000, defaultTailPoints: 10_000 } as const;

/**
 * The first position p in [0, length) whose x (through `order`, when given) is >= x, or
 * > x when `after`: binary search over x-sorted positions.
 */
function bound(x: Float64Array, length: number, order: Uint32Array | null, value: number, after: boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = x[order ? order[mid]! : mid]!;
    if (after ? v <= value : v < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Metric history reads: MLflow's paged history, many series at once (downsampled), and the live tail. */
export class MetricReads {
  constructor(
    private readonly runs: Runs,
    private readonly store: MetricsStore,
    private readonly cache: SeriesCache,
  ) {}

  async history(req: MetricHistoryRequest): Promise<Page<Metric>> {
    const run = await this.runs.row(req.runId);
    if (typeof req.key !== 'string' || req.key === '') throw invalidArgument("Missing value for required parameter 'metric_key'");
    if (req.maxResults !== undefined && (!Number.isSafeInteger(req.maxResults) || req.maxResults < 1)) {
      throw invalidArgument(`Invalid value ${req.maxResults} for parameter 'max_results': it must be a positive integer`);
    }
    // Points of a series are append-only, so a position in it is a stable page boundary.
    const start = decodePageToken(req.pageToken, 'offset');
    const [series] = await this.store.findSeries([run.run_uuid], [req.key]);
    if (!series) return { items: [] };
    const s = await this.cache.get(series);
    if (start > s.length) throw invalidArgument(`Invalid page token: offset ${start} is past the ${s.length} points of '${req.key}'`);
    const end = req.maxResults === undefined ? s.length : Math.min(s.length, start + req.maxResults);
    const items: Metric[] = new Array(end - start);
    for (let i = start; i < end; i++) {
      items[i - start] = { key: req.key, value: s.values[i]!, timestamp: s.timestamps[i]!, step: s.steps[i]! };
    }
    return end < s.length ? { items, nextPageToken: encodePageToken({ offset: end }) } : { items };
  }

  async bulk(req: BulkHistoryRequest): Promise<MetricSeries[]> {
    if (!Array.isArray(req.runIds) || req.runIds.length === 0) throw invalidArgument("'run_ids' must list at least one run");
    if (!Array.isArray(req.keys) || req.keys.length === 0) throw invalidArgument("'keys' must list at least one metric key");
    if (req.runIds.length > BULK_LIMITS.runs) throw invalidArgument(`at most ${BULK_LIMITS.runs} runs per request`);
    if (req.keys.length > BULK_LIMITS.keys) throw invalidArgument(`at most ${BULK_LIMITS.keys} keys per request`);
    req.runIds.forEach(requireRunId);
    const maxPoints = req.maxPoints ?? 0;
    if (!Number.isSafeInteger(maxPoints) || maxPoints < 0) throw invalidArgument("'max_points' must be a non-negative integer");
    const axis = req.xAxis ?? 'step';
    if (axis !== 'step' && axis !== 'timestamp') throw invalidArgument("'x_axis' must be 'step' or 'timestamp'");
    const xMin = req.xMin ?? -Infinity;
    const xMax = req.xMax ?? Infinity;
    if (typeof xMin !== 'number' || typeof xMax !== 'number' || Number.isNaN(xMin) || Number.isNaN(xMax) || xMin > xMax) {
      throw invalidArgument("'x_min' and 'x_max' must be numbers with x_min <= x_max");
    }
    const found = await this.store.findSeries(req.runIds, req.keys);
    const order = new Map(req.runIds.map((id, i) => [id, i]));
    found.sort((a, b) => order.get(a.runId)! - order.get(b.runId)! || a.key.localeCompare(b.key));
    const out: MetricSeries[] = [];
    for (const series of found) {
      const s = await this.cache.get(series);
      const order = s.order(axis);
      const x = s.column(axis);
      const lo = bound(x, s.length, order, xMin, false);
      const hi = bound(x, s.length, order, xMax, true);
      const picked = minMaxBuckets(s.values, maxPoints, lo, hi, order);
      const steps = new Array<number>(picked.length);
      const timestamps = new Array<number>(picked.length);
      const values = new Array<number>(picked.length);
      for (let i = 0; i < picked.length; i++) {
        const at = picked[i]!;
        steps[i] = s.steps[at]!;
        timestamps[i] = s.timestamps[at]!;
        values[i] = s.values[at]!;
      }
      out.push({ runId: series.runId, key: series.key, steps, timestamps, values, totalPoints: s.length, rangePoints: hi - lo, cursor: s.lastChunkId });
    }
    return out;
  }

  async tail(req: TailRequest): Promise<TailResult> {
    if (!Array.isArray(req.runIds) || req.runIds.length === 0) throw invalidArgument("'run_ids' must list at least one run");
    if (req.runIds.length > BULK_LIMITS.runs) throw invalidArgument(`at most ${BULK_LIMITS.runs} runs per request`);
    req.runIds.forEach(requireRunId);
    if (!Number.isSafeInteger(req.cursor) || req.cursor < 0) throw invalidArgument("'cursor' must be a non-negative integer");
    const limit = req.maxPoints ?? BULK_LIMITS.defaultTailPoints;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > BULK_LIMITS.tailPoints) {
      throw invalidArgument(`'max_points' must be an integer between 1 and ${BULK_LIMITS.tailPoints}`);
    }
    const rows = await this.store.tail(req.runIds, req.keys, req.cursor, limit);
    return {
      points: rows.map((r) => ({ runId: r.runId, key: r.key, value: r.value, timestamp: r.timestamp, step: r.step })),
      cursor: rows.length > 0 ? rows[rows.length - 1]!.chunkId : req.cursor,
    };
  }
}
