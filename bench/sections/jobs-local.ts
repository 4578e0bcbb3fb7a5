import { percentile, round } from '../support/stats.js';

/**
 * Local scheduling figures over the jobs API, against a server whose host offers more CPUs
 * than the jobs need (FW_COMPUTE_CPUS), so every job has a free slot:
 * - latency: jobs submitted one at a time; submit-to-start is the server's own start_time
 *   minus created_time (spawned and recorded running);
 * - throughput: all jobs queued behind a blocker that holds every CPU; the blocker is
 *   cancelled and the scheduler starts them all; jobs started per second from the first
 *   start to the last.
 */
export interface LocalJobFigures {
  jobs: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  throughputJobsPerSecond: number;
  throughputSpanMs: number;
  submitRequestsPerSecond: number;
}

interface JobJson {
  job_id: string;
  state: string;
  created_time: number;
  start_time: number | null;
}

export async function measureLocalJobs(url: string, options: { jobs: number; hostCpus: number }): Promise<LocalJobFigures> {
  const { jobs } = options;
  const submit = async (body: Record<string, unknown>): Promise<JobJson> => {
    const res = await fetch(`${url}/api/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { job: JobJson }).job;
  };

  // Latency: one at a time, each waited for until it has started.
  const latency: string[] = [];
  for (let i = 0; i < jobs; i++) {
    const id = (await submit({ command: ['true'], labels: { bench: 'latency' } })).job_id;
    await waitAll(url, [id], ['running', ...TERMINAL], 60_000, 2);
    latency.push(id);
  }
  const started = await waitAll(url, latency);
  const delays = started.map((j) => j.start_time! - j.created_time);

  // Throughput: queue everything behind a blocker, then let it go.
  const blocker = await submit({ command: ['sleep', '600'], resources: { cpus: options.hostCpus } });
  await waitAll(url, [blocker.job_id], ['running']);
  const queued: string[] = [];
  const submitStart = performance.now();
  const CONCURRENCY = 16;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs) {
        next++;
        queued.push((await submit({ command: ['true'], labels: { bench: 'throughput' } })).job_id);
      }
    }),
  );
  const submitSeconds = (performance.now() - submitStart) / 1000;
  await fetch(`${url}/api/v1/jobs/${blocker.job_id}/cancel`, { method: 'POST' });
  const ran = await waitAll(url, queued);
  const starts = ran.map((j) => j.start_time!);
  const span = Math.max(...starts) - Math.min(...starts);
  return {
    jobs,
    latencyP50Ms: round(percentile(delays, 50)),
    latencyP99Ms: round(percentile(delays, 99)),
    latencyMaxMs: round(Math.max(...delays)),
    throughputJobsPerSecond: round(((jobs - 1) * 1000) / Math.max(1, span)),
    throughputSpanMs: span,
    submitRequestsPerSecond: round(jobs / submitSeconds),
  };
}

const TERMINAL = ['succeeded', 'failed', 'cancelled', 'timed_out', 'lost'];

/** Polls the jobs list until every job given is in one of `states` (default: ended). */
export async function waitAll(url: string, ids: string[], states = TERMINAL, timeoutMs = 600_000, pollMs = 50): Promise<JobJson[]> {
  const want = new Set(ids);
  const done = new Map<string, JobJson>();
  const deadline = Date.now() + timeoutMs;
  while (done.size < want.size) {
    if (Date.now() > deadline) throw new Error(`${want.size - done.size} jobs not ${states.join('|')} after ${timeoutMs} ms`);
    for (const id of want) {
      if (done.has(id)) continue;
      const res = await fetch(`${url}/api/v1/jobs/${id}`);
      const job = ((await res.json()) as { job: JobJson }).job;
      if (states.includes(job.state)) done.set(id, job);
      else break;
    }
    if (done.size < want.size) await new Promise((r) => setTimeout(r, pollMs));
  }
  return ids.map((id) => done.get(id)!);
}
