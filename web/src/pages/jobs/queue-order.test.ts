import { describe, expect, it } from 'vitest';
import type { Job } from '../../api/jobs-types';
import { queueOrder } from './queue-order';

const job = (job_id: string, priority: number, created_time: number, queue_position: number | null = null) =>
  ({ job_id, priority, created_time, queue_position }) as Job;

describe('the queue order', () => {
  it('follows the server’s queue positions, which include aging the UI cannot see', () => {
    // 'a' waited long enough to overtake the higher priorities.
    const jobs = [job('b', 5, 4, 2), job('a', 0, 1, 1), job('c', 5, 5, 3)];
    expect(queueOrder(jobs).map((j) => j.job_id)).toEqual(['a', 'b', 'c']);
  });

  it('without positions, puts higher priority first, then the job that has waited longer', () => {
    const jobs = [job('a', 0, 3), job('b', 5, 4), job('c', 0, 1), job('d', 5, 2)];
    expect(queueOrder(jobs).map((j) => j.job_id)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('puts jobs without a position after those with one', () => {
    const jobs = [job('x', 9, 1), job('p', 0, 5, 1)];
    expect(queueOrder(jobs).map((j) => j.job_id)).toEqual(['p', 'x']);
  });
});
