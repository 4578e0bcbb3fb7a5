import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { parsePositiveInt } from '../parsers.js';
import { renderQueryResult } from '../render/data-tables.js';
import { formatBytes } from '../render/format.js';

const parseVersions = (value: string): number[] => value.split(',').map((v) => parsePositiveInt(v.trim()));

/** `fw data query|gc|push|pull`. */
export function registerDataAdmin(data: Command, ctx: CliContext): void {
  data
    .command('query')
    .description("SQL (DuckDB) over a version's files, named by their paths")
    .argument('<ref>', 'the version: pets@2, pets@train-v3, pets (latest)')
    .argument('<sql>', `e.g. "select label, count(*) from 'labels.csv' group by label"`)
    .option('--max-rows <n>', 'return at most this many rows (default 1000)', parsePositiveInt)
    .option('--json', 'print JSON')
    .action(async (ref: string, sql: string, opts: { maxRows?: number; json?: boolean }) => {
      const result = await ctx.client().data.query(ref, sql, opts.maxRows !== undefined ? { maxRows: opts.maxRows } : {});
      if (opts.json) return ctx.json(result);
      ctx.io.out(renderQueryResult(result));
    });

  data
    .command('gc')
    .description('delete stored objects that no dataset version, manifest or artifact uses')
    .option('--dry-run', 'only count them')
    .option('--json', 'print JSON')
    .action(async (opts: { dryRun?: boolean; json?: boolean }) => {
      const r = await ctx.client().data.gc({ dryRun: opts.dryRun ?? false });
      if (opts.json) return ctx.json(r);
      const what = `${r.objects.toLocaleString('en-US')} unused object${r.objects === 1 ? '' : 's'} (${formatBytes(r.bytes)})`;
      ctx.io.out(r.dryRun ? `would delete ${what}\n` : `deleted ${what}\n`);
    });

  data
    .command('push')
    .description("copy a dataset's versions and objects to a remote store")
    .argument('<dataset>', 'the dataset')
    .requiredOption('--remote <url>', 'e.g. s3://bucket/prefix')
    .option('--versions <list>', 'only these versions (comma-separated)', parseVersions)
    .option('--json', 'print JSON')
    .action(async (dataset: string, opts: { remote: string; versions?: number[]; json?: boolean }) => {
      const r = await ctx.client().data.push(dataset, opts.remote, opts.versions ? { versions: opts.versions } : {});
      if (opts.json) return ctx.json(r);
      ctx.io.out(`pushed ${dataset} to ${opts.remote}: ${r.objects.toLocaleString('en-US')} objects (${formatBytes(r.bytes)}) sent, ${r.skipped.toLocaleString('en-US')} already there\n`);
    });

  data
    .command('pull')
    .description('import the versions and objects of a dataset that a remote store has and this server lacks')
    .argument('<dataset>', 'the dataset')
    .requiredOption('--remote <url>', 'e.g. s3://bucket/prefix')
    .option('--json', 'print JSON')
    .action(async (dataset: string, opts: { remote: string; json?: boolean }) => {
      const r = await ctx.client().data.pull(dataset, opts.remote);
      if (opts.json) return ctx.json(r);
      ctx.io.out(`pulled ${dataset} from ${opts.remote}: ${r.versions} version${r.versions === 1 ? '' : 's'}, ${r.objects.toLocaleString('en-US')} objects (${formatBytes(r.bytes)})\n`);
    });
}
