import type { Expression, ExpressionBuilder, SelectQueryBuilder, SqlBool } from 'kysely';
import type { Dialect } from '../../storage/index.js';
import type { TrackingTables as Database } from '../storage/index.js';
import { resolveExperimentFilterField, resolveExperimentOrderField, type ExperimentField } from './experiment-fields.js';
import type { FilterExpr } from './filter-ast.js';
import { parseFilter } from './filter-parser.js';
import { parseOrderBy } from './order-by-parser.js';
import { textOrder } from './text-order.js';
import { valueCondition } from './value-conditions.js';

type ExperimentsBuilder = ExpressionBuilder<Database, 'experiments'>;

/** Parses and applies an experiments search; see `applyExperimentSearch` in index.ts. */
export function experimentSearch<O>(
  qb: SelectQueryBuilder<Database, 'experiments', O>,
  search: { filter?: string | undefined; orderBy?: string[] | undefined; dialect: Dialect },
): SelectQueryBuilder<Database, 'experiments', O> {
  const { dialect } = search;
  const filter = parseFilter(search.filter, resolveExperimentFilterField);
  const clauses = parseOrderBy(search.orderBy, resolveExperimentOrderField);
  let result = filter ? qb.where((eb) => experimentCondition(eb, filter, dialect)) : qb;
  if (clauses.length === 0) result = result.orderBy('experiments.creation_time', 'desc');
  const text = textOrder(dialect);
  for (const { field, descending } of clauses) {
    result = result.orderBy(`experiments.${field}`, (ob) => {
      const typed = field === 'name' ? text(ob) : ob;
      return descending ? typed.desc() : typed.asc();
    });
  }
  if (!clauses.some(({ field }) => field === 'experiment_id')) result = result.orderBy('experiments.experiment_id', 'asc');
  return result;
}

function experimentCondition(eb: ExperimentsBuilder, expr: FilterExpr<ExperimentField>, dialect: Dialect): Expression<SqlBool> {
  switch (expr.kind) {
    case 'and':
      return eb.and(expr.items.map((item) => experimentCondition(eb, item, dialect)));
    case 'or':
      return eb.or(expr.items.map((item) => experimentCondition(eb, item, dialect)));
    default:
      break;
  }
  const field = expr.field;
  if (field.entity === 'attribute') {
    const column = eb.ref(`experiments.${field.column}`);
    if (expr.kind === 'presence') return eb(column, expr.present ? 'is not' : 'is', null);
    return valueCondition(eb, column, expr, dialect);
  }
  // As for runs: an experiment without the tag never matches, `!=` included.
  const withKey = eb.selectFrom('experiment_tags').select('experiment_tags.experiment_id').where('experiment_tags.key', '=', field.key);
  if (expr.kind === 'presence') return eb('experiments.experiment_id', expr.present ? 'in' : 'not in', withKey);
  return eb(
    'experiments.experiment_id',
    'in',
    withKey.where((inner) => valueCondition(inner, inner.ref('experiment_tags.value'), expr, dialect)),
  );
}
