import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TrackingApi } from '../tracking-api.js';
import { JSON_CONTENT_TYPE, EMPTY_RESPONSE } from './mlflow-route.js';
import { MAX_KEYS_PER_HISTORY_REQUEST, MAX_RUNS_PER_HISTORY_REQUEST } from './native-limits.js';
import { idString, nonNegativeInt64, parseFields, requestFields, requiredString } from './request-parsing.js';
import { searchRuns } from './runs-search.js';
import { bulkHistoryJson, tailJson } from './series-json.js';


const runIds = z.array(requiredString).min(1).max(MAX_RUNS_PER_HISTORY_REQUEST);
const keys = z.array(requiredString).min(1).max(MAX_KEYS_PER_HISTORY_REQUEST);

const historyBulkSchema = z
  .object({
    run_ids: runIds,
    keys,
    max_points: nonNegativeInt64.optional(),
    x_axis: z.enum(['step', 'timestamp']).optional(),
    x_min: z.number().optional(),
    x_max: z.number().optional(),
  })
  .refine((r) => r.x_min === undefined || r.x_max === undefined || r.x_min <= r.x_max, {
    message: 'x_min must not be greater than x_max',
    path: ['x_max'],
  });

const tailSchema = z.object({
  run_ids: runIds,
  keys: keys.optional(),
  cursor: nonNegativeInt64.optional(),
  max_points: nonNegativeInt64.pipe(z.number().min(1, { message: 'must be a positive integer' })).optional(),
});

const moveSchema = z.object({ run_id: requiredString, experiment_id: idString });
const statsSchema = z.object({ experiment_ids: z.array(idString).min(1).max(1000) });
const gcSchema = z.object({ older_than_ms: nonNegativeInt64.optional() });

/**
 * Flywheel's own tracking routes under /api/v1 (snake_case JSON, MLflow's error shape), and
 * the OpenAPI document that describes them.
 */
export function registerNativeRoutes(app: FastifyInstance, options: { tracking: TrackingApi }): void {
  const { tracking } = options;

  app.post('/api/v1/metrics/history-bulk', async (request, reply) => {
    const req = parseFields(historyBulkSchema, requestFields(request));
    const series = await tracking.getBulkHistory({
      runIds: req.run_ids,
      keys: req.keys,
      ...(req.max_points !== undefined ? { maxPoints: req.max_points } : {}),
      ...(req.x_axis ? { xAxis: req.x_axis } : {}),
      ...(req.x_min !== undefined ? { xMin: req.x_min } : {}),
      ...(req.x_max !== undefined ? { xMax: req.x_max } : {}),
    });
    reply.header('content-type', JSON_CONTENT_TYPE);
    return bulkHistoryJson(series);
  });

  app.post('/api/v1/metrics/tail', async (request, reply) => {
    const req = parseFields(tailSchema, requestFields(request));
    const result = await tracking.tailMetrics({
      runIds: req.run_ids,
      cursor: req.cursor ?? 0,
      ...(req.keys ? { keys: req.keys } : {}),
      ...(req.max_points !== undefined ? { maxPoints: req.max_points } : {}),
    });
    reply.header('content-type', JSON_CONTENT_TYPE);
    return tailJson(result);
  });

  app.post('/api/v1/runs/search', (request) => searchRuns(tracking, request));

  app.post('/api/v1/experiments/stats', async (request) => {
    const req = parseFields(statsSchema, requestFields(request));
    const stats = await tracking.experimentStats(req.experiment_ids);
    return {
      stats: stats.map((s) => ({
        experiment_id: s.experimentId,
        run_count: s.runCount,
        running_count: s.runningCount,
        ...(s.lastActivityTime === null ? {} : { last_activity_time: s.lastActivityTime }),
      })),
    };
  });

  app.post('/api/v1/runs/move', async (request) => {
    const req = parseFields(moveSchema, requestFields(request));
    await tracking.moveRun(req.run_id, req.experiment_id);
    return EMPTY_RESPONSE;
  });

  app.post('/api/v1/gc', async (request) => {
    const req = parseFields(gcSchema, requestFields(request));
    const purged = await tracking.purgeDeletedRuns(
      req.older_than_ms !== undefined ? { olderThanMs: req.older_than_ms } : {},
    );
    return { purged_run_ids: purged };
  });
}
