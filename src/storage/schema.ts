import type { Generated } from 'kysely';

/**
 * The database as Kysely sees it. Each domain module owns its tables; they are listed here
 * together because Kysely types one database. Times are epoch milliseconds.
 */
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

/** Compute jobs (see migration 003). JSON columns hold arrays and objects as text. */
export interface JobsTable {
  job_id: string;
  name: string;
  command: string;
  cwd: string;
  env: string;
  cpus: number;
  memory_mb: number;
  gpus: number;
  nodes: number;
  priority: number;
  queue: string;
  executor: string;
  partition: string | null;
  timeout_seconds: number | null;
  max_retries: number;
  attempt: number;
  state: string;
  reason: string | null;
  exit_code: number | null;
  run_id: string;
  experiment_id: number;
  created_time: number;
  queued_time: number;
  start_time: number | null;
  end_time: number | null;
  host: string | null;
  gpu_indices: string;
  external_id: string | null;
  usage: string | null;
}

export interface JobLabelsTable {
  job_id: string;
  key: string;
  value: string;
}

export interface JobEventsTable {
  id: Generated<number>;
  job_id: string;
  time: number;
  state: string;
  attempt: number;
  reason: string | null;
  exit_code: number | null;
}

/** Datasets (see migration 004). */
export interface DataSetsTable {
  dataset_id: Generated<number>;
  name: string;
  created_time: number;
}

export interface DataVersionsTable {
  dataset_id: number;
  version: number;
  manifest_hash: string;
  digest: string;
  message: string;
  author: string;
  created_time: number;
  parent: number | null;
  file_count: number;
  total_bytes: number;
  profile_hash: string | null;
}

export interface DataTagsTable {
  dataset_id: number;
  tag: string;
  version: number;
}

/** Sweeps and trials (see migration 005). `config`, `env` and `params` are JSON text. */
export interface SweepsTable {
  sweep_id: string;
  name: string;
  state: string;
  reason: string | null;
  config_text: string;
  config: string;
  cwd: string;
  env: string;
  experiment_id: number;
  created_time: number;
  end_time: number | null;
}

export interface SweepTrialsTable {
  sweep_id: string;
  number: number;
  state: string;
  params: string;
  value: number | null;
  last_t: number | null;
  reports: number;
  job_id: string | null;
  run_id: string | null;
  attempt: number;
  reason: string | null;
  created_time: number;
  end_time: number | null;
}

/** The model registry (see migration 006). `signature`, `metrics`, `datasets` are JSON text. */
export interface RegisteredModelsTable {
  name: string;
  description: string;
  creation_time: number;
  last_updated_time: number;
  /** The highest version number given so far (never reused). */
  last_version: Generated<number>;
}

export interface RegisteredModelTagsTable {
  name: string;
  key: string;
  value: string;
}

export interface ModelVersionsTable {
  name: string;
  version: number;
  creation_time: number;
  last_updated_time: number;
  description: string;
  user_id: string;
  source: string;
  run_id: string;
  status: string;
  status_message: string;
  current_stage: string;
  format: string;
  signature: string;
  metrics: string;
  datasets: string;
  manifest_hash: string;
  file_count: number;
  size_bytes: number;
}

export interface ModelVersionTagsTable {
  name: string;
  version: number;
  key: string;
  value: string;
}

export interface ModelAliasesTable {
  name: string;
  alias: string;
  version: number;
}

export interface ModelAliasEventsTable {
  id: Generated<number>;
  name: string;
  alias: string;
  action: string;
  from_version: number | null;
  to_version: number | null;
  user_id: string;
  time: number;
}

export interface Database {
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
  jobs: JobsTable;
  job_labels: JobLabelsTable;
  job_events: JobEventsTable;
  data_sets: DataSetsTable;
  data_versions: DataVersionsTable;
  data_tags: DataTagsTable;
  sweeps: SweepsTable;
  sweep_trials: SweepTrialsTable;
  registered_models: RegisteredModelsTable;
  registered_model_tags: RegisteredModelTagsTable;
  model_versions: ModelVersionsTable;
  model_version_tags: ModelVersionTagsTable;
  model_aliases: ModelAliasesTable;
  model_alias_events: ModelAliasEventsTable;
}
