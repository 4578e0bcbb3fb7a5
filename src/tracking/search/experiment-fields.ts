import { NUMERIC_COMPARATORS, PRESENCE_COMPARATORS, type Comparator, type FieldSpec } from './filter-ast.js';
import type { RawIdentifier, UnknownIdentifier } from './identifier.js';

/** What an experiments filter can refer to (MLflow's search_experiments grammar). */
export type ExperimentField = { entity: 'attribute'; column: 'name' | 'creation_time' | 'last_update_time' } | { entity: 'tag'; key: string };

export type ExperimentOrderColumn = 'name' | 'experiment_id' | 'creation_time' | 'last_update_time';

const ATTRIBUTE_TYPES = new Set(['attribute', 'attributes', 'attr']);
const TAG_TYPES = new Set(['tag', 'tags']);
const NAME_COMPARATORS: readonly Comparator[] = ['=', '!=', 'LIKE', 'ILIKE'];
const ORDER_COLUMNS: readonly ExperimentOrderColumn[] = ['name', 'experiment_id', 'creation_time', 'last_update_time'];

export function resolveExperimentFilterField(identifier: RawIdentifier): FieldSpec<ExperimentField> | UnknownIdentifier {
  const type = identifier.type?.toLowerCase() ?? null;
  if (type !== null && TAG_TYPES.has(type)) {
    return { field: { entity: 'tag', key: identifier.key }, type: 'string', comparators: [...NAME_COMPARATORS, ...PRESENCE_COMPARATORS] };
  }
  if (type !== null && !ATTRIBUTE_TYPES.has(type)) return { error: `unknown entity type '${identifier.type}'; use attributes or tags` };
  switch (identifier.key) {
    case 'name':
      return { field: { entity: 'attribute', column: 'name' }, type: 'string', comparators: NAME_COMPARATORS };
    case 'creation_time':
    case 'last_update_time':
      return { field: { entity: 'attribute', column: identifier.key }, type: 'number', comparators: NUMERIC_COMPARATORS };
    default:
      return { error: `unknown experiment attribute '${identifier.key}'; use name, creation_time, last_update_time or tags.<key>` };
  }
}

export function resolveExperimentOrderField(identifier: RawIdentifier): ExperimentOrderColumn | UnknownIdentifier {
  const type = identifier.type?.toLowerCase() ?? null;
  if (type !== null && !ATTRIBUTE_TYPES.has(type)) return { error: `cannot order experiments by ${identifier.text}; use ${ORDER_COLUMNS.join(', ')}` };
  const column = ORDER_COLUMNS.find((c) => c === identifier.key);
  return column ?? { error: `cannot order experiments by '${identifier.key}'; use ${ORDER_COLUMNS.join(', ')}` };
}
