import { cancelJob, retryJob } from '../../api/jobs';
import { isActiveJobState, isTerminalJobState, type Job } from '../../api/jobs-types';
import { useEntityAction } from '../../lib/use-entity-action';

interface Props {
  job: Job;
  /** After a cancel or retry, with the job as the server now has it. */
  onChanged: (job: Job) => void;
}

/**
 * Cancel (queued, starting or running; a running job asks first, since it stops processes)
 * and Retry (ended: queued again as the next attempt). Errors show beside the buttons.
 */
export function JobActions({ job, onChanged }: Props) {
  const { confirming, setConfirming, busy, error, act } = useEntityAction<Job>(job.job_id, onChanged);

  const cancellable = isActiveJobState(job.state);
  return (
    <span className="job-actions">
      {cancellable &&
        (confirming ? (
          <span className="job-confirm" role="group" aria-label="Confirm cancel">
            Stop it?{' '}
            <button type="button" className="danger" data-testid="job-cancel-confirm" disabled={busy} onClick={() => void act(cancelJob)}>
              Cancel job
            </button>{' '}
            <button type="button" data-testid="job-cancel-keep" disabled={busy} onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="danger"
            data-testid="job-cancel"
            disabled={busy}
            // A queued job has started nothing: cancelling it loses no work, so no question.
            onClick={() => (job.state === 'queued' ? void act(cancelJob) : setConfirming(true))}
          >
            Cancel
          </button>
        ))}
      {isTerminalJobState(job.state) && (
        <button type="button" data-testid="job-retry" disabled={busy} title={`Queue it again as attempt ${job.attempt + 1}`} onClick={() => void act(retryJob)}>
          Retry
        </button>
      )}
      {error && (
        <span className="job-action-error" role="alert" data-testid="job-action-error">
          {error}
        </span>
      )}
    </span>
  );
}
