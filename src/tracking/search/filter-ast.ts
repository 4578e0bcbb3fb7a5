/** Comparators as the grammar spells them (upper case for the keyword ones). */
export const COMPARATORS = ['=', '!=', '<', '<=', '>', '>=', 'LIKE', 'ILIKE', 'IN', 'NOT IN', 'IS NULL', 'IS NOT NULL'] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const NUMERIC_COMPARATORS = ['=', '!=', '<', '<=', '>', '>='] as const satisfies readonly Comparator[];
export const TEXT_COMPARATORS = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'] as const satisfies readonly Comparator[];
export const PRESENCE_COMPARATORS = ['IS NULL', 'IS NOT NULL'] as const satisfies readonly Comparator[];

/** What a search's vocabulary says about one identifier. */
export interface FieldSpec<F> {
  field: F;
  /** The type of the values it is compared with. */
  type: 'number' | 'string';
  comparators: readonly Comparator[];
}

/** One comparison; `F` is the search's own field type (a run field, an experiment field). */
export type Condition<F> =
  | { kind: 'compare'; field: F; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: string | number }
  | { kind: 'like'; field: F; caseSensitive: boolean; pattern: string }
  | { kind: 'in'; field: F; negated: boolean; values: string[] }
  /** `IS NOT NULL` (present) / `IS NULL` (absent): whether the run has the key at all. */
  | { kind: 'presence'; field: F; present: boolean };

/** A parsed filter. `and`/`or` hold two or more items and never directly nest their own kind. */
export type FilterExpr<F> = Condition<F> | { kind: 'and' | 'or'; items: FilterExpr<F>[] };
