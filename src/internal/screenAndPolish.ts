import { minimizeBfgsSteps, type BfgsOptions, type MinimizeResult } from './minimizeBfgs.js';
import { newtonPolishSteps, type NewtonPolishResult } from './newtonPolish.js';
import { runSteps, type OptimizationSteps, type SyncObjective } from './optimizationSteps.js';

/** Result of `screenAndPolish`. */
export interface ScreenAndPolishResult {
  /** The optimum, finished with Newton steps on the full objective; null when no start converged. */
  readonly best: NewtonPolishResult | null;
  /** The best BFGS run, for the error message when `best` is null. */
  readonly attempt: MinimizeResult;
  /** BFGS iterations over all starts (and the fallback polish, if it ran). */
  readonly iterations: number;
  /** The BFGS runs that stopped at the edge of `options.stopAt` (see `BfgsOptions`); empty without it. */
  readonly edgeStops: readonly MinimizeResult[];
}

/** Newton steps of the finish: step tolerance 1e-12 (relative, on log-parameters), at most 30 steps. */
const NEWTON = { stepTolerance: 1e-12, maxSteps: 30 } as const;

/**
 * Multi-start maximum likelihood that stays fast on millions of rows (or a SQL engine, where each
 * evaluation is a query): every start is run with BFGS on a cheap screening objective (a
 * subsample, same per-row scale), and the best is finished on the full objective with Newton
 * steps on the analytic Hessian (`newtonPolish`: a handful of evaluations from a nearby point).
 * Should Newton fail from the screened point (an indefinite Hessian there, or no acceptable step),
 * BFGS runs on the full objective, warm-started with the screening run's inverse Hessian, and
 * Newton finishes from its result. When there is no subsample (`screen === full`), every start
 * runs on the full objective and the best converged one is finished with Newton.
 * `screen` and `full` return f and write ∇f, and ∇²f when asked.
 */
export function screenAndPolish(
  screen: SyncObjective,
  full: SyncObjective,
  starts: readonly (readonly number[])[],
  options: ScreenAndPolishOptions,
): ScreenAndPolishResult {
  const size = starts[0]?.length ?? 0;
  const scratch = new Float64Array(size);
  const buffered =
    (f: SyncObjective): SyncObjective =>
    (x, gradient, hessian) =>
      f(x, gradient ?? scratch, hessian);
  return runSteps(screenAndPolishSteps(starts, options, screen !== full), [buffered(screen), buffered(full)]);
}

/** Options of `screenAndPolish`: those of BFGS (`stopAt` reaches its runs, not the Newton finish). */
export interface ScreenAndPolishOptions {
  readonly maxIterations: number;
  readonly gradientTolerance: number;
  readonly stopAt?: BfgsOptions['stopAt'];
}

/**
 * `screenAndPolish` as steps (see `optimizationSteps.ts`): objective 0 is the screening one,
 * objective 1 the full one (`screening` false: there is no subsample, everything runs on
 * objective 0). The one implementation, run synchronously and against a SQL engine.
 */
export function* screenAndPolishSteps(
  starts: readonly (readonly number[])[],
  options: ScreenAndPolishOptions,
  screening: boolean,
): OptimizationSteps<ScreenAndPolishResult> {
  let best: MinimizeResult | null = null;
  let bestAny: MinimizeResult | null = null;
  let iterations = 0;
  const edgeStops: MinimizeResult[] = [];
  for (const start of starts) {
    const result = yield* minimizeBfgsSteps(start, options, 0);
    if (result.stoppedAt) edgeStops.push(result);
    iterations += result.iterations;
    if (bestAny === null || result.value < bestAny.value) bestAny = result;
    if (result.converged && (best === null || result.value < best.value)) best = result;
  }
  const chosen = bestAny as MinimizeResult;
  if (!screening) {
    // Without screening, a better non-converged start means the fit is not trustworthy.
    if (best === null || chosen.value < best.value - 1e-9) return { best: null, attempt: chosen, iterations, edgeStops };
    return { best: yield* newtonPolishSteps(best.x, NEWTON, 0), attempt: best, iterations, edgeStops };
  }
  const picked = best ?? chosen;
  const finished = yield* newtonPolishSteps(picked.x, NEWTON, 1);
  if (finished.converged || finished.gradientNorm < options.gradientTolerance) return { best: finished, attempt: picked, iterations, edgeStops };
  const polished = yield* minimizeBfgsSteps(picked.x, { ...options, inverseHessian: picked.inverseHessian }, 1);
  if (polished.stoppedAt) edgeStops.push(polished);
  iterations += polished.iterations;
  if (!polished.converged) return { best: null, attempt: polished, iterations, edgeStops };
  return { best: yield* newtonPolishSteps(polished.x, NEWTON, 1), attempt: polished, iterations, edgeStops };
}
