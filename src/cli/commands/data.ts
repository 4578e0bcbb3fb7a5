import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerDataAdd } from './data-add.js';
import { registerDataAdmin } from './data-admin.js';
import { registerDataCheckout } from './data-checkout.js';
import { registerDataVersions } from './data-versions.js';

/** `fw data ...`: versioned datasets. */
export function registerDataCommands(program: Command, ctx: CliContext): void {
  const data = program.command('data').description('versioned datasets: add folders as versions, see what changed, check versions out');
  registerDataAdd(data, ctx);
  registerDataCheckout(data, ctx);
  registerDataVersions(data, ctx);
  registerDataAdmin(data, ctx);
}
