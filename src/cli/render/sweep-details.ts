import type { ParameterImportance, Sweep, SweepEarlyStop } from '../../sdk/index.js';
import { formatAge, formatDuration, formatNumber, shortId } from './format.js';
import { shellJoin } from './job-format.js';
import { formatParameter, formatParamValue, formatProgress, paramNames } from './sweep-format.js';
import { renderTable } from './table.js';

/** Key/value lines with the keys padded to one width (as `fw jobs show`). */
function pairs(rows: Array<[string, string]>, indent = ''): string[] {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(width)}  ${v}`.trimEnd());
}

const time = (t: number | null, now: number): string => (t === null ? '-' : `${new Date(t).toISOString()} (${formatAge(t, now)})`);

function earlyStopText(e: SweepEarlyStop | null): string {
  if (e === null) return '-';
  switch (e.type) {
    case 'asha':
    case 'hyperband':
      return `${e.type === 'asha' ? 'ASHA' : 'Hyperband'} on ${e.timeMetric}: min ${e.minT}, max ${e.maxT}, reduction factor ${e.reductionFactor}`;
    case 'median':
      return `median on ${e.timeMetric}: grace ${e.graceT}, at least ${e.minTrials} trials`;
    default: {
      const never: never = e;
      return String(never);
    }
  }
}

function countsText(s: Sweep): string {
  const c = s.counts;
  return `${formatProgress(s)} done: ${c.completed} completed, ${c.stopped} stopped early, ${c.failed} failed, ${c.cancelled} cancelled; ${c.running} running`;
}

/**
 * The best trial: its number, value and state, then its parameters and where its run is.
 * `fw sweeps show` and the end of `fw sweeps create --wait` print it.
 */
export function renderBestTrial(sweep: Pick<Sweep, 'bestTrial' | 'metric' | 'parameters'>): string {
  const best = sweep.bestTrial;
  if (best === null || best.value === null) return 'best trial  none yet (no trial has reported a value)\n';
  const where = [...(best.runId ? [`run ${shortId(best.runId)}`] : []), ...(best.jobId ? [`job ${best.jobId}`] : [])];
  const lines = [`best trial  #${best.number}: ${sweep.metric.name} = ${formatNumber(best.value)} (${[best.state, ...where].join(', ')})`];
  lines.push(...pairs(paramNames([best], sweep.parameters).map((n) => [n, formatParamValue(best.params[n])]), '  '));
  return `${lines.join('\n')}\n`;
}

/** `fw sweeps show`: the sweep's facts and counts, its best trial, its space, and (when known) parameter importance. */
export function renderSweepDetails(sweep: Sweep, importance: ParameterImportance[], now: number): string {
  const m = sweep.metric;
  const lines = pairs([
    ['sweep', sweep.sweepId],
    ['name', sweep.name || '-'],
    ['state', sweep.state],
    ['reason', sweep.reason ?? '-'],
    ['method', sweep.method + (sweep.gridSize !== null ? ` (${sweep.gridSize} points)` : '')],
    ['metric', `${m.name} (${m.goal}${m.target !== null ? `, target ${formatNumber(m.target)}` : ''})`],
    ['trials', countsText(sweep)],
    ['parallel', String(sweep.parallel)],
    ['driven by', sweep.drivenBy === 'client' ? 'client (ask/tell)' : 'server'],
    ...(sweep.command ? [['command', shellJoin(sweep.command)] as [string, string]] : []),
    ['early stop', earlyStopText(sweep.earlyStop)],
    ['time budget', sweep.timeBudgetSeconds === null ? '-' : formatDuration(sweep.timeBudgetSeconds * 1000)],
    ['retries', String(sweep.maxRetries)],
    ['experiment', sweep.experimentId],
    ['created', time(sweep.createdTime, now)],
    ['ended', time(sweep.endTime, now)],
    ['duration', formatDuration((sweep.endTime ?? now) - sweep.createdTime) + (sweep.endTime === null ? ' so far' : '')],
  ]);
  lines.push('', renderBestTrial(sweep).trimEnd());
  const space = sweep.parameters.map(formatParameter);
  lines.push('', 'parameters', ...(space.length > 0 ? indent(renderTable(['name', 'kind', 'values'], space)) : ['  (none)']));
  if (importance.length > 0) {
    const rows = importance.map((i) => [i.parameter, i.importance.toFixed(2), '█'.repeat(Math.round(i.importance * 20))]);
    lines.push('', 'importance', ...indent(renderTable(['parameter', 'share', ''], rows, ['left', 'right'])));
  }
  return `${lines.join('\n')}\n`;
}

const indent = (table: string): string[] => table.split('\n').map((l) => `  ${l}`.trimEnd());
