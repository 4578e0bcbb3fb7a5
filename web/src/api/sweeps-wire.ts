import type { Sweep, SweepWire, Trial, TrialWire } from './sweeps-types';

/**
 * JSON has no NaN: the server sends a diverged trial's value as the string "NaN",
 * "Infinity" or "-Infinity" (as MLflow's API does). The UI reads it back as the number
 * (what the contract's schema decodes it to; the UI runs no Zod).
 */
export function wireValue(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  const n = Number(v);
  return typeof v === 'string' && (Number.isFinite(n) || /^[-+]?(NaN|Infinity)$/.test(v.trim())) ? n : null;
}

export const trialFromWire = (t: TrialWire): Trial => ({ ...t, value: wireValue(t.value) });

export const sweepFromWire = (s: SweepWire): Sweep => ({ ...s, best_trial: s.best_trial && trialFromWire(s.best_trial) });
