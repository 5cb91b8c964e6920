/**
 * Write the Hessian over log-parameters u = ln θ from the Hessian over θ (its upper triangle, row
 * by row: `upper[i][j]` for j ≥ i) and the gradient over u already written:
 * ∂²ℓ/∂uᵢ∂uⱼ = θᵢθⱼ·∂²ℓ/∂θᵢ∂θⱼ + δᵢⱼ·∂ℓ/∂uᵢ, symmetric, into `hessian` (k × k, row-major).
 * `likelihoodStandardErrors` undoes it. Internal: the CLV likelihoods share it.
 */
export function writeLogParameterHessian(
  theta: readonly number[],
  upper: readonly (readonly number[])[],
  gradientLog: ArrayLike<number>,
  hessian: Float64Array,
): void {
  const k = theta.length;
  for (let i = 0; i < k; i++)
    for (let j = i; j < k; j++) hessian[i * k + j] = hessian[j * k + i] = theta[i] * theta[j] * upper[i][j] + (i === j ? gradientLog[i] : 0);
}
