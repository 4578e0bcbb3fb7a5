import {
  NUMERIC_COMPARATORS,
  PRESENCE_COMPARATORS,
  TEXT_COMPARATORS,
  type Comparator,
  type FieldSpec,
} from './filter-ast.js';
import type { RawIdentifier, UnknownIdentifier } from './identifier.js';

export type RunTextColumn = 'run_uuid' | 'name' | 'status' | 'user_id' | 'artifact_uri' | 'lifecycle_stage';
export type RunNumberColumn = 'start_time' | 'end_time';
export type RunColumn = RunTextColumn | RunNumberColumn;

/** What a runs filter or order_by clause can refer to. */
export type RunField =
  | { entity: 'metric' | 'param' | 'tag'; key: string }
  | { entity: 'attribute'; column: RunColumn }
  | { entity: 'dataset'; key: 'name' | 'digest' | 'context' };

/** Dataset fields are filter-only, as in MLflow. */
export type RunOrderField = Exclude<RunField, { entity: 'dataset' }>;

type Entity = RunField['entity'];

// MLflow's spellings of each entity type, plus `dataset`; matched case-insensitively.
const ENTITY_TYPES: Record<string, Entity> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

// `created`/`Created` are MLflow's aliases of start_time; run_uuid is the column's own name.
const ATTRIBUTES: Record<string, RunColumn> = {
  run_id: 'run_uuid',
  run_uuid: 'run_uuid',
  run_name: 'name',
  status: 'status',
  user_id: 'user_id',
  artifact_uri: 'artifact_uri',
  lifecycle_stage: 'lifecycle_stage',
  start_time: 'start_time',
  created: 'start_time',
  Created: 'start_time',
  end_time: 'end_time',
};

const DATASET_KEYS = ['name', 'digest', 'context'] as const;
const KEYED_COMPARATORS: readonly Comparator[] = [...TEXT_COMPARATORS, ...PRESENCE_COMPARATORS];
const ID_COMPARATORS: readonly Comparator[] = ['=', '!=', 'IN', 'NOT IN'];

/** Resolves an identifier of a runs filter; a bare name must be a known attribute. */
export function resolveRunFilterField(identifier: RawIdentifier): FieldSpec<RunField> | UnknownIdentifier {
  const entity = entityOf(identifier);
  if (typeof entity === 'object') return entity;
  switch (entity) {
    case 'metric':
      return { field: { entity, key: identifier.key }, type: 'number', comparators: [...NUMERIC_COMPARATORS, ...PRESENCE_COMPARATORS] };
    case 'param':
    case 'tag':
      return { field: { entity, key: identifier.key }, type: 'string', comparators: KEYED_COMPARATORS };
    case 'dataset': {
      const key = DATASET_KEYS.find((k) => k === identifier.key);
      if (!key) return { error: `unknown dataset field '${identifier.key}'; use one of ${DATASET_KEYS.join(', ')}` };
      return { field: { entity, key }, type: 'string', comparators: TEXT_COMPARATORS };
    }
    case 'attribute': {
      const column = attributeColumn(identifier);
      if (typeof column === 'object') return column;
      return { field: { entity, column }, ...attributeType(column) };
    }
    default: {
      const unreachable: never = entity;
      return unreachable;
    }
  }
}

/** Resolves an order_by identifier: metrics, params, tags and attributes. */
export function resolveRunOrderField(identifier: RawIdentifier): RunOrderField | UnknownIdentifier {
  const entity = entityOf(identifier);
  if (typeof entity === 'object') return entity;
  if (entity === 'dataset') return { error: `cannot order by ${identifier.text}; order by metrics, params, tags or attributes` };
  if (entity !== 'attribute') return { entity, key: identifier.key };
  const column = attributeColumn(identifier);
  return typeof column === 'object' ? column : { entity, column };
}

function entityOf(identifier: RawIdentifier): Entity | UnknownIdentifier {
  if (identifier.type === null) {
    if (Object.hasOwn(ATTRIBUTES, identifier.key)) return 'attribute';
    return {
      error: `unknown attribute '${identifier.key}'; use one of ${Object.keys(ATTRIBUTES).join(', ')}, or a prefix such as metrics. or params.`,
    };
  }
  const type = identifier.type.toLowerCase();
  if (Object.hasOwn(ENTITY_TYPES, type)) return ENTITY_TYPES[type]!;
  return { error: `unknown entity type '${identifier.type}'; use metrics, params, tags, attributes or datasets` };
}

function attributeColumn(identifier: RawIdentifier): RunColumn | UnknownIdentifier {
  if (Object.hasOwn(ATTRIBUTES, identifier.key)) return ATTRIBUTES[identifier.key]!;
  return { error: `unknown attribute '${identifier.key}'; use one of ${Object.keys(ATTRIBUTES).join(', ')}` };
}

function attributeType(column: RunColumn): Omit<FieldSpec<RunField>, 'field'> {
  switch (column) {
    case 'start_time':
      return { type: 'number', comparators: NUMERIC_COMPARATORS };
    case 'end_time':
      // A run still going has no end time; IS NULL finds those (a Flywheel extension).
      return { type: 'number', comparators: [...NUMERIC_COMPARATORS, ...PRESENCE_COMPARATORS] };
    case 'run_uuid':
      return { type: 'string', comparators: ID_COMPARATORS };
    case 'name':
    case 'status':
    case 'user_id':
    case 'artifact_uri':
    case 'lifecycle_stage':
      return { type: 'string', comparators: TEXT_COMPARATORS };
    default: {
      const unreachable: never = column;
      return unreachable;
    }
  }
}
