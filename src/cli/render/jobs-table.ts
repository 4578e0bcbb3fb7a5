import type { Job, JobEvent } from '../../sdk/index.js';
import { formatAge, truncate } from './format.js';
import { formatAttempt, formatResources, jobDuration, jobResult } from './job-format.js';
import { renderTable } from './table.js';

/** `fw jobs list`: one row per job, newest first as the server sends them. */
export function renderJobsTable(jobs: Job[], now: number): string {
  if (jobs.length === 0) return 'no jobs\n';
  const head = ['id', 'name', 'state', 'executor', 'resources', 'attempt', 'age', 'duration', 'result'];
  const rows = jobs.map((j) => [
    j.jobId,
    truncate(j.name || '-', 24),
    j.state,
    j.partition ? `${j.executor}:${j.partition}` : j.executor,
    formatResources(j.resources),
    formatAttempt(j),
    formatAge(j.createdTime, now),
    jobDuration(j, now),
    jobResult(j),
  ]);
  return `${renderTable(head, rows, ['left', 'left', 'left', 'left', 'left', 'right', 'left', 'right'])}\n`;
}

/** `fw jobs events` and the end of `fw jobs show`: state changes, oldest first. */
export function renderEventsTable(events: JobEvent[]): string {
  if (events.length === 0) return 'no events\n';
  const rows = events.map((e) => [
    new Date(e.time).toISOString(),
    e.state,
    String(e.attempt),
    e.exitCode === null ? '-' : String(e.exitCode),
    e.reason ?? '-',
  ]);
  return `${renderTable(['time', 'state', 'attempt', 'exit', 'reason'], rows, ['left', 'left', 'right', 'right'])}\n`;
}
