import { cholesky, solveInPlace } from './cholesky.js';
import { runSteps, type OptimizationSteps } from './optimizationSteps.js';

/** Result of `newtonPolish`. */
export interface NewtonPolishResult {
  readonly x: Float64Array;
  readonly value: number;
  /** ∇f at `x`. */
  readonly gradient: Float64Array;
  /** Largest gradient component at `x`. */
  readonly gradientNorm: number;
  /** Newton steps taken (accepted). */
  readonly steps: number;
  /** Largest component of the last accepted step (in the parameters' own scale). */
  readonly lastStep: number;
  /** True when the last step was below `stepTolerance`. */
  readonly converged: boolean;
}

/** Options of `newtonPolish`. */
export interface NewtonPolishOptions {
  /** Stop when the largest component of a step is below this. */
  readonly stepTolerance: number;
  readonly maxSteps: number;
}

/** A step below this (in the parameters' scale) that cut the gradient by less than `FLOOR_PROGRESS` ends the polish: the gradient is at its rounding floor. */
const FLOOR_STEP = 1e-9;
const FLOOR_PROGRESS = 0.1;

/** Halvings of a Newton step tried before the polish gives up at the last good point. */
const MAX_HALVINGS = 30;

/**
 * Minimize with Newton steps on the analytic Hessian, so the optimum does not depend on where a
 * quasi-Newton run stopped (its tolerance, start or path), nor on the summation order beyond
 * rounding: from `start`, solve H·s = −∇f and step, halving the step while f rises (beyond a
 * rounding allowance of 1e-12 relative) or is not finite, until the largest step component is
 * below `stepTolerance` (quadratic convergence: a few steps from a nearby point), or until a step
 * below 1e-9 no longer cuts the gradient tenfold (its rounding floor: a sum over many customers
 * cannot get nearer zero, and further steps only move among equally good points). `fgh(x,
 * gradient, hessian)` returns f(x) and writes ∇f and ∇²f (n × n, row-major). The fitters minimize
 * over log-parameters, so a step there is a relative change. An indefinite Hessian or a step that
 * no halving makes acceptable stops the polish at the last good point (`converged` false).
 */
export function newtonPolish(
  fgh: (x: Float64Array, gradient: Float64Array, hessian: Float64Array) => number,
  start: ArrayLike<number>,
  options: NewtonPolishOptions,
): NewtonPolishResult {
  return runSteps(newtonPolishSteps(start, options), [(x, gradient, hessian) => fgh(x, gradient!, hessian!)]);
}

/**
 * `newtonPolish` as steps (see `optimizationSteps.ts`) on objective number `objective`, every
 * request asking for the value, gradient and Hessian (one evaluation per step, plus one per
 * halving): the one implementation, run synchronously and against a SQL engine.
 */
export function* newtonPolishSteps(start: ArrayLike<number>, options: NewtonPolishOptions, objective = 0): OptimizationSteps<NewtonPolishResult> {
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let H = new Float64Array(n * n);
  let f = yield { objective, x, gradient: g, hessian: H };
  let steps = 0;
  let lastStep = Infinity;
  let atFloor = false;
  while (Number.isFinite(f) && steps < options.maxSteps) {
    const L = cholesky(H, n);
    if (L === null) break;
    const step = Float64Array.from(g, (v) => -v);
    solveInPlace(L, n, step);
    let accepted = false;
    let t = 1;
    for (let halving = 0; halving <= MAX_HALVINGS && !accepted; halving++, t /= 2) {
      const xNew = Float64Array.from(x, (v, i) => v + t * step[i]);
      const gNew = new Float64Array(n);
      const HNew = new Float64Array(n * n);
      const fNew = yield { objective, x: xNew, gradient: gNew, hessian: HNew };
      if (!Number.isFinite(fNew) || fNew > f + 1e-12 * Math.max(1, Math.abs(f))) continue;
      accepted = true;
      steps++;
      lastStep = t * maxAbs(step);
      // At the rounding floor of the gradient's sum a step is noise: it no longer shrinks the
      // gradient as a Newton step does (by orders of magnitude) and the polish would wander
      // among equally good points until maxSteps.
      atFloor = lastStep < FLOOR_STEP && maxAbs(gNew) > FLOOR_PROGRESS * maxAbs(g);
      x = xNew;
      g = gNew;
      H = HNew;
      f = fNew;
    }
    if (!accepted || lastStep < options.stepTolerance || atFloor) break;
  }
  return { x, value: f, gradient: g, gradientNorm: maxAbs(g), steps, lastStep, converged: lastStep < options.stepTolerance || atFloor };
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const e of v) m = Math.max(m, Math.abs(e));
  return m;
}
