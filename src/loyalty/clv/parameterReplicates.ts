import { cholesky, choleskyInverse } from '../../internal/cholesky.js';
import { multinomialCounts } from '../../internal/multinomialCounts.js';
import { newtonPolish } from '../../internal/newtonPolish.js';
import { seededRandom, streamSeed } from '../../internal/random.js';
import { screenAndPolish } from '../../internal/screenAndPolish.js';
import type { UncertaintyProblem } from './parameterUncertaintyProblems.js';

/** Largest Euclidean norm of ∂ℓ/∂(ln θ) per customer accepted at a refit's optimum (the fitters' certificate). */
const GRADIENT_PER_CUSTOMER = 1e-6;

/** Draws of replicates [from, to): θ of each successful one (k per draw, in replicate order) and the replicates that failed. */
export interface ReplicateDraws {
  readonly theta: Float64Array;
  readonly replicates: Int32Array;
  readonly failed: number[];
  /** Newton steps summed over the successful bootstrap refits (0 for the delta method). */
  readonly newtonSteps: number;
}

/** The log-scale observed information −∂²ℓ/∂(ln θ)² at the estimate, its Cholesky factor and inverse (the delta-method covariance of ln θ̂; null factor when not positive definite), and ‖∂ℓ/∂ln θ‖ there (∞ when ℓ is not finite). */
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
  const factor = cholesky(information, k);
  return {
    information,
    factor,
    covariance: factor === null ? null : choleskyInverse(factor, k),
    gradientNorm: Number.isFinite(value) ? Math.hypot(...gradient) : Number.POSITIVE_INFINITY,
  };
}

/**
 * Delta-method draws (replicates [from, to)): u = û + L⁻ᵀz with z ~ N(0, I) from replicate b's own
 * stream and I = L·Lᵀ the log-scale observed information, so u ~ N(û, I⁻¹); θ = exp(u).
 */
export function deltaReplicates(problem: UncertaintyProblem, factor: Float64Array, seed: number, from: number, to: number): ReplicateDraws {
  const k = problem.estimate.length;
  const theta = new Float64Array(k * (to - from));
  const replicates = new Int32Array(to - from);
  const z = new Float64Array(k);
  const logEstimate = problem.estimate.map(Math.log);
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
    for (let i = 0; i < k; i++) theta[out + i] = Math.exp(logEstimate[i] + z[i]);
    replicates[b - from] = b;
  }
  return { theta, replicates, failed: [], newtonSteps: 0 };
}

/**
 * Bootstrap refits on the grouped histogram (replicates [from, to)): the customers of each
 * distinct history are redrawn as Multinomial(n; count/n) from replicate b's own stream (so the
 * draws depend on (seed, b) only, however the replicates are split), and ℓ is re-maximized over
 * ln θ from the estimate by Newton steps on the analytic Hessian (when they stall, by the fitter's
 * multi-start BFGS search from the estimate and the fitter's default starts, finished by Newton),
 * on the same groups (no regrouping). A refit counts only when certified as the fitters certify
 * theirs: finite, ‖∂ℓ/∂ln θ‖ ≤ 1e-6 per customer, −∂²ℓ/∂(ln θ)² positive definite; the others
 * are listed in `failed`, never dropped silently.
 */
export function bootstrapReplicates(problem: UncertaintyProblem, seed: number, from: number, to: number, maxIterations: number): ReplicateDraws {
  const k = problem.estimate.length;
  const n = problem.customers;
  const start = problem.estimate.map(Math.log);
  const starts = problem.starts.map((theta) => theta.map(Math.log));
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
      const value = likelihood(Float64Array.from(u, Math.exp), gradient, hessian);
      for (let i = 0; i < k; i++) gradient[i] = -gradient[i] / n;
      if (hessian) for (let i = 0; i < k * k; i++) hessian[i] = -hessian[i] / n;
      return Number.isFinite(value) ? -value / n : Infinity;
    };
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
    for (let i = 0; i < k; i++) theta.push(Math.exp(fit.x[i]));
    replicates.push(b);
  }
  return { theta: Float64Array.from(theta), replicates: Int32Array.from(replicates), failed, newtonSteps };
}
