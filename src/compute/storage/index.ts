import type { Migration } from '../../storage/index.js';
import { migration003Compute } from './003-compute.js';

export type * from './tables.js';

/**
 * The compute module's migrations. Their names are numbered in one sequence across all modules
 * (src/server/migrations.ts composes them) and never change: databases record them in fw_migrations.
 */
export const COMPUTE_MIGRATIONS: readonly Migration[] = [migration003Compute];
