import { COMPUTE_MIGRATIONS } from '../compute/storage/index.js';
import { DATA_MIGRATIONS } from '../data/storage/index.js';
import { REGISTRY_MIGRATIONS } from '../registry/storage/index.js';
import type { Migration } from '../storage/index.js';
import { TRACKING_MIGRATIONS } from '../tracking/storage/index.js';
import { TUNING_MIGRATIONS } from '../tuning/storage/index.js';

/**
 * Every domain's migrations, composed in the one place that knows all domains. Each domain
 * keeps its migrations and tables in its own `storage/` folder; the names form one global
 * sequence (001-tracking ... 006-registry), recorded in fw_migrations, so databases created
 * before the migrations moved into the domains open unchanged. A new migration takes the
 * next free number, whatever its domain. Append only: a released migration never changes.
 */
export const MIGRATIONS: readonly Migration[] = [
  ...TRACKING_MIGRATIONS,
  ...COMPUTE_MIGRATIONS,
  ...DATA_MIGRATIONS,
  ...TUNING_MIGRATIONS,
  ...REGISTRY_MIGRATIONS,
].sort((a, b) => a.name.localeCompare(b.name));
