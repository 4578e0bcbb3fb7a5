import { z } from 'zod';
import type { TrackingApi } from '../tracking-api.js';
import { HistoryJsonCache } from './history-json-cache.js';
import { JSON_CONTENT_TYPE, READ, type MlflowRoute } from './mlflow-route.js';
import {
  optionalString,
  parseFields,
  positiveInt64,
  requestFields,
  requiredString,
  runIdFrom,
} from './request-parsing.js';

const historySchema = z.object({
  metric_key: requiredString,
  max_results: positiveInt64.optional(),
  page_token: optionalString,
});

/** metrics/get-history, paged by max_results and page_token. */
export function metricsRoutes(tracking: TrackingApi): MlflowRoute[] {
  const cache = new HistoryJsonCache();
  return [
    {
      path: 'metrics/get-history',
      methods: READ,
      handler: async (request, reply) => {
        const fields = requestFields(request);
        const runId = runIdFrom(fields);
        const req = parseFields(historySchema, fields);
        const page = await tracking.getMetricHistory({
          runId,
          key: req.metric_key,
          ...(req.max_results !== undefined ? { maxResults: req.max_results } : {}),
          ...(req.page_token ? { pageToken: req.page_token } : {}),
        });
        reply.header('content-type', JSON_CONTENT_TYPE);
        return cache.json({ runId, key: req.metric_key, pageToken: req.page_token }, page);
      },
    },
  ];
}
