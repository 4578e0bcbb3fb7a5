import type { FastifyInstance } from 'fastify';
import { mlflowTrackingRoutes as routes } from '../../contracts/index.js';
import type { TrackingApi } from '../tracking-api.js';
import { HistoryJsonCache } from './history-json-cache.js';
import { JSON_CONTENT_TYPE, mlflowRoute, readRunFields } from './mlflow-route.js';

/** metrics/get-history, paged by max_results and page_token. */
export function registerMetricsRoutes(app: FastifyInstance, tracking: TrackingApi): void {
  const cache = new HistoryJsonCache();
  mlflowRoute(app, routes.getMetricHistory, async (_, request, reply) => {
    const { runId, fields: req } = readRunFields(routes.getMetricHistory, request);
    const page = await tracking.getMetricHistory({
      runId,
      key: req.metric_key,
      ...(req.max_results !== undefined ? { maxResults: req.max_results } : {}),
      ...(req.page_token ? { pageToken: req.page_token } : {}),
    });
    // A page can hold 100k points: written as text (and cached) rather than checked objects.
    return reply.header('content-type', JSON_CONTENT_TYPE).send(cache.json({ runId, key: req.metric_key, pageToken: req.page_token }, page));
  });
}
