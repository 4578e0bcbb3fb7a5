import { Option, type Command } from 'commander';
import { EXECUTOR_KINDS, type ExecutorKind, type Job, type JobState } from '../../sdk/index.js';
import type { CliContext } from '../context.js';
import { collectLabel, collectStates, parseNonNegativeInt } from '../job-parsers.js';
import { parsePositiveInt } from '../parsers.js';
import { renderJobDetails } from '../render/job-details.js';
import { renderEventsTable, renderJobsTable } from '../render/jobs-table.js';
import { jobsLogs, type LogsOptions } from './jobs-logs.js';
import { registerJobSubmit } from './jobs-submit.js';

interface ListOptions {
  state?: JobState[];
  label?: Record<string, string>;
  executor?: ExecutorKind;
  queue?: string;
  limit: number;
  json?: boolean;
}

// The server caps one page at this many jobs.
const PAGE_SIZE = 1000;

/** `fw jobs submit|list|show|logs|events|cancel|retry`. */
export function registerJobCommands(program: Command, ctx: CliContext): void {
  // Needed by `submit`, whose options stop at the command it runs (see passThroughOptions there).
  const jobs = program.command('jobs').description('submit commands to run, and watch and control them').enablePositionalOptions();
  registerJobSubmit(jobs, ctx);

  jobs
    .command('list')
    .description('list jobs, newest first')
    .option('-s, --state <states>', 'only jobs in these states: queued, starting, running, succeeded, failed, cancelled, timed_out, lost (comma-separated or repeated)', collectStates)
    .option('-l, --label <key=value>', 'only jobs with this label (repeatable: all must match)', collectLabel)
    .addOption(new Option('--executor <kind>', 'only jobs of this executor').choices(EXECUTOR_KINDS))
    .option('--queue <name>', 'only jobs of this queue')
    .option('-n, --limit <n>', 'show at most this many jobs', parsePositiveInt, 20)
    .option('--json', 'print JSON (every field of every job)')
    .action(async (opts: ListOptions) => {
      const client = ctx.client();
      const list: Job[] = [];
      let pageToken: string | undefined;
      do {
        const page = await client.jobs.list({
          maxResults: Math.min(PAGE_SIZE, opts.limit - list.length),
          ...(opts.state ? { states: opts.state } : {}),
          ...(opts.label ? { labels: opts.label } : {}),
          ...(opts.executor ? { executor: opts.executor } : {}),
          ...(opts.queue ? { queue: opts.queue } : {}),
          ...(pageToken ? { pageToken } : {}),
        });
        for (const job of page.items) if (list.length < opts.limit) list.push(job);
        pageToken = page.nextPageToken;
      } while (pageToken !== undefined && list.length < opts.limit);
      if (opts.json) return ctx.json(list);
      ctx.io.out(renderJobsTable(list, ctx.io.now()));
      if (pageToken !== undefined) ctx.io.out(`(first ${list.length} jobs shown; raise --limit for more)\n`);
    });

  jobs
    .command('show')
    .description('show one job: command, resources, state, and its events')
    .argument('<job-id>', 'the job id')
    .option('--json', 'print JSON')
    .action(async (jobId: string, opts: { json?: boolean }) => {
      const client = ctx.client();
      const [job, events] = await Promise.all([client.jobs.get(jobId), client.jobs.events(jobId)]);
      if (opts.json) return ctx.json({ job, events });
      ctx.io.out(renderJobDetails(job, events, ctx.io.now()));
    });

  jobs
    .command('logs')
    .description("print a job's output (one worker's: rank 0 unless --rank)")
    .argument('<job-id>', 'the job id')
    .option('-f, --follow', 'keep printing until the job ends (through its retries)')
    .option('--rank <n>', 'the worker of a distributed job (default 0)', parseNonNegativeInt)
    .option('--attempt <n>', 'an earlier attempt (default: the current one)', parsePositiveInt)
    .action((jobId: string, opts: LogsOptions) => jobsLogs(ctx, jobId, opts));

  jobs
    .command('events')
    .description("a job's state changes, oldest first")
    .argument('<job-id>', 'the job id')
    .option('--json', 'print JSON')
    .action(async (jobId: string, opts: { json?: boolean }) => {
      const events = await ctx.client().jobs.events(jobId);
      if (opts.json) return ctx.json(events);
      ctx.io.out(renderEventsTable(events));
    });

  jobs
    .command('cancel')
    .description('cancel jobs: queued ones at once, running ones are stopped (SIGTERM, then SIGKILL)')
    .argument('<job-ids...>', 'job ids')
    .option('--json', 'print the jobs as JSON')
    .action(async (ids: string[], opts: { json?: boolean }) => {
      const done: Job[] = [];
      // One bad id does not stop the others; the exit code still says something failed.
      for (const id of ids) {
        try {
          const job = await ctx.client().jobs.cancel(id);
          done.push(job);
          if (!opts.json) ctx.io.out(job.state === 'cancelled' ? `cancelled job ${job.jobId}\n` : `job ${job.jobId} is ${job.state}\n`);
        } catch (e) {
          ctx.reportError(e);
        }
      }
      if (opts.json) ctx.json(done);
    });

  jobs
    .command('retry')
    .description('queue an ended job again, as its next attempt')
    .argument('<job-id>', 'the job id')
    .option('--json', 'print the job as JSON')
    .action(async (jobId: string, opts: { json?: boolean }) => {
      const job = await ctx.client().jobs.retry(jobId);
      if (opts.json) return ctx.json(job);
      ctx.io.out(`job ${job.jobId} is ${job.state} again, as attempt ${job.attempt}\n`);
    });
}
