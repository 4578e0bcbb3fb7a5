import type { Migration } from '../migration.js';
import { migration001Tracking } from './001-tracking.js';
import { migration002RequestIds } from './002-request-ids.js';
import { migration003Compute } from './003-compute.js';
import { migration004Data } from './004-data.js';
import { migration005Tuning } from './005-tuning.js';
import { migration006Registry } from './006-registry.js';

/** Every migration, in order. Append only: a released migration never changes. */
export const MIGRATIONS: readonly Migration[] = [migration001Tracking, migration002RequestIds, migration003Compute, migration004Data, migration005Tuning, migration006Registry];
