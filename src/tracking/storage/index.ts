import type { Migration } from '../../storage/index.js';
import { migration001Tracking } from './001-tracking.js';
import { migration002RequestIds } from './002-request-ids.js';

export type * from './tables.js';

/**
 * The tracking module's migrations. Their names are numbered in one sequence across all modules
 * (src/server/migrations.ts composes them) and never change: databases record them in fw_migrations.
 */
export const TRACKING_MIGRATIONS: readonly Migration[] = [migration001Tracking, migration002RequestIds];
