import { Option, type Command } from 'commander';
import type { ViewType } from '../../sdk/index.js';
import type { CliContext } from '../context.js';
import { renderExperimentsTable } from '../render/experiments-table.js';
import { resolveExperiment } from '../resolve.js';

/** `fw experiments list|create|delete`. */
export function registerExperimentCommands(program: Command, ctx: CliContext): void {
  const experiments = program.command('experiments').description('list, create and delete experiments');

  experiments
    .command('list')
    .description('list experiments (active ones unless --all or --deleted)')
    .addOption(new Option('--all', 'include deleted experiments').conflicts('deleted'))
    .addOption(new Option('--deleted', 'only deleted experiments'))
    .option('--json', 'print JSON')
    .action(async (opts: { all?: boolean; deleted?: boolean; json?: boolean }) => {
      const viewType: ViewType = opts.all ? 'ALL' : opts.deleted ? 'DELETED_ONLY' : 'ACTIVE_ONLY';
      const list = await ctx.client().listExperiments(viewType);
      if (opts.json) return ctx.json(list);
      ctx.io.out(renderExperimentsTable(list, { now: ctx.io.now(), showStage: viewType !== 'ACTIVE_ONLY' }));
    });

  experiments
    .command('create')
    .description('create an experiment and print its id')
    .argument('<name>', 'the new experiment name')
    .option('--artifact-location <uri>', "where its runs' artifacts go (default: the server's artifact store)")
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { artifactLocation?: string; json?: boolean }) => {
      const client = ctx.client();
      const id = await client.createExperiment(name, opts.artifactLocation ? { artifactLocation: opts.artifactLocation } : {});
      if (opts.json) return ctx.json(await client.getExperiment(id));
      ctx.io.out(`created experiment '${name}' with id ${id}\n`);
    });

  experiments
    .command('delete')
    .description('delete an experiment (its runs go with it; `fw gc` removes them for good)')
    .argument('<name-or-id>', 'experiment name or id')
    .action(async (nameOrId: string) => {
      const experiment = await resolveExperiment(ctx.client(), nameOrId);
      await ctx.client().deleteExperiment(experiment.experimentId);
      ctx.io.out(`deleted experiment '${experiment.name}' (${experiment.experimentId})\n`);
    });
}
