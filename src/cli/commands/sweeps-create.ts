import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { FlywheelError } from '../../core/errors.js';
import type { Sweep } from '../../sdk/index.js';
import type { CliContext } from '../context.js';
import { formatConfigError } from '../error-output.js';
import { collectEnv } from '../job-parsers.js';
import { countBar } from '../progress-bar.js';
import { formatBest, trialsDone, trialsPlanned } from '../render/sweep-format.js';
import { renderBestTrial } from '../render/sweep-details.js';
import { resolveExperiment } from '../resolve.js';

interface CreateOptions {
  experiment?: string;
  env?: Record<string, string>;
  wait?: boolean;
  json?: boolean;
}

// A file that cannot be read or that the server refuses is bad input, like a bad flag (run.ts's EXIT_USAGE).
const EXIT_USAGE = 2;

/** `fw sweeps create <file.yaml> [--experiment NAME|ID] [--env K=V] [--wait]`. */
export function registerSweepCreate(sweeps: Command, ctx: CliContext): void {
  sweeps
    .command('create')
    .description('start a sweep from its YAML file, and print its id')
    .argument('<file>', 'the sweep file (docs/sweeps.md)')
    .option('-e, --experiment <name-or-id>', "the experiment of the trials' runs (default: one named after the sweep)")
    .option('--env <NAME=value>', 'an environment variable for every trial (repeatable)', collectEnv)
    .option('-w, --wait', 'wait until the sweep ends, then print its best trial; exit 1 unless it finished')
    .option('--json', 'print the sweep as JSON (with --wait: the ended sweep)')
    .addHelpText('after', ['', 'Examples:', '  fw sweeps create sweep.yaml', '  fw sweeps create sweep.yaml --experiment iris --wait'].join('\n'))
    .action(async (file: string, opts: CreateOptions) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        ctx.io.err(`error: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
        ctx.exitCode = EXIT_USAGE;
        return;
      }
      const client = ctx.client();
      const experimentId = opts.experiment === undefined ? undefined : (await resolveExperiment(client, opts.experiment)).experimentId;
      let sweep: Sweep;
      try {
        sweep = await client.sweeps.create(text, {
          // The server may run in another directory than this shell: trial commands run here.
          cwd: process.cwd(),
          ...(opts.env ? { env: opts.env } : {}),
          ...(experimentId !== undefined ? { experimentId } : {}),
        });
      } catch (e) {
        if (!(e instanceof FlywheelError) || e.code !== 'INVALID_ARGUMENT') throw e;
        ctx.io.err(formatConfigError(file, e));
        ctx.exitCode = EXIT_USAGE;
        return;
      }
      if (!opts.wait) {
        if (opts.json) return ctx.json(sweep);
        ctx.io.out(`${sweep.sweepId}\n`);
        ctx.io.err(`sweep ${sweep.name} started (${sweep.method}, experiment ${sweep.experimentId}); see it with: fw sweeps show ${sweep.sweepId}\n`);
        return;
      }
      const ended = await waitWithBar(ctx, sweep);
      if (opts.json) ctx.json(ended);
      else ctx.io.out(`sweep ${ended.sweepId} ${ended.state}${ended.reason ? `: ${ended.reason}` : ''}\n${renderBestTrial(ended)}`);
      ctx.exitCode = ended.state === 'finished' ? 0 : 1;
    });
}

/** Polls the sweep with a bar of trials ended out of planned; Ctrl-C stops waiting, not the sweep. */
async function waitWithBar(ctx: CliContext, sweep: Sweep): Promise<Sweep> {
  ctx.io.err(`sweep ${sweep.sweepId} started; waiting for it to end (Ctrl-C stops waiting, not the sweep)\n`);
  const bar = countBar(ctx.io, 'trials');
  try {
    return await ctx.client().sweeps.waitFor(sweep.sweepId, {
      onUpdate: (s) => bar.update(trialsDone(s), trialsPlanned(s), `${s.counts.running} running | best ${formatBest(s)}`),
    });
  } finally {
    bar.stop();
  }
}
