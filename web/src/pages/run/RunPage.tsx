import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { getExperiment, getRun } from '../../api/tracking';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { useAsync } from '../../lib/use-async';
import { useViewState } from '../../lib/view-state';
import { ArtifactsTab } from './ArtifactsTab';
import { ChartsTab } from './ChartsTab';
import { OverviewTab } from './OverviewTab';
import { RunName } from './RunName';
import { RUN_PAGE_URL_DEFAULTS } from './run-url';
import './run-page.css';

/** How often a RUNNING run's status and latest metrics are read again. */
const RUN_REFRESH_MS = 5000;

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'charts', label: 'Charts' },
  { id: 'artifacts', label: 'Artifacts' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** /runs/:runId — one run: overview, params and tags, metric charts (live while running), artifacts. */
export function RunPage() {
  const { runId = '' } = useParams();
  const [url, setUrl] = useViewState(RUN_PAGE_URL_DEFAULTS);
  const run = useAsync(() => getRun(runId), [runId]);
  const current = run.data?.info.run_id === runId ? run.data : undefined;
  const experimentId = current?.info.experiment_id;
  const experiment = useAsync(async () => (experimentId ? getExperiment(experimentId) : undefined), [experimentId]);
  const running = current?.info.status === 'RUNNING';
  const { reload } = run;

  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(reload, RUN_REFRESH_MS);
    return () => clearInterval(timer);
  }, [running, reload]);

  useEffect(() => {
    if (current) document.title = `${current.info.run_name || current.info.run_id} · Flywheel`;
  }, [current]);

  if (!current) {
    if (run.error) {
      return (
        <div className="run-page" data-testid="run-page">
          <ErrorMessage error={run.error} onRetry={run.reload} />
        </div>
      );
    }
    return <Loading what="Loading run" />;
  }

  const tab: TabId = TABS.some((t) => t.id === url.tab) ? (url.tab as TabId) : 'overview';
  const info = current.info;
  return (
    <div className="run-page" data-testid="run-page">
      <div className="run-breadcrumbs muted">
        <Link to="/experiments">Experiments</Link> /{' '}
        <Link to={`/experiments/${info.experiment_id}`} data-testid="run-experiment-crumb">
          {experiment.data?.name ?? `Experiment ${info.experiment_id}`}
        </Link>{' '}
        /
      </div>
      <header className="run-header">
        <RunName runId={info.run_id} name={info.run_name} onRenamed={reload} readOnly={info.lifecycle_stage === 'deleted'} />
        <span className={'status ' + info.status} data-testid="run-status">
          {info.status}
        </span>
        {info.lifecycle_stage === 'deleted' && <span className="run-deleted">deleted</span>}
        {info.job_id && (
          <Link to={`/jobs/${info.job_id}`} className="run-job-link" data-testid="run-job-link">
            Job {info.job_id}
          </Link>
        )}
      </header>
      {run.error && <ErrorMessage error={run.error} onRetry={run.reload} />}
      <nav className="run-tabs" role="tablist" aria-label="Run sections">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            className={tab === t.id ? 'active' : ''}
            data-testid={`tab-${t.id}`}
            onClick={() => setUrl({ tab: t.id }, { push: true })}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <div role="tabpanel" className="run-tabpanel">
        {tab === 'overview' && <OverviewTab run={current} experimentName={experiment.data?.name} onChanged={reload} />}
        {tab === 'charts' && <ChartsTab run={current} url={url} setUrl={setUrl} />}
        {tab === 'artifacts' && (
          <ArtifactsTab run={current} selected={url.artifact} onSelect={(artifact) => setUrl({ artifact }, { push: true })} />
        )}
      </div>
    </div>
  );
}
