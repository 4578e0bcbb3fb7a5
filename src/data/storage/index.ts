import type { Migration } from '../../storage/index.js';
import { migration004Data } from './004-data.js';

export type * from './tables.js';

/**
 * The data module's migrations. Their names are numbered in one sequence across all modules
 * (src/server/migrations.ts composes them) and never change: databases record them in fw_migrations.
 */
export const DATA_MIGRATIONS: readonly Migration[] = [migration004Data];
