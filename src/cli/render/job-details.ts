import type { Job, JobEvent, JobUsage } from '../../sdk/index.js';
import { formatAge, formatDuration } from './format.js';
import { formatAttempt, formatMemoryMb, jobDuration, shellJoin } from './job-format.js';
import { renderEventsTable } from './jobs-table.js';

/** Key/value lines with the keys padded to one width (as `fw runs show`). */
function pairs(rows: Array<[string, string]>, indent = ''): string[] {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(width)}  ${v}`.trimEnd());
}

const time = (t: number | null, now: number): string => (t === null ? '-' : `${new Date(t).toISOString()} (${formatAge(t, now)})`);
const orDash = (v: string | number | null): string => (v === null || v === '' ? '-' : String(v));
const sorted = (o: Record<string, string>): Array<[string, string]> => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));

function usageText(u: JobUsage | null): string {
  if (!u) return '-';
  const parts = [
    ...(u.cpuUserSeconds !== null ? [`cpu ${formatDuration(u.cpuUserSeconds * 1000)} user`] : []),
    ...(u.cpuSystemSeconds !== null ? [`${formatDuration(u.cpuSystemSeconds * 1000)} system`] : []),
    ...(u.maxRssMb !== null ? [`peak memory ${formatMemoryMb(Math.round(u.maxRssMb))}`] : []),
    ...(u.wallSeconds !== null ? [`wall ${formatDuration(u.wallSeconds * 1000)}`] : []),
  ];
  return parts.length > 0 ? parts.join(', ') : '-';
}

/** `fw jobs show`: the job's fields, its labels and environment, then its events. */
export function renderJobDetails(job: Job, events: JobEvent[], now: number): string {
  const r = job.resources;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = pairs([
    ['job', job.jobId],
    ['name', orDash(job.name)],
    ['state', `${job.state} (attempt ${formatAttempt(job)})`],
    ['reason', orDash(job.reason)],
    ['exit code', orDash(job.exitCode)],
    ['command', shellJoin(job.command)],
    ['cwd', job.cwd],
    ['executor', job.executor + (job.partition ? ` (partition ${job.partition})` : '')],
    ['host', orDash(job.host) + (job.externalId ? `  (id ${job.externalId})` : '')],
    [
      'resources',
      `${plural(r.cpus, 'CPU')}, ${r.memoryMb > 0 ? formatMemoryMb(r.memoryMb) : 'no'} memory, ${plural(r.gpus, 'GPU')}` +
        (r.nodes > 1 ? ` per worker, ${r.nodes} workers` : ''),
    ],
    ...(job.gpuIndices.some((g) => g.length > 0)
      ? [['gpus', job.gpuIndices.map((g, rank) => (job.gpuIndices.length > 1 ? `rank ${rank}: ${g.join(',')}` : g.join(','))).join('; ')] as [string, string]]
      : []),
    ['queue', `${job.queue} (priority ${job.priority})`],
    ['timeout', job.timeoutSeconds === null ? '-' : formatDuration(job.timeoutSeconds * 1000)],
    ['run', `${orDash(job.runId)} (experiment ${orDash(job.experimentId)})`],
    ['created', time(job.createdTime, now)],
    ['started', time(job.startTime, now)],
    ['ended', time(job.endTime, now)],
    ['duration', jobDuration(job, now) + (job.startTime !== null && job.endTime === null ? ' so far' : '')],
    ['usage', usageText(job.usage)],
  ]);
  const section = (title: string, body: string[]) => lines.push('', title, ...(body.length > 0 ? body : ['  (none)']));
  section('labels', pairs(sorted(job.labels), '  '));
  section('env', pairs(sorted(job.env), '  '));
  lines.push('', 'events', ...renderEventsTable(events).trimEnd().split('\n').map((l) => `  ${l}`));
  return `${lines.join('\n')}\n`;
}
