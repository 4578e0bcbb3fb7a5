import { invalidArgument, type ValidationIssue } from '../../../core/errors.js';

// Tolerance for float budgets (min_t 0.1, eta 2.5): 0.1 * 3^3 is 2.7000000000000006, which
// must still count as reaching max_t 2.7.
const EPS = 1e-9;

/**
 * Rung milestones `minT * eta^k` for k = 0, 1, ... while they do not pass `maxT`.
 * Computed by multiplication rather than `Math.log`, whose rounding (log(243)/log(3) is
 * 4.999999999999999) would drop the top rung.
 */
export function rungMilestones(minT: number, maxT: number, eta: number): number[] {
  const out: number[] = [];
  for (let m = minT; m <= maxT * (1 + EPS); m *= eta) out.push(m);
  return out;
}

/** Validates the budget shared by ASHA and Hyperband, throwing every problem at once. */
export function checkBudget(opts: { minT: number; maxT: number; eta: number }): void {
  const issues: ValidationIssue[] = [];
  if (!(Number.isFinite(opts.minT) && opts.minT > 0)) issues.push({ path: 'min_t', message: 'must be a number above 0' });
  if (!(Number.isFinite(opts.maxT) && opts.maxT >= opts.minT))
    issues.push({ path: 'max_t', message: 'must be a number no smaller than min_t' });
  if (!(Number.isFinite(opts.eta) && opts.eta > 1)) issues.push({ path: 'reduction_factor', message: 'must be a number above 1' });
  if (issues.length > 0) throw invalidArgument('invalid early-stopping budget', issues);
}

/** A report's time step must be a finite, non-negative number. */
export function checkStep(trialId: string, t: number): void {
  if (!(Number.isFinite(t) && t >= 0))
    throw invalidArgument(`trial ${trialId} reported time step ${t}; it must be a finite number >= 0`, [
      { path: 't', message: 'must be a finite number >= 0' },
    ]);
}

/** Whether time step `t` has reached milestone `m`, forgiving float rounding in `m`. */
export const reached = (t: number, m: number): boolean => t >= m * (1 - EPS);
