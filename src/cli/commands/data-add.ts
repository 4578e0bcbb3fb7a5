import { relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { invalidArgument } from '../../core/errors.js';
import type { AddResult, StatusResult } from '../../sdk/index.js';
import type { CliContext } from '../context.js';
import { withProgress } from '../progress-bar.js';
import { renderDiff, versionName } from '../render/data-tables.js';
import { formatBytes } from '../render/format.js';

interface AddOptions {
  name: string;
  message?: string;
  ignore?: string[];
  tag?: string[];
  json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `fw data add` and `fw data status`. */
export function registerDataAdd(data: Command, ctx: CliContext): void {
  data
    .command('add')
    .description('add files as the next version of a dataset (only what changed is uploaded)')
    .argument('<paths...>', 'one folder (its files, recursively) or file; or several files, folders and globs under the current folder')
    .requiredOption('-n, --name <dataset>', 'the dataset')
    .option('-m, --message <text>', 'what this version is')
    .option('--ignore <pattern>', 'leave out files like this (gitignore syntax; repeatable; added to <folder>/.fwignore)', collect)
    .option('--tag <tag>', 'tag the new version (repeatable)', collect)
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  fw data add ./pets --name pets -m "more cats"',
        "  fw data add labels.csv 'images/**/*.png' --name pets --ignore '*.tmp'",
        '',
        '.git/ is always left out, symlinks are skipped (never followed), and a .fwignore file in',
        'the folder lists more patterns. Hashes are remembered per folder in ~/.flywheel/state',
        '(FW_STATE_DIR), so unchanged files are not read again.',
      ].join('\n'),
    )
    .action(async (paths: string[], opts: AddOptions) => {
      const { root, files } = addTarget(paths);
      const result = await withProgress(ctx.io, (onProgress) =>
        ctx.client().data.add(root, {
          dataset: opts.name,
          ...(files ? { files } : {}),
          ...(opts.message !== undefined ? { message: opts.message } : {}),
          ...(opts.ignore ? { ignore: opts.ignore } : {}),
          ...(opts.tag ? { tags: opts.tag } : {}),
          onProgress,
        }),
      );
      if (opts.json) return ctx.json(result);
      reportSkipped(ctx, result.symlinks, result.special);
      ctx.io.out(addSummary(result));
    });

  data
    .command('status')
    .description("what changed in a folder since the dataset's latest version")
    .argument('<folder>', 'the folder')
    .requiredOption('-n, --name <dataset>', 'the dataset')
    .option('--ignore <pattern>', 'leave out files like this (gitignore syntax; repeatable)', collect)
    .option('--json', 'print JSON')
    .action(async (folder: string, opts: { name: string; ignore?: string[]; json?: boolean }) => {
      const status = await withProgress(ctx.io, (onProgress) =>
        ctx.client().data.status(folder, opts.name, { ...(opts.ignore ? { ignore: opts.ignore } : {}), onProgress }),
      );
      if (opts.json) return ctx.json(status);
      ctx.io.out(statusText(status));
    });
}

/** One folder or file: that is the root. Several paths: the current folder is the root and they are listed in it. */
function addTarget(paths: string[]): { root: string; files?: string[] } {
  if (paths.length === 1) return { root: paths[0]! };
  const cwd = process.cwd();
  const files = paths.map((p) => {
    const rel = relative(cwd, resolve(cwd, p));
    if (rel === '..' || rel.startsWith(`..${sep}`) || resolve(rel) !== resolve(cwd, p)) {
      throw invalidArgument(`'${p}' is outside the current folder; with several paths, each must be under it`);
    }
    return rel.split(sep).join('/') || '.';
  });
  return { root: cwd, files };
}

function addSummary(r: AddResult): string {
  const what = `${r.files.toLocaleString('en-US')} files, ${formatBytes(r.bytes)}`;
  if (!r.created) return `no changes: ${versionName(r.version)} already has these ${what}\n`;
  const hashed = `${r.hashedFiles.toLocaleString('en-US')} hashed`;
  const uploaded = `${r.uploaded.objects.toLocaleString('en-US')} new object${r.uploaded.objects === 1 ? '' : 's'} uploaded, ${formatBytes(r.uploaded.bytes)}`;
  return `created ${versionName(r.version)}: ${what} (${hashed}; ${uploaded})\n`;
}

function statusText(s: StatusResult): string {
  const against = s.version === null ? `${s.dataset} has no version yet` : `${versionName(s.version)} -> ${s.root}`;
  const total = s.summary.added + s.summary.modified + s.summary.removed;
  if (s.version !== null && total === 0) return `no changes against ${versionName(s.version)} (${s.summary.unchanged.toLocaleString('en-US')} files)\n`;
  return renderDiff(s, { heading: against });
}

function reportSkipped(ctx: CliContext, symlinks: string[], special: string[]): void {
  const list = (items: string[]) => items.slice(0, 5).join(', ') + (items.length > 5 ? ', ...' : '');
  if (symlinks.length > 0) ctx.io.err(`skipped ${symlinks.length} symlink${symlinks.length === 1 ? '' : 's'} (never followed): ${list(symlinks)}\n`);
  if (special.length > 0) ctx.io.err(`skipped ${special.length} special file${special.length === 1 ? '' : 's'} (sockets, FIFOs, devices): ${list(special)}\n`);
}
