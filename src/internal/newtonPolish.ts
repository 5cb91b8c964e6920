import { cholesky, solveInPlace } from './cholesky.js';
import { runSteps, withGradientBuffer, type OptimizationSteps } from './optimizationSteps.js';

/** Result of `newtonPolish`. */
export interface NewtonPolishResult {
  readonly x: Float64Array;
  readonly value: number;
  /** Largest gradient component at `x`. */
  readonly gradientNorm: number;
  /** Newton steps taken. */
  readonly steps: number;
  /** Largest component of the last step (in the parameters' own scale). */
  readonly lastStep: number;
  /** True when the last step was below `stepTolerance`. */
  readonly converged: boolean;
}

/**
 * Finish a minimization with Newton steps, so the optimum does not depend on where the
 * quasi-Newton run stopped (its tolerance, start or path): from `start`, solve H·s = −∇f with
 * the Hessian H taken by central differences of the analytic gradient (step 1e-5 per
 * coordinate, symmetrized; accurate to ~1e-10 relative, which makes the iteration converge at a
 * rate of that order), until the largest step component is below `stepTolerance`. The objective
 * is minimized over log-parameters by the fitters, so a step there is a relative change.
 * A step that raises f beyond rounding, an indefinite Hessian or a non-finite value stops the
 * polish at the last good point (the BFGS result stands).
 */
export function newtonPolish(
  fg: (x: Float64Array, gradient: Float64Array) => number,
  start: ArrayLike<number>,
  options: { stepTolerance: number; maxSteps: number },
): NewtonPolishResult {
  return runSteps(newtonPolishSteps(start, options), [withGradientBuffer(fg, start.length)]);
}

/**
 * `newtonPolish` as steps (see `optimizationSteps.ts`) on objective number `objective`: the one
 * implementation, run synchronously by `newtonPolish` and asynchronously against a SQL engine.
 */
export function* newtonPolishSteps(
  start: ArrayLike<number>,
  options: { stepTolerance: number; maxSteps: number },
  objective = 0,
): OptimizationSteps<NewtonPolishResult> {
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let f = yield { objective, x, gradient: g };
  const H = new Float64Array(n * n);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  const gUp = new Float64Array(n);
  const gDown = new Float64Array(n);
  let steps = 0;
  let lastStep = Infinity;
  while (steps < options.maxSteps) {
    for (let i = 0; i < n; i++) {
      const h = 1e-5 * Math.max(1, Math.abs(x[i]));
      up.set(x);
      down.set(x);
      up[i] += h;
      down[i] -= h;
      yield { objective, x: up, gradient: gUp };
      yield { objective, x: down, gradient: gDown };
      for (let j = 0; j < n; j++) H[i * n + j] = (gUp[j] - gDown[j]) / (2 * h);
    }
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) H[i * n + j] = H[j * n + i] = (H[i * n + j] + H[j * n + i]) / 2;
    const L = cholesky(H, n);
    if (L === null) break;
    const step = Float64Array.from(g, (v) => -v);
    solveInPlace(L, n, step);
    const xNew = Float64Array.from(x, (v, i) => v + step[i]);
    const gNew = new Float64Array(n);
    const fNew = yield { objective, x: xNew, gradient: gNew };
    if (!Number.isFinite(fNew) || fNew > f + 1e-12 * Math.max(1, Math.abs(f))) break;
    steps++;
    lastStep = maxAbs(step);
    x = xNew;
    g = gNew;
    f = fNew;
    if (lastStep < options.stepTolerance) break;
  }
  return { x, value: f, gradientNorm: maxAbs(g), steps, lastStep, converged: lastStep < options.stepTolerance };
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const e of v) m = Math.max(m, Math.abs(e));
  return m;
}
