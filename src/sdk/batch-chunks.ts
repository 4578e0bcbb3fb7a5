import type { Metric, Param, Tag } from './types.js';
import { keyValuesToWire, metricToWire, type LogBatchBody } from './wire.js';

/** One buffered item waiting for runs/log-batch. */
export type BatchEntry =
  | { kind: 'metric'; metric: Metric }
  | { kind: 'param'; param: Param }
  | { kind: 'tag'; tag: Tag };

/** MLflow's per-request limits for runs/log-batch; the server rejects anything larger. */
export interface LogBatchLimits {
  metrics: number;
  params: number;
  tags: number;
  entities: number;
}

export const MLFLOW_LOG_BATCH_LIMITS: LogBatchLimits = { metrics: 1000, params: 100, tags: 100, entities: 1000 };

export interface TakenBatch {
  body: LogBatchBody;
  /** Entries consumed from `start`. */
  count: number;
  /** True when a limit stopped the batch (more entries could not have fit). */
  full: boolean;
}

/**
 * Takes the longest prefix of `entries[start..end)` that fits one request. It stops at the
 * first entry that would break a limit instead of skipping past it, so entries go out in the
 * order they were logged and every key's points keep their order across requests.
 */
export function takeBatch(
  runId: string,
  entries: readonly BatchEntry[],
  start: number,
  end: number,
  limits: LogBatchLimits = MLFLOW_LOG_BATCH_LIMITS,
): TakenBatch {
  const metrics: Metric[] = [];
  const params: Param[] = [];
  const tags: Tag[] = [];
  let i = start;
  let full = false;
  for (; i < end; i++) {
    if (metrics.length + params.length + tags.length >= limits.entities) {
      full = true;
      break;
    }
    const entry = entries[i]!;
    if (entry.kind === 'metric') {
      if (metrics.length >= limits.metrics) {
        full = true;
        break;
      }
      metrics.push(entry.metric);
    } else if (entry.kind === 'param') {
      if (params.length >= limits.params) {
        full = true;
        break;
      }
      params.push(entry.param);
    } else {
      if (tags.length >= limits.tags) {
        full = true;
        break;
      }
      tags.push(entry.tag);
    }
  }
  // A request that reached any limit is worth sending now, even if the queue ended exactly there.
  full ||=
    metrics.length + params.length + tags.length >= limits.entities ||
    metrics.length >= limits.metrics ||
    params.length >= limits.params ||
    tags.length >= limits.tags;
  return {
    body: { run_id: runId, metrics: metrics.map(metricToWire), params: keyValuesToWire(params), tags: keyValuesToWire(tags) },
    count: i - start,
    full,
  };
}
