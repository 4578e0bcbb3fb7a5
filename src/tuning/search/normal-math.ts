/**
 * Log-domain normal-distribution helpers for the Parzen estimators. Kernels far from a
 * candidate give probabilities below 1e-300, so everything stays in logs.
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log N(x; mu, sigma). */
export const logNormalPdf = (x: number, mu: number, sigma: number): number => {
  const z = (x - mu) / sigma;
  return -0.5 * z * z - Math.log(sigma) - LOG_SQRT_2PI;
};

/**
 * log erfc(x) for x >= 0 (Numerical Recipes' erfcc, relative error < 1.2e-7), computed in
 * logs so that the far tail does not underflow.
 */
function logErfcNonNegative(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return Math.log(t) - x * x + poly;
}

/** log of the upper tail Q(z) = 1 - Phi(z), for z >= 0. */
const logUpperTail = (z: number): number => Math.log(0.5) + logErfcNonNegative(z / Math.SQRT2);

/** log(Phi(b) - Phi(a)) for a <= b; either may be infinite. */
export function logNormalMass(a: number, b: number): number {
  if (!(b > a)) return -Infinity;
  if (a >= 0) {
    // Both in the upper tail: Q(a) - Q(b) = Q(a) * (1 - Q(b)/Q(a)).
    const la = logUpperTail(a);
    const lb = b === Infinity ? -Infinity : logUpperTail(b);
    return la + Math.log1p(-Math.exp(lb - la));
  }
  if (b <= 0) return logNormalMass(-b, -a);
  const qa = a === -Infinity ? 0 : Math.exp(logUpperTail(-a));
  const qb = b === Infinity ? 0 : Math.exp(logUpperTail(b));
  return Math.log(1 - qa - qb);
}

/** log(sum(exp(xs))) without overflow; -Infinity for an empty list. */
export function logSumExp(xs: readonly number[]): number {
  let max = -Infinity;
  for (const x of xs) if (x > max) max = x;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const x of xs) sum += Math.exp(x - max);
  return max + Math.log(sum);
}
