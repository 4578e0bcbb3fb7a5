import { Link } from 'react-router';
import type { Sweep, Trial } from '../../api/sweeps-types';
import { formatNumber } from '../../lib/format';
import { formatParam } from '../sweeps/sweep-format';
import { SweepStateBadge } from '../sweeps/SweepStateBadge';
import { nextTrialSort, sortTrials, type TrialSort } from './trial-sort';

interface Props {
  sweep: Sweep;
  trials: readonly Trial[];
  sort: TrialSort;
  onSort: (sort: TrialSort) => void;
}

const SORT_MARK: Record<TrialSort, string> = { number: '', best: ' (best first)', worst: ' (worst first)' };

/** Every trial: its parameters (one column each), value, progress, outcome, run and job; the best row highlighted. */
export function TrialsTable({ sweep, trials, sort, onSort }: Props) {
  const sorted = sortTrials(trials, sort, sweep.metric.goal);
  const bestNumber = sweep.best_trial?.number;
  const hasJobs = trials.some((t) => t.job_id !== null);
  return (
    <div className="sweep-trials-wrap">
      <table className="simple sweep-trials" data-testid="sweep-trials">
        <thead>
          <tr>
            <th className="sweep-num">
              <button type="button" className="link-button" data-testid="trials-sort-number" onClick={() => onSort('number')}>
                #
              </button>
            </th>
            <th>State</th>
            {sweep.parameters.map((p) => (
              <th key={p.name} className="mono" title={`${p.kind}${p.condition ? ` (only when ${p.condition.parameter} is ${p.condition.values.map(formatParam).join(' or ')})` : ''}`}>
                {p.name}
              </th>
            ))}
            <th className="sweep-num" aria-sort={sort === 'number' ? 'none' : (sort === 'best') === (sweep.metric.goal === 'minimize') ? 'ascending' : 'descending'}>
              <button type="button" className="link-button" data-testid="trials-sort-value" data-sort={sort} onClick={() => onSort(nextTrialSort(sort))}>
                {sweep.metric.name}
                {SORT_MARK[sort]}
              </button>
            </th>
            <th className="sweep-num">{sweep.early_stop?.time_metric ?? 't'}</th>
            <th>Reason</th>
            <th>Run</th>
            {hasJobs && <th>Job</th>}
          </tr>
        </thead>
        <tbody>
          {sorted.map((t) => (
            <tr key={t.number} data-testid="trial-row" data-trial={t.number} data-state={t.state} data-best={t.number === bestNumber ? 'true' : undefined} className={t.number === bestNumber ? 'best' : undefined}>
              <td className="sweep-num muted">{t.number}</td>
              <td>
                <SweepStateBadge state={t.state} testId="trial-state" />
              </td>
              {sweep.parameters.map((p) => (
                <td key={p.name} className="mono sweep-param" data-param={p.name}>
                  {formatParam(t.params[p.name])}
                </td>
              ))}
              <td className="sweep-num mono" data-testid="trial-value">
                {t.value === null ? '—' : formatNumber(t.value)}
              </td>
              <td className="sweep-num">{t.last_t ?? ''}</td>
              <td className="sweep-reason muted" title={t.reason ?? undefined}>
                {(t.state === 'stopped' || t.state === 'failed') && t.reason}
              </td>
              <td>
                {t.run_id && (
                  <Link to={`/runs/${t.run_id}`} className="mono" data-testid="trial-run-link" title={t.run_id}>
                    {t.run_id.slice(0, 8)}
                  </Link>
                )}
                {t.attempt > 1 && <span className="muted"> attempt {t.attempt}</span>}
              </td>
              {hasJobs && (
                <td>
                  {t.job_id && (
                    <Link to={`/jobs/${t.job_id}`} className="mono" data-testid="trial-job-link">
                      {t.job_id}
                    </Link>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
