import { cholesky, choleskyInverse } from './cholesky.js';
import { runSteps, type OptimizationSteps } from './optimizationSteps.js';

/**
 * Standard errors of maximum-likelihood estimates: the square roots of the diagonal of the
 * inverse observed information −∂²ℓ/∂θ², with the Hessian taken by central differences of the
 * analytic gradient (step 1e-5·θ_i) and symmetrized. Null when it is not positive definite.
 *
 * @param theta Estimates (all > 0).
 * @param gradientAt ∂ℓ/∂θ at a parameter vector.
 */
export function hessianStandardErrors(theta: readonly number[], gradientAt: (t: number[]) => ArrayLike<number>): number[] | null {
  return runSteps(hessianStandardErrorsSteps(theta), [
    (t, gradient) => {
      gradient!.set(gradientAt(Array.from(t)));
      return 0;
    },
  ]);
}

/**
 * `hessianStandardErrors` as steps (see `optimizationSteps.ts`): yields each perturbed θ on
 * objective number `objective`, whose evaluation writes ∂ℓ/∂θ into the request's gradient (its
 * value is not read). The one implementation, run synchronously and against a SQL engine.
 */
export function* hessianStandardErrorsSteps(theta: readonly number[], objective = 0): OptimizationSteps<number[] | null> {
  const k = theta.length;
  const H = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    const h = 1e-5 * theta[i];
    const up = [...theta];
    const down = [...theta];
    up[i] += h;
    down[i] -= h;
    const gUp = new Float64Array(k);
    const gDown = new Float64Array(k);
    yield { objective, x: Float64Array.from(up), gradient: gUp };
    yield { objective, x: Float64Array.from(down), gradient: gDown };
    for (let j = 0; j < k; j++) H[i * k + j] = -(gUp[j] - gDown[j]) / (2 * h);
  }
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) H[i * k + j] = H[j * k + i] = (H[i * k + j] + H[j * k + i]) / 2;
  const L = cholesky(H, k);
  if (L === null) return null;
  const covariance = choleskyInverse(L, k);
  return Array.from({ length: k }, (_, i) => Math.sqrt(covariance[i * k + i]));
}
