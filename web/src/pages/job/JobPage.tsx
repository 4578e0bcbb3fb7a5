import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { getJob, jobEvents } from '../../api/jobs';
import { isTerminalJobState, type Job } from '../../api/jobs-types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { useAsync } from '../../lib/use-async';
import { usePoll } from '../../lib/use-poll';
import { useViewState } from '../../lib/view-state';
import { JobActions } from '../jobs/JobActions';
import { JobStateBadge } from '../jobs/JobStateBadge';
import { JobEvents } from './JobEvents';
import { JobFacts } from './JobFacts';
import { JobLog } from './JobLog';
import '../jobs/jobs.css';
import './job-page.css';

/** How often a job that can still change is read again. */
const JOB_POLL_MS = 1000;

/** `attempt` empty: the latest, which follows a retry. */
const URL_DEFAULTS = { rank: '0', attempt: '' };

/**
 * A job that can change no more: it succeeded or was cancelled, or it ended with no
 * automatic retry left. A failure with retries left is queued again by the server, so the
 * page keeps watching it.
 */
const settled = (job: Job) => isTerminalJobState(job.state) && (job.state === 'succeeded' || job.state === 'cancelled' || job.attempt > job.max_retries);

/** /jobs/:jobId — one job: what it runs and where, its state changes, its live output, its run. */
export function JobPage() {
  const { jobId = '' } = useParams();
  const [url, setUrl] = useViewState(URL_DEFAULTS);
  const poll = usePoll((signal) => getJob(jobId, signal), [jobId], { intervalMs: JOB_POLL_MS, live: (j) => !settled(j) });
  const job = poll.data?.job_id === jobId ? poll.data : undefined;
  // Events change only with the state or attempt: read them again then, not every poll.
  const eventsKey = job ? `${job.state}/${job.attempt}/${job.end_time ?? ''}` : '';
  const events = useAsync((signal) => (job ? jobEvents(jobId, signal) : Promise.resolve(undefined)), [jobId, eventsKey]);

  const title = job ? job.name || job.job_id : undefined;
  useEffect(() => {
    if (title !== undefined) document.title = `${title} · Jobs · Flywheel`;
  }, [title]);

  if (!job) {
    return (
      <div className="job-page" data-testid="job-page">
        <Crumbs />
        {poll.error ? <ErrorMessage error={poll.error} onRetry={poll.reload} /> : <Loading what="Loading job" />}
      </div>
    );
  }

  const rank = Math.min(Math.max(0, Math.floor(Number(url.rank)) || 0), job.resources.nodes - 1);
  const asked = Math.floor(Number(url.attempt));
  const attempt = url.attempt !== '' && asked >= 1 && asked <= job.attempt ? asked : job.attempt;
  return (
    <div className="job-page" data-testid="job-page">
      <Crumbs />
      <header className="job-header">
        <h1 data-testid="job-name">{job.name || job.job_id}</h1>
        <JobStateBadge state={job.state} />
        {job.run_id && (
          <Link to={`/runs/${job.run_id}`} data-testid="job-run-link">
            Run {job.run_id.slice(0, 8)}
          </Link>
        )}
        <span className="job-header-spacer" />
        <JobActions job={job} onChanged={poll.reload} />
      </header>
      {poll.error && <ErrorMessage error={poll.error} onRetry={poll.reload} />}
      <div className="job-overview">
        <section>
          <h2>Details</h2>
          <JobFacts job={job} />
        </section>
        <section>
          <h2>Events</h2>
          {events.error && <ErrorMessage error={events.error} onRetry={events.reload} />}
          {events.data ? <JobEvents events={events.data} /> : events.loading && <Loading what="Loading events" />}
        </section>
      </div>
      <JobLog
        job={job}
        rank={rank}
        attempt={attempt}
        onRank={(r) => setUrl({ rank: String(r) })}
        onAttempt={(a) => setUrl({ attempt: a === job.attempt ? '' : String(a) })}
      />
    </div>
  );
}

function Crumbs() {
  return (
    <div className="job-breadcrumbs muted">
      <Link to="/jobs">Jobs</Link> /
    </div>
  );
}
