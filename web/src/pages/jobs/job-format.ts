import type { Job, JobResources } from '../../api/jobs-types';

/** "512 MB", "4 GB", "1.5 GB" (the API counts MiB). */
export function formatMemoryMb(mb: number): string {
  if (mb < 1024) return `${Math.round(mb)} MB`;
  const gb = mb / 1024;
  return `${Number.isInteger(gb) ? gb : gb.toFixed(1)} GB`;
}

/** "2 CPU · 4 GB · 1 GPU", with "× 4 nodes" for a distributed job (the figures are per worker). */
export function formatResources(r: JobResources): string {
  const parts = [`${r.cpus} CPU`];
  if (r.memory_mb > 0) parts.push(formatMemoryMb(r.memory_mb));
  if (r.gpus > 0) parts.push(`${r.gpus} GPU`);
  const each = parts.join(' · ');
  return r.nodes > 1 ? `${each} × ${r.nodes} nodes` : each;
}

/** "local", "slurm", "slurm · gpu" (the partition, when one was asked for). */
export function formatExecutor(job: Pick<Job, 'executor' | 'partition'>): string {
  return job.partition ? `${job.executor} · ${job.partition}` : job.executor;
}

// Characters a POSIX shell takes literally; anything else gets single quotes.
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** The argv as one line a user can paste into a shell. */
export function formatCommand(argv: readonly string[]): string {
  return argv.map((a) => (SHELL_SAFE.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(' ');
}

/** "failed", "timed out": the API's state names read as words. */
export const stateLabel = (state: string): string => state.replaceAll('_', ' ');
