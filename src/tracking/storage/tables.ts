import type { Generated } from 'kysely';

// The tracking module's tables (migrations 001-tracking and 002-request-ids), as Kysely sees them. Times are epoch
// milliseconds. Only this module's code reads or writes them.

export interface ExperimentsTable {
  experiment_id: Generated<number>;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
}

export interface ExperimentTagsTable {
  experiment_id: number;
  key: string;
  value: string;
}

export interface RunsTable {
  run_uuid: string;
  experiment_id: number;
  name: string;
  user_id: string;
  status: string;
  start_time: number;
  end_time: number | null;
  lifecycle_stage: string;
  artifact_uri: string;
  deleted_time: number | null;
  /** The compute job that launched the run; null until the compute module sets it. */
  job_id: string | null;
}

export interface ParamsTable {
  run_uuid: string;
  key: string;
  value: string;
}

export interface TagsTable {
  run_uuid: string;
  key: string;
  value: string;
}

/** One row per (run, metric key): the series id and the latest point, for search and run data. */
export interface MetricSeriesTable {
  series_id: Generated<number>;
  run_uuid: string;
  key: string;
  /** NULL stands for NaN (SQLite stores NaN as NULL). */
  last_value: number | null;
  last_step: number;
  last_timestamp: number;
  point_count: number;
}

/**
 * Metric points, stored as chunks: each write appends one row per series holding that
 * write's points as three little-endian float64 columns packed in one blob
 * (steps, then timestamps, then values; NaN and ±Infinity kept as is). A log-batch of 1000
 * points over 10 keys costs 10 row inserts instead of 1000, and a history read decodes a few
 * large blobs instead of walking one row per point. `id` grows with each write and is the
 * live-tail cursor.
 */
export interface MetricChunksTable {
  id: Generated<number>;
  series_id: number;
  point_count: number;
  data: Uint8Array;
}

export interface DatasetsTable {
  dataset_id: Generated<number>;
  experiment_id: number;
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema: string | null;
  profile: string | null;
}

export interface RunInputsTable {
  run_uuid: string;
  dataset_id: number;
  /** JSON array of {key, value}. */
  tags: string;
}

/** The artifact namespace: a path under the artifact root maps to a content-addressed blob. */
export interface ArtifactsTable {
  path: string;
  hash: string;
  size: number;
  created_time: number;
}

/** Idempotency keys of metric writes (see migration 002). */
export interface RequestIdsTable {
  request_id: string;
  digest: string;
  created_time: number;
}

export interface TrackingTables {
  experiments: ExperimentsTable;
  experiment_tags: ExperimentTagsTable;
  runs: RunsTable;
  params: ParamsTable;
  tags: TagsTable;
  metric_series: MetricSeriesTable;
  metric_chunks: MetricChunksTable;
  datasets: DatasetsTable;
  run_inputs: RunInputsTable;
  artifacts: ArtifactsTable;
  request_ids: RequestIdsTable;
}
