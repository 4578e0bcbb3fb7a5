import type { ComputeStatus, Job, JobEvent, JobState, ListJobsRequest, SubmitJobRequest } from '../core/compute-types.js';
import type { Page } from '../core/tracking-types.js';

export interface LogChunk {
  data: Buffer;
  /** Where the next read starts. */
  nextOffset: number;
  state: JobState;
  /** True when the attempt has ended and everything it wrote has been read. */
  complete: boolean;
  /** The log's length so far, so a reader can start near its end. */
  size: number;
}

export interface ReadLogRequest {
  jobId: string;
  rank?: number;
  /** Default: the job's current attempt. */
  attempt?: number;
  offset?: number;
  /** Most bytes returned (default 1 MiB). */
  limit?: number;
}

/**
 * What the compute module offers to the HTTP layer, the CLI and other modules (tuning
 * submits its trials here). Methods validate and throw FlywheelError for bad input.
 */
export interface ComputeApi {
  submit(req: SubmitJobRequest): Promise<Job>;
  get(jobId: string): Promise<Job>;
  list(req: ListJobsRequest): Promise<Page<Job>>;
  events(jobId: string): Promise<JobEvent[]>;
  /**
   * Queued: cancelled at once. Starting or running: stopped (SIGTERM, then SIGKILL). `reason`
   * (default "cancelled by user") is the job's reason, for the one who stopped it (a sweep).
   */
  cancel(jobId: string, options?: { reason?: string }): Promise<Job>;
  /** Queues a job that has ended again, as its next attempt. */
  retry(jobId: string): Promise<Job>;
  readLog(req: ReadLogRequest): Promise<LogChunk>;
  status(): Promise<ComputeStatus>;
  /** Queued job ids in the order the scheduler considers them now (aging included). */
  queueOrder(): string[];
  /**
   * Calls `listener` with a job's id each time one of its attempts has ended and its new state
   * is stored (so `get` already shows it). For reacting at once instead of polling (sweeps).
   */
  onJobEnded(listener: (jobId: string) => void): void;
}
