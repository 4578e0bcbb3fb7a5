import type { Sweep, Trial } from '../../sdk/index.js';
import { formatAge, formatDuration, truncate } from './format.js';
import { formatBest, formatParamValue, formatProgress, formatValue, paramNames } from './sweep-format.js';
import { renderTable } from './table.js';

/** `fw sweeps list`: one row per sweep, newest first as the server sends them. */
export function renderSweepsTable(sweeps: Sweep[], now: number): string {
  if (sweeps.length === 0) return 'no sweeps\n';
  const head = ['id', 'name', 'state', 'method', 'trials', 'running', 'metric', 'best', 'age', 'reason'];
  const rows = sweeps.map((s) => [
    s.sweepId,
    truncate(s.name || '-', 24),
    s.state,
    s.method,
    formatProgress(s),
    String(s.counts.running),
    `${s.metric.goal === 'maximize' ? '↑' : '↓'} ${truncate(s.metric.name, 20)}`,
    formatBest(s),
    formatAge(s.createdTime, now),
    truncate(s.reason ?? '-', 40),
  ]);
  return `${renderTable(head, rows, ['left', 'left', 'left', 'left', 'right', 'right', 'left', 'right'])}\n`;
}

export interface TrialsTableOptions {
  /** The sweep, for the metric's name and the order of the parameter columns. */
  sweep?: Pick<Sweep, 'metric' | 'parameters' | 'earlyStop'>;
  now: number;
}

/** `fw sweeps trials`: one row per trial in the order given, a column per parameter. */
export function renderTrialsTable(trials: Trial[], options: TrialsTableOptions): string {
  if (trials.length === 0) return 'no trials\n';
  const params = paramNames(trials, options.sweep?.parameters);
  const metric = options.sweep?.metric.name ?? 'value';
  const t = options.sweep?.earlyStop?.timeMetric ?? 't';
  const head = ['#', 'state', metric, t, ...params, 'duration', 'reason'];
  const rows = trials.map((trial) => [
    trial.attempt > 1 ? `${trial.number} (try ${trial.attempt})` : String(trial.number),
    trial.state,
    formatValue(trial.value),
    formatValue(trial.lastT),
    ...params.map((p) => formatParamValue(trial.params[p])),
    formatDuration((trial.endTime ?? options.now) - trial.createdTime),
    truncate(trial.reason ?? '-', 48),
  ]);
  const align = ['right', 'left', 'right', 'right', ...params.map(() => 'right' as const), 'right'] as const;
  return `${renderTable(head, rows, [...align])}\n`;
}
