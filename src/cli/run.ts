import { CommanderError } from 'commander';
import { CliContext } from './context.js';
import { formatError } from './error-output.js';
import type { CliIo } from './io.js';
import { buildProgram } from './program.js';

/** Exit codes: 0 ok, 1 the command failed, 2 the command line was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * Runs `fw` with `argv` (without node and the script path) and resolves the exit code. It never
 * throws and never exits the process, so tests drive it directly.
 *
 * @example
 * const code = await run(['runs', 'list', '--json'], io);
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const ctx = new CliContext(io);
  try {
    await buildProgram(ctx).parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has printed its message or the help already. It exits 0 for --help and
      // --version and 1 for everything else, which is a usage error here.
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    io.err(formatError(e, io.env));
    return EXIT_FAILURE;
  }
}
