import type { Run, RunStatus } from '../../api/types';
import { num } from '../../api/types';

/** A run as the compare view uses it: its color and its latest values, looked up by key. */
export interface ComparedRun {
  id: string;
  name: string;
  color: string;
  status: RunStatus;
  deleted: boolean;
  startTime: number;
  params: ReadonlyMap<string, string>;
  /** User tags only: `mlflow.*` system tags (run name, source, ...) are left out. */
  tags: ReadonlyMap<string, string>;
  /** The latest value of each metric (MLflow's rule, applied by the server). */
  metrics: ReadonlyMap<string, number>;
}

export function toComparedRun(run: Run, color: string): ComparedRun {
  return {
    id: run.info.run_id,
    name: run.info.run_name || run.info.run_id.slice(0, 8),
    color,
    status: run.info.status,
    deleted: run.info.lifecycle_stage === 'deleted',
    startTime: run.info.start_time,
    params: new Map((run.data.params ?? []).map((p) => [p.key, p.value])),
    tags: new Map((run.data.tags ?? []).filter((t) => !t.key.startsWith('mlflow.')).map((t) => [t.key, t.value])),
    metrics: new Map((run.data.metrics ?? []).map((m) => [m.key, num(m.value)])),
  };
}

/** Sorts "layer2" before "layer10". */
export const naturalCompare = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }).compare;

type Pick = (run: ComparedRun) => ReadonlyMap<string, unknown>;

/** Every key any of the runs has, in natural order. */
export function unionKeys(runs: readonly ComparedRun[], pick: Pick): string[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of pick(run).keys()) keys.add(key);
  return [...keys].sort(naturalCompare);
}

/** The keys whose value is not the same in every run (a missing value counts as different). */
export function differingKeys(runs: readonly ComparedRun[], pick: Pick): string[] {
  return unionKeys(runs, pick).filter((key) => {
    const first = pick(runs[0]!).get(key);
    return runs.some((run) => !Object.is(pick(run).get(key), first));
  });
}

/** A param value read as a number: "0.001" and "1e-3" are, "" and "adam" are not. */
export function parseNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** True when every run that has the param has a numeric value (and at least one has it). */
export function isNumericParam(runs: readonly ComparedRun[], key: string): boolean {
  let seen = false;
  for (const run of runs) {
    const v = run.params.get(key);
    if (v === undefined) continue;
    if (parseNumber(v) === undefined) return false;
    seen = true;
  }
  return seen;
}

// Whole words of a metric's name; "loss" and "error" also end words ("valLoss", "trainerror").
const LOWER_IS_BETTER_WORDS = new Set(['err', 'mse', 'mae', 'rmse', 'mape', 'perplexity', 'ppl', 'nll', 'wer', 'cer', 'latency', 'regret', 'distance']);

/** Whether a smaller value of this metric is the better one: losses and errors, by name. */
export function lowerIsBetter(key: string): boolean {
  return key
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((word) => LOWER_IS_BETTER_WORDS.has(word) || word.endsWith('loss') || word.endsWith('error') || word.endsWith('errors'));
}

/** The ids of the runs holding the best finite value of `key` (ties share it); empty when fewer than two runs have one. */
export function bestRuns(runs: readonly ComparedRun[], key: string): Set<string> {
  const lower = lowerIsBetter(key);
  let best: number | undefined;
  let count = 0;
  for (const run of runs) {
    const v = run.metrics.get(key);
    if (v === undefined || !Number.isFinite(v)) continue;
    count++;
    if (best === undefined || (lower ? v < best : v > best)) best = v;
  }
  if (best === undefined || count < 2) return new Set();
  return new Set(runs.filter((run) => run.metrics.get(key) === best).map((run) => run.id));
}

/** The metric a view starts on: a validation or test metric when there is one. */
export function defaultMetric(keys: readonly string[]): string | undefined {
  const score = (k: string) => (/(^|[^a-z])(val|valid|validation|eval|test)([^a-z]|$)/i.test(k) ? 2 : 0) + (/acc|loss|f1|auc|score/i.test(k) ? 1 : 0);
  let best: string | undefined;
  for (const k of keys) if (best === undefined || score(k) > score(best)) best = k;
  return best;
}
