import { Link } from 'react-router';
import type { Sweep } from '../../api/sweeps-types';
import { formatAgo, formatNumber, formatTime } from '../../lib/format';
import { metricText, sweepProgress } from './sweep-format';
import { SweepStateBadge } from './SweepStateBadge';

/** Sweeps as rows: name, state, method, metric, progress, running trials, best value, age. */
export function SweepsTable({ sweeps, now }: { sweeps: readonly Sweep[]; now: number }) {
  return (
    <table className="simple sweeps-table" data-testid="sweeps-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>State</th>
          <th>Method</th>
          <th>Metric</th>
          <th className="sweeps-num">Trials</th>
          <th className="sweeps-num">Running</th>
          <th className="sweeps-num">Best</th>
          <th>Created</th>
        </tr>
      </thead>
      <tbody>
        {sweeps.map((s) => (
          <SweepRow key={s.sweep_id} sweep={s} now={now} />
        ))}
      </tbody>
    </table>
  );
}

function SweepRow({ sweep, now }: { sweep: Sweep; now: number }) {
  const progress = sweepProgress(sweep);
  const best = sweep.best_trial?.value;
  return (
    <tr data-testid="sweep-row" data-sweep-id={sweep.sweep_id} data-state={sweep.state}>
      <td className="entity-name sweeps-name">
        <Link to={`/sweeps/${sweep.sweep_id}`} data-testid="sweep-link" title={sweep.sweep_id}>
          {sweep.name || sweep.sweep_id}
        </Link>
        {sweep.driven_by === 'client' && <span className="muted sweeps-note"> from code</span>}
      </td>
      <td title={sweep.reason ?? undefined}>
        <SweepStateBadge state={sweep.state} />
      </td>
      <td>{sweep.method}</td>
      <td className="mono">{metricText(sweep.metric)}</td>
      <td className="sweeps-num" data-testid="sweep-progress">
        {progress.text}
        {progress.limit !== null && progress.limit > 0 && (
          <span className="sweeps-progress" aria-hidden="true">
            <span style={{ width: `${Math.min(100, (100 * progress.done) / progress.limit)}%` }} />
          </span>
        )}
      </td>
      <td className="sweeps-num" data-testid="sweep-running">
        {sweep.counts.running || ''}
      </td>
      <td className="sweeps-num mono" data-testid="sweep-best">
        {best === undefined || best === null ? '—' : formatNumber(best)}
      </td>
      <td className="sweeps-nowrap" title={formatTime(sweep.created_time)}>
        {formatAgo(sweep.created_time, now)}
      </td>
    </tr>
  );
}
