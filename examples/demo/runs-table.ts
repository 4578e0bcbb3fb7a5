import Table from 'cli-table3';
import type { Run } from '../../src/sdk/types.js';

const PARAMS = ['hidden_units', 'learning_rate', 'epochs'] as const;
const METRICS = ['val_acc', 'val_loss', 'acc', 'loss'] as const;

/** The latest value of `key` on the run, or NaN when it has none. */
export function latestMetric(run: Run, key: string): number {
  return run.data.metrics.find((m) => m.key === key)?.value ?? Number.NaN;
}

/** Runs best first by val_acc (then lower val_loss); runs without val_acc go last. */
export function byValAccuracy(a: Run, b: Run): number {
  const acc = (r: Run) => {
    const v = latestMetric(r, 'val_acc');
    return Number.isNaN(v) ? -Infinity : v;
  };
  const loss = (r: Run) => {
    const v = latestMetric(r, 'val_loss');
    return Number.isNaN(v) ? Infinity : v;
  };
  return acc(b) - acc(a) || loss(a) - loss(b);
}

/** A terminal table of runs, one row each in the given order. */
export function renderRunsTable(runs: Run[], color = Boolean(process.stdout.isTTY)): string {
  const table = new Table({
    head: ['#', 'run', ...PARAMS, ...METRICS, 'status', 'run id'],
    colAligns: ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'left'],
    // No colour codes when the table goes to a file or a pipe.
    style: color ? { head: ['cyan'] } : { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  runs.forEach((run, i) => {
    const param = (key: string) => run.data.params.find((p) => p.key === key)?.value ?? '';
    table.push([
      String(i + 1),
      run.info.runName,
      ...PARAMS.map(param),
      ...METRICS.map((key) => formatMetric(latestMetric(run, key))),
      run.info.status,
      run.info.runId,
    ]);
  });
  return table.toString();
}

function formatMetric(value: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(4);
}
