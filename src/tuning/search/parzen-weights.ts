/**
 * Optuna's `default_weights`: the 25 most recent observations weigh 1, older ones ramp
 * down linearly, so the estimator follows the search as it moves. `n` observations are
 * given oldest first.
 */
export function observationWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const rampCount = n - 25;
  const ramp: number[] = [];
  for (let i = 0; i < rampCount; i++) {
    // numpy.linspace(1/n, 1, rampCount)
    ramp.push(rampCount === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (rampCount - 1));
  }
  return [...ramp, ...new Array<number>(25).fill(1)];
}

/** Observation weights plus the prior's, normalised to sum to one. */
export function mixtureWeights(n: number, priorWeight: number): number[] {
  const w = [...observationWeights(n), priorWeight];
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}
