import type { Migration } from '../../storage/index.js';
import { migration006Registry } from './006-registry.js';

export type * from './tables.js';

/**
 * The registry module's migrations. Their names are numbered in one sequence across all modules
 * (src/server/migrations.ts composes them) and never change: databases record them in fw_migrations.
 */
export const REGISTRY_MIGRATIONS: readonly Migration[] = [migration006Registry];
