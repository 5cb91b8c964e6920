import { minimizeBfgsSteps, type MinimizeResult } from './minimizeBfgs.js';
import { runSteps, withGradientBuffer, type OptimizationSteps } from './optimizationSteps.js';

/** Result of `screenAndPolish`: the best converged result, or null with the best attempt for the error message. */
export interface ScreenAndPolishResult {
  readonly best: MinimizeResult | null;
  readonly attempt: MinimizeResult;
  readonly iterations: number;
}

/**
 * Multi-start maximum likelihood that stays fast on millions of rows: every start is run on a
 * cheap screening objective (a subsample, same per-row scale), and the best is polished to
 * convergence on the full objective, warm-started with the screening run's inverse Hessian.
 * When there is no subsample (`screen === full`), this is a plain multi-start.
 * Returns the best converged result, or null with the best attempt for the error message.
 */
export function screenAndPolish(
  screen: (x: Float64Array, gradient: Float64Array) => number,
  full: (x: Float64Array, gradient: Float64Array) => number,
  starts: readonly (readonly number[])[],
  options: { maxIterations: number; gradientTolerance: number },
): ScreenAndPolishResult {
  const size = starts[0]?.length ?? 0;
  return runSteps(screenAndPolishSteps(starts, options, screen !== full), [withGradientBuffer(screen, size), withGradientBuffer(full, size)]);
}

/**
 * `screenAndPolish` as steps (see `optimizationSteps.ts`): objective 0 is the screening one,
 * objective 1 the full one (`screening` false: there is no subsample, every start runs on
 * objective 0 and nothing is polished). The one implementation, run synchronously and against
 * a SQL engine.
 */
export function* screenAndPolishSteps(
  starts: readonly (readonly number[])[],
  options: { maxIterations: number; gradientTolerance: number },
  screening: boolean,
): OptimizationSteps<ScreenAndPolishResult> {
  let best: MinimizeResult | null = null;
  let bestAny: MinimizeResult | null = null;
  let iterations = 0;
  for (const start of starts) {
    const result = yield* minimizeBfgsSteps(start, options, 0);
    iterations += result.iterations;
    if (bestAny === null || result.value < bestAny.value) bestAny = result;
    if (result.converged && (best === null || result.value < best.value)) best = result;
  }
  const chosen = bestAny as MinimizeResult;
  const picked = best ?? chosen;
  if (screening) {
    const polished = yield* minimizeBfgsSteps(picked.x, { ...options, inverseHessian: picked.inverseHessian }, 1);
    iterations += polished.iterations;
    return { best: polished.converged ? polished : null, attempt: polished, iterations };
  }
  // Without screening, a better non-converged start means the fit is not trustworthy.
  if (best !== null && bestAny !== null && bestAny.value < best.value - 1e-9) best = null;
  return { best, attempt: chosen, iterations };
}
