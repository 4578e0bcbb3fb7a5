import type { Generated } from 'kysely';

// The compute module's tables (migrations 003-compute), as Kysely sees them. Times are epoch
// milliseconds. Only this module's code reads or writes them.

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

export interface ComputeTables {
  jobs: JobsTable;
  job_labels: JobLabelsTable;
  job_events: JobEventsTable;
}
