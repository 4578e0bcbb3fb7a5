import type { Job } from '../../api/jobs-types';

/**
 * Queued jobs in the order the scheduler considers them: higher priority first, then the
 * longer waiting. The scheduler also ages priorities (a point per minute waited) and
 * backfills small jobs into gaps, neither of which the API exposes, so this is the order
 * of consideration, not a promise of start order.
 */
export function queueOrder(jobs: readonly Job[]): Job[] {
  return [...jobs].sort((a, b) => b.priority - a.priority || a.created_time - b.created_time || (a.job_id < b.job_id ? -1 : 1));
}
