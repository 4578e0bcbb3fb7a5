import { Link } from 'react-router';
import type { Job } from '../../api/jobs-types';
import { JobActions } from './JobActions';
import { formatExecutor, formatResources } from './job-format';
import { JobStateBadge } from './JobStateBadge';
import { JobTimes } from './JobTimes';

interface Props {
  jobs: readonly Job[];
  /** The queue shows each job's place in it. */
  numbered?: boolean;
  testId: string;
  onChanged: (job: Job) => void;
}

/** Jobs as rows: name, state, where and with what they run, their run, times, outcome, actions. */
export function JobsTable({ jobs, numbered = false, testId, onChanged }: Props) {
  return (
    <table className="simple jobs-table" data-testid={testId}>
      <thead>
        <tr>
          {numbered && <th className="jobs-num">#</th>}
          <th>Name</th>
          <th>State</th>
          <th>Executor</th>
          <th>Resources</th>
          <th>Run</th>
          <th>Host</th>
          <th>Time</th>
          <th>Exit / reason</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {jobs.map((job, i) => (
          <JobRow key={job.job_id} job={job} position={numbered ? i + 1 : undefined} onChanged={onChanged} />
        ))}
      </tbody>
    </table>
  );
}

function JobRow({ job, position, onChanged }: { job: Job; position: number | undefined; onChanged: (job: Job) => void }) {
  return (
    <tr data-testid="job-row" data-job-id={job.job_id} data-state={job.state}>
      {position !== undefined && <td className="jobs-num muted">{position}</td>}
      <td className="jobs-name">
        <Link to={`/jobs/${job.job_id}`} data-testid="job-link" title={job.job_id}>
          {job.name || job.job_id}
        </Link>
        {job.attempt > 1 && <span className="muted jobs-attempt"> attempt {job.attempt}</span>}
        {job.priority !== 0 && <span className="muted jobs-attempt"> priority {job.priority}</span>}
      </td>
      <td>
        <JobStateBadge state={job.state} />
      </td>
      <td className="jobs-nowrap">{formatExecutor(job)}</td>
      <td className="jobs-nowrap">{formatResources(job.resources)}</td>
      <td>
        {job.run_id && (
          <Link to={`/runs/${job.run_id}`} className="mono" data-testid="job-run-link" title={job.run_id}>
            {job.run_id.slice(0, 8)}
          </Link>
        )}
      </td>
      <td className="jobs-host" title={job.host ?? undefined}>
        {job.host ?? ''}
      </td>
      <td className="jobs-nowrap">
        <JobTimes job={job} />
      </td>
      <td className="jobs-outcome" title={job.reason ?? undefined}>
        {job.exit_code !== null && <span className="mono" data-testid="job-exit-code">{job.exit_code} </span>}
        {job.reason && <span className="muted">{job.reason}</span>}
      </td>
      <td className="jobs-actions">
        <JobActions job={job} onChanged={onChanged} />
      </td>
    </tr>
  );
}
