import { Command } from 'commander';
import { registerComputeCommands } from './commands/compute.js';
import { registerDataCommands } from './commands/data.js';
import { registerExperimentCommands } from './commands/experiments.js';
import { registerGcCommand } from './commands/gc.js';
import { registerJobCommands } from './commands/jobs.js';
import { registerModelCommands } from './commands/models.js';
import { registerRunCommands } from './commands/runs.js';
import { registerServeCommand } from './commands/serve.js';
import { registerServerCommand } from './commands/server.js';
import { registerSweepCommands } from './commands/sweeps.js';
import type { CliContext } from './context.js';

/** The `fw` command tree. exitOverride and output routing are set before any subcommand, which inherits them. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('fw')
    .description('Flywheel: self-hosted ML platform. Commands other than `server` talk to FW_TRACKING_URI (default http://127.0.0.1:5050).')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.out(text),
      writeErr: (text) => ctx.io.err(text),
    })
    .showSuggestionAfterError(true)
    // So `fw jobs submit` can leave the options after its command to that command.
    .enablePositionalOptions();
  registerServerCommand(program, ctx);
  registerExperimentCommands(program, ctx);
  registerRunCommands(program, ctx);
  registerGcCommand(program, ctx);
  registerJobCommands(program, ctx);
  registerComputeCommands(program, ctx);
  registerDataCommands(program, ctx);
  registerSweepCommands(program, ctx);
  registerModelCommands(program, ctx);
  registerServeCommand(program, ctx);
  return program;
}

// Kept in step with package.json by hand: reading it at runtime would depend on where dist/ sits.
const VERSION = '0.1.0';
