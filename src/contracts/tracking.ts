import { z } from 'zod';
import type { ExperimentStats, MetricSeries, TailResult } from '../core/tracking-types.js';
import { Empty, ProtoDouble } from './common.js';
import { doubleField, idString, nonNegativeInt64, requiredString } from './mlflow-fields.js';
import { SearchRunsAnswer, SearchRunsFields } from './mlflow-tracking.js';
import { doubleFromWire } from './proto-json.js';
import { defineRoute } from './route-contract.js';

// Flywheel's own tracking routes under /api/v1 (snake_case JSON, MLflow's error shape): what
// MLflow's API has no call for (many series at once, live tail, per-experiment counts), and the
// one mapping to the camelCase types of src/core/tracking-types.ts. Requests are read as
// MLflow's are (`fields`), so ids and int64 may also come as strings.

/** Runs and keys per history or tail request: enough for any chart, few enough to answer quickly. */
export const MAX_RUNS_PER_HISTORY_REQUEST = 100;
export const MAX_KEYS_PER_HISTORY_REQUEST = 100;

const int = z.number().int();

export const MetricSeriesWire = z
  .object({
    run_id: z.string(),
    key: z.string(),
    steps: z.array(int),
    timestamps: z.array(int),
    values: z.array(ProtoDouble),
    total_points: int.describe('Points stored; more than returned when downsampled'),
    range_points: int.describe('Points with x inside [x_min, x_max] (all when no range was asked)'),
    cursor: int.describe("A tail cursor for this series: tailing from it misses nothing logged after this read"),
  })
  .meta({ id: 'MetricSeries' });
export type MetricSeriesWire = z.infer<typeof MetricSeriesWire>;

export const TailPointWire = z
  .object({ run_id: z.string(), key: z.string(), value: ProtoDouble, timestamp: int, step: int })
  .meta({ id: 'TailPoint' });
export type TailPointWire = z.infer<typeof TailPointWire>;

export const ExperimentStatsWire = z
  .object({
    experiment_id: z.string(),
    run_count: int,
    running_count: int,
    last_activity_time: int.optional().describe('The latest start or end of an active run; absent when it has none'),
  })
  .meta({ id: 'ExperimentStats' });
export type ExperimentStatsWire = z.infer<typeof ExperimentStatsWire>;

const runIds = z.array(requiredString).min(1).max(MAX_RUNS_PER_HISTORY_REQUEST);
const keys = z.array(requiredString).min(1).max(MAX_KEYS_PER_HISTORY_REQUEST);
/** An x bound is a double: ±Infinity travels as protobuf's string. */
const xBound = doubleField.refine((n) => !Number.isNaN(n), { message: 'must be a number' });

export const HistoryBulkFields = z
  .object({
    run_ids: runIds,
    keys,
    max_points: nonNegativeInt64.optional().describe('Points per series at most (downsampled); 0 or absent: every point'),
    x_axis: z.enum(['step', 'timestamp']).optional(),
    x_min: xBound.optional(),
    x_max: xBound.optional(),
  })
  .refine((r) => r.x_min === undefined || r.x_max === undefined || r.x_min <= r.x_max, {
    message: 'x_min must not be greater than x_max',
    path: ['x_max'],
  });

export const TailFields = z.object({
  run_ids: runIds,
  keys: keys.optional().describe('All keys when absent'),
  cursor: nonNegativeInt64.optional().describe("The previous answer's cursor; 0 or absent for everything"),
  max_points: nonNegativeInt64.pipe(z.number().min(1, { message: 'must be a positive integer' })).optional(),
});

export const trackingRoutes = {
  historyBulk: defineRoute({
    methods: ['POST'],
    path: '/api/v1/metrics/history-bulk',
    tag: 'tracking',
    summary: 'Many runs x keys of metric history at once, as columns, downsampled and ranged on request',
    fields: HistoryBulkFields,
    response: z.object({
      series: z.array(MetricSeriesWire),
      cursor: int.describe("The smallest of the series' cursors: tailing from it misses nothing"),
    }),
  }),
  tail: defineRoute({
    methods: ['POST'],
    path: '/api/v1/metrics/tail',
    tag: 'tracking',
    summary: 'The points logged after a cursor (the live view polls this)',
    fields: TailFields,
    response: z.object({ points: z.array(TailPointWire), cursor: int.describe('Pass back to get the points logged after these') }),
  }),
  searchRuns: defineRoute({
    methods: ['POST'],
    path: '/api/v1/runs/search',
    tag: 'tracking',
    summary: "MLflow's runs/search, documented here with Flywheel's filter extensions (`or`, parentheses)",
    fields: SearchRunsFields,
    response: SearchRunsAnswer,
  }),
  experimentStats: defineRoute({
    methods: ['POST'],
    path: '/api/v1/experiments/stats',
    tag: 'tracking',
    summary: 'Run counts and last activity of up to 1000 experiments, over their active runs',
    fields: z.object({ experiment_ids: z.array(idString).min(1).max(1000) }),
    response: z.object({ stats: z.array(ExperimentStatsWire) }),
  }),
  moveRun: defineRoute({
    methods: ['POST'],
    path: '/api/v1/runs/move',
    tag: 'tracking',
    summary: 'Move a run, with everything it logged, to another experiment',
    fields: z.object({ run_id: requiredString, experiment_id: idString }),
    response: Empty,
  }),
  gc: defineRoute({
    methods: ['POST'],
    path: '/api/v1/gc',
    tag: 'tracking',
    summary: 'Purge deleted runs for good (those deleted over older_than_ms ago, when given)',
    fields: z.object({ older_than_ms: nonNegativeInt64.optional() }),
    response: z.object({ purged_run_ids: z.array(z.string()) }),
  }),
} as const;

export function experimentStatsToWire(s: ExperimentStats): ExperimentStatsWire {
  const w: ExperimentStatsWire = { experiment_id: s.experimentId, run_count: s.runCount, running_count: s.runningCount };
  if (s.lastActivityTime !== null) w.last_activity_time = s.lastActivityTime;
  return w;
}

export function experimentStatsFromWire(w: ExperimentStatsWire): ExperimentStats {
  return { experimentId: w.experiment_id, runCount: w.run_count, runningCount: w.running_count, lastActivityTime: w.last_activity_time ?? null };
}

// The server writes series and tail points as text (src/tracking/http/series-json.ts, the hot
// path); the SDK reads them with these.

export function seriesFromWire(w: MetricSeriesWire): MetricSeries {
  return {
    runId: w.run_id,
    key: w.key,
    steps: w.steps,
    timestamps: w.timestamps,
    values: w.values.map(doubleFromWire),
    totalPoints: w.total_points,
    rangePoints: w.range_points,
    cursor: w.cursor,
  };
}

export function tailFromWire(w: { points: TailPointWire[]; cursor: number }): TailResult {
  return {
    points: w.points.map((p) => ({ runId: p.run_id, key: p.key, value: doubleFromWire(p.value), timestamp: p.timestamp, step: p.step })),
    cursor: w.cursor,
  };
}
