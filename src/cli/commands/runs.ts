import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { parseColumns, parsePositiveInt } from '../parsers.js';
import { compareRuns, renderComparison } from '../render/run-comparison.js';
import { resolveExperiment, resolveRunId } from '../resolve.js';
import { collectSortKey } from '../sort-key.js';
import { runsList, type RunsListOptions } from './runs-list.js';
import { runsShow } from './runs-show.js';

/** `fw runs list|show|compare|delete`. */
export function registerRunCommands(program: Command, ctx: CliContext): void {
  const runs = program.command('runs').description('list, inspect, compare and delete runs');

  runs
    .command('list')
    .description('list runs, newest first, with the params and metrics that differ between them')
    .option('-e, --experiment <name-or-id>', 'only runs of this experiment (default: every active experiment)')
    .option('-f, --filter <expr>', `MLflow filter, e.g. "metrics.val_acc > 0.9 and params.lr = '0.01'"`)
    .option(
      '-s, --sort <key>',
      'sort by KEY, highest first (+KEY or "KEY asc" for lowest first); KEY is metrics.NAME, params.NAME, tags.NAME, ' +
        'start_time, end_time, name or status (repeatable)',
      collectSortKey,
    )
    .option('-n, --limit <n>', 'show at most this many runs', parsePositiveInt, 10)
    .option(
      '-c, --columns <list>',
      'comma-separated columns instead of the default: id, name, status, started, duration, experiment, user, ' +
        'params.KEY, metrics.KEY, tags.KEY',
      parseColumns,
    )
    .addOption(new Option('--all', 'include deleted runs').conflicts('deleted'))
    .addOption(new Option('--deleted', 'only deleted runs'))
    .option('--json', 'print JSON (every field of every run)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  fw runs list -e mnist --sort -metrics.val_acc --limit 5',
        `  fw runs list --filter "params.optimizer = 'adam'" --columns id,name,metrics.loss`,
      ].join('\n'),
    )
    .action((opts: RunsListOptions) => runsList(ctx, opts));

  runs
    .command('show')
    .description('show one run: attributes, params, latest metrics, tags, inputs and artifacts')
    .argument('<run-id>', 'run id, or a unique prefix of at least 4 characters')
    .option('--json', 'print JSON')
    .action((id: string, opts: { json?: boolean }) => runsShow(ctx, id, opts));

  runs
    .command('compare')
    .description('compare runs side by side, marking what differs and the best value of each metric')
    .argument('<run-ids...>', 'two or more run ids or unique prefixes')
    .option('--json', 'print JSON')
    .action(async (ids: string[], opts: { json?: boolean }, command: Command) => {
      if (ids.length < 2) command.error('error: compare needs at least two runs', { code: 'fw.usage' });
      const client = ctx.client();
      const fetched = await Promise.all(ids.map(async (id) => client.getRun(await resolveRunId(client, id))));
      const comparison = compareRuns(fetched);
      if (opts.json) return ctx.json(comparison);
      ctx.io.out(renderComparison(comparison, ctx.io.now()));
    });

  runs
    .command('delete')
    .description('delete runs (restorable until `fw gc` removes them for good)')
    .argument('<run-ids...>', 'run ids or unique prefixes')
    .action((ids: string[]) =>
      eachRun(ctx, ids, async (client, runId) => {
        await client.deleteRun(runId);
        return `deleted run ${runId}`;
      }),
    );

  runs
    .command('restore')
    .description('restore deleted runs (before `fw gc` removes them)')
    .argument('<run-ids...>', 'run ids or unique prefixes')
    .action((ids: string[]) =>
      eachRun(ctx, ids, async (client, runId) => {
        await client.restoreRun(runId);
        return `restored run ${runId}`;
      }),
    );

  runs
    .command('move')
    .description('move runs, with everything they logged, to another experiment')
    .argument('<experiment>', 'the target experiment, by name or id')
    .argument('<run-ids...>', 'run ids or unique prefixes')
    .action(async (target: string, ids: string[]) => {
      const experiment = await resolveExperiment(ctx.client(), target);
      await eachRun(ctx, ids, async (client, runId) => {
        await client.moveRun(runId, experiment.experimentId);
        return `moved run ${runId} to experiment '${experiment.name}' (${experiment.experimentId})`;
      });
    });
}

/**
 * Applies `act` to each run id (or unique prefix) in turn and prints what it says. One bad
 * id does not stop the others; the exit code still says something failed.
 */
async function eachRun(
  ctx: CliContext,
  ids: string[],
  act: (client: ReturnType<CliContext['client']>, runId: string) => Promise<string>,
): Promise<void> {
  const client = ctx.client();
  for (const id of ids) {
    try {
      ctx.io.out(`${await act(client, await resolveRunId(client, id))}\n`);
    } catch (e) {
      ctx.reportError(e);
    }
  }
}
