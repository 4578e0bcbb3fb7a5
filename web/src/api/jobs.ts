import { v1, v1Bytes } from './client';
import type { ComputeStatus, ExecutorKind, Job, JobEvent, JobState } from './jobs-types';

// Typed calls to the jobs API (docs/jobs-api.md). Pages compose these; none holds state.

export interface JobListQuery {
  states?: readonly JobState[];
  /** Every label given must match. */
  labels?: Record<string, string>;
  executor?: ExecutorKind;
  queue?: string;
  maxResults?: number;
  pageToken?: string;
}

/** The API's largest page. */
export const MAX_JOBS_PAGE = 1000;

/** One page of jobs, newest first. */
export const listJobs = (q: JobListQuery, signal?: AbortSignal) =>
  v1<{ jobs?: Job[]; next_page_token?: string }>(
    'GET',
    'jobs',
    {
      state: q.states && q.states.length > 0 ? q.states : undefined,
      label: q.labels ? Object.entries(q.labels).map(([k, v]) => `${k}=${v}`) : undefined,
      executor: q.executor,
      queue: q.queue,
      max_results: q.maxResults,
      page_token: q.pageToken,
    },
    signal,
  ).then((page) => ({ jobs: page.jobs ?? [], nextPageToken: page.next_page_token }));

/** Every job that matches, up to `cap` (the rest is left out, and `more` says so). */
export async function listAllJobs(q: Omit<JobListQuery, 'pageToken' | 'maxResults'>, cap: number, signal?: AbortSignal): Promise<{ jobs: Job[]; more: boolean }> {
  const jobs: Job[] = [];
  let token: string | undefined;
  do {
    const page = await listJobs({ ...q, maxResults: Math.min(MAX_JOBS_PAGE, cap - jobs.length), ...(token ? { pageToken: token } : {}) }, signal);
    jobs.push(...page.jobs);
    token = page.nextPageToken;
  } while (token && jobs.length < cap);
  return { jobs, more: token !== undefined };
}

const path = (jobId: string, rest = '') => `jobs/${encodeURIComponent(jobId)}${rest}`;

export const getJob = async (jobId: string, signal?: AbortSignal): Promise<Job> => (await v1<{ job: Job }>('GET', path(jobId), undefined, signal)).job;

/** State changes, oldest first. */
export const jobEvents = async (jobId: string, signal?: AbortSignal): Promise<JobEvent[]> =>
  (await v1<{ events?: JobEvent[] }>('GET', path(jobId, '/events'), undefined, signal)).events ?? [];

export const cancelJob = async (jobId: string): Promise<Job> => (await v1<{ job: Job }>('POST', path(jobId, '/cancel'))).job;
export const retryJob = async (jobId: string): Promise<Job> => (await v1<{ job: Job }>('POST', path(jobId, '/retry'))).job;

export const computeStatus = (signal?: AbortSignal) => v1<ComputeStatus>('GET', 'compute/status', undefined, signal);

export interface LogRead {
  /** Raw bytes: a read may end inside a UTF-8 character, so the caller decodes in stream mode. */
  bytes: Uint8Array;
  /** Where the next read starts. */
  nextOffset: number;
  /** The log's length in bytes when the server answered (`x-log-size`); undefined if a proxy stripped the header. */
  size: number | undefined;
  /** The job's state when the server answered. */
  state: JobState | undefined;
}

/** The bytes of one worker's log of one attempt from `offset` on. */
export async function readJobLog(
  req: { jobId: string; rank: number; attempt?: number; offset: number; /** Most bytes (the server caps it at 1 MiB). */ limit?: number },
  signal?: AbortSignal,
): Promise<LogRead> {
  const { bytes, headers } = await v1Bytes(
    path(req.jobId, '/logs'),
    {
      rank: req.rank,
      offset: req.offset,
      ...(req.attempt !== undefined ? { attempt: req.attempt } : {}),
      ...(req.limit !== undefined ? { limit: req.limit } : {}),
    },
    signal,
  );
  const next = Number(headers.get('x-log-offset') ?? NaN);
  const size = Number(headers.get('x-log-size') ?? NaN);
  return {
    bytes,
    // Without the header (a proxy that strips it), the bytes read say where the next read
    // starts. (`?? NaN`: Number(null) is 0, which would read offset 0 forever.)
    nextOffset: Number.isFinite(next) && next >= req.offset ? next : req.offset + bytes.length,
    size: Number.isFinite(size) && size >= 0 ? size : undefined,
    state: (headers.get('x-job-state') ?? undefined) as JobState | undefined,
  };
}
