import type { LogBatchRequest, Metric, Param, Tag } from '../types.js';
import {
  decodeDouble,
  decodeInt64,
  exceedsLength,
  MAX_ENTITIES_PER_BATCH,
  MAX_ENTITY_KEY_LENGTH,
  MAX_METRICS_PER_BATCH,
  MAX_PARAMS_TAGS_PER_BATCH,
  MAX_PARAM_VAL_LENGTH,
  MAX_TAG_VAL_LENGTH,
} from '../../contracts/index.js';
import { bodyObject, describeValue, invalidField, missingValue, runIdFrom, type RequestFields } from './request-parsing.js';

/*
 * The ingest hot path (runs/log-batch, runs/log-metric): validated by hand rather than with
 * Zod, because a 1000-metric batch must parse in well under a millisecond. Each item of the
 * parsed JSON is checked and normalised in place (protobuf strings such as "NaN" or "17"
 * become numbers, a missing step becomes 0) and handed on as is: no copy per item.
 */

/** `metrics[3].value`, or `value` for the single metric of log-metric (index -1). */
function pathOf(list: string, index: number, field: string): string {
  return index < 0 ? field : `${list}[${index}].${field}`;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function invalidValue(path: string, value: unknown, expected: string): never {
  invalidField(path, `Invalid value ${describeValue(value)} for parameter '${path}' supplied: ${expected}`);
}

function arrayField(fields: RequestFields, name: string): unknown[] {
  const value = fields[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) invalidValue(name, value, 'expected an array');
  return value;
}

function checkBatchLimit(entityName: string, limit: number, length: number): void {
  if (length > limit) {
    invalidField(
      entityName,
      `A batch logging request can contain at most ${limit} ${entityName}. Got ${length} ${entityName}. ` +
        `Please split up ${entityName} across multiple requests and try again.`,
    );
  }
}

function objectItem(item: unknown, list: string, index: number): Record<string, unknown> {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    invalidValue(index < 0 ? list : `${list}[${index}]`, item, 'expected an object');
  }
  return item as Record<string, unknown>;
}

function checkKey(key: unknown, list: string, index: number, entityName: string): void {
  if (typeof key === 'string' && key !== '') {
    if (key.length > MAX_ENTITY_KEY_LENGTH && exceedsLength(key, MAX_ENTITY_KEY_LENGTH)) {
      invalidField(
        pathOf(list, index, 'key'),
        `${entityName} '${key.slice(0, 250)}' had length ${key.length}, which exceeded length limit of ${MAX_ENTITY_KEY_LENGTH}`,
      );
    }
    return;
  }
  const path = pathOf(list, index, 'key');
  if (isAbsent(key)) invalidField(path, missingValue(path));
  invalidValue(path, key, 'expected a string');
}

/** Checks one metric and normalises it in place; `index` -1 is the top-level metric of log-metric. */
function normalizeMetric(m: Record<string, unknown>, index: number): Metric {
  checkKey(m.key, 'metrics', index, 'Metric name');
  const value = m.value;
  if (typeof value !== 'number') {
    const path = pathOf('metrics', index, 'value');
    if (isAbsent(value)) invalidField(path, missingValue(path));
    const decoded = decodeDouble(value);
    if (decoded === undefined) invalidValue(path, value, 'expected a double (a number, "NaN", "Infinity" or "-Infinity")');
    m.value = decoded;
  }
  const timestamp = m.timestamp;
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    const path = pathOf('metrics', index, 'timestamp');
    if (isAbsent(timestamp)) invalidField(path, missingValue(path));
    const decoded = decodeInt64(timestamp);
    if (decoded === undefined || decoded < 0) invalidValue(path, timestamp, 'expected a non-negative integer (milliseconds since the epoch)');
    m.timestamp = decoded;
  }
  const step = m.step;
  if (step === undefined || step === null) {
    m.step = 0;
  } else if (typeof step !== 'number' || !Number.isSafeInteger(step)) {
    const decoded = decodeInt64(step);
    if (decoded === undefined) invalidValue(pathOf('metrics', index, 'step'), step, 'expected an integer');
    m.step = decoded;
  }
  return m as unknown as Metric;
}

/** Checks a param or tag and normalises it in place: a missing value is "" as in protobuf. */
function normalizeKeyValue(item: Record<string, unknown>, list: 'params' | 'tags', index: number): void {
  const entityName = list === 'params' ? 'Param' : 'Tag';
  checkKey(item.key, list, index, `${entityName} key`);
  const value = item.value;
  if (value === undefined || value === null) {
    item.value = '';
    return;
  }
  if (typeof value !== 'string') invalidValue(pathOf(list, index, 'value'), value, 'expected a string');
  const limit = list === 'params' ? MAX_PARAM_VAL_LENGTH : MAX_TAG_VAL_LENGTH;
  if (value.length > limit && exceedsLength(value, limit)) {
    invalidField(
      pathOf(list, index, 'value'),
      `${entityName} value '${value.slice(0, 250)}' had length ${value.length}, which exceeded length limit of ${limit}`,
    );
  }
}

/** runs/log-batch: `{run_id, metrics, params, tags}` with MLflow's batch limits. */
export function parseLogBatch(body: unknown): LogBatchRequest {
  const fields = bodyObject(body);
  const runId = runIdFrom(fields);
  const metrics = arrayField(fields, 'metrics');
  const params = arrayField(fields, 'params');
  const tags = arrayField(fields, 'tags');
  checkBatchLimit('metrics', MAX_METRICS_PER_BATCH, metrics.length);
  checkBatchLimit('params', MAX_PARAMS_TAGS_PER_BATCH, params.length);
  checkBatchLimit('tags', MAX_PARAMS_TAGS_PER_BATCH, tags.length);
  checkBatchLimit('metrics, params, and tags', MAX_ENTITIES_PER_BATCH, metrics.length + params.length + tags.length);
  for (let i = 0; i < metrics.length; i++) normalizeMetric(objectItem(metrics[i], 'metrics', i), i);
  for (let i = 0; i < params.length; i++) normalizeKeyValue(objectItem(params[i], 'params', i), 'params', i);
  for (let i = 0; i < tags.length; i++) normalizeKeyValue(objectItem(tags[i], 'tags', i), 'tags', i);
  return { runId, metrics: metrics as Metric[], params: params as Param[], tags: tags as Tag[] };
}

/** runs/log-metric: `{run_id | run_uuid, key, value, timestamp, step?}`. */
export function parseLogMetric(body: unknown): { runId: string; metric: Metric } {
  const fields = bodyObject(body);
  const runId = runIdFrom(fields);
  const m = normalizeMetric(fields, -1);
  return { runId, metric: { key: m.key, value: m.value, timestamp: m.timestamp, step: m.step } };
}
