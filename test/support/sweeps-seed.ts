import type { SeedApi } from './seed-api.js';

/** The part of a sweep's JSON (docs/sweeps-api.md) the UI tests read. */
export interface SeededSweep {
  sweep_id: string;
  name: string;
  state: string;
  counts: { total: number; running: number };
  best_trial: SeededTrial | null;
}

export interface SeededTrial {
  number: number;
  state: string;
  params: Record<string, string | number | boolean>;
  value: number | null;
  run_id: string;
}

/**
 * Sweeps for the web UI tests, made through the server's sweeps API the way the SDK's
 * `sweep.ask()` / `sweep.tell()` would: client-driven sweeps, so no process is started.
 */
export class SweepsSeed {
  constructor(private readonly api: SeedApi) {}

  async create(config: string): Promise<SeededSweep> {
    return (await this.api.post<{ sweep: SeededSweep }>('/api/v1/sweeps', { config })).sweep;
  }

  async get(sweepId: string): Promise<SeededSweep> {
    return (await this.api.get<{ sweep: SeededSweep }>(`/api/v1/sweeps/${sweepId}`, {})).sweep;
  }

  /** A new trial with suggested parameters. */
  async ask(sweepId: string): Promise<SeededTrial> {
    return (await this.api.post<{ trial: SeededTrial }>(`/api/v1/sweeps/${sweepId}/trials`, {})).trial;
  }

  /** Completes the trial with `value`. */
  async tell(sweepId: string, trial: number, value: number): Promise<SeededTrial> {
    return (await this.api.post<{ trial: SeededTrial }>(`/api/v1/sweeps/${sweepId}/trials/${trial}/tell`, { value })).trial;
  }

  /** Ends the sweep if it has not ended (a conflict when it has is fine). */
  async cancel(sweepId: string): Promise<void> {
    await this.api.post(`/api/v1/sweeps/${sweepId}/cancel`, {}).catch(() => undefined);
  }
}
