import { CustomerValueError } from '../errors.js';
import { cholesky } from './cholesky.js';
import { likelihoodStandardErrors } from './likelihoodStandardErrors.js';
import { screenAndPolish } from './screenAndPolish.js';

/**
 * A log-likelihood ℓ(θ) summed over the data, at θ itself (all > 0), writing ∂ℓ/∂(ln θ) into
 * `gradient` and ∂²ℓ/∂(ln θ)² (row-major) into `hessian` when given.
 */
export type LogParameterLikelihood = (theta: Float64Array, gradient: Float64Array, hessian: Float64Array | null) => number;

/** A certified maximum-likelihood fit (see `fitOnLogParameters`). */
export interface LogParameterFit {
  readonly theta: number[];
  readonly logLikelihood: number;
  readonly standardErrors: number[] | null;
  /** Euclidean norm of ∂ℓ/∂(ln θ) at the optimum. */
  readonly gradientNorm: number;
  /** −∂²ℓ/∂(ln θ)² is positive definite at the optimum (a strict local maximum). */
  readonly hessianPositiveDefinite: boolean;
  readonly aic: number;
  readonly bic: number;
  readonly iterations: number;
  readonly newtonSteps: number;
}

/** The fit's record every discrete-time fitter puts in `fitted.diagnostics`: the likelihood and the certificate of the optimum. */
export function fitCertificate(fit: LogParameterFit) {
  const { logLikelihood, aic, bic, gradientNorm, hessianPositiveDefinite, iterations, newtonSteps } = fit;
  return { logLikelihood, aic, bic, gradientNorm, hessianPositiveDefinite, iterations, newtonSteps };
}

/** Largest Euclidean norm of ∂ℓ/∂(ln θ) per unit of `size` accepted as a stationary point. */
const GRADIENT_PER_UNIT = 1e-6;

/**
 * Maximize ℓ over log-parameters the way every CLV fitter does: multi-start BFGS on −ℓ/size
 * (`screenAndPolish`, no subsample) finished by Newton steps on the analytic Hessian, then
 * certified: the gradient norm at the optimum is below 1e-6·size and −∇²ℓ is positive definite,
 * else `not_converged` naming the function, the figures and `hint`. `size` is the number of
 * observations (customers) and BIC's n; starts are given as θ (not logs).
 */
export function fitOnLogParameters(
  fn: string,
  likelihood: LogParameterLikelihood,
  starts: readonly (readonly number[])[],
  size: number,
  options: { readonly maxIterations: number; readonly hint: string },
): LogParameterFit {
  const k = starts[0].length;
  const scratch = new Float64Array(k);
  const objective = (u: Float64Array, gradient: Float64Array | null, hessian: Float64Array | null): number => {
    const theta = Float64Array.from(u, Math.exp);
    const g = gradient ?? scratch;
    const value = likelihood(theta, g, hessian);
    for (let i = 0; i < k; i++) g[i] = -g[i] / size;
    if (hessian) for (let i = 0; i < k * k; i++) hessian[i] = -hessian[i] / size;
    return Number.isFinite(value) ? -value / size : Infinity;
  };
  const logStarts = starts.map((start) => start.map(Math.log));
  const { best, attempt, iterations } = screenAndPolish(objective, objective, logStarts, { maxIterations: options.maxIterations, gradientTolerance: 1e-9 });
  const fail = (received: string): CustomerValueError =>
    new CustomerValueError('not_converged', `${fn}: the maximum-likelihood fit did not converge (${received})`, [
      { function: fn, expected: 'a converged fit: a zero gradient and a positive-definite information matrix', received, hint: options.hint },
    ]);
  if (best === null) throw fail(`no start converged; best −ℓ per observation ${attempt.value.toPrecision(6)}, gradient ${attempt.gradientNorm.toPrecision(3)}`);
  const theta = Array.from(best.x, Math.exp);
  const gradient = new Float64Array(k);
  const hessian = new Float64Array(k * k);
  const logLikelihood = likelihood(Float64Array.from(theta), gradient, hessian);
  let squares = 0;
  for (const g of gradient) squares += g * g;
  const gradientNorm = Math.sqrt(squares);
  const information = Float64Array.from(hessian, (v) => -v);
  const hessianPositiveDefinite = cholesky(information, k) !== null;
  if (!Number.isFinite(logLikelihood) || theta.some((v) => !(v > 0 && Number.isFinite(v)))) throw fail(`the optimum is not finite: θ = ${theta.join(', ')}`);
  if (!(gradientNorm <= GRADIENT_PER_UNIT * Math.max(1, size))) throw fail(`gradient norm ${gradientNorm.toPrecision(3)} at the optimum`);
  if (!hessianPositiveDefinite) throw fail('the Hessian is not negative definite at the optimum (a flat or boundary likelihood)');
  return {
    theta,
    logLikelihood,
    standardErrors: likelihoodStandardErrors(theta, hessian),
    gradientNorm,
    hessianPositiveDefinite,
    aic: 2 * k - 2 * logLikelihood,
    bic: k * Math.log(size) - 2 * logLikelihood,
    iterations,
    newtonSteps: best.steps,
  };
}
