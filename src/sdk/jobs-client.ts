import {
  isTerminalJobState,
  type ComputeStatus,
  type Job,
  type JobEvent,
  type JobState,
  type ListJobsRequest,
  type SubmitJobRequest,
} from '../core/compute-types.js';
import { FlywheelError } from '../core/errors.js';
import type { Page } from '../core/tracking-types.js';
import { followLogs, type FollowLogsOptions } from './jobs-follow.js';
import { computeStatusFromWire, jobEventFromWire, jobFromWire, jobsRoutes, listToQuery, submitToWire } from '../contracts/jobs.js';
import { decodeResponse } from './decode.js';
import type { RestClient } from './rest-client.js';
import { abortableSleep } from './sleep.js';

export interface JobLogsOptions {
  /** The worker (default 0); a distributed job has one log per worker. */
  rank?: number;
  /** Default: the job's current attempt. */
  attempt?: number;
  /** Byte offset to read from (default 0): the `nextOffset` of the previous read. */
  offset?: number;
  signal?: AbortSignal;
}

export interface JobLogs {
  text: string;
  /** Where the next read starts; equal to the offset asked for when nothing was new. */
  nextOffset: number;
  /** The job's state when the server answered. */
  state: JobState;
}

export interface WaitForJobOptions {
  /** Give up after this long (default: wait for ever). */
  timeoutMs?: number;
  /** The longest wait between two looks (default 2 s); the first looks come sooner. */
  pollMs?: number;
  signal?: AbortSignal;
}

export type { FollowLogsOptions } from './jobs-follow.js';

/**
 * The compute jobs API (`/api/v1/jobs`, docs/jobs-api.md): submit commands to run on this
 * machine or a SLURM cluster, watch them, read their logs. Reached as `fw.jobs`.
 *
 * @example
 * const fw = new Flywheel();
 * const job = await fw.jobs.submit({ command: ['python', 'train.py'], resources: { gpus: 1, memoryMb: 8192 } });
 * const ended = await fw.jobs.follow(job.jobId, { onText: (t) => process.stdout.write(t) });
 * console.log(ended.state, ended.exitCode);
 */
export class JobsClient {
  constructor(private readonly rest: RestClient) {}

  async submit(req: SubmitJobRequest): Promise<Job> {
    const res = decodeResponse(jobsRoutes.submit, await this.rest.v1('POST', 'jobs', submitToWire(req)));
    return jobFromWire(res.job);
  }

  /** One page of jobs, newest first. */
  async list(req: ListJobsRequest = {}): Promise<Page<Job>> {
    const res = decodeResponse(jobsRoutes.list, await this.rest.request('GET', '/api/v1/jobs', { query: listToQuery(req) }));
    const token = res.next_page_token;
    return { items: res.jobs.map(jobFromWire), ...(token ? { nextPageToken: token } : {}) };
  }

  async get(jobId: string, options: { signal?: AbortSignal } = {}): Promise<Job> {
    const res = decodeResponse(jobsRoutes.get, await this.rest.request('GET', jobPath(jobId), options.signal ? { signal: options.signal } : {}));
    return jobFromWire(res.job);
  }

  /** The job's state changes, oldest first. */
  async events(jobId: string): Promise<JobEvent[]> {
    const res = decodeResponse(jobsRoutes.events, await this.rest.request('GET', `${jobPath(jobId)}/events`));
    return res.events.map((e) => jobEventFromWire(e, jobId));
  }

  /** What one worker of one attempt has written from `offset` on, up to now. */
  async logs(jobId: string, options: JobLogsOptions = {}): Promise<JobLogs> {
    const offset = options.offset ?? 0;
    const { bytes, headers } = await this.rest.requestBytes('GET', `${jobPath(jobId)}/logs`, {
      query: { rank: options.rank, attempt: options.attempt, offset },
      headers: { accept: 'text/plain' },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const state = (headers.get('x-job-state') ?? '') as JobState;
    const headerOffset = Number(headers.get('x-log-offset'));
    const end = Number.isFinite(headerOffset) && headerOffset >= offset ? headerOffset : offset + bytes.length;
    // A writer may be caught halfway through a multi-byte character: leave those bytes for
    // the next read instead of decoding them into U+FFFD. An ended log is complete as it is.
    const cut = isTerminalJobState(state) || end !== offset + bytes.length ? 0 : incompleteUtf8Tail(bytes);
    return { text: new TextDecoder().decode(bytes.subarray(0, bytes.length - cut)), nextOffset: end - cut, state };
  }

  /**
   * Hands a worker's output to `onText` as it is written, through every later attempt,
   * and resolves with the job once it has ended and its output is all delivered.
   */
  follow(jobId: string, options: FollowLogsOptions): Promise<Job> {
    return followLogs(this.rest, this, jobId, options);
  }

  /** Queued: cancelled at once; running: stopped (SIGTERM, then SIGKILL). */
  async cancel(jobId: string): Promise<Job> {
    const res = decodeResponse(jobsRoutes.cancel, await this.rest.request('POST', `${jobPath(jobId)}/cancel`, { body: {} }));
    return jobFromWire(res.job);
  }

  /** Queues an ended job again as its next attempt. */
  async retry(jobId: string): Promise<Job> {
    const res = decodeResponse(jobsRoutes.retry, await this.rest.request('POST', `${jobPath(jobId)}/retry`, { body: {} }));
    return jobFromWire(res.job);
  }

  /** Resolves with the job once it is in a terminal state. */
  async waitFor(jobId: string, options: WaitForJobOptions = {}): Promise<Job> {
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    const maxPoll = options.pollMs ?? 2000;
    for (let n = 0; ; n++) {
      const job = await this.get(jobId, options.signal ? { signal: options.signal } : {});
      if (isTerminalJobState(job.state)) return job;
      // Short jobs end within a second; look often at first, then settle at pollMs.
      const delay = Math.min(maxPoll, 100 * 2 ** n);
      if (Date.now() + delay > deadline) {
        throw new FlywheelError('UNAVAILABLE', `job ${jobId} did not end within ${options.timeoutMs} ms (it is ${job.state})`);
      }
      await abortableSleep(delay, options.signal);
    }
  }

  /** Hosts with what is in use, SLURM partitions, and how many jobs wait and run. */
  async status(): Promise<ComputeStatus> {
    return computeStatusFromWire(decodeResponse(jobsRoutes.status, await this.rest.request('GET', '/api/v1/compute/status')));
  }
}

const jobPath = (jobId: string): string => `/api/v1/jobs/${encodeURIComponent(jobId)}`;

/** How many bytes at the end of `bytes` start a UTF-8 character they do not finish. */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}
