import type { RunKeys, RunRow } from './run-rows';
import { varyingParams } from './run-rows';

/**
 * A table column's id is what the URL's `columns` list holds: `attributes.<name>`,
 * `metrics.<key>`, `params.<key>` or `tags.<key>`. Keys never contain commas (the server
 * refuses them), so a comma-separated list is safe.
 */
export type ColumnKind = 'attribute' | 'metric' | 'param' | 'tag';
export type Attribute = 'run_name' | 'status' | 'start_time' | 'duration' | 'user_id' | 'run_id';

export interface Column {
  id: string;
  kind: ColumnKind;
  /** The attribute name, or the metric/param/tag key. */
  key: string;
  label: string;
  width: number;
  /** The order_by identifier, or undefined where the server cannot sort (duration). */
  orderBy: string | undefined;
  /** Which direction a first click on the header sorts. */
  firstDirection: SortDirection;
}

export type SortDirection = 'asc' | 'desc';

export const ATTRIBUTES: { key: Attribute; label: string; width: number }[] = [
  { key: 'run_name', label: 'Name', width: 220 },
  { key: 'status', label: 'Status', width: 100 },
  { key: 'start_time', label: 'Started', width: 140 },
  { key: 'duration', label: 'Duration', width: 100 },
  { key: 'user_id', label: 'User', width: 100 },
  { key: 'run_id', label: 'Run ID', width: 120 },
];

const PREFIX: Record<ColumnKind, string> = { attribute: 'attributes', metric: 'metrics', param: 'params', tag: 'tags' };
const KIND_OF: Record<string, ColumnKind> = { attributes: 'attribute', metrics: 'metric', params: 'param', tags: 'tag' };
const WIDTH: Record<Exclude<ColumnKind, 'attribute'>, number> = { metric: 110, param: 120, tag: 140 };

export const columnId = (kind: ColumnKind, key: string) => `${PREFIX[kind]}.${key}`;

/** A key in an order_by clause: bare when it is a plain identifier, else in backticks. */
export const quoteKey = (key: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `\`${key}\``);

/** The column an id names, or undefined for an id that is not well formed. */
export function parseColumn(id: string): Column | undefined {
  const dot = id.indexOf('.');
  if (dot <= 0 || dot === id.length - 1) return undefined;
  const kind = KIND_OF[id.slice(0, dot)];
  const key = id.slice(dot + 1);
  if (!kind) return undefined;
  if (kind === 'attribute') {
    const attr = ATTRIBUTES.find((a) => a.key === key);
    if (!attr) return undefined;
    return {
      id,
      kind,
      key,
      label: attr.label,
      width: attr.width,
      orderBy: key === 'duration' ? undefined : `attributes.${key}`,
      firstDirection: key === 'start_time' ? 'desc' : 'asc',
    };
  }
  return {
    id,
    kind,
    key,
    label: key,
    width: WIDTH[kind],
    orderBy: `${PREFIX[kind]}.${quoteKey(key)}`,
    // Higher metrics are what people look for first.
    firstDirection: kind === 'metric' ? 'desc' : 'asc',
  };
}

const MAX_DEFAULT_METRICS = 12;
const MAX_DEFAULT_PARAMS = 8;

/** Name, status, started, duration, then the metrics and the params that differ, capped. */
export function defaultColumnIds(rows: readonly RunRow[], keys: RunKeys): string[] {
  return [
    'attributes.run_name',
    'attributes.status',
    'attributes.start_time',
    'attributes.duration',
    ...keys.metrics.slice(0, MAX_DEFAULT_METRICS).map((k) => columnId('metric', k)),
    ...varyingParams(rows, keys.params)
      .slice(0, MAX_DEFAULT_PARAMS)
      .map((k) => columnId('param', k)),
  ];
}

export interface Sort {
  column: string;
  direction: SortDirection;
}

/** `metrics.acc:desc` in the URL; the column id may itself contain ':' so split at the last. */
export function parseSort(s: string): Sort | undefined {
  const at = s.lastIndexOf(':');
  if (at <= 0) return undefined;
  const direction = s.slice(at + 1);
  if (direction !== 'asc' && direction !== 'desc') return undefined;
  return { column: s.slice(0, at), direction };
}

export const formatSort = (sort: Sort) => `${sort.column}:${sort.direction}`;

/** The order_by clauses of a sort; none means the server's default, newest first. */
export function orderByOf(sort: Sort | undefined): string[] {
  const column = sort && parseColumn(sort.column);
  if (!sort || !column?.orderBy) return [];
  return [`${column.orderBy} ${sort.direction.toUpperCase()}`];
}

/** The server sorts by start time, newest first, when no order is given. */
export const DEFAULT_SORT: Sort = { column: 'attributes.start_time', direction: 'desc' };
