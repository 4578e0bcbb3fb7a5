import type { Trial } from '../../api/sweeps-types';

/** A trial for unit tests: the fields that matter given, the rest filled in. */
export function trial(number: number, value: number | null, more: Partial<Trial> = {}): Trial {
  return {
    sweep_id: 's000000000001',
    number,
    state: 'completed',
    params: {},
    value,
    last_t: null,
    reports: 0,
    job_id: null,
    run_id: `run${number}`,
    attempt: 1,
    reason: null,
    created_time: 1_764_226_000_000 + number,
    end_time: null,
    ...more,
  };
}
