import { runSteps, withGradientBuffer, type OptimizationSteps } from './optimizationSteps.js';

/** Result of a BFGS minimization. */
export interface MinimizeResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly gradientNorm: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  /** Final inverse-Hessian approximation (n × n, row-major): a warm start for a related problem. */
  readonly inverseHessian: Float64Array;
  /**
   * Set only with `options.stopAt`: the trial point beyond the edge that ended the run (`x` is the
   * last iterate, inside); the run is then not converged.
   */
  readonly stoppedAt?: Float64Array;
}

/**
 * Minimize a smooth function with BFGS (Nocedal & Wright 2006, alg. 6.1): the inverse-Hessian
 * update with a backtracking Armijo line search. `fg(x, gradient)` returns f(x) and writes ∇f;
 * non-finite values are treated as +∞ so the line search backs away from them. Converged when
 * the largest gradient component falls below `gradientTolerance`, or when f stops changing
 * (relative change below 1e-14 for three iterations with a small gradient).
 */
export function minimizeBfgs(fg: (x: Float64Array, gradient: Float64Array) => number, start: ArrayLike<number>, options: BfgsOptions): MinimizeResult {
  return runSteps(minimizeBfgsSteps(start, options), [withGradientBuffer(fg, start.length)]);
}

/** Options of `minimizeBfgs`. */
export interface BfgsOptions {
  readonly maxIterations: number;
  readonly gradientTolerance: number;
  /** Warm start: an inverse-Hessian approximation (n × n, row-major). */
  readonly inverseHessian?: Float64Array;
  /**
   * The edge of the search domain: true for a point beyond it. Such a trial point is never
   * evaluated (the line search backs away as from an infeasible point), and the run stops at the
   * iterate whose line search asked for it, reporting that point in `stoppedAt` — for a caller
   * that handles the edge itself (Pareto/NBD: a shape parameter at its cap). Absent: the search
   * is exactly the one without it.
   */
  readonly stopAt?: (x: Float64Array) => boolean;
}

/**
 * `minimizeBfgs` as steps (see `optimizationSteps.ts`): yields every point to evaluate on
 * objective number `objective`, with the gradient buffer to fill. The one implementation, run
 * synchronously by `minimizeBfgs` and asynchronously against a SQL engine.
 */
export function* minimizeBfgsSteps(start: ArrayLike<number>, options: BfgsOptions, objective = 0): OptimizationSteps<MinimizeResult> {
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let f = yield { objective, x, gradient: g };
  let evaluations = 1;
  const H = options.inverseHessian ? Float64Array.from(options.inverseHessian) : identity(n);
  if (!Number.isFinite(f)) return { x, value: f, gradientNorm: Infinity, iterations: 0, evaluations, converged: false, inverseHessian: H };
  const direction = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let stalls = 0;
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    const norm = maxAbs(g);
    if (norm < options.gradientTolerance)
      return { x, value: f, gradientNorm: norm, iterations: iteration - 1, evaluations, converged: true, inverseHessian: H };
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= H[i * n + j] * g[j];
      direction[i] = s;
    }
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      // not a descent direction: reset to steepest descent
      H.set(identity(n));
      for (let i = 0; i < n; i++) direction[i] = -g[i];
      slope = -dot(g, g);
    }
    let step = 1;
    let fNew = Infinity;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * direction[i];
      if (options.stopAt?.(xNew)) {
        // beyond the edge: not evaluated; the caller takes over from the last iterate
        const stoppedAt = Float64Array.from(xNew);
        return { x, value: f, gradientNorm: norm, iterations: iteration, evaluations, converged: false, inverseHessian: H, stoppedAt };
      }
      fNew = yield { objective, x: xNew, gradient: gNew };
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
      fNew = Infinity;
      // The predicted decrease is below one unit in the last place of f: no shorter step can
      // show a real decrease, only rounding noise. Stop here (at the optimum to machine precision)
      // rather than spend the remaining tries evaluating f on the whole data.
      if (-slope * step < Number.EPSILON * Math.max(1, Math.abs(f))) break;
    }
    if (!Number.isFinite(fNew))
      return { x, value: f, gradientNorm: norm, iterations: iteration, evaluations, converged: norm < 1e3 * options.gradientTolerance, inverseHessian: H };
    // BFGS update of the inverse Hessian
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      const rho = 1 / sy;
      const Hy = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let t = 0;
        for (let j = 0; j < n; j++) t += H[i * n + j] * y[j];
        Hy[i] = t;
      }
      const yHy = dot(y, Hy);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] += -rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
        }
      }
    }
    const change = Math.abs(f - fNew) / Math.max(1, Math.abs(f));
    x = Float64Array.from(xNew);
    g = Float64Array.from(gNew);
    f = fNew;
    stalls = change < 1e-14 ? stalls + 1 : 0;
    if (stalls >= 3) {
      const gradientNorm = maxAbs(g);
      return { x, value: f, gradientNorm, iterations: iteration, evaluations, converged: gradientNorm < 1e3 * options.gradientTolerance, inverseHessian: H };
    }
  }
  return { x, value: f, gradientNorm: maxAbs(g), iterations: options.maxIterations, evaluations, converged: false, inverseHessian: H };
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
