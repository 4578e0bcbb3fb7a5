import type { FastifyInstance } from 'fastify';
import { contractRoute } from '../../http/index.js';
import { experimentStatsToWire, trackingRoutes as routes } from '../../contracts/index.js';
import type { TrackingApi } from '../tracking-api.js';
import { EMPTY_RESPONSE, JSON_CONTENT_TYPE, readFields } from './mlflow-route.js';
import { searchRuns } from './runs-search.js';
import { bulkHistoryJson, tailJson } from './series-json.js';

/**
 * Flywheel's own tracking routes under /api/v1 (src/contracts/tracking.ts): snake_case JSON,
 * MLflow's error shape, fields read as MLflow's are.
 */
export function registerNativeRoutes(app: FastifyInstance, options: { tracking: TrackingApi }): void {
  const { tracking } = options;

  // history-bulk and tail answer many points: written as text (series-json.ts), not as checked objects.
  contractRoute(app, routes.historyBulk, async (_, request, reply) => {
    const req = readFields(routes.historyBulk, request);
    const series = await tracking.getBulkHistory({
      runIds: req.run_ids,
      keys: req.keys,
      ...(req.max_points !== undefined ? { maxPoints: req.max_points } : {}),
      ...(req.x_axis ? { xAxis: req.x_axis } : {}),
      ...(req.x_min !== undefined ? { xMin: req.x_min } : {}),
      ...(req.x_max !== undefined ? { xMax: req.x_max } : {}),
    });
    return reply.header('content-type', JSON_CONTENT_TYPE).send(bulkHistoryJson(series));
  });

  contractRoute(app, routes.tail, async (_, request, reply) => {
    const req = readFields(routes.tail, request);
    const result = await tracking.tailMetrics({
      runIds: req.run_ids,
      cursor: req.cursor ?? 0,
      ...(req.keys ? { keys: req.keys } : {}),
      ...(req.max_points !== undefined ? { maxPoints: req.max_points } : {}),
    });
    return reply.header('content-type', JSON_CONTENT_TYPE).send(tailJson(result));
  });

  contractRoute(app, routes.searchRuns, (_, request) => searchRuns(tracking, request));

  contractRoute(app, routes.experimentStats, async (_, request) => {
    const req = readFields(routes.experimentStats, request);
    return { stats: (await tracking.experimentStats(req.experiment_ids)).map(experimentStatsToWire) };
  });

  contractRoute(app, routes.moveRun, async (_, request) => {
    const req = readFields(routes.moveRun, request);
    await tracking.moveRun(req.run_id, req.experiment_id);
    return EMPTY_RESPONSE;
  });

  contractRoute(app, routes.gc, async (_, request) => {
    const req = readFields(routes.gc, request);
    return { purged_run_ids: await tracking.purgeDeletedRuns(req.older_than_ms !== undefined ? { olderThanMs: req.older_than_ms } : {}) };
  });
}
