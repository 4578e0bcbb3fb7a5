import type { Command } from 'commander';
import { FlywheelError } from '../../sdk/index.js';
import type { CliContext } from '../context.js';
import { registerModelsExport } from './models-export.js';
import { readGatesFile } from '../gates-file.js';
import { parseModelRef, parseVersionArg, type ModelRefArg } from '../model-ref.js';
import { renderGateCheck, renderGates } from '../render/gates-render.js';
import { renderAliasHistory, renderModelDetails, renderModelsTable, renderVersionDetails, renderVersionsTable, versionLabel } from '../render/models-render.js';

interface RegisterOptions {
  run: string;
  path: string;
  description?: string;
  json?: boolean;
}

/** `fw models register|list|show|versions|alias|unalias|history|delete`. */
export function registerModelCommands(program: Command, ctx: CliContext): void {
  const models = program.command('models').description('the model registry: register models logged by runs, versions, aliases');

  models
    .command('register')
    .description("register a run's model as the next version (the registered model is created on first use)")
    .argument('<name>', 'the registered model')
    .requiredOption('--run <run-id>', 'the run that logged the model')
    .option('--path <path>', "the model's folder in the run's artifacts", 'model')
    .option('--description <text>', 'a description of the version')
    .option('--json', 'print the version as JSON')
    .action(async (name: string, opts: RegisterOptions) => {
      const v = await ctx.client().models.register(name, opts.run, { path: opts.path, ...(opts.description !== undefined ? { description: opts.description } : {}) });
      if (opts.json) return ctx.json(v);
      ctx.io.out(`registered ${v.name} v${v.version} (${v.format}, ${v.files} file${v.files === 1 ? '' : 's'})\n`);
    });

  models
    .command('list')
    .description('list registered models')
    .option('--filter <filter>', "MLflow's filter: name LIKE 'iris%', tags.team = 'vision'")
    .option('--json', 'print JSON')
    .action(async (opts: { filter?: string; json?: boolean }) => {
      const list = await ctx.client().models.list(opts.filter);
      if (opts.json) return ctx.json(list);
      ctx.io.out(renderModelsTable(list, ctx.io.now()));
    });

  models
    .command('show')
    .description('show a model and its versions, or one version (name@alias, name/3)')
    .argument('<model>', 'name, name@alias or name/version', parseModelRef)
    .option('--json', 'print JSON')
    .action(async (ref: ModelRefArg, opts: { json?: boolean }) => {
      const client = ctx.client().models;
      if (ref.alias === undefined && ref.version === undefined) {
        const [model, versions] = await Promise.all([client.get(ref.name), client.versions(ref.name)]);
        if (opts.json) return ctx.json({ model, versions });
        return ctx.io.out(renderModelDetails(model, versions, ctx.io.now()));
      }
      const v = await client.resolve(ref.name, ref.alias ?? String(ref.version));
      if (opts.json) return ctx.json(v);
      ctx.io.out(renderVersionDetails(v, ctx.io.now()));
    });

  models
    .command('versions')
    .description("a model's versions, newest first")
    .argument('<name>', 'the registered model')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { json?: boolean }) => {
      const versions = await ctx.client().models.versions(name);
      if (opts.json) return ctx.json(versions);
      ctx.io.out(renderVersionsTable(versions, ctx.io.now()));
    });

  models
    .command('alias')
    .description('point an alias (production, canary, ...) at a version')
    .argument('<name>', 'the registered model')
    .argument('<alias>', 'the alias')
    .argument('<version>', 'the version number', parseVersionArg)
    .option('--force', "skip the alias's gates (a rollback in a hurry)")
    .option('--json', 'print the version as JSON')
    .action(async (name: string, alias: string, version: number, opts: { json?: boolean; force?: boolean }) => {
      const client = ctx.client().models;
      const report = await client.promote(name, alias, version, { force: opts.force === true });
      const v = await client.getVersion(name, version);
      if (opts.json) return ctx.json({ version: v, gates: report ?? null });
      if (report) ctx.io.out(renderGateCheck(report));
      ctx.io.out(`${name}@${alias} → ${versionLabel(v)}\n`);
    });

  models
    .command('check')
    .description("run an alias's gates for a version without moving the alias; exits 1 when one fails (for CI)")
    .argument('<model>', 'name/version', parseModelRef)
    .requiredOption('--alias <alias>', 'the alias whose gates to run')
    .option('--json', 'print JSON')
    .action(async (ref: ModelRefArg, opts: { alias: string; json?: boolean }) => {
      if (ref.version === undefined) throw new FlywheelError('INVALID_ARGUMENT', 'check takes name/version (the candidate), e.g. iris/4');
      const report = await ctx.client().models.check(ref.name, ref.version, opts.alias);
      ctx.exitCode = report.passed ? 0 : 1;
      if (opts.json) return ctx.json(report);
      ctx.io.out(renderGateCheck(report));
    });

  models
    .command('gates')
    .description("show a model's promotion gates, or set an alias's from a YAML file")
    .argument('<name>', 'the registered model')
    .argument('[alias]', 'the alias to set gates for (with --file or --clear)')
    .option('--file <gates.yaml>', 'a YAML list: - metric: val_acc >= 0.9 / - beats_current: {...} / - latency: {p99_ms: 10}')
    .option('--clear', "remove the alias's gates")
    .option('--json', 'print JSON')
    .action(async (name: string, alias: string | undefined, opts: { file?: string; clear?: boolean; json?: boolean }) => {
      const client = ctx.client().models;
      if (opts.file !== undefined || opts.clear) {
        if (alias === undefined) throw new FlywheelError('INVALID_ARGUMENT', 'name the alias whose gates to set: fw models gates <name> <alias> --file gates.yaml');
        const gates = opts.clear ? [] : readGatesFile(opts.file!);
        await client.setGates(name, alias, gates);
      }
      const all = await client.gates(name);
      if (opts.json) return ctx.json(all);
      ctx.io.out(renderGates(all));
    });

  models
    .command('unalias')
    .description('remove an alias')
    .argument('<name>', 'the registered model')
    .argument('<alias>', 'the alias')
    .action(async (name: string, alias: string) => {
      await ctx.client().models.deleteAlias(name, alias);
      ctx.io.out(`removed ${name}@${alias}\n`);
    });

  models
    .command('history')
    .description("a model's alias changes (promotions), newest first")
    .argument('<name>', 'the registered model')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { json?: boolean }) => {
      const events = await ctx.client().models.aliasHistory(name);
      if (opts.json) return ctx.json(events);
      ctx.io.out(renderAliasHistory(events, ctx.io.now()));
    });

  registerModelsExport(models, ctx);

  models
    .command('delete')
    .description('delete a registered model with all its versions, or one version (name/3)')
    .argument('<model>', 'name or name/version', parseModelRef)
    .action(async (ref: ModelRefArg) => {
      const client = ctx.client().models;
      if (ref.alias !== undefined) throw new FlywheelError('INVALID_ARGUMENT', 'delete takes name or name/version, not an alias');
      if (ref.version !== undefined) {
        await client.deleteVersion(ref.name, ref.version);
        return ctx.io.out(`deleted ${ref.name} v${ref.version}\n`);
      }
      await client.delete(ref.name);
      ctx.io.out(`deleted model ${ref.name}\n`);
    });
}
