import { covariateLogLikelihood, groupByPattern, patternParameters, type CovariateLayout, type PatternData } from '../../internal/covariateLikelihood.js';
import type { NumericArray } from '../../io/tableInput.js';
import { betaGeoBetaBinomialLogLikelihood, type DiscreteHistoryGroups } from './betaGeoBetaBinomialLikelihood.js';

/** Customers grouped exactly by (covariate values, x, t_x, n): one BG/BB data set per covariate pattern. */
export type BetaGeoBetaBinomialCovariateData = PatternData<DiscreteHistoryGroups>;

/** Group the customers by their design row and discrete history (see `groupByPattern`). */
export function prepareBetaGeoBetaBinomialCovariateData(
  design: readonly Float64Array[],
  x: NumericArray,
  tx: NumericArray,
  n: NumericArray,
  skip: Uint8Array | null,
  count: NumericArray | null,
): BetaGeoBetaBinomialCovariateData {
  return groupByPattern(design, [x, tx, n], skip, count, ([gx, gtx, gn], weight) => ({ x: gx, tx: gtx, n: gn, weight }));
}

/**
 * BG/BB with static covariates: α_i = α₀·exp(γ_p'z) (the odds α_i/β of the mean transaction
 * probability scale by e^(γ_p'z)), γ_i = γ₀·exp(γ_d'z) (the odds γ_i/δ of the mean dropout
 * probability scale by e^(γ_d'z)); β and δ are common.
 */
export function betaGeoBetaBinomialCovariateLayout(k: number, shared: boolean, lambdaPurchase: number, lambdaDropout: number): CovariateLayout {
  return {
    size: 4,
    links: [
      { parameter: 0, process: 'purchase', sign: 1 },
      { parameter: 2, process: 'dropout', sign: 1 },
    ],
    k,
    shared,
    lambdaPurchase,
    lambdaDropout,
  };
}

/** Customer parameters (α, β, γ, δ) for a design row z. */
export function betaGeoBetaBinomialCustomerParameters(
  phi: ArrayLike<number>,
  layout: CovariateLayout,
  z: ArrayLike<number>,
  offset = 0,
): [number, number, number, number] {
  const [alpha, beta, gamma, delta] = patternParameters(phi, layout, z, offset);
  return [alpha, beta, gamma, delta];
}

/**
 * The BG/BB log-likelihood with static covariates: each pattern is the covariate-free BG/BB
 * likelihood (Fader, Hardie & Shang 2010, eq. 5) at its own (α_i, β, γ_i, δ), evaluated by
 * `betaGeoBetaBinomialLogLikelihood` with its analytic gradient and Hessian over
 * (ln α_i, ln β, ln γ_i, ln δ), carried to φ = (ln α₀, ln β, ln γ₀, ln δ, γ) by the chain rule
 * (`covariateLogLikelihood`), minus the L2 penalty.
 */
export function betaGeoBetaBinomialCovariateLogLikelihood(
  phi: ArrayLike<number>,
  layout: CovariateLayout,
  data: BetaGeoBetaBinomialCovariateData,
  gradient: Float64Array | null,
  hessian: Float64Array | null = null,
): { value: number; penalized: number } {
  return covariateLogLikelihood(phi, layout, data, (theta, pattern, g, h) => betaGeoBetaBinomialLogLikelihood(theta, pattern, g, h), gradient, hessian);
}
