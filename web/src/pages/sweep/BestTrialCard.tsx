import { Link } from 'react-router';
import type { Sweep } from '../../api/sweeps-types';
import { formatNumber } from '../../lib/format';
import { formatParam } from '../sweeps/sweep-format';

/** The best trial so far: its value, its parameters, and links to its run and job. */
export function BestTrialCard({ sweep }: { sweep: Sweep }) {
  const best = sweep.best_trial;
  if (!best) {
    return (
      <section className="sweep-best" data-testid="sweep-best-trial">
        <h2>Best trial</h2>
        <p className="empty">No trial has a value yet.</p>
      </section>
    );
  }
  return (
    <section className="sweep-best" data-testid="sweep-best-trial" data-trial={best.number}>
      <h2>
        Best trial <span className="muted">#{best.number}</span>
      </h2>
      <div className="sweep-best-value">
        <span className="muted">{sweep.metric.name}</span>{' '}
        <strong className="mono" data-testid="sweep-best-value">
          {best.value === null ? '—' : formatNumber(best.value)}
        </strong>
      </div>
      <dl className="sweep-best-params" data-testid="sweep-best-params">
        {sweep.parameters
          .filter((p) => p.name in best.params)
          .map((p) => (
            <div key={p.name} data-param={p.name}>
              <dt>{p.name}</dt>
              <dd className="mono">{formatParam(best.params[p.name])}</dd>
            </div>
          ))}
      </dl>
      <div className="sweep-best-links">
        {best.run_id && (
          <Link to={`/runs/${best.run_id}`} data-testid="sweep-best-run-link">
            Run {best.run_id.slice(0, 8)}
          </Link>
        )}
        {best.job_id && (
          <Link to={`/jobs/${best.job_id}`} data-testid="sweep-best-job-link">
            Job {best.job_id}
          </Link>
        )}
      </div>
    </section>
  );
}
