import type { Migration } from '../../storage/index.js';
import { migration005Tuning } from './005-tuning.js';

export type * from './tables.js';

/**
 * The tuning module's migrations. Their names are numbered in one sequence across all modules
 * (src/server/migrations.ts composes them) and never change: databases record them in fw_migrations.
 */
export const TUNING_MIGRATIONS: readonly Migration[] = [migration005Tuning];
