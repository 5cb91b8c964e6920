import { covariateLogLikelihood, groupByPattern, patternParameters, type CovariateLayout, type PatternData } from '../../internal/covariateLikelihood.js';
import type { NumericArray } from '../../io/tableInput.js';
import { betaGeoLogLikelihood, prepareBetaGeoData, type BetaGeoData } from './betaGeoLikelihood.js';

/** Customers grouped exactly by (covariate values, x, t_x, T): one BG/NBD data set per covariate pattern. */
export type BetaGeoCovariateData = PatternData<BetaGeoData>;

/** Group the customers by their design row and history (see `groupByPattern`). */
export function prepareBetaGeoCovariateData(
  design: readonly Float64Array[],
  x: NumericArray,
  tx: NumericArray,
  T: NumericArray,
  skip: Uint8Array | null,
  count: NumericArray | null,
): BetaGeoCovariateData {
  return groupByPattern(design, [x, tx, T], skip, count, ([gx, gtx, gT], weights) => prepareBetaGeoData(gx, gtx, gT, null, weights));
}

/**
 * BG/NBD in CLVTools' parameterization (src/bgnbd.cpp, `bgnbd_staticcov_LL_ind`):
 * α_i = α₀·exp(−γ_p'z), a_i = a₀·exp(γ_d'z), b_i = b₀·exp(γ_d'z); r is common.
 */
export function betaGeoCovariateLayout(k: number, shared: boolean, lambdaPurchase: number, lambdaDropout: number): CovariateLayout {
  return {
    size: 4,
    links: [
      { parameter: 1, process: 'purchase', sign: -1 },
      { parameter: 2, process: 'dropout', sign: 1 },
      { parameter: 3, process: 'dropout', sign: 1 },
    ],
    k,
    shared,
    lambdaPurchase,
    lambdaDropout,
  };
}

/** Customer parameters (r, α, a, b) for a design row z. */
export function customerParameters(phi: ArrayLike<number>, layout: CovariateLayout, z: ArrayLike<number>, offset = 0): [number, number, number, number] {
  const [r, alpha, a, b] = patternParameters(phi, layout, z, offset);
  return [r, alpha, a, b];
}

/**
 * The BG/NBD log-likelihood with static covariates (Fader & Hardie 2007, note 019; CLVTools):
 * each pattern is the covariate-free BG/NBD likelihood at its own (r, α_i, a_i, b_i), evaluated
 * by `betaGeoLogLikelihood` with its analytic gradient and Hessian over (ln r, ln α_i, ln a_i,
 * ln b_i), carried to φ = (ln r, ln α₀, ln a₀, ln b₀, γ) by the chain rule
 * (`covariateLogLikelihood`), minus the L2 penalty.
 */
export function betaGeoCovariateLogLikelihood(
  phi: ArrayLike<number>,
  layout: CovariateLayout,
  data: BetaGeoCovariateData,
  gradient: Float64Array | null,
  hessian: Float64Array | null = null,
): { value: number; penalized: number } {
  return covariateLogLikelihood(phi, layout, data, (theta, pattern, g, h) => betaGeoLogLikelihood(theta, pattern, g, h), gradient, hessian);
}
