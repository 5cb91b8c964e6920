import { covariateLogLikelihood, groupByPattern, patternParameters, type CovariateLayout, type PatternData } from '../../internal/covariateLikelihood.js';
import type { NumericArray } from '../../io/tableInput.js';
import { prepareBetaGeoData } from './betaGeoLikelihood.js';
import { paretoNbdLogLikelihood, type ParetoNbdData } from './paretoNbdLikelihood.js';

/** Customers grouped exactly by (covariate values, x, t_x, T): one Pareto/NBD data set per covariate pattern. */
export type ParetoNbdCovariateData = PatternData<ParetoNbdData>;

/** Group the customers by their design row and history (see `groupByPattern`). */
export function prepareParetoNbdCovariateData(
  design: readonly Float64Array[],
  x: NumericArray,
  tx: NumericArray,
  T: NumericArray,
  skip: Uint8Array | null,
  count: NumericArray | null,
): ParetoNbdCovariateData {
  return groupByPattern(design, [x, tx, T], skip, count, ([gx, gtx, gT], weights) => prepareBetaGeoData(gx, gtx, gT, null, weights));
}

/**
 * Pareto/NBD in CLVTools' parameterization (src/pnbd.cpp, `pnbd_staticcov_LL_ind` with
 * `pnbd_staticcov_alpha_i` and `pnbd_staticcov_beta_i`): α_i = α₀·exp(−γ_p'z),
 * β_i = β₀·exp(−γ_d'z); r and s are common. θ = (r, α, s, β).
 */
export function paretoNbdCovariateLayout(k: number, shared: boolean, lambdaPurchase: number, lambdaDropout: number): CovariateLayout {
  return {
    size: 4,
    links: [
      { parameter: 1, process: 'purchase', sign: -1 },
      { parameter: 3, process: 'dropout', sign: -1 },
    ],
    k,
    shared,
    lambdaPurchase,
    lambdaDropout,
  };
}

/** Customer parameters (r, α_i, s, β_i) for a design row z. */
export function paretoNbdCustomerParameters(
  phi: ArrayLike<number>,
  layout: CovariateLayout,
  z: ArrayLike<number>,
  offset = 0,
): [number, number, number, number] {
  const [r, alpha, s, beta] = patternParameters(phi, layout, z, offset);
  return [r, alpha, s, beta];
}

/**
 * The Pareto/NBD log-likelihood with static covariates (Fader & Hardie 2005 note, eq. 19;
 * CLVTools): each pattern is the covariate-free Pareto/NBD likelihood at its own (r, α_i, s, β_i),
 * evaluated by `paretoNbdLogLikelihood` with its analytic gradient and Hessian over
 * (ln r, ln α_i, ln s, ln β_i), carried to φ = (ln r, ln α₀, ln s, ln β₀, γ) by the chain rule
 * (`covariateLogLikelihood`), minus the L2 penalty. A pattern's parameters beyond 1e-6…1e6 (the
 * covariate-free fit's domain) or a series that does not converge give NaN, so the optimizer's
 * line search steps back.
 */
export function paretoNbdCovariateLogLikelihood(
  phi: ArrayLike<number>,
  layout: CovariateLayout,
  data: ParetoNbdCovariateData,
  gradient: Float64Array | null,
  hessian: Float64Array | null = null,
): { value: number; penalized: number } {
  return covariateLogLikelihood(
    phi,
    layout,
    data,
    (theta, pattern, g, h) => {
      if (!theta.every((v) => v > 1e-6 && v < 1e6)) {
        if (g) g.fill(Number.NaN);
        return Number.NaN;
      }
      return paretoNbdLogLikelihood(theta, pattern, g, h);
    },
    gradient,
    hessian,
  );
}
