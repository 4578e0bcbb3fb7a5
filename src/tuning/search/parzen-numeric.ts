import type { Rng } from './rng.js';
import { logNormalMass, logNormalPdf, logSumExp } from './normal-math.js';
import { mixtureWeights } from './parzen-weights.js';

/** Where a numeric parameter lives once transformed (log for log_uniform). */
export interface NumericDomain {
  /** Truncation bounds; infinite for `normal`. For a discrete parameter, widened by step/2. */
  low: number;
  high: number;
  /** Finite span used for neighbour bandwidths and the magic clip. */
  spanLow: number;
  spanHigh: number;
  /** Grid step for int and q parameters; values are then grid points and the pmf is used. */
  step?: number;
  priorMu: number;
  priorSigma: number;
}

/**
 * How a continuous kernel is scaled. `peak`: every kernel has the same height at its centre
 * whatever its width, so a wide kernel carries more mass than a narrow one of equal weight.
 * That is what Optuna 3.1's TPE computes (its own truncated-normal log-pdf leaves out the
 * `- log(sigma)` term; optuna/optuna#5109, fixed in 3.5), and it measured better on our
 * benchmarks (docs/benchmarks.md). `area`: every kernel integrates to one, the textbook
 * mixture density (Optuna >= 3.5). Grid (int, q) parameters use probability masses either
 * way, as Optuna does.
 */
export type KernelScale = 'peak' | 'area';

export interface NumericParzenOptions {
  /** Weight of the prior kernel against an observation's 1. */
  priorWeight: number;
  /** Default `area`. */
  kernelScale?: KernelScale;
}

/**
 * A truncated Gaussian mixture over one numeric parameter: one kernel per observation and
 * a prior kernel, as in Bergstra et al. (2011) and Optuna's univariate `_ParzenEstimator`.
 * Bandwidths are the larger distance to a neighbour (the prior and the span's ends
 * included), clipped to [span / min(100, 1 + kernels), span] — Optuna's "magic clip",
 * which keeps a few clustered observations from collapsing to spikes.
 */
export class NumericParzen {
  private readonly mus: number[];
  private readonly sigmas: number[];
  private readonly logWeights: number[];
  private readonly weights: number[];
  private readonly logZ: number[];
  private readonly peak: boolean;

  constructor(
    observations: readonly number[],
    private readonly domain: NumericDomain,
    options: NumericParzenOptions,
  ) {
    const { priorWeight } = options;
    this.peak = options.kernelScale === 'peak';
    const n = observations.length;
    this.mus = [...observations, domain.priorMu];
    // An unbounded (normal) parameter may have observations beyond its nominal span.
    const spanLow = Math.min(domain.spanLow, ...this.mus);
    const spanHigh = Math.max(domain.spanHigh, ...this.mus);
    this.sigmas = neighbourBandwidths(this.mus, spanLow, spanHigh);
    const span = spanHigh - spanLow;
    const minSigma = span / Math.min(100, 1 + this.mus.length);
    for (let i = 0; i < n; i++) this.sigmas[i] = Math.min(span, Math.max(minSigma, this.sigmas[i]!));
    this.sigmas[n] = domain.priorSigma;
    this.weights = mixtureWeights(n, priorWeight);
    this.logWeights = this.weights.map(Math.log);
    this.logZ = this.mus.map((mu, i) =>
      logNormalMass((domain.low - mu) / this.sigmas[i]!, (domain.high - mu) / this.sigmas[i]!),
    );
  }

  /** One draw (snapped to the grid for a discrete parameter). */
  sample(rng: Rng): number {
    const k = rng.weightedIndex(this.weights);
    const mu = this.mus[k]!;
    const sigma = this.sigmas[k]!;
    let x = mu;
    // Every kernel centre lies within the bounds, so at least ~half of the draws are accepted.
    for (let tries = 0; tries < 100; tries++) {
      const candidate = mu + sigma * rng.normal();
      if (candidate >= this.domain.low && candidate <= this.domain.high) {
        x = candidate;
        break;
      }
    }
    return this.snap(x);
  }

  /**
   * log density (continuous; with `peak` kernels, up to how much mass each kernel holds) or
   * log probability of the grid point (discrete).
   */
  logDensity(x: number): number {
    const { step } = this.domain;
    const terms = this.mus.map((mu, i) => {
      const sigma = this.sigmas[i]!;
      let lp: number;
      if (step === undefined) lp = logNormalPdf(x, mu, sigma) + (this.peak ? Math.log(sigma) : 0);
      else if (step / sigma < 1e-3) lp = logNormalPdf(x, mu, sigma) + Math.log(step);
      else lp = logNormalMass((x - step / 2 - mu) / sigma, (x + step / 2 - mu) / sigma);
      return this.logWeights[i]! + lp - this.logZ[i]!;
    });
    return logSumExp(terms);
  }

  private snap(x: number): number {
    const { step, low, high } = this.domain;
    if (step === undefined) return x;
    const first = low + step / 2;
    const last = high - step / 2;
    const k = Math.round((x - first) / step);
    return Math.min(last, Math.max(first, first + k * step));
  }
}

/** Per kernel, the larger gap to its sorted neighbours, with the span ends as outer neighbours. */
function neighbourBandwidths(mus: readonly number[], low: number, high: number): number[] {
  const order = mus.map((_, i) => i).sort((a, b) => mus[a]! - mus[b]! || a - b);
  const ends = [low, ...order.map((i) => mus[i]!), high];
  const sorted = order.map((_, j) => Math.max(ends[j + 1]! - ends[j]!, ends[j + 2]! - ends[j + 1]!));
  if (ends.length >= 4) {
    // Optuna (consider_endpoints=False): the outermost kernels look inwards only.
    sorted[0] = ends[2]! - ends[1]!;
    sorted[sorted.length - 1] = ends[ends.length - 2]! - ends[ends.length - 3]!;
  }
  const out = new Array<number>(mus.length);
  order.forEach((i, j) => (out[i] = sorted[j]!));
  return out;
}
