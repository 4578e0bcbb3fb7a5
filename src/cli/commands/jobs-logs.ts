import { isTerminalJobState, type Job } from '../../sdk/index.js';
import type { CliContext } from '../context.js';
import { jobResult } from '../render/job-format.js';

export interface LogsOptions {
  follow?: boolean;
  rank?: number;
  attempt?: number;
}

// A read answers with what the log holds now; this many rounds is far past any real log and
// only stops a job that writes faster than we read from keeping `fw jobs logs` going for ever.
const MAX_READS = 10_000;

/** `fw jobs logs`: what one worker wrote so far, or with --follow everything until the job ends. */
export async function jobsLogs(ctx: CliContext, jobId: string, opts: LogsOptions): Promise<void> {
  if (opts.follow) {
    await followJob(ctx, jobId, opts);
    return;
  }
  const jobs = ctx.client().jobs;
  let offset = 0;
  for (let n = 0; n < MAX_READS; n++) {
    const page = await jobs.logs(jobId, {
      offset,
      ...(opts.rank !== undefined ? { rank: opts.rank } : {}),
      ...(opts.attempt !== undefined ? { attempt: opts.attempt } : {}),
    });
    ctx.io.out(page.text);
    if (page.nextOffset <= offset) break;
    offset = page.nextOffset;
  }
}

/**
 * Prints a worker's output as it comes (through retries, each announced on stderr) and a
 * last line on stderr saying how the job ended; resolves with the ended job.
 */
export async function followJob(ctx: CliContext, jobId: string, opts: Omit<LogsOptions, 'follow'>): Promise<Job> {
  const job = await ctx.client().jobs.follow(jobId, {
    onText: (text) => ctx.io.out(text),
    onAttempt: (attempt) => ctx.io.err(`--- attempt ${attempt} ---\n`),
    ...(opts.rank !== undefined ? { rank: opts.rank } : {}),
    ...(opts.attempt !== undefined ? { attempt: opts.attempt } : {}),
  });
  ctx.io.err(`job ${job.jobId} ${endedText(job)}\n`);
  return job;
}

const endedText = (job: Job): string =>
  isTerminalJobState(job.state) ? `${job.state}${job.exitCode !== null || job.reason ? ` (${jobResult(job, 120)})` : ''}` : job.state;
