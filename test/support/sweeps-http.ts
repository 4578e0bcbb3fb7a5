import { expect } from 'vitest';
import { JobsHttp } from './jobs-http.js';

/** HTTP helpers over the sweeps API (docs/sweeps-api.md) for integration tests. */
export class SweepsHttp extends JobsHttp {
  async create(config: string, extra: Record<string, unknown> = {}): Promise<any> {
    const res = await this.post('/api/v1/sweeps', { config, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.sweep;
  }

  async sweep(id: string): Promise<any> {
    return (await this.get(`/api/v1/sweeps/${id}`)).body.sweep;
  }

  async trials(id: string): Promise<any[]> {
    return (await this.get(`/api/v1/sweeps/${id}/trials`)).body.trials;
  }

  /** Polls until the sweep is in one of `states` (default: any ended state). */
  async waitForSweep(id: string, states = ['finished', 'cancelled', 'failed'], timeoutMs = 60_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const sweep = await this.sweep(id);
      if (states.includes(sweep.state)) return sweep;
      if (Date.now() > deadline) throw new Error(`sweep ${id} still ${sweep.state} after ${timeoutMs} ms: ${JSON.stringify(sweep.counts)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Polls until `check` holds for the sweep's trials. */
  async waitForTrials(id: string, check: (trials: any[]) => boolean, timeoutMs = 30_000): Promise<any[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const trials = await this.trials(id);
      if (check(trials)) return trials;
      if (Date.now() > deadline) throw new Error(`sweep ${id}: trials never matched: ${JSON.stringify(trials.map((t) => [t.number, t.state]))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
