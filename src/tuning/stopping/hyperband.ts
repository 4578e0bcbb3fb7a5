import type { Goal } from '../space/space-types.js';
import { Asha } from './asha.js';
import { checkBudget, checkStep, rungMilestones } from './internal/milestones.js';
import type { Decision, Stopper } from './stopping-types.js';
import { invalidArgument } from '../../core/errors.js';

export interface HyperbandOptions {
  minT: number;
  maxT: number;
  eta: number;
  goal: Goal;
  /** How many brackets to use, s = 0 .. brackets-1; default all, s_max + 1. */
  brackets?: number;
  /**
   * How new trials are spread over brackets. `proportional` (default) follows the number
   * of trials each bracket starts in synchronous Hyperband; `round-robin` gives each the same.
   */
  assignment?: 'proportional' | 'round-robin';
  metric?: string;
  timeUnit?: string;
}

/** One bracket as tests and the sweep page see it. */
export interface BracketInfo {
  s: number;
  /** Rungs of this bracket; the first is `minT * eta^s`. */
  milestones: readonly number[];
  /** Trials synchronous Hyperband would start in it: ceil((s_max+1)/(h+1) * eta^h), h = s_max - s halvings. */
  weight: number;
  /** Trials assigned to it so far. */
  assigned: number;
}

/**
 * Asynchronous Hyperband (Li et al. 2020, section 3.2; Ray Tune's AsyncHyperBandScheduler):
 * `s_max + 1` ASHA brackets, `s_max = floor(log_eta(maxT / minT))`, bracket `s` starting at
 * rung `minT * eta^s`, so that some trials are judged early and often and others are given
 * more time before their first cut, hedging against metrics that are poor early predictors.
 *
 * A trial is assigned to a bracket at its first report, for good. Ray draws the bracket at
 * random; here the draw is deterministic so a replayed history lands the same way: with
 * `proportional`, each new trial goes to the bracket furthest below its share
 * (`weight / sum of weights` times the trials assigned so far, counting this one; ties to the
 * smaller s), so every full cycle of `sum of weights` trials fills the brackets exactly as one
 * round of synchronous Hyperband would (for 1..81, eta 3: 81, 34, 15, 8, 5).
 */
export class Hyperband implements Stopper {
  readonly sMax: number;
  private readonly brackets: { s: number; weight: number; assigned: number; asha: Asha }[];
  private readonly assignment: 'proportional' | 'round-robin';
  private readonly bracketOfTrial = new Map<string, number>();
  private total = 0;

  constructor(options: HyperbandOptions) {
    checkBudget(options);
    const { minT, maxT, eta } = options;
    this.sMax = rungMilestones(minT, maxT, eta).length - 1;
    const count = options.brackets ?? this.sMax + 1;
    if (!(Number.isInteger(count) && count >= 1 && count <= this.sMax + 1))
      throw invalidArgument(`brackets must be an integer from 1 to ${this.sMax + 1} for this budget`, [
        { path: 'brackets', message: `must be an integer from 1 to ${this.sMax + 1}` },
      ]);
    this.assignment = options.assignment ?? 'proportional';
    this.brackets = Array.from({ length: count }, (_, s) => {
      const h = this.sMax - s;
      return {
        s,
        weight: Math.ceil(((this.sMax + 1) / (h + 1)) * eta ** h),
        assigned: 0,
        asha: new Asha({ ...options, minT: minT * eta ** s }),
      };
    });
  }

  /** Brackets with their rungs, Hyperband weights and how many trials they hold. */
  bracketInfo(): BracketInfo[] {
    return this.brackets.map(({ s, weight, assigned, asha }) => ({ s, milestones: asha.milestones, weight, assigned }));
  }

  /** The bracket a trial was assigned to, or undefined before its first report. */
  bracketOf(trialId: string): number | undefined {
    return this.bracketOfTrial.get(trialId);
  }

  report(trialId: string, t: number, value: number): Decision {
    // Checked here too (ASHA checks again) so a bad report never claims a bracket slot.
    checkStep(trialId, t);
    const s = this.bracketOfTrial.get(trialId) ?? this.assign(trialId);
    return { ...this.brackets[s]!.asha.report(trialId, t, value), bracket: s };
  }

  /** Keeps the trial's bracket, so a retry under the same id is judged where it started. */
  remove(trialId: string): void {
    const s = this.bracketOfTrial.get(trialId);
    if (s !== undefined) this.brackets[s]!.asha.remove(trialId);
  }

  private assign(trialId: string): number {
    this.total++;
    let chosen = 0;
    if (this.assignment === 'round-robin') chosen = (this.total - 1) % this.brackets.length;
    else {
      const sum = this.brackets.reduce((acc, b) => acc + b.weight, 0);
      let bestDeficit = -Infinity;
      for (const [i, b] of this.brackets.entries()) {
        const deficit = (b.weight * this.total) / sum - b.assigned;
        if (deficit > bestDeficit + 1e-12) [bestDeficit, chosen] = [deficit, i];
      }
    }
    this.brackets[chosen]!.assigned++;
    this.bracketOfTrial.set(trialId, chosen);
    return chosen;
  }
}
