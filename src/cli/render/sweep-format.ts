import type { Sweep, SweepParameter, Trial, TrialParamValue } from '../../sdk/index.js';
import { formatNumber } from './format.js';

/** Trials that have ended, whatever the outcome (a retried failure counts each attempt). */
export const trialsDone = (sweep: Pick<Sweep, 'counts'>): number => sweep.counts.total - sweep.counts.running;

/** How many trials the sweep will run: max_trials, else the whole grid; null when it has no end set. */
export const trialsPlanned = (sweep: Pick<Sweep, 'maxTrials' | 'gridSize'>): number | null => sweep.maxTrials ?? sweep.gridSize;

/** "9/60", or "9" for a sweep with no planned count. */
export function formatProgress(sweep: Pick<Sweep, 'counts' | 'maxTrials' | 'gridSize'>): string {
  const planned = trialsPlanned(sweep);
  return planned === null ? String(trialsDone(sweep)) : `${trialsDone(sweep)}/${planned}`;
}

/** A parameter value for a table cell: numbers to four significant digits, strings as they are. */
export const formatParamValue = (v: TrialParamValue | undefined): string =>
  v === undefined ? '-' : typeof v === 'number' ? formatNumber(v) : String(v);

export const formatValue = (v: number | null): string => (v === null ? '-' : formatNumber(v));

/** "val_acc 0.93 (trial 7)", or "-" before any trial has a value. */
export function formatBest(sweep: Pick<Sweep, 'bestTrial' | 'metric'>): string {
  const best = sweep.bestTrial;
  return best === null || best.value === null ? '-' : `${formatNumber(best.value)} (#${best.number})`;
}

/** The search-space line of one parameter: its distribution and range, and its condition. */
export function formatParameter(p: SweepParameter): [string, string, string] {
  const when = p.condition ? `  (when ${p.condition.parameter} is ${p.condition.values.map(String).join(' or ')})` : '';
  return [p.name, p.kind, describeSpec(p) + when];
}

function describeSpec(p: SweepParameter): string {
  switch (p.kind) {
    case 'constant':
      return String(p.value);
    case 'categorical':
      return p.values.map(String).join(', ');
    case 'uniform':
    case 'int_uniform':
    case 'log_uniform':
      return `${formatNumber(p.min)} .. ${formatNumber(p.max)}`;
    case 'q_uniform':
      return `${formatNumber(p.min)} .. ${formatNumber(p.max)} step ${formatNumber(p.q)}`;
    case 'normal':
      return `mean ${formatNumber(p.mu)}, sd ${formatNumber(p.sigma)}`;
    default: {
      const never: never = p;
      return String(never);
    }
  }
}

/** Parameter names over all trials, in the order of the sweep's space, then any others sorted. */
export function paramNames(trials: readonly Trial[], parameters: readonly SweepParameter[] = []): string[] {
  const seen = new Set(trials.flatMap((t) => Object.keys(t.params)));
  const ordered = parameters.map((p) => p.name).filter((n) => seen.has(n));
  const rest = [...seen].filter((n) => !ordered.includes(n)).sort();
  return [...ordered, ...rest];
}
