import { describe, expect, it } from 'vitest';
import type { Job } from '../../api/jobs-types';
import { queueOrder } from './queue-order';

const job = (job_id: string, priority: number, created_time: number) => ({ job_id, priority, created_time }) as Job;

describe('the queue order', () => {
  it('puts higher priority first, then the job that has waited longer', () => {
    const jobs = [job('a', 0, 3), job('b', 5, 4), job('c', 0, 1), job('d', 5, 2)];
    expect(queueOrder(jobs).map((j) => j.job_id)).toEqual(['d', 'b', 'c', 'a']);
  });
});
