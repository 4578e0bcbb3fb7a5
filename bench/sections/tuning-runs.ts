import { RandomSampler, TpeSampler } from '../../src/tuning/search/index.js';
import type { Assignment, Observation, SearchSpace } from '../../src/tuning/space/space-types.js';
import { Asha } from '../../src/tuning/stopping/index.js';
import { observations } from '../../src/tuning/service/sweep-policy.js';
import { learningCurve, type TestFunction } from './tuning-functions.js';

/**
 * The in-process studies. Trials run one at a time (parallelism 1): each suggestion sees
 * every earlier trial finished, so no constant liar is involved.
 */
export type SamplerName = 'random' | 'tpe';

interface Sampler {
  suggest(history: readonly Observation[]): Assignment;
}

function makeSampler(name: SamplerName, space: SearchSpace, seed: number): Sampler {
  switch (name) {
    case 'random':
      return new RandomSampler(space, { seed });
    case 'tpe':
      return new TpeSampler(space, { seed });
    default: {
      const never: never = name;
      throw new Error(`unknown sampler ${String(never)}`);
    }
  }
}

/** Best value after `trials` trials of one seeded study. */
export function bestAfter(fn: TestFunction, sampler: SamplerName, trials: number, seed: number): number {
  const s = makeSampler(sampler, fn.space, seed);
  const history: Observation[] = [];
  let best = Infinity;
  for (let i = 0; i < trials; i++) {
    const params = s.suggest(history);
    const value = fn.value(params);
    history.push({ params, value });
    best = Math.min(best, value);
  }
  return best;
}

export interface CurveStudy {
  /** Trial-epochs spent when a reported loss first reached the target; Infinity if never. */
  epochsToTarget: number;
  /** Best loss reported within the whole epoch budget. */
  best: number;
  trials: number;
  epochs: number;
}

type TrialRecord = Parameters<typeof observations>[1][number];

export interface CurveStudyOptions {
  sampler: SamplerName;
  /** ASHA with minT 1, maxT 27, eta 3 when true; every trial runs 27 epochs when false. */
  asha: boolean;
  seed: number;
  /** Trial-epochs to spend in all. */
  budget: number;
  target: number;
}

/**
 * One study on the learning-curve benchmark, run epoch by epoch. A stopped trial costs only
 * the epochs it ran, and goes into the sampler's history as the sweep controller puts it
 * there: behind every completed trial, by how far it got, then by its last loss.
 */
export function curveStudy(opts: CurveStudyOptions): CurveStudy {
  const maxT = learningCurve.maxEpochs;
  const s = makeSampler(opts.sampler, learningCurve.space, opts.seed);
  const asha = opts.asha ? new Asha({ minT: 1, maxT, eta: 3, goal: 'minimize', metric: 'loss', timeUnit: 'epoch' }) : undefined;
  // Trials as the sweep controller keeps them: a stopped one ranks behind completed ones.
  const trials: TrialRecord[] = [];
  let epochs = 0;
  let best = Infinity;
  let epochsToTarget = Infinity;
  while (epochs < opts.budget) {
    const params = s.suggest(observations('minimize', trials));
    const id = `trial-${trials.length}`;
    let last = Infinity;
    let lastT = 0;
    let stopped = false;
    for (let t = 1; t <= maxT && epochs < opts.budget; t++) {
      last = learningCurve.at(params, t);
      lastT = t;
      epochs++;
      best = Math.min(best, last);
      if (last <= opts.target && epochsToTarget === Infinity) epochsToTarget = epochs;
      if (asha && asha.report(id, t, last).action === 'stop') {
        stopped = true;
        break;
      }
    }
    trials.push({ number: trials.length + 1, state: stopped ? 'stopped' : 'completed', params, value: last, lastT });
  }
  return { epochsToTarget, best, trials: trials.length, epochs };
}
