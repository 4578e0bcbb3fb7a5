import { z } from 'zod';
import type { TrackingApi } from '../tracking-api.js';
import { parseLogBatch, parseLogMetric } from './ingest-parsing.js';
import {
  MAX_DATASET_DIGEST_SIZE,
  MAX_DATASET_NAME_SIZE,
  MAX_DATASET_PROFILE_SIZE,
  MAX_DATASET_SCHEMA_SIZE,
  MAX_DATASET_SOURCE_SIZE,
  MAX_DATASETS_PER_REQUEST,
  MAX_ENTITY_KEY_LENGTH,
  MAX_INPUT_TAG_KEY_SIZE,
  MAX_INPUT_TAG_VALUE_SIZE,
  MAX_PARAM_VAL_LENGTH,
  MAX_TAG_VAL_LENGTH,
} from './mlflow-limits.js';
import { EMPTY_RESPONSE, WRITE, type MlflowRoute } from './mlflow-route.js';
import {
  boundedString,
  keyValue,
  parseFields,
  requestFields,
  requiredString,
  runIdFrom,
} from './request-parsing.js';

const paramSchema = keyValue(MAX_PARAM_VAL_LENGTH, MAX_ENTITY_KEY_LENGTH);
const tagSchema = keyValue(MAX_TAG_VAL_LENGTH, MAX_ENTITY_KEY_LENGTH);
const deleteTagSchema = z.object({ key: requiredString });

const datasetSchema = z.object({
  name: requiredString.pipe(boundedString(MAX_DATASET_NAME_SIZE)),
  digest: requiredString.pipe(boundedString(MAX_DATASET_DIGEST_SIZE)),
  source_type: requiredString,
  source: requiredString.pipe(boundedString(MAX_DATASET_SOURCE_SIZE)),
  schema: boundedString(MAX_DATASET_SCHEMA_SIZE).nullish(),
  profile: boundedString(MAX_DATASET_PROFILE_SIZE).nullish(),
});
const logInputsSchema = z.object({
  datasets: z
    .array(
      z.object({
        tags: z.array(keyValue(MAX_INPUT_TAG_VALUE_SIZE, MAX_INPUT_TAG_KEY_SIZE)).optional(),
        dataset: datasetSchema,
      }),
    )
    .max(MAX_DATASETS_PER_REQUEST)
    .optional(),
});

/** The logging endpoints: log-metric, log-parameter, log-batch, log-inputs, set-tag, delete-tag. */
export function loggingRoutes(tracking: TrackingApi): MlflowRoute[] {
  return [
    {
      path: 'runs/log-metric',
      methods: WRITE,
      handler: async (request) => {
        const { runId, metric } = parseLogMetric(request.body);
        await tracking.logMetric(runId, metric);
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'runs/log-batch',
      methods: WRITE,
      handler: async (request) => {
        // The IETF Idempotency-Key header: a client retrying after a lost answer sends the
        // same key, and points that already landed are not stored twice.
        const key = request.headers['idempotency-key'];
        const batch = parseLogBatch(request.body);
        await tracking.logBatch(typeof key === 'string' ? { ...batch, requestId: key } : batch);
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'runs/log-parameter',
      methods: WRITE,
      handler: async (request) => {
        const fields = requestFields(request);
        const runId = runIdFrom(fields);
        const req = parseFields(paramSchema, fields);
        await tracking.logParam(runId, req.key, req.value);
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'runs/set-tag',
      methods: WRITE,
      handler: async (request) => {
        const fields = requestFields(request);
        const runId = runIdFrom(fields);
        const req = parseFields(tagSchema, fields);
        await tracking.setTag(runId, { key: req.key, value: req.value });
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'runs/delete-tag',
      methods: WRITE,
      handler: async (request) => {
        const fields = requestFields(request);
        const runId = runIdFrom(fields);
        const req = parseFields(deleteTagSchema, fields);
        await tracking.deleteTag(runId, req.key);
        return EMPTY_RESPONSE;
      },
    },
    {
      path: 'runs/log-inputs',
      methods: WRITE,
      handler: async (request) => {
        const fields = requestFields(request);
        const runId = runIdFrom(fields);
        const req = parseFields(logInputsSchema, fields);
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
      },
    },
  ];
}
