export type * from './types.js';
export { RUN_STATUSES } from './types.js';
export type { TrackingApi } from './tracking-api.js';
export { createTrackingService, type TrackingService } from './tracking-service.js';
export * from './http/index.js';
export {
  parseFilter,
  parseOrderBy,
  valueCondition,
  textOrder,
  NUMERIC_COMPARATORS,
  PRESENCE_COMPARATORS,
  TEXT_COMPARATORS,
  type OrderClause,
  type ValueCondition,
  type Comparator,
  type FieldSpec,
  type FilterExpr,
  type RawIdentifier,
  type UnknownIdentifier,
} from './search/index.js';
