import { Option, type Command } from 'commander';
import { trackingUri } from '../../core/config.js';
import type { CliContext } from '../context.js';
import { parseModelRef, type ModelRefArg } from '../model-ref.js';
import { formatBytes } from '../render/format.js';

interface ExportOptions {
  target: 'web' | 'onnx';
  out: string;
  force?: boolean;
  json?: boolean;
}

/**
 * `fw models export <model> --target web|onnx --out <dir>`: a registered version as a web
 * bundle that runs in a browser with no server, or as one ONNX file. Registers the `export`
 * subcommand on `models` (the `fw models` command).
 */
export function registerModelsExport(models: Command, ctx: CliContext): void {
  models
    .command('export')
    .description('write a version as a browser bundle that runs it with no server (--target web), or as an ONNX file (--target onnx)')
    .argument('<model>', 'name@version, name@alias, name/version or name (the latest version)', parseModelRef)
    .addOption(new Option('--target <target>', 'web: a static folder (model, WASM runtime, flywheel-model.js, index.html); onnx: model.onnx').choices(['web', 'onnx']).default('web'))
    .requiredOption('--out <dir>', 'the folder to write (created; must be empty unless --force)')
    .option('--force', 'write into a folder that is not empty, replacing the files of an earlier export there')
    .option('--json', 'print what was written as JSON')
    .addHelpText(
      'after',
      '\nThe model comes from the registry of the Flywheel server at FW_TRACKING_URI (default http://127.0.0.1:5050).\n' +
        'A web bundle is served by any static server: npx serve <dir>, or python3 -m http.server -d <dir>.\n' +
        '--target onnx converts TF.js layers models made of Dense layers; ONNX models are written as they are.',
    )
    .action(async (ref: ModelRefArg, opts: ExportOptions) => {
      const { exportModel, HttpModelSource } = await import('../../serving/index.js');
      const baseUrl = trackingUri(ctx.io.env);
      const source = new HttpModelSource({ baseUrl });
      const version = await source.resolve(ref.name, ref.alias ?? (ref.version !== undefined ? String(ref.version) : 'latest'));
      if (ctx.io.stderrIsTTY) ctx.io.err(`fetching ${version.name} v${version.version} (${version.format})…\n`);
      const files = await source.files(version.name, version.version);
      const result = await exportModel({ ...version, files }, { target: opts.target, outDir: opts.out, overwrite: opts.force === true });
      if (opts.json) return ctx.json({ name: version.name, version: version.version, format: version.format, ...result });
      const what = opts.target === 'web' ? 'a web bundle' : 'ONNX';
      ctx.io.out(`exported ${version.name} v${version.version} (${version.format}) as ${what} to ${opts.out}: ${result.files.length} file${result.files.length === 1 ? '' : 's'}, ${formatBytes(result.sizeBytes)}\n`);
      if (opts.target === 'web') ctx.io.out(`serve it with: npx serve ${opts.out}   (or: python3 -m http.server -d ${opts.out})\n`);
    });
}
