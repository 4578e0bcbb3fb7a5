import type { Goal } from '../space/space-types.js';
import { compareBest, formatValue, isWorse } from './internal/goal-order.js';
import { checkBudget, checkStep, reached, rungMilestones } from './internal/milestones.js';
import type { Decision, Stopper } from './stopping-types.js';

export interface AshaOptions {
  /** First rung, in time steps (Ray Tune's `grace_period`). */
  minT: number;
  /** A trial that reports at or past `maxT` is complete. */
  maxT: number;
  /** Reduction factor: rungs are `minT * eta^k`, and the top 1/eta at each rung go on. */
  eta: number;
  goal: Goal;
  /** Names used in stop reasons only. */
  metric?: string;
  timeUnit?: string;
}

/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel
 * Hyperparameter Tuning", MLSys 2020), in the stopping form Ray Tune's ASHAScheduler uses:
 * trials are never paused waiting for a rung to fill, they are judged as they arrive.
 *
 * When a trial first reports at or past a rung's milestone, its value is recorded at that
 * rung and it goes on only if it is within the best `floor(n / eta)` of the `n` values
 * recorded there so far (itself included; ties with the cutoff pass). Where the two differ
 * from Ray Tune, on purpose:
 * - With fewer than `eta` values at a rung the trial goes on (Ray's percentile cutoff would
 *   stop the second trial if it is worse than the first): early arrivals are not punished
 *   for being early, which is the asynchronous promotion rule of the paper.
 * - A trial that skips milestones (reports at t=10 with rungs 1, 3, 9) is recorded only at
 *   the highest rung it reached; Ray later backfills the skipped rungs with values from
 *   further into training, which would judge them against less-trained trials unfairly.
 * - A NaN is recorded as the worst value (so it makes the cutoff easier for others) and the
 *   trial that reported it is stopped at that rung whatever the count: a NaN metric means a
 *   diverged trial, and "top 1/eta" has no meaning for it.
 * A value recorded at a rung is never replaced: a repeated report (a replay after a
 * controller restart, two values logged at one step) does not change anyone's cutoff.
 *
 * @example
 * const asha = new Asha({ minT: 1, maxT: 27, eta: 3, goal: 'maximize', metric: 'val_acc', timeUnit: 'epoch' });
 * asha.milestones; // [1, 3, 9, 27]
 * asha.report('t1', 1, 0.62); // { action: 'continue', rung: 0, milestone: 1 }
 */
export class Asha implements Stopper {
  readonly milestones: readonly number[];
  private readonly opts: Required<AshaOptions>;
  // Per rung, trial id -> the value it was recorded with (in arrival order).
  private readonly rungs: Map<string, number>[];
  private readonly ended = new Map<string, Decision>();

  constructor(options: AshaOptions) {
    checkBudget(options);
    this.opts = { metric: 'metric', timeUnit: 't', ...options };
    this.milestones = rungMilestones(options.minT, options.maxT, options.eta);
    this.rungs = this.milestones.map(() => new Map<string, number>());
  }

  report(trialId: string, t: number, value: number): Decision {
    checkStep(trialId, t);
    const ended = this.ended.get(trialId);
    if (ended) return ended;

    let rung = -1;
    for (let i = 0; i < this.milestones.length; i++) if (reached(t, this.milestones[i]!)) rung = i;
    const recorded = rung >= 0 ? this.rungs[rung]! : undefined;
    const fresh = recorded !== undefined && !recorded.has(trialId);
    if (fresh) recorded.set(trialId, value);

    if (reached(t, this.opts.maxT)) {
      const done: Decision = { action: 'complete', ...(rung >= 0 ? { rung, milestone: this.milestones[rung]! } : {}) };
      this.ended.set(trialId, done);
      return done;
    }
    // Between milestones, or a repeat at a rung already judged: nothing new to decide.
    if (!fresh) return { action: 'continue' };

    const decision = this.judge(rung, t, value);
    if (decision.action === 'stop') this.ended.set(trialId, decision);
    return decision;
  }

  remove(trialId: string): void {
    this.ended.delete(trialId);
  }

  /** Values recorded at a rung, in arrival order (for tests and the sweep page). */
  rungValues(rung: number): number[] {
    return [...(this.rungs[rung]?.values() ?? [])];
  }

  private judge(rung: number, t: number, value: number): Decision {
    const { eta, goal, metric, timeUnit } = this.opts;
    const milestone = this.milestones[rung]!;
    const values = this.rungValues(rung);
    const n = values.length;
    if (Number.isNaN(value))
      return { action: 'stop', rung, milestone, reason: `${metric} is NaN at ${timeUnit} ${t}: the trial diverged` };
    if (n < eta) return { action: 'continue', rung, milestone };

    const keep = Math.floor(n / eta);
    const cutoff = values.sort((a, b) => compareBest(goal, a, b))[keep - 1]!;
    if (!isWorse(goal, value, cutoff)) return { action: 'continue', rung, milestone, cutoff };
    return {
      action: 'stop',
      rung,
      milestone,
      cutoff,
      reason:
        `${metric} ${formatValue(value)} at ${timeUnit} ${formatValue(t)} is not in the top 1/${formatValue(eta)} ` +
        `of ${n} trials at that rung (cutoff ${formatValue(cutoff)})`,
    };
  }
}
