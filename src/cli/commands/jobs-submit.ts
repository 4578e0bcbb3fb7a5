import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { EXECUTOR_KINDS, type ExecutorKind, type Job, type JobResources, type SubmitJobRequest } from '../../sdk/index.js';
import type { CliContext } from '../context.js';
import {
  collectEnv,
  collectLabel,
  parseDurationSeconds,
  parseInteger,
  parseMemoryMb,
  parseNonNegativeInt,
} from '../job-parsers.js';
import { parsePositiveInt } from '../parsers.js';
import { followJob } from './jobs-logs.js';

interface SubmitOptions {
  name?: string;
  cpus?: number;
  memory?: number;
  gpus?: number;
  gpusPerNode?: number;
  nodes?: number;
  priority?: number;
  queue?: string;
  executor?: ExecutorKind;
  partition?: string;
  timeout?: number;
  retries?: number;
  label?: Record<string, string>;
  env?: Record<string, string>;
  cwd?: string;
  experimentId?: string;
  follow?: boolean;
  json?: boolean;
}

/** `fw jobs submit [options] -- <command...>`. */
export function registerJobSubmit(jobs: Command, ctx: CliContext): void {
  jobs
    .command('submit')
    .description('run a command as a job, and print its id')
    .argument('<command...>', 'the command and its arguments; options after the command are passed to it')
    // Options after the command belong to the command: `fw jobs submit python train.py --lr 0.1`.
    .passThroughOptions()
    .option('--name <name>', 'a name for the job, shown in lists')
    .option('--cpus <n>', 'CPUs per worker', parsePositiveInt)
    .option('--memory <size>', 'memory per worker: 512M, 4G, 1.5T (a bare number is MiB)', parseMemoryMb)
    .option('--gpus <n>', 'GPUs per worker', parseNonNegativeInt)
    .option('--gpus-per-node <n>', 'the same as --gpus (SLURM spelling)', parseNonNegativeInt)
    .option('--nodes <n>', 'workers (SLURM: one per node; local: processes on this host)', parsePositiveInt)
    .option('--priority <n>', 'higher runs first (may be negative; default 0)', parseInteger)
    .option('--queue <name>', 'the queue to wait in (default: default)')
    .addOption(new Option('--executor <kind>', 'where to run it').choices(EXECUTOR_KINDS))
    .option('--partition <name>', "SLURM partition (default: the cluster's default)")
    .option('--timeout <duration>', 'stop the job after this long: 90s, 30m, 2h (a bare number is seconds)', parseDurationSeconds)
    .option('--retries <n>', 'run again this many times after a failure', parseNonNegativeInt)
    .option('--label <key=value>', 'a label to filter jobs by (repeatable)', collectLabel)
    .option('--env <NAME=value>', 'an environment variable for the command (repeatable)', collectEnv)
    .option('--cwd <dir>', 'the working directory (default: the current one)')
    .option('--experiment-id <id>', "the experiment of the job's run (default 0)")
    .option('-f, --follow', "print the job's output until it ends, and exit with its exit code")
    .option('--json', 'print the job as JSON (with --follow: the ended job, without its output)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        "  fw jobs submit --gpus 1 --memory 16G --timeout 2h -- python train.py --lr 0.01",
        "  fw jobs submit --nodes 2 --executor slurm --partition gpu -- torchrun train.py",
        "  fw jobs submit --follow -- sh -c 'echo hi'",
      ].join('\n'),
    )
    .action(async (command: string[], opts: SubmitOptions, cmd: Command) => {
      if (opts.gpus !== undefined && opts.gpusPerNode !== undefined && opts.gpus !== opts.gpusPerNode) {
        cmd.error('error: --gpus and --gpus-per-node mean the same; give one of them', { code: 'fw.usage' });
      }
      const job = await ctx.client().jobs.submit(submitRequest(command, opts));
      if (!opts.follow) {
        if (opts.json) return ctx.json(job);
        ctx.io.out(`${job.jobId}\n`);
        return;
      }
      const ended = opts.json ? await ctx.client().jobs.waitFor(job.jobId) : await followSubmitted(ctx, job);
      if (opts.json) ctx.json(ended);
      ctx.exitCode = jobExitCode(ended);
    });
}

async function followSubmitted(ctx: CliContext, job: Job): Promise<Job> {
  ctx.io.err(`job ${job.jobId} submitted (${job.state}); its output follows. Ctrl-C stops following, not the job.\n`);
  return followJob(ctx, job.jobId, {});
}

function submitRequest(command: string[], opts: SubmitOptions): SubmitJobRequest {
  const resources: Partial<JobResources> = {};
  if (opts.cpus !== undefined) resources.cpus = opts.cpus;
  if (opts.memory !== undefined) resources.memoryMb = opts.memory;
  const gpus = opts.gpus ?? opts.gpusPerNode;
  if (gpus !== undefined) resources.gpus = gpus;
  if (opts.nodes !== undefined) resources.nodes = opts.nodes;
  return {
    command,
    // Absolute: the server may run in another directory than this shell.
    cwd: resolve(opts.cwd ?? process.cwd()),
    ...(Object.keys(resources).length > 0 ? { resources } : {}),
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
    ...(opts.queue !== undefined ? { queue: opts.queue } : {}),
    ...(opts.executor !== undefined ? { executor: opts.executor } : {}),
    ...(opts.partition !== undefined ? { partition: opts.partition } : {}),
    ...(opts.timeout !== undefined ? { timeoutSeconds: opts.timeout } : {}),
    ...(opts.retries !== undefined ? { maxRetries: opts.retries } : {}),
    ...(opts.label !== undefined ? { labels: opts.label } : {}),
    ...(opts.env !== undefined ? { env: opts.env } : {}),
    ...(opts.experimentId !== undefined ? { experimentId: opts.experimentId } : {}),
  };
}

/**
 * The exit code of `submit --follow`: the job's own when it has one, so `fw jobs submit -f`
 * can stand in for running the command; 1 when it ended without one (cancelled, lost) or
 * failed with 0 (a timeout that killed a process which then exited cleanly).
 */
export function jobExitCode(job: Job): number {
  if (job.state === 'succeeded') return 0;
  return job.exitCode !== null && job.exitCode > 0 && job.exitCode < 256 ? job.exitCode : 1;
}
