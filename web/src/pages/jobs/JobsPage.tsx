import { useEffect, useMemo, type ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { JOB_STATES, type JobState } from '../../api/jobs-types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { joinList, splitList } from '../../lib/url-state';
import { useViewState } from '../../lib/view-state';
import { ComputePanel } from './ComputePanel';
import { JobFilters } from './JobFilters';
import { JobsTable } from './JobsTable';
import { parseLabelFilter } from './label-filter';
import { useJobs } from './use-jobs';
import './jobs.css';

const URL_DEFAULTS = { state: '', label: '' };

/**
 * /jobs — the queue (in the scheduler's order), running jobs and finished jobs, live, with
 * resource use per host beside them. The filter (states, labels) is in the URL.
 */
export function JobsPage() {
  const [url, setUrl] = useViewState(URL_DEFAULTS);
  const states = useMemo(() => splitList(url.state).filter((s): s is JobState => (JOB_STATES as readonly string[]).includes(s)), [url.state]);
  const parsed = parseLabelFilter(url.label);
  const labels = 'labels' in parsed ? parsed.labels : {};
  const labelsKey = JSON.stringify(labels);
  // labels is a new object each render; labelsKey stands for its value.
  const query = useMemo(() => ({ states, labels }), [states, labelsKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const jobs = useJobs(query);

  useEffect(() => {
    document.title = 'Jobs · Flywheel';
  }, []);

  const badFilter = jobs.error instanceof ApiError && jobs.error.status === 400 ? jobs.error.message : undefined;
  const onChanged = () => jobs.refresh();
  const show = (s: JobState[]) => states.length === 0 || s.some((x) => states.includes(x));
  const filtered = states.length > 0 || url.label !== '';

  return (
    <div className="jobs-page" data-testid="jobs-page">
      <div className="jobs-title">
        <h1>Jobs</h1>
        <span className="jobs-live muted" title="The lists refresh every second or two while this tab is visible">
          <span className="jobs-live-dot">●</span> live
        </span>
      </div>
      <JobFilters
        states={states}
        onStates={(s) => setUrl({ state: joinList(s) }, { push: true })}
        labels={url.label}
        onLabels={(label) => setUrl({ label }, { push: true })}
        serverError={'error' in parsed ? parsed.error : badFilter}
      />
      {jobs.error && !badFilter && <ErrorMessage error={jobs.error} onRetry={jobs.refresh} />}
      <div className="jobs-layout">
        <div className="jobs-lists">
          {jobs.loading && jobs.queued.length + jobs.running.length + jobs.finished.length === 0 ? (
            <Loading what="Loading jobs" />
          ) : (
            <>
              {show(['queued']) && (
                <JobsSection title="Queue" count={jobs.queued.length} empty={filtered ? 'No queued job matches.' : 'Nothing is waiting.'}>
                  <JobsTable jobs={jobs.queued} numbered testId="jobs-queued" onChanged={onChanged} />
                </JobsSection>
              )}
              {show(['starting', 'running']) && (
                <JobsSection title="Running" count={jobs.running.length} empty={filtered ? 'No running job matches.' : 'Nothing is running.'}>
                  <JobsTable jobs={jobs.running} testId="jobs-running" onChanged={onChanged} />
                </JobsSection>
              )}
              {jobs.activeCut && <p className="muted">Only the first jobs of a very long queue are shown; filter by label to see others.</p>}
              {show(['succeeded', 'failed', 'cancelled', 'timed_out', 'lost']) && (
                <JobsSection title="Finished" count={jobs.finished.length} more={jobs.finishedMore} empty={filtered ? 'No finished job matches.' : 'No job has finished yet.'}>
                  <JobsTable jobs={jobs.finished} testId="jobs-finished" onChanged={onChanged} />
                  {jobs.finishedMore && (
                    <button type="button" className="jobs-more" data-testid="jobs-more" onClick={jobs.loadMoreFinished}>
                      Show more
                    </button>
                  )}
                </JobsSection>
              )}
            </>
          )}
        </div>
        <ComputePanel />
      </div>
    </div>
  );
}

function JobsSection({ title, count, more = false, empty, children }: { title: string; count: number; more?: boolean; empty: string; children: ReactNode }) {
  return (
    <section className="jobs-section" data-testid={`jobs-section-${title.toLowerCase()}`}>
      <h2>
        {title} <span className="muted jobs-count">{count === 0 ? '' : `${count}${more ? '+' : ''}`}</span>
      </h2>
      {count === 0 ? <p className="empty">{empty}</p> : children}
    </section>
  );
}
