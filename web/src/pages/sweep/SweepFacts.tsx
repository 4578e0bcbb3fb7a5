import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Sweep } from '../../api/sweeps-types';
import { formatDuration, formatTime } from '../../lib/format';
import { earlyStopText, metricText, sweepProgress, timeBudgetText } from '../sweeps/sweep-format';
import { SweepStateBadge } from '../sweeps/SweepStateBadge';
import { FactList } from '../../components/FactList';

/** What the sweep searches, how, and how far it has got, as label/value pairs. */
export function SweepFacts({ sweep }: { sweep: Sweep }) {
  const c = sweep.counts;
  const facts: [string, ReactNode, string][] = [
    ['State', <SweepStateBadge state={sweep.state} testId="sweep-state-fact" />, 'sweep-state-row'],
  ];
  if (sweep.reason) facts.push(['Reason', sweep.reason, 'sweep-reason']);
  facts.push(
    ['Method', sweep.method + (sweep.grid_size !== null ? ` (${sweep.grid_size} grid points)` : ''), 'sweep-method'],
    ['Metric', <span className="mono">{metricText(sweep.metric)}</span>, 'sweep-metric'],
    ['Trials', `${sweepProgress(sweep).text} done`, 'sweep-progress-fact'],
    [
      'Counts',
      <span data-testid="sweep-counts">
        {c.running} running · {c.completed} completed · {c.stopped} stopped · {c.failed} failed · {c.cancelled} cancelled
      </span>,
      'sweep-counts-row',
    ],
    ['Early stop', earlyStopText(sweep.early_stop), 'sweep-early-stop'],
    ['Parallel', String(sweep.parallel), 'sweep-parallel-fact'],
    ['Time budget', timeBudgetText(sweep.time_budget_seconds), 'sweep-time-budget'],
    ['Retries', String(sweep.max_retries), 'sweep-retries'],
    [
      'Driven by',
      sweep.driven_by === 'server' && sweep.command ? <code className="sweep-command">{sweep.command.join(' ')}</code> : 'code (ask / tell)',
      'sweep-driven-by',
    ],
    [
      'Experiment',
      <Link to={`/experiments/${sweep.experiment_id}`} data-testid="sweep-experiment-link">
        {sweep.experiment_id}
      </Link>,
      'sweep-experiment',
    ],
    ['Created', formatTime(sweep.created_time), 'sweep-created'],
  );
  if (sweep.end_time !== null) {
    facts.push(['Ended', formatTime(sweep.end_time), 'sweep-ended'], ['Duration', formatDuration(sweep.end_time - sweep.created_time), 'sweep-duration']);
  }
  return (
    <FactList facts={facts} className="sweep-facts" testId="sweep-facts" />
  );
}
