import { InvalidArgumentError } from 'commander';
import type { MetricGoal, Trial } from '../sdk/index.js';

/**
 * `fw sweeps trials --sort KEY`: `number` (the default, oldest first), `value` (best first
 * for the sweep's goal), `t` (furthest along first), `state`, or `params.NAME` (smallest
 * first). A leading `-` reverses the order. Trials without the key go last either way.
 */
export interface TrialSort {
  key: 'number' | 'value' | 't' | 'state' | `params.${string}`;
  reversed: boolean;
}

/** Commander parser: a bad key is a usage error. */
export function parseTrialSort(value: string): TrialSort {
  const text = value.trim();
  const reversed = text.startsWith('-');
  const key = text.replace(/^[-+]/, '');
  if (key === 'number' || key === 'value' || key === 't' || key === 'state') return { key, reversed };
  if (/^params\../.test(key)) return { key: key as `params.${string}`, reversed };
  throw new InvalidArgumentError(`cannot sort by '${key}': use number, value, t, state or params.NAME (with - in front to reverse).`);
}

type Cell = number | string | undefined;

/** A sorted copy of `trials`; ties keep the trial numbers' order. */
export function sortTrials(trials: readonly Trial[], sort: TrialSort, goal: MetricGoal): Trial[] {
  const cell = (t: Trial): Cell => {
    if (sort.key === 'number') return t.number;
    if (sort.key === 'value') return t.value === null || Number.isNaN(t.value) ? undefined : goal === 'maximize' ? -t.value : t.value;
    if (sort.key === 't') return t.lastT === null ? undefined : -t.lastT;
    if (sort.key === 'state') return t.state;
    return t.params[sort.key.slice('params.'.length)] as Cell;
  };
  const direction = sort.reversed ? -1 : 1;
  return [...trials].sort((a, b) => {
    const x = cell(a);
    const y = cell(b);
    if (x === undefined || y === undefined) return x === y ? a.number - b.number : x === undefined ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order !== 0 ? direction * order : a.number - b.number;
  });
}
