import { cholesky, choleskyInverse, solveInPlace } from '../../internal/cholesky.js';
import { multinomialCounts } from '../../internal/multinomialCounts.js';
import { newtonPolish } from '../../internal/newtonPolish.js';
import { seededRandom, streamSeed } from '../../internal/random.js';
import { screenAndPolish } from '../../internal/screenAndPolish.js';
import type { UncertaintyProblem } from './parameterUncertaintyProblems.js';

/** Largest Euclidean norm of ∂ℓ/∂(ln θ) per customer accepted at a refit's optimum (the fitters' certificate). */
const GRADIENT_PER_CUSTOMER = 1e-6;

/** A refit stops at the first point whose Newton step −H⁻¹∇ is below this in every ln θ (a relative change of every parameter). */
export const REFIT_STEP_TOLERANCE = 1e-8;

/** Newton steps of the fast refit path before a refit falls back to the fitter's search. */
const FAST_STEPS = 20;

/** u of θ: ln of the problem's positive parameters, the coefficients as they are. */
export const toU = (problem: UncertaintyProblem, theta: readonly number[]): number[] => theta.map((v, i) => (i < problem.positive ? Math.log(v) : v));

/** θ of u (the inverse of `toU`), the i-th coordinate. */
const fromU = (problem: UncertaintyProblem, u: number, i: number) => (i < problem.positive ? Math.exp(u) : u);

/** Draws of replicates [from, to): θ of each successful one (k per draw, in replicate order) and the replicates that failed. */
export interface ReplicateDraws {
  readonly theta: Float64Array;
  readonly replicates: Int32Array;
  readonly failed: number[];
  /** Newton steps summed over the successful bootstrap refits (0 for the delta method). */
  readonly newtonSteps: number;
}

/** The observed information −∂²ℓ/∂u² at the estimate (u = ln θ, and the coefficients as they are), its Cholesky factor and inverse (the delta-method covariance of ln θ̂; null factor when not positive definite), and ‖∂ℓ/∂ln θ‖ there (∞ when ℓ is not finite). */
export function logScaleInformation(problem: UncertaintyProblem): {
  information: Float64Array;
  factor: Float64Array | null;
  covariance: Float64Array | null;
  gradientNorm: number;
} {
  const k = problem.estimate.length;
  const gradient = new Float64Array(k);
  const hessian = new Float64Array(k * k);
  const value = problem.likelihoodWith(problem.weights)(Float64Array.from(problem.estimate), gradient, hessian);
  const information = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) information[i * k + j] = -(hessian[i * k + j] + hessian[j * k + i]) / 2;
  // Factored on the correlation scale C = D·I·D, D = diag(I_ii^(−1/2)), as fitCovariateLikelihood
  // certifies: an L2 penalty's 2nλ on a coefficient's curvature would otherwise put the positive
  // parameters' smaller block under cholesky's tolerance. Then I = (D⁻¹L_C)(D⁻¹L_C)ᵀ, I⁻¹ = D·C⁻¹·D.
  const unit = Float64Array.from({ length: k }, (_, i) => 1 / Math.sqrt(Math.abs(information[i * k + i]) || 1));
  const correlation = Float64Array.from(information, (v, ij) => v * unit[Math.floor(ij / k)] * unit[ij % k]);
  const scaled = cholesky(correlation, k);
  const factor = scaled === null ? null : Float64Array.from(scaled, (v, ij) => v / unit[Math.floor(ij / k)]);
  const covariance = scaled === null ? null : Float64Array.from(choleskyInverse(scaled, k), (v, ij) => v * unit[Math.floor(ij / k)] * unit[ij % k]);
  return {
    information,
    factor,
    covariance,
    gradientNorm: Number.isFinite(value) ? Math.hypot(...gradient) : Number.POSITIVE_INFINITY,
  };
}

/**
 * Delta-method draws (replicates [from, to)): u = û + L⁻ᵀz with z ~ N(0, I) from replicate b's own
 * stream and I = L·Lᵀ the observed information over u, so u ~ N(û, I⁻¹); θ = exp(u) for the
 * positive parameters (u = ln θ), θ = u for covariate coefficients.
 */
export function deltaReplicates(problem: UncertaintyProblem, factor: Float64Array, seed: number, from: number, to: number): ReplicateDraws {
  const k = problem.estimate.length;
  const theta = new Float64Array(k * (to - from));
  const replicates = new Int32Array(to - from);
  const z = new Float64Array(k);
  const logEstimate = toU(problem, problem.estimate);
  for (let b = from; b < to; b++) {
    const random = seededRandom(streamSeed(seed, b));
    for (let i = 0; i < k; i++) z[i] = random.normal();
    // Back substitution Lᵀ·v = z (L lower triangular, row-major).
    for (let i = k - 1; i >= 0; i--) {
      let sum = z[i];
      for (let j = i + 1; j < k; j++) sum -= factor[j * k + i] * z[j];
      z[i] = sum / factor[i * k + i];
    }
    const out = (b - from) * k;
    for (let i = 0; i < k; i++) theta[out + i] = fromU(problem, logEstimate[i] + z[i], i);
    replicates[b - from] = b;
  }
  return { theta, replicates, failed: [], newtonSteps: 0 };
}

/**
 * Newton's method from `start` on the scaled objective `fgh` (−ℓ/n over ln θ), stopping at the
 * first evaluated point that certifies itself: value finite, ‖∇‖ ≤ `GRADIENT_PER_CUSTOMER`,
 * Hessian positive definite (its Cholesky factor exists) and the Newton step −H⁻¹∇ there below
 * `REFIT_STEP_TOLERANCE` in every coordinate. Quadratic convergence puts such a point within about
 * that step of the optimum. Each step halves while the value rises (or is not finite). Returns
 * null when no such point is reached in `FAST_STEPS` steps (the caller then runs the full search).
 */
function certifiedNewton(
  fgh: (u: Float64Array, gradient: Float64Array, hessian: Float64Array) => number,
  start: readonly number[],
): { x: Float64Array; steps: number } | null {
  const k = start.length;
  let x = Float64Array.from(start);
  let gradient = new Float64Array(k);
  let hessian = new Float64Array(k * k);
  let value = fgh(x, gradient, hessian);
  const step = new Float64Array(k);
  for (let steps = 0; steps <= FAST_STEPS; steps++) {
    if (!Number.isFinite(value)) return null;
    const factor = cholesky(hessian, k);
    if (factor === null) return null;
    for (let i = 0; i < k; i++) step[i] = -gradient[i];
    solveInPlace(factor, k, step);
    let largest = 0;
    for (let i = 0; i < k; i++) largest = Math.max(largest, Math.abs(step[i]));
    if (largest <= REFIT_STEP_TOLERANCE && Math.hypot(...gradient) <= GRADIENT_PER_CUSTOMER && x.every(Number.isFinite)) return { x, steps };
    if (steps === FAST_STEPS) return null;
    let accepted = false;
    for (let t = 1, halving = 0; halving <= 30 && !accepted; halving++, t /= 2) {
      const xNew = Float64Array.from(x, (v, i) => v + t * step[i]);
      const gNew = new Float64Array(k);
      const hNew = new Float64Array(k * k);
      const vNew = fgh(xNew, gNew, hNew);
      if (!Number.isFinite(vNew) || vNew > value + 1e-12 * Math.max(1, Math.abs(value))) continue;
      accepted = true;
      x = xNew;
      gradient = gNew;
      hessian = hNew;
      value = vNew;
    }
    if (!accepted) return null;
  }
  return null;
}

/**
 * Bootstrap refits on the grouped histogram (replicates [from, to)): the customers of each
 * distinct history are redrawn as Multinomial(n; count/n) from replicate b's own stream (so the
 * draws depend on (seed, b) only, however the replicates are split), and ℓ is re-maximized over
 * ln θ on the same groups (no regrouping) by Newton steps on the analytic Hessian from the
 * estimate, stopping at the first point that is certified as the fitters certify theirs — finite,
 * ‖∂ℓ/∂ln θ‖ ≤ 1e-6 per customer, −∂²ℓ/∂(ln θ)² positive definite — and whose Newton step is below
 * 1e-8 in every ln θ (`certifiedNewton`: about three likelihood evaluations at 10M customers).
 * When that path fails, the refit runs the fitter's search: Newton polish, then (when it stalls)
 * the fitter's multi-start BFGS search from the estimate and the fitter's default starts, finished
 * by Newton, and is certified the same way. Refits that are not certified are listed in `failed`,
 * never dropped silently.
 */
export function bootstrapReplicates(problem: UncertaintyProblem, seed: number, from: number, to: number, maxIterations: number): ReplicateDraws {
  const k = problem.estimate.length;
  const n = problem.customers;
  const start = toU(problem, problem.estimate);
  const starts = problem.starts.map((theta) => toU(problem, theta));
  const counts = new Float64Array(problem.weights.length);
  const scratch = new Float64Array(k);
  const theta: number[] = [];
  const replicates: number[] = [];
  const failed: number[] = [];
  let newtonSteps = 0;
  for (let b = from; b < to; b++) {
    multinomialCounts(seededRandom(streamSeed(seed, b)), n, problem.weights, counts);
    const likelihood = problem.likelihoodWith(counts);
    const fgh = (u: Float64Array, gradientOrNull: Float64Array | null, hessian: Float64Array | null): number => {
      const gradient = gradientOrNull ?? scratch;
      const value = likelihood(
        Float64Array.from(u, (v, i) => fromU(problem, v, i)),
        gradient,
        hessian,
      );
      for (let i = 0; i < k; i++) gradient[i] = -gradient[i] / n;
      if (hessian) for (let i = 0; i < k * k; i++) hessian[i] = -hessian[i] / n;
      return Number.isFinite(value) ? -value / n : Infinity;
    };
    const fast = certifiedNewton(fgh, start);
    if (fast !== null) {
      newtonSteps += fast.steps;
      for (let i = 0; i < k; i++) theta.push(fromU(problem, fast.x[i], i));
      replicates.push(b);
      continue;
    }
    let fit = newtonPolish(fgh, start, { stepTolerance: 1e-10, maxSteps: 100 });
    if (!fit.converged) {
      // Newton stalled (the resample's optimum is far from the estimate): the fitter's multi-start
      // search, from the estimate and the fitter's default starts.
      const { best } = screenAndPolish(fgh, fgh, [start, ...starts], { maxIterations, gradientTolerance: 1e-9 });
      if (best !== null) fit = best;
    }
    const gradient = new Float64Array(k);
    const hessian = new Float64Array(k * k);
    const value = fgh(fit.x, gradient, hessian);
    const certified =
      Number.isFinite(value) && Math.hypot(...gradient) <= GRADIENT_PER_CUSTOMER && cholesky(hessian, k) !== null && fit.x.every(Number.isFinite);
    if (!certified) {
      failed.push(b);
      continue;
    }
    newtonSteps += fit.steps;
    for (let i = 0; i < k; i++) theta.push(fromU(problem, fit.x[i], i));
    replicates.push(b);
  }
  return { theta: Float64Array.from(theta), replicates: Int32Array.from(replicates), failed, newtonSteps };
}
