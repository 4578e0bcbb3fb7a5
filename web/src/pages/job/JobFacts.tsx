import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Job, JobUsage } from '../../api/jobs-types';
import { formatDuration, formatNumber, formatTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { formatCommand, formatExecutor, formatMemoryMb, formatResources } from '../jobs/job-format';
import { JobStateBadge } from '../jobs/JobStateBadge';
import { FactList } from '../../components/FactList';

/** Everything the job was asked to do and what became of it, as label/value pairs. */
export function JobFacts({ job }: { job: Job }) {
  const now = useNow(job.start_time !== null && job.end_time === null);
  const facts: [string, ReactNode, string][] = [
    ['Job ID', <span className="mono">{job.job_id}</span>, 'job-id'],
    ['State', <JobStateBadge state={job.state} testId="job-state-fact" />, 'job-state-row'],
  ];
  if (job.reason) facts.push(['Reason', job.reason, 'job-reason']);
  if (job.exit_code !== null) facts.push(['Exit code', <span className="mono">{job.exit_code}</span>, 'job-exit-code']);
  facts.push(
    // Retries asked for by hand come on top of the automatic ones, so "2 of 1" could happen.
    ['Attempt', job.max_retries > 0 ? `${job.attempt} (retried automatically up to ${job.max_retries} time${job.max_retries === 1 ? '' : 's'})` : String(job.attempt), 'job-attempt'],
    ['Command', <code className="job-command">{formatCommand(job.command)}</code>, 'job-command'],
    ['Working directory', <span className="mono">{job.cwd}</span>, 'job-cwd'],
    ['Resources', formatResources(job.resources), 'job-resources'],
    ['Executor', `${formatExecutor(job)} · queue ${job.queue} · priority ${job.priority}`, 'job-executor'],
  );
  if (job.host) facts.push(['Host', <span className="mono">{job.host}</span>, 'job-host']);
  if (job.gpu_indices.some((g) => g.length > 0)) facts.push(['GPUs', gpuText(job.gpu_indices), 'job-gpus']);
  if (job.external_id) facts.push([job.executor === 'slurm' ? 'SLURM job' : 'Process group', <span className="mono">{job.external_id}</span>, 'job-external-id']);
  facts.push(['Submitted', formatTime(job.created_time), 'job-created']);
  if (job.start_time !== null) {
    facts.push(['Started', formatTime(job.start_time), 'job-started']);
    facts.push(['Ended', job.end_time !== null ? formatTime(job.end_time) : <span className="muted">running</span>, 'job-ended']);
    facts.push(['Duration', formatDuration((job.end_time ?? now) - job.start_time), 'job-duration']);
  }
  if (job.timeout_seconds !== null) facts.push(['Time limit', formatDuration(job.timeout_seconds * 1000), 'job-timeout']);
  if (job.usage) facts.push(['Usage', usageText(job.usage), 'job-usage']);
  facts.push([
    'Run',
    <Link to={`/runs/${job.run_id}`} className="mono" data-testid="job-run-fact-link">
      {job.run_id}
    </Link>,
    'job-run',
  ]);
  const labels = Object.entries(job.labels);
  if (labels.length > 0) facts.push(['Labels', <KeyValues entries={labels} testId="job-labels" />, 'job-labels-row']);
  const env = Object.entries(job.env);
  if (env.length > 0) facts.push(['Environment', <KeyValues entries={env} testId="job-env" />, 'job-env-row']);

  return (
    <FactList facts={facts} className="job-facts" testId="job-facts" />
  );
}

function KeyValues({ entries, testId }: { entries: [string, string][]; testId: string }) {
  return (
    <ul className="job-kv" data-testid={testId}>
      {entries
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => (
          <li key={k} className="mono" data-key={k}>
            {k}={v}
          </li>
        ))}
    </ul>
  );
}

/** "0, 1" for one worker; "rank-0: 0 · rank-1: 1" for several. */
function gpuText(perWorker: number[][]): string {
  if (perWorker.length === 1) return perWorker[0]!.join(', ');
  return perWorker.map((g, rank) => `rank-${rank}: ${g.join(', ') || 'none'}`).join(' · ');
}

function usageText(u: JobUsage): string {
  const parts: string[] = [];
  if (u.cpu_user_seconds !== null || u.cpu_system_seconds !== null) {
    parts.push(`CPU ${formatNumber(u.cpu_user_seconds ?? 0)} s user, ${formatNumber(u.cpu_system_seconds ?? 0)} s system`);
  }
  if (u.max_rss_mb !== null) parts.push(`peak memory ${formatMemoryMb(u.max_rss_mb)}`);
  if (u.wall_seconds !== null) parts.push(`wall ${formatDuration(u.wall_seconds * 1000)}`);
  return parts.join(' · ') || '—';
}
