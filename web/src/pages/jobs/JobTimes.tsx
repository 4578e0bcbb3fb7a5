import type { Job } from '../../api/jobs-types';
import { formatAgo, formatDuration, formatTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';

/**
 * When, by the job's stage: how long a queued job has waited, how long a running one has
 * run (ticking from the shared clock, no refetch), when a finished one ended and how long it took.
 */
export function JobTimes({ job }: { job: Job }) {
  const ticking = job.end_time === null;
  const now = useNow(ticking);
  if (job.start_time === null) {
    return (
      <span title={`Submitted ${formatTime(job.created_time)}`}>
        {job.end_time === null ? `waiting ${formatDuration(now - job.created_time)}` : `ended ${formatAgo(job.end_time, now)}`}
      </span>
    );
  }
  const end = job.end_time ?? now;
  return (
    <span title={`Started ${formatTime(job.start_time)}${job.end_time !== null ? `, ended ${formatTime(job.end_time)}` : ''}`}>
      {formatDuration(end - job.start_time)}
      <span className="muted"> · {job.end_time !== null ? `ended ${formatAgo(job.end_time, now)}` : `since ${formatTime(job.start_time)}`}</span>
    </span>
  );
}
