/**
 * The compute domain (jobs), shared by the server (src/compute) and the SDK, which may
 * import nothing but src/core. Times are epoch milliseconds; memory is in MiB.
 */

/**
 * A job's life: queued -> starting -> running -> one of the terminal states. A job with
 * retries left goes from failed/timed_out/lost back to queued with the next attempt.
 */
export const JOB_STATES = [
  'queued',
  'starting',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
  'lost',
] as const;
export type JobState = (typeof JOB_STATES)[number];

export const TERMINAL_JOB_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled', 'timed_out', 'lost'];
export const isTerminalJobState = (s: JobState): boolean => TERMINAL_JOB_STATES.includes(s);

export const EXECUTOR_KINDS = ['local', 'slurm'] as const;
export type ExecutorKind = (typeof EXECUTOR_KINDS)[number];

/**
 * What one worker needs. A distributed job has `nodes` workers (SLURM: one task per node;
 * local: `nodes` processes on this host), each with these CPUs, memory and GPUs.
 */
export interface JobResources {
  cpus: number;
  memoryMb: number;
  gpus: number;
  nodes: number;
}

/** CPU time and peak memory of an attempt, where the executor can tell. */
export interface JobUsage {
  cpuUserSeconds: number | null;
  cpuSystemSeconds: number | null;
  maxRssMb: number | null;
  wallSeconds: number | null;
}

export interface Job {
  jobId: string;
  name: string;
  command: string[];
  cwd: string;
  env: Record<string, string>;
  resources: JobResources;
  /** Higher runs first. */
  priority: number;
  /** The pool the job waits in (`default` unless given). */
  queue: string;
  executor: ExecutorKind;
  /** SLURM partition; null means the cluster's default. */
  partition: string | null;
  timeoutSeconds: number | null;
  maxRetries: number;
  /** 1 for the first try; each retry (automatic or asked for) adds one. */
  attempt: number;
  labels: Record<string, string>;
  state: JobState;
  /** Why the job is in its state (a failure, a cancel, what it waits for), for people. */
  reason: string | null;
  exitCode: number | null;
  runId: string;
  experimentId: string;
  createdTime: number;
  startTime: number | null;
  endTime: number | null;
  /** Where it runs: the host name (local) or the node list (SLURM). */
  host: string | null;
  /** GPUs given to each worker, by index on its host (local executor). */
  gpuIndices: number[][];
  /** The executor's id: process group id (local) or SLURM job id. */
  externalId: string | null;
  usage: JobUsage | null;
}

export interface JobEvent {
  jobId: string;
  time: number;
  state: JobState;
  attempt: number;
  reason: string | null;
  exitCode: number | null;
}

/** What a user asks for. Everything but `command` has a default. */
export interface SubmitJobRequest {
  command: string[];
  name?: string;
  cwd?: string;
  env?: Record<string, string>;
  resources?: Partial<JobResources>;
  priority?: number;
  queue?: string;
  executor?: ExecutorKind;
  partition?: string;
  timeoutSeconds?: number;
  maxRetries?: number;
  labels?: Record<string, string>;
  /** The experiment of the job's run; default "0" (MLflow's Default). */
  experimentId?: string;
}

export interface ListJobsRequest {
  states?: JobState[];
  /** Every label given must match. */
  labels?: Record<string, string>;
  executor?: ExecutorKind;
  queue?: string;
  maxResults?: number;
  pageToken?: string;
}

export interface GpuInfo {
  index: number;
  name: string;
  memoryMb: number | null;
  uuid: string | null;
}

/** A machine the local executor places jobs on, with what is in use now. */
export interface HostStatus {
  name: string;
  executor: ExecutorKind;
  cpus: number;
  memoryMb: number;
  gpus: GpuInfo[];
  used: { cpus: number; memoryMb: number; gpuIndices: number[] };
  runningJobs: number;
}

/** A SLURM partition as `sinfo` reports it. */
export interface PartitionStatus {
  name: string;
  isDefault: boolean;
  state: string;
  nodes: number;
  /** Per node. */
  cpus: number;
  memoryMb: number;
  gpus: number;
  /** Minutes; null when unlimited. */
  maxTimeMinutes: number | null;
}

export interface ComputeStatus {
  hosts: HostStatus[];
  /** Empty when no SLURM cluster is reachable. */
  partitions: PartitionStatus[];
  queued: number;
  running: number;
}
