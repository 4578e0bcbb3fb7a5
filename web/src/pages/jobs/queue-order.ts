import type { Job } from '../../api/jobs-types';

/**
 * Queued jobs in the order the scheduler considers them: by `queue_position`, the server's
 * own order (priority raised a point per minute waited, then the longer waiting), which the
 * UI cannot work out itself. A job without one (a server older than the field) goes after,
 * by priority, then the longer waiting. Backfill may still start a small job out of turn, so
 * this is the order of consideration, not a promise of start order.
 */
export function queueOrder(jobs: readonly Job[]): Job[] {
  return [...jobs].sort(
    (a, b) =>
      byPosition(a.queue_position, b.queue_position) ||
      b.priority - a.priority ||
      a.created_time - b.created_time ||
      (a.job_id < b.job_id ? -1 : 1),
  );
}

/** Ascending positions; a job without one (`null`, or absent from an older server's JSON) last. */
function byPosition(a: number | null | undefined, b: number | null | undefined): number {
  if (a == null || b == null) return (a == null ? 1 : 0) - (b == null ? 1 : 0);
  return a - b;
}
