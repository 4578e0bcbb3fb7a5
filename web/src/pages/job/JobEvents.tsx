import type { JobEvent } from '../../api/jobs-types';
import { formatDuration, formatTimeSeconds } from '../../lib/format';
import { JobStateBadge } from '../jobs/JobStateBadge';

/** The job's state changes, oldest first, each with the time since the one before. */
export function JobEvents({ events }: { events: readonly JobEvent[] }) {
  if (events.length === 0) return <p className="empty">No events yet.</p>;
  return (
    <ol className="job-events" data-testid="job-events">
      {events.map((e, i) => {
        const before = events[i - 1];
        return (
          <li key={i} className="job-event" data-testid="job-event" data-state={e.state}>
            <span className="job-event-time mono" title={new Date(e.time).toISOString()}>
              {formatTimeSeconds(e.time)}
            </span>
            <JobStateBadge state={e.state} testId="job-event-state" />
            {before && <span className="muted job-event-delta">+{formatDuration(e.time - before.time)}</span>}
            {e.attempt > 1 && <span className="muted">attempt {e.attempt}</span>}
            {e.exit_code !== null && <span className="mono">exit {e.exit_code}</span>}
            {e.reason && <span className="job-event-reason">{e.reason}</span>}
          </li>
        );
      })}
    </ol>
  );
}
