import { invalidArgument, isStorableText, UNSTORABLE_TEXT_MESSAGE, type ValidationIssue } from '../../core/index.js';
import { RUN_STATUSES, type Metric, type Param, type RunStatus, type Tag } from '../types.js';

/** MLflow's limits, so that what MLflow accepts Flywheel accepts and what it refuses we refuse. */
export const LIMITS = {
  keyLength: 250,
  paramValueLength: 6000,
  tagValueLength: 5000,
  batchMetrics: 1000,
  batchParams: 100,
  batchTags: 100,
  batchEntities: 1000,
  maxSearchResults: 50_000,
  experimentNameLength: 500,
  /** Bound-parameter and ORDER BY term limits of the engines stay far away. */
  searchExperimentIds: 1000,
  orderByClauses: 20,
} as const;

/**
 * Length as MLflow (Python) counts it: in code points, not UTF-16 units, so a value of
 * emoji is held to the same limit as the HTTP layer holds it. Only long strings pay.
 */
export function longerThan(value: string, limit: number): boolean {
  if (value.length <= limit) return false;
  let count = 0;
  for (const _ of value) if (++count > limit) return true;
  return false;
}

/** Why a text value cannot be stored as sent, or undefined when it can. */
export function textIssue(value: string, path: string): ValidationIssue | undefined {
  return isStorableText(value) ? undefined : { path, message: UNSTORABLE_TEXT_MESSAGE };
}

/** Throws INVALID_ARGUMENT when a text value cannot be stored as sent (see textIssue). */
export function requireStorableText(value: string | undefined, path: string): void {
  const issue = value === undefined ? undefined : textIssue(value, path);
  if (issue) fail([issue]);
}

// MLflow's rule for metric/param/tag names: alphanumerics, _ - . space / ; no '..' segments, no leading '/'.
const KEY = /^[\w\-. /:]*$/;

export function keyIssue(kind: string, key: unknown, path: string): ValidationIssue | undefined {
  if (typeof key !== 'string' || key.length === 0) return { path, message: `${kind} key must be a non-empty string` };
  if (key.length > LIMITS.keyLength) return { path, message: `${kind} key '${key.slice(0, 40)}…' is longer than ${LIMITS.keyLength} characters` };
  if (!KEY.test(key) || key.startsWith('/') || key.split('/').includes('..')) {
    return {
      path,
      message: `Invalid ${kind} name: '${key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/), and may not start with '/' or contain '..'`,
    };
  }
  return undefined;
}

function fail(issues: ValidationIssue[]): never {
  throw invalidArgument(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

/**
 * A run id as given. Like MLflow, an id of the wrong shape is simply not found (404), not a
 * bad request; ids never reach a file path, so any string is safe to look up.
 */
export function requireRunId(runId: unknown): string {
  if (typeof runId !== 'string' || runId.length === 0) throw invalidArgument("Missing value for required parameter 'run_id'");
  return runId;
}

export function requireExperimentId(id: unknown): number {
  if (typeof id !== 'string' || !/^\d{1,15}$/.test(id)) {
    throw invalidArgument(`Invalid experiment id '${String(id).slice(0, 64)}': expected a non-negative integer`);
  }
  return Number(id);
}

/** On the ingest hot path: a batch of 1000 points usually has a handful of keys, each checked once. */
export function validateMetrics(metrics: readonly Metric[], path = 'metrics'): void {
  let issues: ValidationIssue[] | undefined;
  const goodKeys = new Set<string>();
  for (let i = 0; i < metrics.length; i++) {
    const m = metrics[i]!;
    if (!goodKeys.has(m.key)) {
      const k = keyIssue('metric', m.key, `${path}[${i}].key`);
      if (k) (issues ??= []).push(k);
      else goodKeys.add(m.key);
    }
    if (typeof m.value !== 'number') (issues ??= []).push({ path: `${path}[${i}].value`, message: 'metric value must be a number' });
    if (!Number.isSafeInteger(m.timestamp)) (issues ??= []).push({ path: `${path}[${i}].timestamp`, message: 'timestamp must be an integer (ms since epoch)' });
    if (!Number.isSafeInteger(m.step)) (issues ??= []).push({ path: `${path}[${i}].step`, message: 'step must be an integer' });
  }
  if (issues) fail(issues.slice(0, 20));
}

export function validateParams(params: readonly Param[], path = 'params'): void {
  const issues: ValidationIssue[] = [];
  params.forEach((p, i) => {
    const k = keyIssue('param', p.key, `${path}[${i}].key`);
    if (k) issues.push(k);
    if (typeof p.value !== 'string') issues.push({ path: `${path}[${i}].value`, message: 'param value must be a string' });
    else if (longerThan(p.value, LIMITS.paramValueLength)) {
      issues.push({ path: `${path}[${i}].value`, message: `param '${p.key}' value is longer than ${LIMITS.paramValueLength} characters` });
    } else {
      const text = textIssue(p.value, `${path}[${i}].value`);
      if (text) issues.push(text);
    }
  });
  if (issues.length > 0) fail(issues.slice(0, 20));
}

export function validateTags(tags: readonly Tag[], path = 'tags'): void {
  const issues: ValidationIssue[] = [];
  tags.forEach((t, i) => {
    const k = keyIssue('tag', t.key, `${path}[${i}].key`);
    if (k) issues.push(k);
    if (typeof t.value !== 'string') issues.push({ path: `${path}[${i}].value`, message: 'tag value must be a string' });
    else if (longerThan(t.value, LIMITS.tagValueLength)) {
      issues.push({ path: `${path}[${i}].value`, message: `tag '${t.key}' value is longer than ${LIMITS.tagValueLength} characters` });
    } else {
      const text = textIssue(t.value, `${path}[${i}].value`);
      if (text) issues.push(text);
    }
  });
  if (issues.length > 0) fail(issues.slice(0, 20));
}

export function validateBatchSize(counts: { metrics: number; params: number; tags: number }): void {
  const { metrics, params, tags } = counts;
  if (metrics > LIMITS.batchMetrics) throw invalidArgument(`A batch logging request can contain at most ${LIMITS.batchMetrics} metrics. Got ${metrics} metrics.`);
  if (params > LIMITS.batchParams) throw invalidArgument(`A batch logging request can contain at most ${LIMITS.batchParams} params. Got ${params} params.`);
  if (tags > LIMITS.batchTags) throw invalidArgument(`A batch logging request can contain at most ${LIMITS.batchTags} tags. Got ${tags} tags.`);
  const total = metrics + params + tags;
  if (total > LIMITS.batchEntities) {
    throw invalidArgument(`A batch logging request can contain at most ${LIMITS.batchEntities} metrics, params and tags in total. Got ${total}.`);
  }
}

export function requireStatus(status: unknown): RunStatus {
  if (typeof status !== 'string' || !(RUN_STATUSES as readonly string[]).includes(status)) {
    throw invalidArgument(`Invalid run status '${String(status)}': expected one of ${RUN_STATUSES.join(', ')}`);
  }
  return status as RunStatus;
}

export function requireOrderBy(orderBy: string[] | undefined): string[] | undefined {
  if (orderBy !== undefined && orderBy.length > LIMITS.orderByClauses) {
    throw invalidArgument(`At most ${LIMITS.orderByClauses} order_by clauses are allowed; got ${orderBy.length}`);
  }
  return orderBy;
}

export function requireMaxResults(n: number | undefined, fallback: number, max: number): number {
  if (n === undefined) return fallback;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) {
    throw invalidArgument(`Invalid value ${n} for parameter 'max_results': it must be an integer between 1 and ${max}`);
  }
  return n;
}
