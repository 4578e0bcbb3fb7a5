import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { renderComputeStatus } from '../render/compute-status.js';

/** `fw compute status`. */
export function registerComputeCommands(program: Command, ctx: CliContext): void {
  const compute = program.command('compute').description('the machines jobs run on');
  compute
    .command('status')
    .description('hosts with their CPU, memory and GPU use, SLURM partitions, and how many jobs wait and run')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const status = await ctx.client().jobs.status();
      if (opts.json) return ctx.json(status);
      ctx.io.out(renderComputeStatus(status));
    });
}
