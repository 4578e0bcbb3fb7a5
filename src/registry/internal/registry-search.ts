import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Dialect } from '../../storage/index.js';
import type { RegistryTables as Database } from '../storage/index.js';
import {
  NUMERIC_COMPARATORS,
  PRESENCE_COMPARATORS,
  TEXT_COMPARATORS,
  parseFilter,
  parseOrderBy,
  valueCondition,
  type Comparator,
  type FieldSpec,
  type FilterExpr,
  type OrderClause,
  type RawIdentifier,
  type UnknownIdentifier,
} from '../../tracking/index.js';

/**
 * MLflow's registry search grammar: `name = 'x'`, `name LIKE '%x%'`, `name ILIKE ...`,
 * `tags.k = 'v'` for models; for versions also `run_id = | IN (...)`, `source_path`,
 * `version_number`. Flywheel's tracking grammar (AND, plus OR and parentheses) parses it.
 */
export type ModelField = { kind: 'name' } | { kind: 'tag'; key: string };
export type VersionField =
  | { kind: 'name' }
  | { kind: 'tag'; key: string }
  | { kind: 'column'; column: 'run_id' | 'source' | 'version' | 'current_stage' | 'format' };

export type ModelOrderColumn = 'name' | 'creation_time' | 'last_updated_time';
export type VersionOrderColumn = 'name' | 'version' | 'creation_time' | 'last_updated_time';

export interface ParsedSearch<F, O> {
  filter: FilterExpr<F> | undefined;
  order: OrderClause<O>[];
}

const STRING_EQ: readonly Comparator[] = ['=', '!=', 'LIKE', 'ILIKE'];
const TAG_TYPES = new Set(['tag', 'tags']);

function tagField<F>(identifier: RawIdentifier, make: (key: string) => F): FieldSpec<F> | undefined {
  const type = identifier.type?.toLowerCase() ?? null;
  if (type === null || !TAG_TYPES.has(type)) return undefined;
  return { field: make(identifier.key), type: 'string', comparators: [...STRING_EQ, ...PRESENCE_COMPARATORS] };
}

function resolveModelField(identifier: RawIdentifier): FieldSpec<ModelField> | UnknownIdentifier {
  const tag = tagField<ModelField>(identifier, (key) => ({ kind: 'tag', key }));
  if (tag) return tag;
  if (identifier.type === null && identifier.key === 'name') return { field: { kind: 'name' }, type: 'string', comparators: STRING_EQ };
  return { error: `invalid attribute '${identifier.text}' for registered models; use name or tags.<key>` };
}

function resolveVersionField(identifier: RawIdentifier): FieldSpec<VersionField> | UnknownIdentifier {
  const tag = tagField<VersionField>(identifier, (key) => ({ kind: 'tag', key }));
  if (tag) return tag;
  if (identifier.type !== null) return { error: `invalid attribute '${identifier.text}' for model versions` };
  switch (identifier.key) {
    case 'name':
      return { field: { kind: 'name' }, type: 'string', comparators: STRING_EQ };
    case 'run_id':
      return { field: { kind: 'column', column: 'run_id' }, type: 'string', comparators: ['=', '!=', 'IN', 'NOT IN'] };
    case 'source_path':
      return { field: { kind: 'column', column: 'source' }, type: 'string', comparators: STRING_EQ };
    case 'current_stage':
    case 'format':
      return { field: { kind: 'column', column: identifier.key }, type: 'string', comparators: TEXT_COMPARATORS };
    case 'version_number':
      return { field: { kind: 'column', column: 'version' }, type: 'number', comparators: NUMERIC_COMPARATORS };
    default:
      return { error: `invalid attribute '${identifier.key}' for model versions; use name, run_id, source_path, version_number or tags.<key>` };
  }
}

const TIME_COLUMNS: Record<string, 'creation_time' | 'last_updated_time'> = {
  creation_timestamp: 'creation_time',
  timestamp: 'creation_time',
  last_updated_timestamp: 'last_updated_time',
};

function resolveModelOrder(identifier: RawIdentifier): ModelOrderColumn | UnknownIdentifier {
  if (identifier.type === null && identifier.key === 'name') return 'name';
  const time = identifier.type === null ? TIME_COLUMNS[identifier.key] : undefined;
  return time ?? { error: `cannot order registered models by '${identifier.text}'; use name, creation_timestamp or last_updated_timestamp` };
}

function resolveVersionOrder(identifier: RawIdentifier): VersionOrderColumn | UnknownIdentifier {
  if (identifier.type === null && identifier.key === 'name') return 'name';
  if (identifier.type === null && identifier.key === 'version_number') return 'version';
  const time = identifier.type === null ? TIME_COLUMNS[identifier.key] : undefined;
  return time ?? { error: `cannot order model versions by '${identifier.text}'; use name, version_number, creation_timestamp or last_updated_timestamp` };
}

export function parseModelSearch(filter: string | undefined, orderBy: readonly string[] | undefined): ParsedSearch<ModelField, ModelOrderColumn> {
  return { filter: parseFilter(filter, resolveModelField), order: parseOrderBy(orderBy, resolveModelOrder) };
}

export function parseVersionSearch(filter: string | undefined, orderBy: readonly string[] | undefined): ParsedSearch<VersionField, VersionOrderColumn> {
  return { filter: parseFilter(filter, resolveVersionField), order: parseOrderBy(orderBy, resolveVersionOrder) };
}

export function modelCondition(eb: ExpressionBuilder<Database, 'registered_models'>, expr: FilterExpr<ModelField>, dialect: Dialect): Expression<SqlBool> {
  if (isGroup(expr)) {
    const items = expr.items.map((item) => modelCondition(eb, item, dialect));
    return expr.kind === 'and' ? eb.and(items) : eb.or(items);
  }
  const field = expr.field;
  if (field.kind === 'name') {
    if (expr.kind === 'presence') return eb('registered_models.name', expr.present ? 'is not' : 'is', null);
    return valueCondition(eb, eb.ref('registered_models.name'), expr, dialect);
  }
  // As in tracking: a model without the tag never matches, `!=` included.
  const withKey = eb.selectFrom('registered_model_tags').select('registered_model_tags.name').where('registered_model_tags.key', '=', field.key);
  if (expr.kind === 'presence') return eb('registered_models.name', expr.present ? 'in' : 'not in', withKey);
  return eb(
    'registered_models.name',
    'in',
    withKey.where((inner) => valueCondition(inner, inner.ref('registered_model_tags.value'), expr, dialect)),
  );
}

export function versionCondition(eb: ExpressionBuilder<Database, 'model_versions'>, expr: FilterExpr<VersionField>, dialect: Dialect): Expression<SqlBool> {
  if (isGroup(expr)) {
    const items = expr.items.map((item) => versionCondition(eb, item, dialect));
    return expr.kind === 'and' ? eb.and(items) : eb.or(items);
  }
  const field = expr.field;
  if (field.kind !== 'tag') {
    const column = field.kind === 'name' ? ('model_versions.name' as const) : (`model_versions.${field.column}` as const);
    if (expr.kind === 'presence') return eb(column, expr.present ? 'is not' : 'is', null);
    return valueCondition(eb, eb.ref(column), expr, dialect);
  }
  const tagged = (inner: ExpressionBuilder<Database, 'model_version_tags' | 'model_versions'>) =>
    inner.and([
      inner('model_version_tags.name', '=', inner.ref('model_versions.name')),
      inner('model_version_tags.version', '=', inner.ref('model_versions.version')),
      inner('model_version_tags.key', '=', field.key),
    ]);
  if (expr.kind === 'presence') {
    const exists = eb.exists(eb.selectFrom('model_version_tags').select('model_version_tags.key').where(tagged));
    return expr.present ? exists : eb.not(exists);
  }
  return eb.exists(
    eb
      .selectFrom('model_version_tags')
      .select('model_version_tags.key')
      .where(tagged)
      .where((inner) => valueCondition(inner, inner.ref('model_version_tags.value'), expr, dialect)),
  );
}

type Group<F> = Extract<FilterExpr<F>, { items: unknown }>;

function isGroup<F>(expr: FilterExpr<F>): expr is Group<F> {
  return expr.kind === 'and' || expr.kind === 'or';
}
