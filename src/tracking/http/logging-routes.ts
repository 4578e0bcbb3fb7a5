import type { FastifyInstance } from 'fastify';
import { mlflowTrackingRoutes as routes } from '../../contracts/index.js';
import type { TrackingApi } from '../tracking-api.js';
import { parseLogBatch, parseLogMetric } from './ingest-parsing.js';
import { EMPTY_RESPONSE, mlflowRoute, readRunFields } from './mlflow-route.js';

/** The logging endpoints: log-metric, log-parameter, log-batch, log-inputs, set-tag, delete-tag. */
export function registerLoggingRoutes(app: FastifyInstance, tracking: TrackingApi): void {
  // log-metric and log-batch are the ingest hot path: checked by hand (ingest-parsing.ts) with
  // the rules their contracts document, without Zod.
  mlflowRoute(app, routes.logMetric, async (_, request) => {
    const { runId, metric } = parseLogMetric(request.body);
    await tracking.logMetric(runId, metric);
    return EMPTY_RESPONSE;
  });

  mlflowRoute(app, routes.logBatch, async (_, request) => {
    // The IETF Idempotency-Key header: a client retrying after a lost answer sends the
    // same key, and points that already landed are not stored twice.
    const key = request.headers['idempotency-key'];
    const batch = parseLogBatch(request.body);
    await tracking.logBatch(typeof key === 'string' ? { ...batch, requestId: key } : batch);
    return EMPTY_RESPONSE;
  });

  mlflowRoute(app, routes.logParameter, async (_, request) => {
    const { runId, fields: req } = readRunFields(routes.logParameter, request);
    await tracking.logParam(runId, req.key, req.value);
    return EMPTY_RESPONSE;
  });

  mlflowRoute(app, routes.setTag, async (_, request) => {
    const { runId, fields: req } = readRunFields(routes.setTag, request);
    await tracking.setTag(runId, { key: req.key, value: req.value });
    return EMPTY_RESPONSE;
  });

  mlflowRoute(app, routes.deleteTag, async (_, request) => {
    const { runId, fields: req } = readRunFields(routes.deleteTag, request);
    await tracking.deleteTag(runId, req.key);
    return EMPTY_RESPONSE;
  });

  mlflowRoute(app, routes.logInputs, async (_, request) => {
    const { runId, fields: req } = readRunFields(routes.logInputs, request);
    const datasets = (req.datasets ?? []).map((input) => ({
      tags: input.tags ?? [],
      dataset: {
        name: input.dataset.name,
        digest: input.dataset.digest,
        sourceType: input.dataset.source_type,
        source: input.dataset.source,
        ...(input.dataset.schema != null ? { schema: input.dataset.schema } : {}),
        ...(input.dataset.profile != null ? { profile: input.dataset.profile } : {}),
      },
    }));
    await tracking.logInputs(runId, datasets);
    return EMPTY_RESPONSE;
  });
}
