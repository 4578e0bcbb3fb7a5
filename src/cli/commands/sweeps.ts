import { InvalidArgumentError, type Command } from 'commander';
import { SWEEP_STATES, type Sweep, type SweepState } from '../../sdk/index.js';
import type { CliContext } from '../context.js';
import { parsePositiveInt } from '../parsers.js';
import { renderSweepDetails } from '../render/sweep-details.js';
import { renderSweepsTable, renderTrialsTable } from '../render/sweeps-table.js';
import { parseTrialSort, sortTrials, type TrialSort } from '../trial-sort.js';
import { registerSweepCreate } from './sweeps-create.js';

// The server caps one page at this many sweeps.
const PAGE_SIZE = 1000;

/** `--state running,paused` (repeatable; lists add up). */
export function collectSweepStates(value: string, previous: SweepState[] = []): SweepState[] {
  const states = value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  const unknown = states.filter((s) => !(SWEEP_STATES as readonly string[]).includes(s));
  if (unknown.length > 0 || states.length === 0) {
    throw new InvalidArgumentError(`unknown state '${unknown[0] ?? value}': use ${SWEEP_STATES.join(', ')}.`);
  }
  return [...new Set([...previous, ...(states as SweepState[])])];
}

/** `fw sweeps create|list|show|trials|pause|resume|cancel`. */
export function registerSweepCommands(program: Command, ctx: CliContext): void {
  const sweeps = program.command('sweeps').description('hyperparameter sweeps: start them from a YAML file, watch and control them');
  registerSweepCreate(sweeps, ctx);

  sweeps
    .command('list')
    .description('list sweeps, newest first')
    .option('-s, --state <states>', `only sweeps in these states: ${SWEEP_STATES.join(', ')} (comma-separated or repeated)`, collectSweepStates)
    .option('-n, --limit <n>', 'show at most this many sweeps', parsePositiveInt, 20)
    .option('--json', 'print JSON (every field of every sweep)')
    .action(async (opts: { state?: SweepState[]; limit: number; json?: boolean }) => {
      const client = ctx.client();
      const list: Sweep[] = [];
      let pageToken: string | undefined;
      do {
        const page = await client.sweeps.list({
          maxResults: Math.min(PAGE_SIZE, opts.limit - list.length),
          ...(opts.state ? { states: opts.state } : {}),
          ...(pageToken ? { pageToken } : {}),
        });
        for (const sweep of page.items) if (list.length < opts.limit) list.push(sweep);
        pageToken = page.nextPageToken;
      } while (pageToken !== undefined && list.length < opts.limit);
      if (opts.json) return ctx.json(list);
      ctx.io.out(renderSweepsTable(list, ctx.io.now()));
      if (pageToken !== undefined) ctx.io.out(`(first ${list.length} sweeps shown; raise --limit for more)\n`);
    });

  sweeps
    .command('show')
    .description('show one sweep: settings, trial counts, the best trial, the search space and parameter importance')
    .argument('<sweep-id>', 'the sweep id')
    .option('--json', 'print JSON ({sweep, importance})')
    .action(async (sweepId: string, opts: { json?: boolean }) => {
      const client = ctx.client();
      const [sweep, importance] = await Promise.all([client.sweeps.get(sweepId), client.sweeps.importance(sweepId)]);
      if (opts.json) return ctx.json({ sweep, importance });
      ctx.io.out(renderSweepDetails(sweep, importance, ctx.io.now()));
    });

  sweeps
    .command('trials')
    .description("a sweep's trials with their parameters and values")
    .argument('<sweep-id>', 'the sweep id')
    .option('--sort <key>', 'number (default), value (best first), t, state or params.NAME; a leading - reverses', parseTrialSort)
    .option('--json', 'print JSON (in the sorted order)')
    .action(async (sweepId: string, opts: { sort?: TrialSort; json?: boolean }) => {
      const client = ctx.client();
      const [sweep, trials] = await Promise.all([client.sweeps.get(sweepId), client.sweeps.trials(sweepId)]);
      const sorted = sortTrials(trials, opts.sort ?? { key: 'number', reversed: false }, sweep.metric.goal);
      if (opts.json) return ctx.json(sorted);
      ctx.io.out(renderTrialsTable(sorted, { sweep, now: ctx.io.now() }));
    });

  const control = (verb: 'pause' | 'resume' | 'cancel', description: string) =>
    sweeps
      .command(verb)
      .description(description)
      .argument('<sweep-id>', 'the sweep id')
      .option('--json', 'print the sweep as JSON')
      .action(async (sweepId: string, opts: { json?: boolean }) => {
        const sweep = await ctx.client().sweeps[verb](sweepId);
        if (opts.json) return ctx.json(sweep);
        ctx.io.out(`sweep ${sweep.sweepId} is ${sweep.state}${sweep.reason ? ` (${sweep.reason})` : ''}\n`);
      });
  control('pause', 'start no new trials; running ones go on');
  control('resume', 'start trials again after a pause');
  control('cancel', 'end the sweep; its running trials are cancelled (their jobs stopped)');
}
