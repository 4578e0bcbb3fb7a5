import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../core/compute-types.js';
import type { OpenDatabase } from '../../storage/index.js';
import { testEngines } from '../../../test/support/databases.js';
import { JobStore } from './job-store.js';

function job(id: string, createdTime: number, over: Partial<Job> = {}): Job {
  return {
    jobId: id,
    name: id,
    command: ['sh', '-c', 'echo "quoted \'args\'"'],
    cwd: '/tmp',
    env: { A: '1' },
    resources: { cpus: 2, memoryMb: 512, gpus: 0, nodes: 1 },
    priority: 0,
    queue: 'default',
    executor: 'local',
    partition: null,
    timeoutSeconds: null,
    maxRetries: 0,
    attempt: 1,
    labels: {},
    state: 'queued',
    reason: null,
    exitCode: null,
    runId: `run-${id}`,
    experimentId: '0',
    createdTime,
    startTime: null,
    endTime: null,
    host: null,
    gpuIndices: [],
    externalId: null,
    usage: null,
    ...over,
  };
}

for (const engine of testEngines()) {
  describe.skipIf(engine.skip)(`job store on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`, () => {
    let database: OpenDatabase;
    let store: JobStore;
    beforeAll(async () => {
      database = await engine.open();
      store = new JobStore(database.db);
    });
    afterAll(() => database?.close());

    it('stores a job with its labels and reads it back unchanged', async () => {
      const j = job('ja', 1000, { labels: { team: 'vision', 'k=': 'v' }, gpuIndices: [[0], [1]], timeoutSeconds: 60 });
      await store.insert(j, { reason: null });
      expect(await store.get('ja')).toEqual(j);
      expect(await store.get('missing')).toBeUndefined();
    });

    it('moves a job only from the states given, recording each change as an event', async () => {
      await store.insert(job('jb', 2000), { reason: null });
      expect(await store.transition('jb', ['queued'], { state: 'starting', attempt: 1 }, 2001)).toBe(true);
      expect(await store.transition('jb', ['queued'], { state: 'cancelled', attempt: 1 }, 2002)).toBe(false);
      const usage = { cpuUserSeconds: 1.5, cpuSystemSeconds: 0.25, maxRssMb: 12.5, wallSeconds: 3 };
      expect(
        await store.transition('jb', ['starting'], { state: 'failed', attempt: 1, exitCode: 3, reason: 'exit 3', usage, endTime: 2003 }, 2003, [
          { state: 'running', attempt: 1, reason: null, exitCode: null },
        ]),
      ).toBe(true);
      expect(await store.get('jb')).toMatchObject({ state: 'failed', exitCode: 3, reason: 'exit 3', usage, endTime: 2003 });
      expect((await store.events('jb')).map((e) => [e.state, e.time, e.exitCode])).toEqual([
        ['queued', 2000, null],
        ['starting', 2001, null],
        ['running', 2003, null],
        ['failed', 2003, 3],
      ]);
    });

    it('lists newest first, filtered by state and every label given, a page at a time', async () => {
      for (let i = 0; i < 5; i++) {
        await store.insert(job(`jl${i}`, 10_000 + i, { labels: { sweep: 's1', parity: i % 2 === 0 ? 'even' : 'odd' } }), { reason: null });
      }
      const even = await store.list({ labels: { sweep: 's1', parity: 'even' } });
      expect(even.items.map((j) => j.jobId)).toEqual(['jl4', 'jl2', 'jl0']);
      const first = await store.list({ labels: { sweep: 's1' }, maxResults: 2 });
      expect(first.items.map((j) => j.jobId)).toEqual(['jl4', 'jl3']);
      const second = await store.list({ labels: { sweep: 's1' }, maxResults: 2, pageToken: first.nextPageToken! });
      expect(second.items.map((j) => j.jobId)).toEqual(['jl2', 'jl1']);
      expect((await store.list({ states: ['failed'] })).items.map((j) => j.jobId)).toEqual(['jb']);
      await expect(store.list({ pageToken: 'garbage' })).rejects.toThrow(/Invalid page token/);
      await expect(store.list({ maxResults: 0 })).rejects.toThrow(/max_results/);
    });

    it('loads the jobs in given states oldest first, with when each was queued', async () => {
      const queued = await store.inStates(['queued']);
      expect(queued.map((q) => q.job.jobId).slice(0, 2)).toEqual(['ja', 'jl0']);
      expect(queued[0]!.queuedTime).toBe(1000);
    });
  });
}
