// CONTRACT (filled in by the search work): see the doc comments; signatures are fixed.
import type { SelectQueryBuilder } from 'kysely';
import type { Dialect } from '../../storage/index.js';
import type { TrackingTables as Database } from '../storage/index.js';
import { experimentSearch } from './experiment-search.js';
import { runSearch } from './run-search.js';

/**
 * Adds the WHERE and ORDER BY of a runs search to a query over `runs`. `filter` is MLflow's
 * grammar, plus `or` and parentheses. Ordering ends with start_time DESC, run_uuid ASC so
 * paging is stable. Throws FlywheelError INVALID_ARGUMENT on a bad filter or order clause.
 *
 * @example
 * applyRunSearch(db.selectFrom('runs').selectAll(), {
 *   filter: "metrics.acc > 0.9 and (params.optimizer = 'adam' or tags.`mlflow.runName` LIKE 'sweep-%')",
 *   orderBy: ['metrics.acc DESC'],
 *   dialect: 'sqlite',
 * })
 */
export function applyRunSearch<O>(
  qb: SelectQueryBuilder<Database, 'runs', O>,
  search: { filter?: string | undefined; orderBy?: string[] | undefined; dialect: Dialect },
): SelectQueryBuilder<Database, 'runs', O> {
  return runSearch(qb, search);
}

/**
 * The same for a search over `experiments` (MLflow's search_experiments grammar): `name`,
 * `creation_time`, `last_update_time` and `tags.<key>`; ordering ends with experiment_id ASC,
 * after creation_time DESC when no order is given.
 */
export function applyExperimentSearch<O>(
  qb: SelectQueryBuilder<Database, 'experiments', O>,
  search: { filter?: string | undefined; orderBy?: string[] | undefined; dialect: Dialect },
): SelectQueryBuilder<Database, 'experiments', O> {
  return experimentSearch(qb, search);
}

/**
 * The grammar's parts, for other searches over MLflow's filter language (the model registry):
 * a search brings its own vocabulary (a resolver) and its own SQL for each field.
 */
export { parseFilter } from './filter-parser.js';
export { parseOrderBy, type OrderClause } from './order-by-parser.js';
export { valueCondition, type ValueCondition } from './value-conditions.js';
export { textOrder } from './text-order.js';
export { NUMERIC_COMPARATORS, PRESENCE_COMPARATORS, TEXT_COMPARATORS, type Comparator, type FieldSpec, type FilterExpr } from './filter-ast.js';
export type { RawIdentifier, UnknownIdentifier } from './identifier.js';
