import { cholesky, choleskyInverse } from './cholesky.js';

/**
 * Standard errors of maximum-likelihood estimates θ (all > 0) from the analytic gradient and
 * Hessian of ℓ taken over u = ln θ (as the CLV likelihoods write them): the Hessian over θ is
 * ∂²ℓ/∂θᵢ∂θⱼ = (∂²ℓ/∂uᵢ∂uⱼ − δᵢⱼ·∂ℓ/∂uᵢ) / (θᵢθⱼ), and the standard errors are the square roots
 * of the diagonal of the inverse observed information −∂²ℓ/∂θ². Null when the information is not
 * positive definite. Exact up to rounding: no finite differences, so the same optimum gives the
 * same standard errors whatever the order the sums were taken in.
 */
export function likelihoodStandardErrors(theta: readonly number[], gradientLog: ArrayLike<number>, hessianLog: ArrayLike<number>): number[] | null {
  const k = theta.length;
  const information = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const h = hessianLog[i * k + j] - (i === j ? gradientLog[i] : 0);
      information[i * k + j] = -h / (theta[i] * theta[j]);
    }
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) information[i * k + j] = information[j * k + i] = (information[i * k + j] + information[j * k + i]) / 2;
  const L = cholesky(information, k);
  if (L === null) return null;
  const covariance = choleskyInverse(L, k);
  return Array.from({ length: k }, (_, i) => Math.sqrt(covariance[i * k + i]));
}
