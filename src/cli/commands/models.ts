import type { Command } from 'commander';
import { FlywheelError } from '../../sdk/index.js';
import type { CliContext } from '../context.js';
import { parseModelRef, parseVersionArg, type ModelRefArg } from '../model-ref.js';
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
    .option('--json', 'print the version as JSON')
    .action(async (name: string, alias: string, version: number, opts: { json?: boolean }) => {
      const client = ctx.client().models;
      await client.setAlias(name, alias, version);
      const v = await client.getVersion(name, version);
      if (opts.json) return ctx.json(v);
      ctx.io.out(`${name}@${alias} → ${versionLabel(v)}\n`);
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
