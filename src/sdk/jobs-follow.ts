import { isTerminalJobState, type Job } from '../core/compute-types.js';
import { FlywheelError, invalidArgument } from '../core/errors.js';
import type { RestClient } from './rest-client.js';
import { abortableSleep } from './sleep.js';

export interface FollowLogsOptions {
  /** The worker (default 0). */
  rank?: number;
  /** Start with this attempt (default: the job's current one); later attempts follow. */
  attempt?: number;
  /** Each piece of output, decoded as UTF-8, in order. */
  onText(text: string): void;
  /** A retry started attempt `attempt`; its output comes next. */
  onAttempt?(attempt: number, job: Job): void;
  /** Stops following (the job keeps running); the promise rejects. */
  signal?: AbortSignal;
  /** How long to wait between looks while no output can flow (queued, starting); default 1 s. */
  pollMs?: number;
}

interface JobReader {
  get(jobId: string, options?: { signal?: AbortSignal }): Promise<Job>;
}

/**
 * Follows one worker's log through the job's attempts. Each round streams the attempt's
 * log with `follow=true` (the server holds the answer open until the attempt ends), then
 * looks at the job: ended, on to a later attempt, or not started yet. A server that ends the
 * stream early, or does not stream at all, is simply asked again from the byte offset
 * reached, so the output is delivered exactly once either way.
 */
export async function followLogs(rest: RestClient, jobs: JobReader, jobId: string, options: FollowLogsOptions): Promise<Job> {
  const { signal } = options;
  const rank = options.rank ?? 0;
  const pollMs = options.pollMs ?? 1000;
  const withSignal = signal ? { signal } : {};
  let job = await jobs.get(jobId, withSignal);
  if (!Number.isInteger(rank) || rank < 0 || rank >= job.resources.nodes) {
    throw invalidArgument(`job ${jobId} has ${job.resources.nodes} worker(s), ranks 0 to ${job.resources.nodes - 1}; there is no rank ${rank}`);
  }
  let attempt = options.attempt ?? job.attempt;
  // One decoder per attempt, kept across reconnections, so a character split between two
  // answers is still decoded whole.
  let log = new AttemptLog(rest, { jobId, rank, attempt, onText: options.onText, signal });

  for (;;) {
    const waiting = job.attempt === attempt && job.state === 'queued';
    const received = waiting ? 0 : await log.stream();
    job = await jobs.get(jobId, withSignal);
    if (job.attempt > attempt || isTerminalJobState(job.state)) {
      // The stream may have stopped short of the end (a dropped connection): read the rest.
      await log.drain();
      if (job.attempt === attempt) return job;
      attempt += 1;
      log = new AttemptLog(rest, { jobId, rank, attempt, onText: options.onText, signal });
      options.onAttempt?.(attempt, job);
      continue;
    }
    if (received === 0) await abortableSleep(pollMs, signal);
  }
}

/** One attempt's log of one worker, read from where the last read stopped. */
class AttemptLog {
  private offset = 0;
  private readonly decoder = new TextDecoder();
  private readonly path: string;

  constructor(
    private readonly rest: RestClient,
    private readonly at: { jobId: string; rank: number; attempt: number; onText(text: string): void; signal: AbortSignal | undefined },
  ) {
    this.path = `/api/v1/jobs/${encodeURIComponent(at.jobId)}/logs`;
  }

  /** Streams until the server ends the answer; resolves how many bytes came. */
  async stream(): Promise<number> {
    let response: Response;
    try {
      // No time limit: a followed log may stay silent for hours. The caller's signal stops it.
      response = await this.rest.stream('GET', this.path, { ...this.request(true), timeoutMs: 0 });
    } catch (e) {
      if (isNotFound(e)) return 0; // no log yet (the attempt is starting)
      throw e;
    }
    if (!response.body) return 0;
    const reader = response.body.getReader();
    let received = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        this.take(value);
      }
    } catch (e) {
      if (this.at.signal?.aborted) throw this.rest.readError(e, { signal: this.at.signal });
      // The connection dropped: what arrived counts, and the next round goes on from there.
    }
    return received;
  }

  /** Reads what is left of an ended attempt and flushes the decoder. */
  async drain(): Promise<void> {
    for (;;) {
      let bytes: Uint8Array;
      try {
        ({ bytes } = await this.rest.requestBytes('GET', this.path, this.request(false)));
      } catch (e) {
        if (isNotFound(e)) break; // the attempt never wrote anything (cancelled while queued)
        throw e;
      }
      if (bytes.length === 0) break;
      this.take(bytes);
    }
    const rest = this.decoder.decode();
    if (rest !== '') this.at.onText(rest);
  }

  private take(bytes: Uint8Array): void {
    this.offset += bytes.byteLength;
    const text = this.decoder.decode(bytes, { stream: true });
    if (text !== '') this.at.onText(text);
  }

  private request(follow: boolean) {
    return {
      query: { rank: this.at.rank, attempt: this.at.attempt, offset: this.offset, ...(follow ? { follow: 'true' } : {}) },
      headers: { accept: 'text/plain' },
      ...(this.at.signal ? { signal: this.at.signal } : {}),
    };
  }
}

const isNotFound = (e: unknown): boolean => e instanceof FlywheelError && e.code === 'NOT_FOUND';
