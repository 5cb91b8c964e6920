import { CustomerValueError } from '../errors.js';
import { cholesky, choleskyInverse } from './cholesky.js';
import type { MinimizeResult } from './minimizeBfgs.js';
import { newtonPolish } from './newtonPolish.js';
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
  /**
   * Set when the optimum is on the cap (see `CovariateCap`): ∂ℓ/∂φ_index there (≥ 0), and whether
   * the whole information is positive definite (if not, `standardErrors` are NaN).
   */
  readonly capped: { readonly slope: number; readonly standardErrors: boolean } | null;
}

/**
 * A likelihood whose supremum can lie at infinity along a ridge (Pareto/NBD: s, β → ∞ with s/β
 * fixed, the limit where the dropout rates have no heterogeneity left): φ[index] is held at most
 * `max`. When the search asks for a point beyond it, φ[index] is fixed at `max` (the `along`
 * coordinates moved by the same amount, staying on the ridge) and the other coordinates are
 * fitted; that constrained optimum is certified (gradient and Hessian of the free coordinates,
 * and ∂ℓ/∂φ[index] ≥ 0: ℓ still rises towards the cap, so no better point lies below it).
 */
export interface CovariateCap {
  readonly index: number;
  readonly max: number;
  readonly along: readonly number[];
}

/** Thrown inside the search when it asks for a point beyond the cap. */
class BeyondCap extends Error {}

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
  cap?: CovariateCap,
): CertifiedCovariateFit {
  const m = start.length;
  const scale = Float64Array.from(penalties, (lambda) => Math.sqrt(1 + 2 * lambda));
  const phiOf = (v: ArrayLike<number>) => Array.from({ length: m }, (_, j) => v[j] / scale[j]);
  // The closest finite point to the optimum seen so far (the start of the capped fit).
  let lowest = { value: Infinity, phi: [...start] };
  // stopAtCap: a point beyond the cap ends the free search (BeyondCap); otherwise it is outside the domain.
  let stopAtCap = cap !== undefined;
  const objective = (v: Float64Array, gradient: Float64Array | null, hessian: Float64Array | null): number => {
    const phi = phiOf(v);
    if (cap && phi[cap.index] > cap.max) {
      if (stopAtCap) throw new BeyondCap();
      return Infinity;
    }
    const { penalized } = likelihood(phi, gradient, hessian);
    if (gradient) for (let i = 0; i < m; i++) gradient[i] = -gradient[i] / (n * scale[i]);
    if (hessian) for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) hessian[i * m + j] = -hessian[i * m + j] / (n * scale[i] * scale[j]);
    const value = Number.isFinite(penalized) ? -penalized / n : Infinity;
    if (value < lowest.value) lowest = { value, phi };
    return value;
  };
  const scaledStart = start.map((x, j) => x * scale[j]);
  const fail = (received: string) =>
    new CustomerValueError('not_converged', `${fn}: the maximum-likelihood fit with covariates did not converge (${received})`, [
      { function: fn, expected: 'a converged fit: a zero gradient and a positive-definite information matrix', received, hint },
    ]);
  const options = { maxIterations, gradientTolerance: 1e-9 };
  let search: ReturnType<typeof screenAndPolish> | null = null;
  try {
    search = screenAndPolish(objective, objective, [scaledStart], options);
  } catch (error) {
    if (!(error instanceof BeyondCap)) throw error;
  }
  if (search === null && cap) {
    const capped = fitOnCap(likelihood, cap, lowest.phi, scale, n, options);
    // ℓ falls towards the cap: the optimum is below it, search there with the cap as the domain's edge.
    if (capped === null) stopAtCap = false;
    else return certify(fn, likelihood, capped.phi, n, capped.iterations, capped.newtonSteps, capped.attempt, fail, cap);
  }
  if (search === null) search = screenAndPolish(objective, objective, [scaledStart], options);
  const { best, attempt, iterations } = search;
  if (best === null) throw fail(`no converged optimum; best −ℓ per customer ${attempt.value.toPrecision(6)}, gradient ${attempt.gradientNorm.toPrecision(3)}`);
  return certify(fn, likelihood, phiOf(best.x), n, iterations, best.steps, null, fail, undefined);
}

/**
 * The fit with φ[cap.index] held at cap.max, from `from` moved onto the cap along the ridge
 * (`cap.along` shifted by the same amount): null when ℓ falls towards the cap there (∂ℓ/∂φ_index
 * < 0, the optimum is below the cap).
 */
function fitOnCap(
  likelihood: CovariateLikelihood,
  cap: CovariateCap,
  from: readonly number[],
  scale: Float64Array,
  n: number,
  options: { maxIterations: number; gradientTolerance: number },
): { phi: number[]; iterations: number; newtonSteps: number; attempt: MinimizeResult | null } | null {
  const m = from.length;
  const shift = cap.max - from[cap.index];
  const start = [...from];
  start[cap.index] = cap.max;
  for (const j of cap.along) start[j] += shift;
  const free = Array.from({ length: m }, (_, j) => j).filter((j) => j !== cap.index);
  const f = m - 1;
  const full = new Float64Array(m);
  const fullHessian = new Float64Array(m * m);
  const phiOf = (v: ArrayLike<number>) => {
    const phi = [...start];
    for (let i = 0; i < f; i++) phi[free[i]] = v[i] / scale[free[i]];
    return phi;
  };
  const objective = (v: Float64Array, gradient: Float64Array | null, hessian: Float64Array | null): number => {
    const { penalized } = likelihood(phiOf(v), gradient ? full : null, hessian ? fullHessian : null);
    if (gradient) for (let i = 0; i < f; i++) gradient[i] = -full[free[i]] / (n * scale[free[i]]);
    if (hessian)
      for (let i = 0; i < f; i++) for (let j = 0; j < f; j++) hessian[i * f + j] = -fullHessian[free[i] * m + free[j]] / (n * scale[free[i]] * scale[free[j]]);
    return Number.isFinite(penalized) ? -penalized / n : Infinity;
  };
  // From the ridge the free coordinates are usually near their optimum: Newton steps first, BFGS
  // (then Newton) only when they do not converge.
  const scaledStart = free.map((j) => start[j] * scale[j]);
  const newton = newtonPolish((v, g, h) => objective(v, g, h), scaledStart, { stepTolerance: 1e-12, maxSteps: 30 });
  const { best, attempt, iterations } = newton.converged
    ? { best: newton, attempt: null, iterations: 0 }
    : screenAndPolish(objective, objective, [scaledStart], options);
  const phi = phiOf(best?.x ?? attempt!.x);
  const gradient = new Float64Array(m);
  likelihood(phi, gradient, null);
  if (best !== null && gradient[cap.index] < 0) return null;
  return { phi, iterations, newtonSteps: best?.steps ?? 0, attempt: best === null ? attempt : null };
}

/** Certify an optimum (on the cap: over the free coordinates, with ℓ rising towards the cap) and its standard errors. */
function certify(
  fn: string,
  likelihood: CovariateLikelihood,
  phi: number[],
  n: number,
  iterations: number,
  newtonSteps: number,
  failedAttempt: MinimizeResult | null,
  fail: (received: string) => CustomerValueError,
  cap: CovariateCap | undefined,
): CertifiedCovariateFit {
  if (failedAttempt !== null)
    throw fail(`no converged optimum; best −ℓ per customer ${failedAttempt.value.toPrecision(6)}, gradient ${failedAttempt.gradientNorm.toPrecision(3)}`);
  const m = phi.length;
  const gradient = new Float64Array(m);
  const hessian = new Float64Array(m * m);
  const { value: logLikelihood, penalized } = likelihood(phi, gradient, hessian);
  if (!Number.isFinite(penalized) || phi.some((v) => !Number.isFinite(v))) throw fail(`the optimum is not finite: φ = ${phi.join(', ')}`);
  // On the cap the certificate is over the free coordinates (the capped one's slope is ≥ 0 by fitOnCap).
  const free = Array.from({ length: m }, (_, j) => j).filter((j) => cap === undefined || j !== cap.index);
  const gradientNorm = Math.hypot(...free.map((j) => gradient[j]));
  if (!(gradientNorm <= GRADIENT_PER_CUSTOMER * Math.max(1, n))) throw fail(`gradient norm ${gradientNorm.toPrecision(3)} at the optimum`);
  const block = information(hessian, m, free);
  if (block === null) throw fail('the Hessian is not negative definite at the optimum (a flat likelihood: a coefficient is not identified)');
  // Standard errors from the whole information (on the cap it may not be positive definite: then none).
  const whole =
    cap === undefined
      ? block
      : information(
          hessian,
          m,
          Array.from({ length: m }, (_, j) => j),
        );
  return {
    phi,
    logLikelihood,
    penalized,
    gradientNorm,
    standardErrors: whole === null ? new Array<number>(m).fill(Number.NaN) : whole.standardErrors,
    iterations,
    newtonSteps,
    capped: cap === undefined ? null : { slope: gradient[cap.index], standardErrors: whole !== null },
  };
}

/**
 * The information −∂²ℓ/∂φ² on the coordinates `rows`, checked positive definite and inverted on
 * the correlation scale D^(−1/2)·I·D^(−1/2) (a large λ makes a coefficient's curvature 2nλ, and
 * cholesky's tolerance, relative to the largest diagonal, would otherwise refuse the model
 * parameters' well-defined but smaller block): √ of the inverse's diagonal, or null.
 */
function information(hessian: Float64Array, m: number, rows: readonly number[]): { standardErrors: number[] } | null {
  const f = rows.length;
  const info = new Float64Array(f * f);
  for (let i = 0; i < f; i++) for (let j = 0; j < f; j++) info[i * f + j] = -(hessian[rows[i] * m + rows[j]] + hessian[rows[j] * m + rows[i]]) / 2;
  const unit = Float64Array.from({ length: f }, (_, i) => 1 / Math.sqrt(Math.abs(info[i * f + i]) || 1));
  for (let i = 0; i < f; i++) for (let j = 0; j < f; j++) info[i * f + j] *= unit[i] * unit[j];
  const L = cholesky(info, f);
  if (L === null) return null;
  const covariance = choleskyInverse(L, f);
  return { standardErrors: Array.from({ length: f }, (_, i) => Math.sqrt(covariance[i * f + i]) * unit[i]) };
}
