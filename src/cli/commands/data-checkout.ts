import { Option, type Command } from 'commander';
import type { LinkMode } from '../../sdk/index.js';
import type { CliContext } from '../context.js';
import { withProgress } from '../progress-bar.js';
import { renderCheckoutResult } from '../render/data-details.js';

/** `fw data checkout`. */
export function registerDataCheckout(data: Command, ctx: CliContext): void {
  data
    .command('checkout')
    .description('write the files of a dataset version into a folder (files already right are left alone)')
    .argument('<ref>', 'the version: pets@2, pets@train-v3, pets (latest)')
    .argument('<folder>', 'where to write the files (made if missing)')
    .addOption(
      new Option('--link <mode>', 'with the server on this machine: clone (reflink), hardlink (read-only, shares the stored object) or copy; default reflink where possible, else copy').choices(['reflink', 'hardlink', 'copy']),
    )
    .option('--clean', 'also remove files in the folder that the version does not have')
    .option('--json', 'print the result as JSON')
    .action(async (ref: string, folder: string, opts: { link?: Exclude<LinkMode, 'auto'>; clean?: boolean; json?: boolean }) => {
      const result = await withProgress(ctx.io, (onProgress) =>
        ctx.client().data.checkout(ref, folder, { mode: opts.link ?? 'auto', clean: opts.clean ?? false, onProgress }),
      );
      if (opts.json) return ctx.json(result);
      ctx.io.out(renderCheckoutResult(result));
    });
}
