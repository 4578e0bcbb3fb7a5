import type { Run, RunStatus } from '../../api/types';
import { num } from '../../api/types';

/**
 * A run as the table reads it: params, latest metrics and tags as Maps, built once when a
 * page of runs arrives so that rendering a cell is a Map lookup, never a scan of arrays.
 */
export interface RunRow {
  id: string;
  name: string;
  status: RunStatus;
  startTime: number;
  endTime: number | undefined;
  user: string;
  deleted: boolean;
  metrics: Map<string, number>;
  params: Map<string, string>;
  tags: Map<string, string>;
}

export function toRunRow(run: Run): RunRow {
  const metrics = new Map<string, number>();
  for (const m of run.data.metrics ?? []) metrics.set(m.key, num(m.value));
  const params = new Map<string, string>();
  for (const p of run.data.params ?? []) params.set(p.key, p.value);
  const tags = new Map<string, string>();
  for (const t of run.data.tags ?? []) tags.set(t.key, t.value);
  return {
    id: run.info.run_id,
    name: run.info.run_name || run.info.run_id.slice(0, 8),
    status: run.info.status,
    startTime: run.info.start_time,
    endTime: run.info.end_time ?? undefined,
    user: run.info.user_id,
    deleted: run.info.lifecycle_stage === 'deleted',
    metrics,
    params,
    tags,
  };
}

/** Every metric, param and tag key seen in the loaded runs, sorted. */
export interface RunKeys {
  metrics: string[];
  params: string[];
  tags: string[];
}

export function collectKeys(rows: readonly RunRow[]): RunKeys {
  const metrics = new Set<string>();
  const params = new Set<string>();
  const tags = new Set<string>();
  for (const r of rows) {
    for (const k of r.metrics.keys()) metrics.add(k);
    for (const k of r.params.keys()) params.add(k);
    for (const k of r.tags.keys()) tags.add(k);
  }
  const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return { metrics: sorted(metrics), params: sorted(params), tags: sorted(tags) };
}

/** Param keys whose value is not the same in every run (a run without the key counts as a value). */
export function varyingParams(rows: readonly RunRow[], keys: readonly string[]): string[] {
  return keys.filter((key) => {
    if (rows.length < 2) return true;
    const first = rows[0]!.params.get(key);
    return rows.some((r) => r.params.get(key) !== first);
  });
}

export const isLive = (status: RunStatus) => status === 'RUNNING' || status === 'SCHEDULED';
