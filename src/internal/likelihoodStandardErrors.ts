import { cholesky, choleskyInverse } from './cholesky.js';

/**
 * Standard errors of maximum-likelihood estimates θ (all > 0) from the analytic Hessian of ℓ
 * taken over u = ln θ (as the CLV likelihoods write them and their fitters optimize): the observed
 * information over u is I = −∂²ℓ/∂u², the covariance of û is I⁻¹, and by the delta method that of
 * θ̂ = exp(û) is D·I⁻¹·D with D = diag(θ): the standard errors are θᵢ·√(I⁻¹)ᵢᵢ. At the optimum
 * (∂ℓ/∂u = 0) this is the inverse of the information over θ; it is formed on the log scale, where
 * the fitters certify the optimum (`hessianPositiveDefinite` is the same Cholesky test), because
 * over θ it fails to round-off when the parameters span many orders of magnitude (a near-boundary
 * MBG/NBD optimum, a ~ 1e-5 and b ~ 1e4 on CDNOW's first month, was certified while its
 * θ-information was not positive definite). Null when I is not positive definite. Exact up to
 * rounding: no finite differences, so the same optimum gives the same standard errors whatever
 * the order the sums were taken in.
 */
export function likelihoodStandardErrors(theta: readonly number[], hessianLog: ArrayLike<number>): number[] | null {
  const k = theta.length;
  const information = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) information[i * k + j] = -hessianLog[i * k + j];
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) information[i * k + j] = information[j * k + i] = (information[i * k + j] + information[j * k + i]) / 2;
  const L = cholesky(information, k);
  if (L === null) return null;
  const covariance = choleskyInverse(L, k);
  return Array.from({ length: k }, (_, i) => theta[i] * Math.sqrt(covariance[i * k + i]));
}
