import type { Command } from 'commander';
import { loadServerConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import type { CliContext } from '../context.js';
import { parsePort } from '../parsers.js';

/** `fw server`: runs the server (tracking, jobs, UI) until SIGINT/SIGTERM, then closes it cleanly. */
export function registerServerCommand(program: Command, ctx: CliContext): void {
  program
    .command('server')
    .description('run the Flywheel server (API and UI) until interrupted')
    // No commander defaults: an unset flag must fall through to FW_* and then loadServerConfig's defaults.
    .option('--host <host>', 'address to listen on (env FW_HOST; default 127.0.0.1)')
    .option('--port <port>', 'port to listen on, 0 for any free one (env FW_PORT; default 5050)', parsePort)
    .option('--data-dir <dir>', 'where the database and artifacts live (env FW_DATA_DIR; default ~/.flywheel)')
    .option('--cpus <n>', 'CPUs local jobs may use (env FW_COMPUTE_CPUS; default all)')
    .option('--memory <size>', 'memory local jobs may use, e.g. 16G (env FW_COMPUTE_MEMORY; default 90% of this host)')
    .option('--slurm <auto|off>', 'use a SLURM cluster when sinfo answers (env FW_SLURM; default auto)')
    .option('--serve <models>', 'registered models to serve at /v2 and /invocations, e.g. iris@production,iris@staging (env FW_SERVE)')
    .addHelpText(
      'after',
      '\nThe database is a SQLite file in the data dir unless FW_DATABASE_URL names PostgreSQL.\n' +
        'Jobs still running when the server stops keep running; the next start re-attaches to them.',
    )
    .action(async (opts: { host?: string; port?: number; dataDir?: string; cpus?: string; memory?: string; slurm?: string; serve?: string }) => {
      const config = loadServerConfig(
        { host: opts.host, port: opts.port, dataDir: opts.dataDir, computeCpus: opts.cpus, computeMemory: opts.memory, slurm: opts.slurm, serve: opts.serve },
        ctx.io.env,
      );
      // Loaded only here: the other commands are HTTP clients and should not load the server.
      const { startServer } = await import('../../server/index.js');
      const logger = createLogger({ level: config.logLevel, pretty: ctx.io.stdoutIsTTY });
      const server = await startServer(config, { logger });
      ctx.io.out(`Flywheel server listening on ${server.url} (data in ${config.dataDir})\n`);
      const signal = await ctx.io.waitForShutdown();
      ctx.io.err(`${signal}: shutting down\n`);
      await server.close();
    });
}
