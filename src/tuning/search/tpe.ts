import { invalidArgument } from '../../core/errors.js';
import type { Assignment, Observation, ParamValue, Parameter, SearchSpace } from '../space/space-types.js';
import { CategoricalParzen } from './parzen-categorical.js';
import { NumericParzen, type KernelScale, type NumericDomain } from './parzen-numeric.js';
import { isActive, prepareSpace } from './prepare-space.js';
import { sampleAssignment } from './random.js';
import { Rng } from './rng.js';
import { cleanFloat, snapToQ } from './sample-prior.js';

export interface TpeSamplerOptions {
  /** Same seed and same history length, same suggestion. Default 0. */
  seed?: number;
  /** Finished trials sampled at random before TPE starts modelling. Default 10 (Optuna's). */
  startupTrials?: number;
  /** How many finished trials count as good, given how many finished. Default Optuna's. */
  gamma?: (finished: number) => number;
  /** Candidates drawn from l(x) per parameter. Default 24 (Optuna's). */
  candidates?: number;
  /** Weight of the prior kernel in each estimator. Default 1. */
  priorWeight?: number;
  /**
   * Count running trials (value undefined) as bad, so parallel workers spread out. Default
   * true (Optuna's default is false); with trials run one at a time there are none to count.
   */
  constantLiar?: boolean;
  /** How continuous kernels are scaled (see `KernelScale`). Default `peak`, Optuna 3.1's. */
  kernelScale?: KernelScale;
}

/** Optuna's default split: the best 10%, at most 25 trials. */
export const defaultGamma = (n: number): number => Math.min(Math.ceil(0.1 * n), 25);

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011), univariate as in Optuna's
 * default TPESampler: finished trials split into good and bad by `gamma`; per parameter,
 * estimators l(x) over the good and g(x) over the bad; `candidates` draws from l, the one
 * with the highest log l − log g wins. A conditional parameter is estimated only from the
 * trials it applied to.
 *
 * The stream is derived from the seed and the history's length, so `suggest` is pure:
 * include running trials in `history` (they are what the constant liar works on).
 *
 * @example
 *   const tpe = new TpeSampler(space, { seed: 1 });
 *   const params = tpe.suggest([...finished, ...running]);
 */
export class TpeSampler {
  private readonly ordered: Parameter[];
  private readonly seed: number;
  private readonly startupTrials: number;
  private readonly gamma: (finished: number) => number;
  private readonly candidates: number;
  private readonly priorWeight: number;
  private readonly constantLiar: boolean;
  private readonly kernelScale: KernelScale;

  constructor(space: SearchSpace, options: TpeSamplerOptions = {}) {
    this.ordered = prepareSpace(space);
    this.seed = options.seed ?? 0;
    this.startupTrials = options.startupTrials ?? 10;
    this.gamma = options.gamma ?? defaultGamma;
    this.candidates = options.candidates ?? 24;
    this.priorWeight = options.priorWeight ?? 1;
    this.constantLiar = options.constantLiar ?? true;
    this.kernelScale = options.kernelScale ?? 'peak';
    if (!Number.isInteger(this.startupTrials) || this.startupTrials < 0) {
      throw invalidArgument('startupTrials must be a non-negative integer', [{ path: 'startupTrials', message: 'must be an integer >= 0' }]);
    }
    if (!Number.isInteger(this.candidates) || this.candidates < 1) {
      throw invalidArgument('candidates must be a positive integer', [{ path: 'candidates', message: 'must be an integer >= 1' }]);
    }
    if (!(this.priorWeight > 0)) {
      throw invalidArgument('priorWeight must be positive', [{ path: 'priorWeight', message: 'must be > 0' }]);
    }
  }

  suggest(history: readonly Observation[]): Assignment {
    const rng = Rng.derive(this.seed, history.length);
    const finished = history.filter((o) => o.value !== undefined);
    if (finished.length < this.startupTrials) return sampleAssignment(this.ordered, rng);

    const { good, bad } = this.split(history, finished.length);
    const chosen: Assignment = {};
    for (const p of this.ordered) {
      if (isActive(p, chosen)) chosen[p.name] = this.sampleParameter(p, good, bad, rng);
    }
    return chosen;
  }

  /** Good and bad trials, each kept in history order so that the recency weights apply. */
  private split(history: readonly Observation[], finishedCount: number): { good: Observation[]; bad: Observation[] } {
    const ranked = history
      .map((o, i) => ({ o, i }))
      .filter(({ o }) => o.value !== undefined)
      // NaN (a diverged trial) ranks last; ties keep history order.
      .sort((a, b) => rankValue(a.o.value!) - rankValue(b.o.value!) || a.i - b.i);
    const nGood = Math.max(0, Math.min(finishedCount, Math.floor(this.gamma(finishedCount))));
    const goodIndex = new Set(ranked.slice(0, nGood).map(({ i }) => i));
    const good: Observation[] = [];
    const bad: Observation[] = [];
    history.forEach((o, i) => {
      if (goodIndex.has(i)) good.push(o);
      // The liar's value is "worse than anything seen", which always lands in the bad group.
      else if (o.value !== undefined || this.constantLiar) bad.push(o);
    });
    return { good, bad };
  }

  private sampleParameter(p: Parameter, good: Observation[], bad: Observation[], rng: Rng): ParamValue {
    const s = p.spec;
    if (s.kind === 'constant') return s.value;
    if (s.kind === 'categorical') {
      const prior = normalise(s.probabilities ?? s.values.map(() => 1));
      const indices = (obs: Observation[]): number[] =>
        obs.flatMap((o) => {
          const i = Object.hasOwn(o.params, p.name) ? s.values.indexOf(o.params[p.name]!) : -1;
          return i >= 0 ? [i] : [];
        });
      const l = new CategoricalParzen(indices(good), prior, this.priorWeight);
      const g = new CategoricalParzen(indices(bad), prior, this.priorWeight);
      const best = this.bestCandidate(() => l.sample(rng), (c) => l.logProbability(c) - g.logProbability(c));
      return s.values[best]!;
    }
    const domain = numericDomain(p);
    const toModel = (obs: Observation[]): number[] =>
      obs.flatMap((o) => {
        const v = o.params[p.name];
        // Values the space cannot produce (a changed space, a hand-entered trial) are ignored.
        if (typeof v !== 'number' || !Number.isFinite(v)) return [];
        const x = s.kind === 'log_uniform' ? (v > 0 ? Math.log(v) : NaN) : v;
        return x >= domain.low && x <= domain.high ? [x] : [];
      });
    const parzenOptions = { priorWeight: this.priorWeight, kernelScale: this.kernelScale };
    const l = new NumericParzen(toModel(good), domain, parzenOptions);
    const g = new NumericParzen(toModel(bad), domain, parzenOptions);
    const x = this.bestCandidate(() => l.sample(rng), (c) => l.logDensity(c) - g.logDensity(c));
    switch (s.kind) {
      case 'log_uniform':
        return Math.min(s.max, Math.max(s.min, Math.exp(x)));
      case 'int_uniform':
        return Math.round(x);
      case 'q_uniform':
        return snapToQ(cleanFloat(x), s);
      case 'uniform':
      case 'normal':
        return x;
      default: {
        const never: never = s;
        return never;
      }
    }
  }

  private bestCandidate(draw: () => number, score: (x: number) => number): number {
    let best = draw();
    let bestScore = score(best);
    for (let i = 1; i < this.candidates; i++) {
      const c = draw();
      const sc = score(c);
      if (sc > bestScore) {
        best = c;
        bestScore = sc;
      }
    }
    return best;
  }
}

/** The model space of a numeric parameter: log for log_uniform, widened by half a step for grids. */
function numericDomain(p: Parameter): NumericDomain {
  const s = p.spec;
  switch (s.kind) {
    case 'uniform':
      return bounded(s.min, s.max);
    case 'log_uniform':
      return bounded(Math.log(s.min), Math.log(s.max));
    case 'int_uniform':
      return { ...bounded(Math.ceil(s.min) - 0.5, Math.floor(s.max) + 0.5), step: 1 };
    case 'q_uniform': {
      const last = snapToQ(s.max, s);
      return { ...bounded(s.min - s.q / 2, last + s.q / 2), step: s.q };
    }
    case 'normal':
      // Unbounded; the prior kernel is the user's own normal, and ±3σ sets the bandwidth scale.
      return {
        low: -Infinity,
        high: Infinity,
        spanLow: s.mu - 3 * s.sigma,
        spanHigh: s.mu + 3 * s.sigma,
        priorMu: s.mu,
        priorSigma: s.sigma,
      };
    case 'constant':
    case 'categorical':
      throw invalidArgument(`"${p.name}" is not numeric`);
    default: {
      const never: never = s;
      return never;
    }
  }
}

function bounded(low: number, high: number): NumericDomain {
  // A zero-width range (min == max) still needs a positive bandwidth.
  const span = high - low || 1;
  return { low, high, spanLow: low, spanHigh: low + span, priorMu: (low + high) / 2, priorSigma: span };
}

const rankValue = (v: number): number => (Number.isNaN(v) ? Infinity : v);

function normalise(ws: readonly number[]): number[] {
  const total = ws.reduce((a, b) => a + b, 0);
  return ws.map((w) => w / total);
}
