import { minimizeBfgs, type MinimizeResult } from './minimizeBfgs.js';

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
): { best: MinimizeResult | null; attempt: MinimizeResult; iterations: number } {
  let best: MinimizeResult | null = null;
  let bestAny: MinimizeResult | null = null;
  let iterations = 0;
  for (const start of starts) {
    const result = minimizeBfgs(screen, start, options);
    iterations += result.iterations;
    if (bestAny === null || result.value < bestAny.value) bestAny = result;
    if (result.converged && (best === null || result.value < best.value)) best = result;
  }
  const chosen = (best ?? bestAny) as MinimizeResult;
  if (screen !== full) {
    const polished = minimizeBfgs(full, chosen.x, { ...options, inverseHessian: chosen.inverseHessian });
    iterations += polished.iterations;
    return { best: polished.converged ? polished : null, attempt: polished, iterations };
  }
  // Without screening, a better non-converged start means the fit is not trustworthy.
  if (best !== null && bestAny !== null && bestAny.value < best.value - 1e-9) best = null;
  return { best, attempt: bestAny as MinimizeResult, iterations };
}
