import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Dialect } from '../../storage/index.js';
import type { Condition } from './filter-ast.js';
import { parseLikePattern, toEscapedLike, toGlob } from './like-pattern.js';

/** A comparison of one value against an SQL operand (a column, or a value pulled from JSON). */
export type ValueCondition = Exclude<Condition<unknown>, { kind: 'presence' }>;

/**
 * The condition `operand <op> value` with the value bound as a parameter. Equality is
 * case-sensitive on both engines; LIKE is case-sensitive and ILIKE is not (ASCII-only on SQLite).
 */
export function valueCondition<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  operand: Expression<unknown>,
  condition: ValueCondition,
  dialect: Dialect,
): Expression<SqlBool> {
  switch (condition.kind) {
    case 'compare':
      return eb(operand, condition.op, boundValue(condition.value, dialect));
    case 'in':
      return eb(operand, condition.negated ? 'not in' : 'in', condition.values);
    case 'like':
      return likeCondition(operand, condition.pattern, condition.caseSensitive, dialect);
    default: {
      const unreachable: never = condition;
      return unreachable;
    }
  }
}

function likeCondition(operand: Expression<unknown>, pattern: string, caseSensitive: boolean, dialect: Dialect): Expression<SqlBool> {
  const parts = parseLikePattern(pattern);
  if (dialect === 'postgres') {
    return caseSensitive ? sql<SqlBool>`${operand} like ${toEscapedLike(parts)}` : sql<SqlBool>`${operand} ilike ${toEscapedLike(parts)}`;
  }
  // SQLite's LIKE ignores ASCII case (unless a pragma says otherwise), so case-sensitive
  // matching goes through GLOB and case-insensitive matching lowers both sides explicitly.
  if (caseSensitive) return sql<SqlBool>`${operand} glob ${toGlob(parts)}`;
  return sql<SqlBool>`lower(${operand}) like lower(${toEscapedLike(parts)}) escape '\\'`;
}

/**
 * PostgreSQL types a parameter compared with a bigint column as bigint, so `start_time > 1.5`
 * or a huge exponent would fail to convert; those values are cast to double precision.
 * Safe integers stay plain parameters so an index on the column remains usable.
 */
function boundValue(value: string | number, dialect: Dialect): string | number | Expression<number> {
  if (typeof value === 'string' || dialect !== 'postgres' || Number.isSafeInteger(value)) return value;
  return sql<number>`cast(${value} as double precision)`;
}
