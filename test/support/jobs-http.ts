import { expect } from 'vitest';

/** Small HTTP helpers over the jobs API (docs/jobs-api.md) for integration tests. */
export class JobsHttp {
  constructor(readonly url: string) {}

  async post(path: string, body: unknown = {}): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }

  async get(path: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.url}${path}`);
    return { status: res.status, body: await res.json() };
  }

  async submit(body: Record<string, unknown>): Promise<any> {
    const res = await this.post('/api/v1/jobs', body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.job;
  }

  async job(id: string): Promise<any> {
    return (await this.get(`/api/v1/jobs/${id}`)).body.job;
  }

  /** Polls until the job is in one of `states` (default: any terminal state). */
  async waitFor(id: string, states = ['succeeded', 'failed', 'cancelled', 'timed_out', 'lost'], timeoutMs = 30_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.job(id);
      if (states.includes(job.state)) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.state} after ${timeoutMs} ms (waiting for ${states.join('|')})`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async log(id: string, query = ''): Promise<string> {
    const res = await fetch(`${this.url}/api/v1/jobs/${id}/logs${query}`);
    return res.text();
  }

  async events(id: string): Promise<{ state: string; attempt: number; reason: string | null; exit_code: number | null }[]> {
    return (await this.get(`/api/v1/jobs/${id}/events`)).body.events;
  }
}
