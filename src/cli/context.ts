import { Flywheel } from '../sdk/index.js';
import { formatError } from './error-output.js';
import type { CliIo } from './io.js';
import { toJson } from './render/json.js';

/** What every command gets: the io, a client for FW_TRACKING_URI, and a way to fail softly. */
export class CliContext {
  readonly io: CliIo;
  /** The process exit code when no error escapes (commands that fail partly set it to 1). */
  exitCode = 0;
  private flywheel: Flywheel | undefined;

  constructor(io: CliIo) {
    this.io = io;
  }

  /** The tracking client, made on first use so `fw server` and `--help` never build one. */
  client(): Flywheel {
    this.flywheel ??= new Flywheel({ env: this.io.env });
    return this.flywheel;
  }

  json(value: unknown): void {
    this.io.out(toJson(value));
  }

  /** Prints an error and carries on; the command will exit with 1. */
  reportError(e: unknown): void {
    this.io.err(formatError(e, this.io.env));
    this.exitCode = 1;
  }
}
