import { CustomerValueError } from '../errors.js';
import { cholesky, choleskyInverse } from './cholesky.js';
import { screenAndPolish } from './screenAndPolish.js';

/** Largest ‖∂ℓ/∂φ‖ per customer accepted as a stationary point (as `fitOnLogParameters`). */
const GRADIENT_PER_CUSTOMER = 1e-6;

/** A covariate model's log-likelihood at φ (log-parameters, then coefficients), and its L2-penalized value; fills the gradient and Hessian of the penalized one when given. */
export type CovariateLikelihood = (
  phi: readonly number[],
  gradient: Float64Array | null,
  hessian: Float64Array | null,
) => { readonly value: number; readonly penalized: number };

/** A certified optimum of a covariate likelihood. */
export interface CertifiedCovariateFit {
  readonly phi: number[];
  readonly logLikelihood: number;
  readonly penalized: number;
  readonly gradientNorm: number;
  /** √ of the diagonal of (−∂²ℓ_penalized/∂φ²)⁻¹: standard errors on the φ scale. */
  readonly standardErrors: number[];
  readonly iterations: number;
  readonly newtonSteps: number;
}

/**
 * Maximize a covariate model's penalized log-likelihood from `start` (the covariate-free fit with
 * zero coefficients) and certify the optimum, for every `fit…WithCovariates`. The optimizer sees
 * −ℓ_penalized/n over v = S·φ with S = √(1 + 2λⱼ) per coefficient (1 for the log-parameters): the
 * penalty adds 2λ to a coefficient's curvature per customer, and a large λ (one that holds the
 * coefficients at zero) would otherwise leave BFGS a badly scaled problem. BFGS, then Newton steps;
 * the optimum must be finite, its gradient below 1e-6 per customer and its Hessian negative
 * definite, or the fit throws `not_converged` with `hint`. Internal.
 */
export function fitCovariateLikelihood(
  fn: string,
  likelihood: CovariateLikelihood,
  start: readonly number[],
  penalties: readonly number[],
  n: number,
  maxIterations: number,
  hint: string,
): CertifiedCovariateFit {
  const m = start.length;
  const scale = Float64Array.from(penalties, (lambda) => Math.sqrt(1 + 2 * lambda));
  const phiOf = (v: ArrayLike<number>) => Array.from({ length: m }, (_, j) => v[j] / scale[j]);
  const objective = (v: Float64Array, gradient: Float64Array | null, hessian: Float64Array | null): number => {
    const { penalized } = likelihood(phiOf(v), gradient, hessian);
    if (gradient) for (let i = 0; i < m; i++) gradient[i] = -gradient[i] / (n * scale[i]);
    if (hessian) for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) hessian[i * m + j] = -hessian[i * m + j] / (n * scale[i] * scale[j]);
    return Number.isFinite(penalized) ? -penalized / n : Infinity;
  };
  const scaledStart = start.map((x, j) => x * scale[j]);
  const { best, attempt, iterations } = screenAndPolish(objective, objective, [scaledStart], { maxIterations, gradientTolerance: 1e-9 });
  const fail = (received: string) =>
    new CustomerValueError('not_converged', `${fn}: the maximum-likelihood fit with covariates did not converge (${received})`, [
      { function: fn, expected: 'a converged fit: a zero gradient and a positive-definite information matrix', received, hint },
    ]);
  if (best === null) throw fail(`no converged optimum; best −ℓ per customer ${attempt.value.toPrecision(6)}, gradient ${attempt.gradientNorm.toPrecision(3)}`);
  const phi = phiOf(best.x);
  const gradient = new Float64Array(m);
  const hessian = new Float64Array(m * m);
  const { value: logLikelihood, penalized } = likelihood(phi, gradient, hessian);
  const gradientNorm = Math.hypot(...gradient);
  const information = Float64Array.from(hessian, (v) => -v);
  for (let i = 0; i < m; i++)
    for (let j = i + 1; j < m; j++) information[i * m + j] = information[j * m + i] = (information[i * m + j] + information[j * m + i]) / 2;
  // The definiteness check and the inverse on the correlation scale D^(−1/2)·I·D^(−1/2): a large λ
  // makes a coefficient's curvature 2nλ, and cholesky's tolerance (relative to the largest
  // diagonal) would otherwise refuse the model parameters' well-defined but smaller block.
  const unit = Float64Array.from({ length: m }, (_, i) => 1 / Math.sqrt(Math.abs(information[i * m + i]) || 1));
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) information[i * m + j] *= unit[i] * unit[j];
  const L = cholesky(information, m);
  if (!Number.isFinite(penalized) || phi.some((v) => !Number.isFinite(v))) throw fail(`the optimum is not finite: φ = ${phi.join(', ')}`);
  if (!(gradientNorm <= GRADIENT_PER_CUSTOMER * Math.max(1, n))) throw fail(`gradient norm ${gradientNorm.toPrecision(3)} at the optimum`);
  if (L === null) throw fail('the Hessian is not negative definite at the optimum (a flat likelihood: a coefficient is not identified)');
  const covariance = choleskyInverse(L, m);
  return {
    phi,
    logLikelihood,
    penalized,
    gradientNorm,
    standardErrors: Array.from({ length: m }, (_, i) => Math.sqrt(covariance[i * m + i]) * unit[i]),
    iterations,
    newtonSteps: best.steps,
  };
}
