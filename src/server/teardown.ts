import type { Logger } from '../core/index.js';

/**
 * What the server has started, in order, so that one `close()` stops it in reverse: the
 * same path whether the server ran for days or its start failed half way (a port in use
 * after the database was opened). Each step runs even when an earlier one fails; the
 * first failure is rethrown once all have run, the others are logged.
 *
 * @example
 * const teardown = new Teardown(logger);
 * const database = await openDatabase(url);
 * teardown.add('database', () => database.close());
 * // ... on failure or at shutdown:
 * await teardown.close();
 */
export class Teardown {
  private readonly steps: { name: string; close: () => unknown }[] = [];
  private closing: Promise<void> | undefined;

  constructor(private readonly logger: Logger) {}

  /** Registers how to stop what was just started. */
  add(name: string, close: () => unknown): void {
    if (this.closing) throw new Error(`cannot add '${name}' to a teardown that has run`);
    this.steps.push({ name, close });
  }

  /** Stops everything added, last first. Safe to call more than once: later calls share the first. */
  close(): Promise<void> {
    this.closing ??= this.run();
    return this.closing;
  }

  private async run(): Promise<void> {
    let first: { error: unknown } | undefined;
    for (const step of [...this.steps].reverse()) {
      try {
        await step.close();
      } catch (e) {
        if (first) this.logger.error({ err: e }, `closing ${step.name} failed as well`);
        else first = { error: e };
      }
    }
    if (first) throw first.error;
  }
}
