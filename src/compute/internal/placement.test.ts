import { describe, expect, it } from 'vitest';
import { placeJobs, queueOrder, type Allocation, type HostCapacity, type QueuedJob } from './placement.js';

const host: HostCapacity = { name: 'h1', cpus: 4, memoryMb: 8192, gpuIndices: [0, 1] };
const MIN = 60_000;

function job(id: string, o: Partial<QueuedJob['resources']> & { priority?: number; queuedTime?: number; timeout?: number } = {}): QueuedJob {
  return {
    jobId: id,
    priority: o.priority ?? 0,
    queuedTime: o.queuedTime ?? 0,
    resources: { cpus: o.cpus ?? 1, memoryMb: o.memoryMb ?? 0, gpus: o.gpus ?? 0, nodes: o.nodes ?? 1 },
    timeoutSeconds: o.timeout ?? null,
  };
}

function running(id: string, cpus: number, endsBy = Infinity, gpus: number[] = []): Allocation {
  return { jobId: id, host: 'h1', cpus, memoryMb: 0, gpuIndices: [gpus], endsBy };
}

const place = (queue: QueuedJob[], allocations: Allocation[] = [], now = 0) =>
  placeJobs({ hosts: [host], allocations, queue, now, agingMs: MIN }).map((p) => p.jobId);

describe('placement', () => {
  it('starts jobs by priority, then in the order they were queued', () => {
    const queue = [job('a', { queuedTime: 1 }), job('b', { queuedTime: 2, priority: 5 }), job('c', { queuedTime: 0 })];
    expect(queueOrder(queue, 10, MIN).map((j) => j.jobId)).toEqual(['b', 'c', 'a']);
    expect(place(queue, [running('x', 2)])).toEqual(['b', 'c']);
  });

  it('raises the priority of a waiting job by one point per aging interval, so it is not starved', () => {
    const old = job('old', { queuedTime: 0, priority: 0 });
    const fresh = job('fresh', { queuedTime: 3 * MIN, priority: 2 });
    expect(queueOrder([fresh, old], 3 * MIN, MIN).map((j) => j.jobId)).toEqual(['old', 'fresh']);
    expect(queueOrder([fresh, old], 1 * MIN, MIN).map((j) => j.jobId)).toEqual(['fresh', 'old']);
  });

  it('gives each worker its own GPU indices and never hands out a GPU in use', () => {
    const placements = placeJobs({
      hosts: [{ ...host, gpuIndices: [0, 1, 2, 3] }],
      allocations: [running('x', 1, Infinity, [1])],
      queue: [job('d', { gpus: 1, nodes: 2 }), job('e', { gpus: 1 }), job('f', { gpus: 1 })],
      now: 0,
      agingMs: MIN,
    });
    expect(placements).toEqual([
      { jobId: 'd', host: 'h1', gpuIndices: [[0], [2]] },
      { jobId: 'e', host: 'h1', gpuIndices: [[3]] },
    ]);
  });

  it('starts all workers of a distributed job together or none of them', () => {
    // 3 CPUs free; 2 workers x 2 CPUs need 4: nothing of it starts.
    expect(place([job('gang', { cpus: 2, nodes: 2 })], [running('x', 1)])).toEqual([]);
    expect(place([job('gang', { cpus: 2, nodes: 2 })])).toEqual(['gang']);
  });

  describe('when the head of the queue does not fit', () => {
    it('backfills a job that ends before the head job could start', () => {
      // 3 of 4 CPUs busy until t=10 min; the head needs 4. A 1-CPU job with a 5-minute timeout ends first.
      const allocations = [running('x', 3, 10 * MIN)];
      const queue = [job('big', { cpus: 4, queuedTime: 0 }), job('short', { cpus: 1, queuedTime: 1, timeout: 300 })];
      expect(place(queue, allocations)).toEqual(['short']);
    });

    it('does not backfill a job that would delay the head job', () => {
      const allocations = [running('x', 3, 10 * MIN)];
      const queue = [job('big', { cpus: 4, queuedTime: 0 }), job('long', { cpus: 1, queuedTime: 1, timeout: 3600 })];
      expect(place(queue, allocations)).toEqual([]);
      const noTimeout = [job('big', { cpus: 4, queuedTime: 0 }), job('open', { cpus: 1, queuedTime: 1 })];
      expect(place(noTimeout, allocations)).toEqual([]);
    });

    it('backfills a job that fits in what is spare when the head job starts', () => {
      // 3 CPUs busy until t=10 min; the head needs 3, so at t=10 min 1 CPU is spare.
      const allocations = [running('x', 3, 10 * MIN)];
      const queue = [job('head', { cpus: 3, queuedTime: 0 }), job('small', { cpus: 1, queuedTime: 1 })];
      expect(place(queue, allocations)).toEqual(['small']);
    });
  });
});
