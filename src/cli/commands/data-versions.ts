import type { Command } from 'commander';
import type { DatasetProfile, ManifestEntry } from '../../sdk/index.js';
import type { CliContext } from '../context.js';
import { parsePositiveInt } from '../parsers.js';
import { renderVersionDetails } from '../render/data-details.js';
import { renderDataRunsTable, renderDatasetsTable, renderDiff, renderFilesTable, renderVersionsTable, versionName } from '../render/data-tables.js';

// The server caps one page of files at this many.
const FILES_PAGE = 1000;

/** `fw data list|log|show|diff|files|tag|untag|runs`. */
export function registerDataVersions(data: Command, ctx: CliContext): void {
  data
    .command('list')
    .description('list datasets')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const datasets = await ctx.client().data.list();
      if (opts.json) return ctx.json(datasets);
      ctx.io.out(renderDatasetsTable(datasets, ctx.io.now()));
    });

  data
    .command('log')
    .description("a dataset's versions, newest first")
    .argument('<dataset>', 'the dataset')
    .option('--json', 'print JSON')
    .action(async (dataset: string, opts: { json?: boolean }) => {
      const versions = await ctx.client().data.log(dataset);
      if (opts.json) return ctx.json(versions);
      ctx.io.out(renderVersionsTable(versions, ctx.io.now()));
    });

  data
    .command('show')
    .description('one version: who made it, its files, and its profile (tables, images, file types)')
    .argument('<ref>', 'the version: pets@2, pets@train-v3, pets (latest)')
    .option('--no-profile', 'leave out the profile (which the server computes on first ask)')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { profile: boolean; json?: boolean }) => {
      const client = ctx.client();
      const version = await client.data.show(ref);
      let profile: DatasetProfile | undefined;
      if (opts.profile) {
        try {
          profile = await client.data.profile(ref);
        } catch (e) {
          // The version is still worth showing; say why the profile is not there.
          ctx.reportError(e);
        }
      }
      if (opts.json) return ctx.json({ version, ...(profile ? { profile } : {}) });
      ctx.io.out(renderVersionDetails(version, profile, ctx.io.now()));
    });

  data
    .command('diff')
    .description('what changed from one version to another')
    .argument('<from>', 'e.g. pets@1')
    .argument('<to>', 'e.g. pets@2')
    .option('-n, --limit <n>', 'show at most this many changes', parsePositiveInt, 1000)
    .option('--json', 'print JSON')
    .action(async (from: string, to: string, opts: { limit: number; json?: boolean }) => {
      const diff = await ctx.client().data.diff(from, to, { maxResults: opts.limit });
      if (opts.json) return ctx.json(diff);
      ctx.io.out(renderDiff(diff, { heading: `${from} -> ${to}`, maxRows: opts.limit }));
    });

  data
    .command('files')
    .description("a version's files, in path order")
    .argument('<ref>', 'the version: pets@2, pets@train-v3, pets (latest)')
    .option('--prefix <dir/>', 'only files under this folder')
    .option('-n, --limit <n>', 'show at most this many files', parsePositiveInt, 1000)
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { prefix?: string; limit: number; json?: boolean }) => {
      const files: ManifestEntry[] = [];
      let pageToken: string | undefined;
      do {
        const page = await ctx.client().data.files(ref, {
          maxResults: Math.min(FILES_PAGE, opts.limit - files.length),
          ...(opts.prefix !== undefined ? { prefix: opts.prefix } : {}),
          ...(pageToken ? { pageToken } : {}),
        });
        files.push(...page.items.slice(0, opts.limit - files.length));
        pageToken = page.nextPageToken;
      } while (pageToken !== undefined && files.length < opts.limit);
      if (opts.json) return ctx.json(files);
      ctx.io.out(renderFilesTable(files));
      if (pageToken !== undefined) ctx.io.out(`(first ${files.length} files shown; raise --limit for more)\n`);
    });

  data
    .command('tag')
    .description('name a version with a tag (a tag names one version; tagging again moves it)')
    .argument('<dataset>', 'the dataset')
    .argument('<version>', 'the version number', parsePositiveInt)
    .argument('<tag>', 'the tag, e.g. train-v3')
    .option('--json', 'print the version as JSON')
    .action(async (dataset: string, version: number, tag: string, opts: { json?: boolean }) => {
      const tagged = await ctx.client().data.tag(dataset, tag, version);
      if (opts.json) return ctx.json(tagged);
      ctx.io.out(`tagged ${versionName(tagged)}\n`);
    });

  data
    .command('untag')
    .description('remove a tag')
    .argument('<dataset>', 'the dataset')
    .argument('<tag>', 'the tag')
    .action(async (dataset: string, tag: string) => {
      await ctx.client().data.deleteTag(dataset, tag);
      ctx.io.out(`removed the tag ${tag} of ${dataset}\n`);
    });

  data
    .command('runs')
    .description('runs that used a version (recorded with run.useDataset or log-inputs)')
    .argument('<ref>', 'the version: pets@2, pets@train-v3, pets (latest)')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const runs = await ctx.client().data.runs(ref);
      if (opts.json) return ctx.json(runs);
      ctx.io.out(renderDataRunsTable(runs, ctx.io.now()));
    });
}
