import type { ExecutorKind, JobResources, JobUsage, PartitionStatus } from '../../core/compute-types.js';

/**
 * The seam between the scheduler and whatever runs processes: local child processes or a
 * SLURM cluster. The service decides what starts when; an executor starts one attempt,
 * reports what happens to it through the sink, and can stop it. Executors keep no state
 * that a restart would lose: everything needed to find an attempt again is in the
 * `Launch` (its folder) and the external id the service stores.
 */
export interface Executor {
  readonly kind: ExecutorKind;

  /**
   * Refuses, with INVALID_ARGUMENT naming the limit, a request that could never run here
   * (more CPUs/memory/GPUs/nodes than any host or partition has, an unknown partition, a
   * timeout beyond the partition's time limit).
   * Throws UNAVAILABLE when the backend is not there at all (no `sbatch` on PATH).
   */
  validate(resources: JobResources, partition: string | null, timeoutSeconds?: number | null): Promise<void>;

  /**
   * Starts an attempt. Resolves once it is handed over (processes spawned, or `sbatch`
   * answered) with the id to store; `running` and `finished` follow through the sink.
   */
  start(launch: Launch): Promise<Started>;

  /**
   * After a server restart: finds an attempt this executor may have started (by its folder
   * and `externalId`, which is null when the server died before storing it). Either
   * re-attaches (reports through the sink as if it had started it) and returns 'attached',
   * reports it finished (the sink's `finished` is called) and returns 'finished', or
   * returns 'not_started' when nothing ever ran, so the service may start it again.
   */
  recover(launch: Launch, externalId: string | null): Promise<'attached' | 'finished' | 'not_started'>;

  /**
   * Stops an attempt: SIGTERM to every worker's process group, SIGKILL after the grace
   * period (local); `scancel` (SLURM). The attempt then ends through the sink with the
   * state given here ('cancelled' or 'timed_out') and the reason.
   */
  stop(jobId: string, attempt: number, how: { state: 'cancelled' | 'timed_out'; reason: string }): Promise<void>;

  /** Partitions (SLURM) for the status page; [] for the local executor. */
  partitions(): Promise<PartitionStatus[]>;

  /** Stops polling and timers. Running attempts are left running, to be recovered. */
  close(): Promise<void>;
}

/** One attempt of a job, as the executor needs it. */
export interface Launch {
  jobId: string;
  attempt: number;
  /** For the cluster's job name and the UI. */
  name: string;
  command: string[];
  cwd: string;
  /** The complete environment of every worker (the service adds FW_*, MLFLOW_* here). */
  env: Record<string, string>;
  resources: JobResources;
  partition: string | null;
  timeoutSeconds: number | null;
  /**
   * GPU indices per worker chosen by the scheduler (local executor); the executor sets
   * CUDA_VISIBLE_DEVICES from them. Empty for SLURM, which picks GPUs itself.
   */
  gpuIndices: number[][];
  /**
   * This attempt's own folder, on a filesystem the workers can write to. Logs go here:
   * `output.log` for a one-worker job, `rank-<N>.log` for each worker of a distributed one.
   */
  dir: string;
}

export interface Started {
  externalId: string;
  host: string | null;
}

/** What an ended attempt tells the service. */
export interface Outcome {
  state: 'succeeded' | 'failed' | 'cancelled' | 'timed_out' | 'lost';
  exitCode: number | null;
  reason: string | null;
  usage: JobUsage | null;
  /** Log files to keep as artifacts of the run, by the name they get under `logs/`. */
  logs: { name: string; path: string }[];
  /**
   * When the attempt ended (ms since the epoch) as the backend recorded it: the exit
   * files' time (local), SLURM's EndTime. A job that ended while no server watched keeps
   * its true end, not the time a restarted server noticed. Absent: the time it is reported.
   */
  endTime?: number;
}

/** How an executor reports. Calls for an attempt come in order: running, then finished. */
export interface ExecutionSink {
  running(jobId: string, attempt: number, detail: { host: string | null; externalId: string }): void;
  finished(jobId: string, attempt: number, outcome: Outcome): void;
}

/** Worker environment conventions of torchrun / PyTorch distributed. */
export interface WorkerEnv {
  MASTER_ADDR: string;
  MASTER_PORT: string;
  WORLD_SIZE: string;
  RANK: string;
  LOCAL_RANK: string;
  LOCAL_WORLD_SIZE: string;
}
