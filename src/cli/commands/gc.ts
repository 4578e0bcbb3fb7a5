import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { parseAge } from '../parsers.js';

/** `fw gc`: permanently remove deleted runs (metrics, params, artifacts). */
export function registerGcCommand(program: Command, ctx: CliContext): void {
  program
    .command('gc')
    .description('permanently remove deleted runs with their metrics and artifacts')
    .option('--older-than <age>', 'only runs deleted longer ago than this (e.g. 30d, 12h, 90m)', parseAge)
    .option('--json', 'print JSON')
    .action(async (opts: { olderThan?: number; json?: boolean }) => {
      const purged = await ctx.client().purgeDeletedRuns(opts.olderThan !== undefined ? { olderThanMs: opts.olderThan } : {});
      if (opts.json) return ctx.json({ purgedRunIds: purged });
      ctx.io.out(`purged ${purged.length} deleted run${purged.length === 1 ? '' : 's'}\n`);
      for (const id of purged) ctx.io.out(`  ${id}\n`);
    });
}
