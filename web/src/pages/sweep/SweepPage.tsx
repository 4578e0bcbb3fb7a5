import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { useViewState } from '../../lib/view-state';
import { SweepStateBadge } from '../sweeps/SweepStateBadge';
import { BestSoFarChart } from './BestSoFarChart';
import { BestTrialCard } from './BestTrialCard';
import { ConfigBlock } from './ConfigBlock';
import { ImportanceBars } from './ImportanceBars';
import { ParallelCoords } from './parallel-coords/ParallelCoords';
import { SweepActions } from './SweepActions';
import { SweepFacts } from './SweepFacts';
import { TRIAL_SORTS, type TrialSort } from './trial-sort';
import { TrialsTable } from './TrialsTable';
import { useSweep } from './use-sweep';
import '../sweeps/sweeps.css';
import './sweep-page.css';

const URL_DEFAULTS = { sort: 'number' };

/** /sweeps/:sweepId — one sweep: its settings and progress, best trial, trials, and charts of what it found. */
export function SweepPage() {
  const { sweepId = '' } = useParams();
  const [url, setUrl] = useViewState(URL_DEFAULTS);
  const sort: TrialSort = (TRIAL_SORTS as readonly string[]).includes(url.sort) ? (url.sort as TrialSort) : 'number';
  const view = useSweep(sweepId);
  const { sweep, trials } = view;

  const title = sweep ? sweep.name || sweep.sweep_id : undefined;
  useEffect(() => {
    if (title !== undefined) document.title = `${title} · Sweeps · Flywheel`;
  }, [title]);

  if (!sweep) {
    return (
      <div className="sweep-page" data-testid="sweep-page">
        <Crumbs />
        {view.error ? <ErrorMessage error={view.error} onRetry={view.reload} /> : <Loading what="Loading sweep" />}
      </div>
    );
  }

  const bestTrial = sweep.best_trial?.number ?? null;
  return (
    <div className="sweep-page" data-testid="sweep-page">
      <Crumbs />
      <header className="sweep-header">
        <h1 data-testid="sweep-name">{sweep.name || sweep.sweep_id}</h1>
        <SweepStateBadge state={sweep.state} testId="sweep-header-state" />
        <span className="muted mono">{sweep.sweep_id}</span>
        <span className="sweep-header-spacer" />
        <SweepActions sweep={sweep} onChanged={view.reload} />
      </header>
      {view.error && <ErrorMessage error={view.error} onRetry={view.reload} />}
      <div className="sweep-overview">
        <section>
          <h2>Details</h2>
          <SweepFacts sweep={sweep} />
          <ConfigBlock config={sweep.config} />
        </section>
        <div>
          <BestTrialCard sweep={sweep} />
          <section>
            <h2>Parameter importance</h2>
            {view.importance.error && <ErrorMessage error={view.importance.error} />}
            {view.importance.data ? <ImportanceBars importance={view.importance.data} /> : !view.importance.error && <Loading what="Loading importance" />}
          </section>
        </div>
      </div>
      <section>
        <h2>Best so far</h2>
        <BestSoFarChart trials={trials} goal={sweep.metric.goal} metricName={sweep.metric.name} bestTrial={bestTrial} />
      </section>
      <section>
        <h2>Parameters and {sweep.metric.name}</h2>
        <ParallelCoords parameters={sweep.parameters} trials={trials} metric={sweep.metric} bestTrial={bestTrial} />
      </section>
      <section>
        <h2>
          Trials <span className="muted sweep-count">{trials.length || ''}</span>
        </h2>
        {trials.length === 0 ? <p className="empty">No trial has started yet.</p> : <TrialsTable sweep={sweep} trials={trials} sort={sort} onSort={(s) => setUrl({ sort: s })} />}
      </section>
    </div>
  );
}

function Crumbs() {
  return (
    <div className="sweep-breadcrumbs muted">
      <Link to="/sweeps">Sweeps</Link> /
    </div>
  );
}
