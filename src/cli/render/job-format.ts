import type { Job, JobResources } from '../../sdk/index.js';
import { formatDuration, truncate } from './format.js';

/** 4096 → "4G", 1536 → "1.5G", 512 → "512M", 2097152 → "2T": the units `--memory` takes. */
export function formatMemoryMb(mb: number): string {
  if (mb >= 1024 * 1024) return `${trim(mb / (1024 * 1024))}T`;
  if (mb >= 1024) return `${trim(mb / 1024)}G`;
  return `${mb}M`;
}

const trim = (n: number): string => String(Number(n.toFixed(1)));

/** One worker's share, with the worker count in front for a distributed job: "2×(8cpu 32G 4gpu)". */
export function formatResources(r: JobResources): string {
  const one = [`${r.cpus}cpu`, ...(r.memoryMb > 0 ? [formatMemoryMb(r.memoryMb)] : []), ...(r.gpus > 0 ? [`${r.gpus}gpu`] : [])].join(' ');
  return r.nodes > 1 ? `${r.nodes}×(${one})` : one;
}

/** How long the current attempt has run, or ran; "-" before it starts. */
export function jobDuration(job: Pick<Job, 'startTime' | 'endTime'>, now: number): string {
  return job.startTime === null ? '-' : formatDuration((job.endTime ?? now) - job.startTime);
}

/** "exit 0", "exit 137: out of memory", or the reason alone (queued, cancelled): the table's last column. */
export function jobResult(job: Pick<Job, 'exitCode' | 'reason'>, max = 48): string {
  const parts = [...(job.exitCode !== null ? [`exit ${job.exitCode}`] : []), ...(job.reason ? [job.reason] : [])];
  return parts.length === 0 ? '-' : truncate(parts.join(': '), max);
}

/** "attempt / most attempts": 1/1 for a job without retries, 2/3 on the first retry of three tries. */
export const formatAttempt = (job: Pick<Job, 'attempt' | 'maxRetries'>): string => `${job.attempt}/${job.maxRetries + 1}`;

/** The command as a POSIX shell would take it back: arguments with spaces or quotes are quoted. */
export function shellJoin(args: string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
