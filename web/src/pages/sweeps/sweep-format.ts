import type { EarlyStop, ParamValue, Sweep } from '../../api/sweeps-types';
import { formatDuration, formatNumber } from '../../lib/format';

/** Trials that have ended, out of how many the sweep will run (null: no limit known). */
export function sweepProgress(sweep: Pick<Sweep, 'counts' | 'max_trials' | 'grid_size'>): { done: number; limit: number | null; text: string } {
  const done = sweep.counts.total - sweep.counts.running;
  const limit = sweep.max_trials ?? sweep.grid_size;
  return { done, limit, text: limit === null ? String(done) : `${done} / ${limit}` };
}

/** "val_acc ↑" or "loss ↓", with the target when there is one: "val_acc ↑ to 0.97". */
export function metricText(metric: Sweep['metric']): string {
  const arrow = metric.goal === 'maximize' ? '↑' : '↓';
  return `${metric.name} ${arrow}${metric.target === null ? '' : ` to ${formatNumber(metric.target)}`}`;
}

/** "ASHA on epoch: min 2, max 50, reduction ×3" or "median on step after 5, once 4 trials". */
export function earlyStopText(es: EarlyStop | null): string {
  if (!es) return 'off';
  switch (es.type) {
    case 'asha':
    case 'hyperband':
      return `${es.type === 'asha' ? 'ASHA' : 'Hyperband'} on ${es.time_metric}: min ${es.min_t}, max ${es.max_t}, reduction ×${es.reduction_factor}`;
    case 'median':
      return `median on ${es.time_metric}: after ${es.grace_t}, once ${es.min_trials} trials report`;
    default: {
      const unknown: never = es;
      return (unknown as { type: string }).type;
    }
  }
}

/** A parameter value for tables and axes: numbers compact, the rest as text; missing as "—". */
export function formatParam(v: ParamValue | undefined): string {
  if (v === undefined || v === null) return '—';
  return typeof v === 'number' ? formatNumber(v) : String(v);
}

/** "1 h 00 m" or "none". */
export const timeBudgetText = (seconds: number | null): string => (seconds === null ? 'none' : formatDuration(seconds * 1000));
