import type { Run } from '../../sdk/index.js';
import { formatDuration, formatNumber, runDuration, shortId, truncate } from './format.js';
import { renderTable } from './table.js';

export type Goal = 'min' | 'max';

export interface ParamRow {
  key: string;
  /** One per run, in the order given; null where the run has no such param. */
  values: Array<string | null>;
  differs: boolean;
}

export interface MetricRow {
  key: string;
  values: Array<number | null>;
  differs: boolean;
  goal: Goal;
  /** The runs holding the best value (several on a tie); empty when there is nothing to rank. */
  bestRunIds: string[];
}

export interface Comparison {
  runs: Array<{ runId: string; runName: string; experimentId: string; status: string; startTime: number; endTime: number | null }>;
  params: ParamRow[];
  metrics: MetricRow[];
}

// Names of metrics where smaller is better; everything else (accuracy, f1, auc, ...) is larger-is-better.
const LOWER_IS_BETTER = /loss|err|mse|mae|rmse|mape|perplexity|latency|duration|time|wer|cer|cost/i;

export const metricGoal = (key: string): Goal => (LOWER_IS_BETTER.test(key) ? 'min' : 'max');

const sortedKeys = (lists: Array<Array<{ key: string }>>) => [...new Set(lists.flat().map((x) => x.key))].sort();

/** The data of `fw runs compare`, also its --json output. Runs keep the order given. */
export function compareRuns(runs: Run[]): Comparison {
  const params = sortedKeys(runs.map((r) => r.data.params)).map((key): ParamRow => {
    const values = runs.map((r) => r.data.params.find((p) => p.key === key)?.value ?? null);
    return { key, values, differs: new Set(values).size > 1 };
  });
  const metrics = sortedKeys(runs.map((r) => r.data.metrics)).map((key): MetricRow => {
    const values = runs.map((r) => r.data.metrics.find((m) => m.key === key)?.value ?? null);
    const goal = metricGoal(key);
    return { key, values, differs: new Set(values.map(String)).size > 1, goal, bestRunIds: best(runs, values, goal) };
  });
  return {
    runs: runs.map(({ info }) => ({
      runId: info.runId,
      runName: info.runName,
      experimentId: info.experimentId,
      status: info.status,
      startTime: info.startTime,
      endTime: info.endTime,
    })),
    params,
    metrics,
  };
}

function best(runs: Run[], values: Array<number | null>, goal: Goal): string[] {
  const ranked = values.filter((v): v is number => v !== null && !Number.isNaN(v));
  // Nothing to rank when fewer than two runs have the metric, or all of them agree.
  if (ranked.length < 2 || new Set(ranked).size === 1) return [];
  const target = goal === 'min' ? Math.min(...ranked) : Math.max(...ranked);
  return runs.filter((_, i) => values[i] === target).map((r) => r.info.runId);
}

const DIFFERS = '≠';
const BEST = '*';

/** Side by side: one column per run, a mark on rows that differ and on each metric's best value. */
export function renderComparison(c: Comparison, now: number): string {
  const blank = c.runs.map(() => '');
  const rows: string[][] = [
    ['', 'name', ...c.runs.map((r) => truncate(r.runName || '-', 24))],
    ['', 'status', ...c.runs.map((r) => r.status)],
    ['', 'duration', ...c.runs.map((r) => formatDuration(runDuration(r, now)))],
    ['', 'params', ...blank],
    ...c.params.map((p) => [p.differs ? DIFFERS : '', `  ${p.key}`, ...p.values.map((v) => (v === null ? '-' : truncate(v, 24)))]),
    ['', 'metrics', ...blank],
    ...c.metrics.map((m) => [
      m.differs ? DIFFERS : '',
      `  ${m.key} ${m.goal === 'min' ? '↓' : '↑'}`,
      ...m.values.map((v, i) =>
        v === null ? '-' : `${formatNumber(v)}${m.bestRunIds.includes(c.runs[i]!.runId) ? ` ${BEST}` : ''}`,
      ),
    ]),
  ];
  const table = renderTable(['', 'run', ...c.runs.map((r) => shortId(r.runId))], rows);
  return `${table}\n${DIFFERS} differs   ${BEST} best (↑ higher is better, ↓ lower is better)\n`;
}
