import type { SelectQueryBuilder } from 'kysely';
import type { Dialect } from '../../storage/index.js';
import type { TrackingTables as Database } from '../storage/index.js';
import { parseFilter } from './filter-parser.js';
import { parseOrderBy } from './order-by-parser.js';
import { resolveRunFilterField, resolveRunOrderField } from './run-fields.js';
import { runFilterCondition } from './run-filter-sql.js';
import { applyRunOrder } from './run-order-by.js';

/** Parses and applies a runs search; see `applyRunSearch` in index.ts. */
export function runSearch<O>(
  qb: SelectQueryBuilder<Database, 'runs', O>,
  search: { filter?: string | undefined; orderBy?: string[] | undefined; dialect: Dialect },
): SelectQueryBuilder<Database, 'runs', O> {
  // Both are parsed before the query is touched, so a bad order_by fails as early as a bad filter.
  const filter = parseFilter(search.filter, resolveRunFilterField);
  const clauses = parseOrderBy(search.orderBy, resolveRunOrderField);
  const filtered = filter ? qb.where((eb) => runFilterCondition(eb, filter, search.dialect)) : qb;
  return applyRunOrder(filtered, clauses, search.dialect);
}
