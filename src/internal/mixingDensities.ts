import { logGamma, regularizedBeta, regularizedGammaQ } from './specialFunctions.js';

// Densities, distribution functions and quantiles of the gamma and beta mixing distributions of
// the repeat-buying models. Internal.

/** Density of gamma(shape, rate) at x > 0, from its log (no overflow for large shapes). */
export function gammaDensity(shape: number, rate: number, x: number): number {
  if (x <= 0) return shape < 1 ? Number.POSITIVE_INFINITY : shape === 1 ? rate : 0;
  return Math.exp(shape * Math.log(rate) + (shape - 1) * Math.log(x) - rate * x - logGamma(shape));
}

/** Density of beta(a, b) at 0 < p < 1, from its log. */
export function betaDensity(a: number, b: number, p: number): number {
  return Math.exp((a - 1) * Math.log(p) + (b - 1) * Math.log1p(-p) - (logGamma(a) + logGamma(b) - logGamma(a + b)));
}

/** P(X ≤ x) of gamma(shape, rate). */
export function gammaCdf(shape: number, rate: number, x: number): number {
  return 1 - regularizedGammaQ(shape, rate * x);
}

/**
 * The value x with P(X ≤ x) = q, by bisection on log x to the last bit (the distribution
 * functions are monotone; no Newton step to overshoot where the density is 0 or infinite).
 */
function quantileByBisection(cdf: (x: number) => number, q: number, low: number, high: number, logScale: boolean): number {
  let lo = low;
  let hi = high;
  for (let i = 0; i < 2000; i++) {
    const mid = logScale ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (cdf(mid) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Quantile of gamma(shape, rate) at 0 < q < 1. */
export function gammaQuantile(shape: number, rate: number, q: number): number {
  // bracket in units of the mean, then bisect on the log scale
  const mean = shape / rate;
  let low = mean;
  while (gammaCdf(shape, rate, low) > q && low > Number.MIN_VALUE * 4) low /= 16;
  let high = mean;
  while (gammaCdf(shape, rate, high) < q && high < Number.MAX_VALUE / 16) high *= 16;
  return quantileByBisection((x) => gammaCdf(shape, rate, x), q, low, high, true);
}

/** Quantile of beta(a, b) at 0 < q < 1. */
export function betaQuantile(a: number, b: number, q: number): number {
  return quantileByBisection((p) => regularizedBeta(p, a, b), q, 0, 1, false);
}
