// The wire shapes of the jobs API (docs/jobs-api.md, snake_case), as the UI reads them.

export const JOB_STATES = ['queued', 'starting', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out', 'lost'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Waiting for or holding resources: what the jobs page polls. */
export const ACTIVE_JOB_STATES: readonly JobState[] = ['queued', 'starting', 'running'];
export const TERMINAL_JOB_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled', 'timed_out', 'lost'];

// A state this UI does not know (a newer server) counts as neither, so nothing offers to act on it.
export const isActiveJobState = (s: string): boolean => (ACTIVE_JOB_STATES as readonly string[]).includes(s);
export const isTerminalJobState = (s: string): boolean => (TERMINAL_JOB_STATES as readonly string[]).includes(s);

export type ExecutorKind = 'local' | 'slurm';

export interface JobResources {
  cpus: number;
  memory_mb: number;
  gpus: number;
  nodes: number;
}

export interface JobUsage {
  cpu_user_seconds: number | null;
  cpu_system_seconds: number | null;
  max_rss_mb: number | null;
  wall_seconds: number | null;
}

export interface Job {
  job_id: string;
  name: string;
  command: string[];
  cwd: string;
  env: Record<string, string>;
  resources: JobResources;
  priority: number;
  queue: string;
  executor: ExecutorKind;
  partition: string | null;
  timeout_seconds: number | null;
  max_retries: number;
  attempt: number;
  labels: Record<string, string>;
  state: JobState;
  reason: string | null;
  exit_code: number | null;
  run_id: string;
  experiment_id: string;
  created_time: number;
  start_time: number | null;
  end_time: number | null;
  host: string | null;
  gpu_indices: number[][];
  external_id: string | null;
  /** 1-based place in the scheduler's order (priority with aging, then age) while queued; null otherwise. */
  queue_position: number | null;
  usage: JobUsage | null;
}

export interface JobEvent {
  time: number;
  state: JobState;
  attempt: number;
  reason: string | null;
  exit_code: number | null;
}

export interface GpuInfo {
  index: number;
  name: string;
  memory_mb: number | null;
  uuid: string | null;
}

export interface HostStatus {
  name: string;
  executor: ExecutorKind;
  cpus: number;
  memory_mb: number;
  gpus: GpuInfo[];
  used: { cpus: number; memory_mb: number; gpu_indices: number[] };
  running_jobs: number;
}

export interface PartitionStatus {
  name: string;
  is_default: boolean;
  state: string;
  nodes: number;
  /** Per node. */
  cpus: number;
  memory_mb: number;
  gpus: number;
  /** Null when unlimited. */
  max_time_minutes: number | null;
}

export interface ComputeStatus {
  hosts: HostStatus[];
  /** Empty when no SLURM cluster is reachable. */
  partitions: PartitionStatus[];
  queued: number;
  running: number;
}
