import type { Migration } from '../migration.js';
import { migration001Tracking } from './001-tracking.js';

/** Every migration, in order. Append only: a released migration never changes. */
export const MIGRATIONS: readonly Migration[] = [migration001Tracking];
