import { useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { isTerminalJobState, type Job } from '../../api/jobs-types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatBytes } from '../../lib/format';
import { logArtifactPath } from './log-artifact';
import { useJobLog } from './use-job-log';

interface Props {
  job: Job;
  rank: number;
  attempt: number;
  onRank: (rank: number) => void;
  onAttempt: (attempt: number) => void;
}

/** How close to the bottom (px) still counts as "at the end": the view follows new output. */
const FOLLOW_SLACK_PX = 24;

/**
 * One worker's output of one attempt, live while it runs. The view follows new output until
 * the user scrolls up, and again once they scroll back down (or press "Follow").
 */
export function JobLog({ job, rank, attempt, onRank, onAttempt }: Props) {
  const ended = attempt < job.attempt || isTerminalJobState(job.state);
  const log = useJobLog({ jobId: job.job_id, rank, attempt, ended, currentAttempt: job.attempt });
  const box = useRef<HTMLPreElement>(null);
  const [following, setFollowing] = useState(true);
  const followingRef = useRef(true);
  followingRef.current = following;

  useLayoutEffect(() => {
    const el = box.current;
    if (el && followingRef.current) el.scrollTop = el.scrollHeight;
  }, [log.buffer, following]);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight <= FOLLOW_SLACK_PX;
    if (atEnd !== followingRef.current) setFollowing(atEnd);
  };

  const artifact = `/runs/${job.run_id}?tab=artifacts&artifact=${encodeURIComponent(logArtifactPath(job.resources.nodes, rank, attempt))}`;
  return (
    <section className="job-log-section" data-testid="job-log-section">
      <div className="job-log-heading">
        <h2>Output</h2>
        {job.resources.nodes > 1 && (
          <label className="job-log-select">
            Worker{' '}
            <select data-testid="log-rank" value={rank} onChange={(e) => onRank(Number(e.target.value))}>
              {Array.from({ length: job.resources.nodes }, (_, r) => (
                <option key={r} value={r}>
                  rank-{r}
                </option>
              ))}
            </select>
          </label>
        )}
        {job.attempt > 1 && (
          <label className="job-log-select">
            Attempt{' '}
            <select data-testid="log-attempt" value={attempt} onChange={(e) => onAttempt(Number(e.target.value))}>
              {Array.from({ length: job.attempt }, (_, i) => job.attempt - i).map((a) => (
                <option key={a} value={a}>
                  {a}
                  {a === job.attempt ? ' (latest)' : ''}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="job-log-spacer" />
        <span className={'job-live' + (ended ? '' : ' on')} data-testid="log-live">
          {!ended ? 'live' : log.complete ? 'ended' : 'reading…'}
        </span>
        {!following && (
          <button type="button" data-testid="log-follow" onClick={() => setFollowing(true)}>
            Follow ↓
          </button>
        )}
      </div>
      {log.error && <ErrorMessage error={log.error} />}
      {log.buffer.dropped > 0 && (
        <p className="muted job-log-note" data-testid="log-trimmed">
          The first {formatBytes(log.buffer.dropped)} of output are not shown here.{' '}
          {ended ? <Link to={artifact}>The whole log is among the run’s artifacts.</Link> : 'Once the attempt ends, the whole log is among the run’s artifacts.'}
        </p>
      )}
      <pre className="job-log" ref={box} onScroll={onScroll} data-testid="job-log" data-complete={log.complete} tabIndex={0} aria-label="Job output">
        {log.buffer.chunks.map((c) => (
          <span key={c.id}>{c.text}</span>
        ))}
      </pre>
      {log.empty && (
        <p className="muted job-log-note" data-testid="log-empty">
          {job.state === 'queued' && attempt === job.attempt ? 'The job is waiting in the queue; its output appears here once it starts.' : log.complete ? 'No output.' : 'No output yet.'}
        </p>
      )}
    </section>
  );
}
