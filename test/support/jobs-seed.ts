import type { SeedApi } from './seed-api.js';

/** The part of a job's JSON (docs/jobs-api.md) the UI tests read. */
export interface SeededJob {
  job_id: string;
  name: string;
  state: string;
  attempt: number;
  run_id: string;
  exit_code: number | null;
  labels: Record<string, string>;
}

const TERMINAL = ['succeeded', 'failed', 'cancelled', 'timed_out', 'lost'];
const ACTIVE = ['queued', 'starting', 'running'];

/**
 * Jobs for the web UI tests, submitted and watched through the server's jobs API the way the
 * SDK or `fw jobs submit` would. `suite` labels every job, so a test file sees (and cleans
 * up) only its own.
 */
export class JobsSeed {
  constructor(
    private readonly api: SeedApi,
    readonly suite: string,
  ) {}

  async submit(body: { command: string[]; name: string; labels?: Record<string, string>; [k: string]: unknown }): Promise<SeededJob> {
    const labels = { suite: this.suite, ...body.labels };
    return (await this.api.post<{ job: SeededJob }>('/api/v1/jobs', { ...body, labels })).job;
  }

  async get(jobId: string): Promise<SeededJob> {
    return (await this.api.get<{ job: SeededJob }>(`/api/v1/jobs/${jobId}`, {})).job;
  }

  /** Polls until the job is in one of `states` (or any terminal state when left out). */
  async waitFor(jobId: string, states: readonly string[] = TERMINAL, timeoutMs = 20_000): Promise<SeededJob> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.get(jobId);
      if (states.includes(job.state)) return job;
      if (Date.now() > until) throw new Error(`job ${jobId} (${job.name}) is ${job.state}, not ${states.join('/')}, after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async cancel(jobId: string): Promise<SeededJob> {
    return (await this.api.post<{ job: SeededJob }>(`/api/v1/jobs/${jobId}/cancel`, {})).job;
  }

  /** Cancels this suite's queued and running jobs: the server leaves running jobs running when it stops. */
  async cancelActive(): Promise<void> {
    const query = new URLSearchParams([['label', `suite=${this.suite}`], ...ACTIVE.map((s): [string, string] => ['state', s])]);
    const res = await fetch(`${this.api.baseUrl}/api/v1/jobs?${query}`);
    if (!res.ok) throw new Error(`listing jobs -> ${res.status}: ${await res.text()}`);
    const { jobs = [] } = (await res.json()) as { jobs?: SeededJob[] };
    // Cancelling a job that ended meanwhile is a conflict, which is fine here.
    await Promise.all(jobs.map((j) => this.cancel(j.job_id).catch(() => undefined)));
    await Promise.all(jobs.map((j) => this.waitFor(j.job_id).catch(() => undefined)));
  }

  async hostCpus(): Promise<number> {
    const status = await this.api.get<{ hosts: { cpus: number }[] }>('/api/v1/compute/status', {});
    return status.hosts[0]?.cpus ?? 1;
  }
}
