// CONTRACT (filled in by the search work): see the doc comments; signatures are fixed.
import type { SelectQueryBuilder } from 'kysely';
import type { Dialect } from '../../storage/index.js';
import type { Database } from '../../storage/schema.js';

/**
 * Adds the WHERE and ORDER BY of a runs search to a query over `runs`. `filter` is MLflow's
 * grammar, plus `or` and parentheses. Ordering ends with start_time DESC, run_uuid ASC so
 * paging is stable. Throws FlywheelError INVALID_ARGUMENT on a bad filter or order clause.
 */
export function applyRunSearch<O>(
  qb: SelectQueryBuilder<Database, 'runs', O>,
  _search: { filter?: string | undefined; orderBy?: string[] | undefined; dialect: Dialect },
): SelectQueryBuilder<Database, 'runs', O> {
  return qb.orderBy('runs.start_time', 'desc').orderBy('runs.run_uuid', 'asc');
}

/** The same for a search over `experiments` (MLflow's search_experiments grammar). */
export function applyExperimentSearch<O>(
  qb: SelectQueryBuilder<Database, 'experiments', O>,
  _search: { filter?: string | undefined; orderBy?: string[] | undefined; dialect: Dialect },
): SelectQueryBuilder<Database, 'experiments', O> {
  return qb.orderBy('experiments.creation_time', 'desc').orderBy('experiments.experiment_id', 'asc');
}
