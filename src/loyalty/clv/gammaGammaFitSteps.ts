import type * as z from 'zod';
import { CustomerValueError } from '../../errors.js';
import { likelihoodStandardErrors } from '../../internal/likelihoodStandardErrors.js';
import { MODEL_VERSION } from '../../internal/modelVersion.js';
import { mapSteps, type OptimizationSteps } from '../../internal/optimizationSteps.js';
import { screenAndPolishSteps } from '../../internal/screenAndPolish.js';
import type { GammaGammaModel } from './fitGammaGamma.js';
import type { gammaGammaSpecSchema } from './gammaGammaSpec.js';

/** Above this many distinct repeat (x, m̄), starting points are screened on an every-k-th subsample. */
export const GAMMA_GAMMA_SCREEN_ROWS = 50_000;

/**
 * What the Gamma-Gamma fit needs besides likelihood evaluations, whether the repeat customers
 * are in memory (`fitGammaGamma`) or in a SQL engine (`fitClvInWarehouse`).
 */
export interface GammaGammaFitInput {
  /** Repeat customers fitted. */
  readonly n: number;
  readonly skipped: number;
  readonly withoutRepeat: number;
  readonly nonPositiveExcluded: number;
  /** Distinct (x, m̄) fitted on. */
  readonly groups: number;
  /** Mean of m̄ over the customers fitted (the starting points scale with it). */
  readonly meanSpend: number;
  readonly frequencyMonetaryCorrelation: number;
  /** Customers summed over by data set 0 (the screening subsample) and 1 (all). */
  readonly customers: readonly [number, number];
  /** False: no subsample, data set 0 is never asked for. */
  readonly screening: boolean;
}

/**
 * The Gamma-Gamma fit as steps (see `optimizationSteps.ts`), written once for memory and engine:
 * every request is for the log-likelihood ℓ on data set `objective` (0: the screening subsample,
 * 1: all) at `x` = (p, q, γ) themselves, writing ∂ℓ/∂(ln p, ln q, ln γ) into `gradient` and
 * ∂²ℓ/∂(ln θ)² into `hessian` when given (as `gammaGammaLogLikelihood`). Returns the model.
 */
export function* gammaGammaFitSteps(fn: string, s: z.output<typeof gammaGammaSpecSchema>, input: GammaGammaFitInput): OptimizationSteps<GammaGammaModel> {
  const n = input.n;
  if (n < 3) {
    throw new CustomerValueError('too_few_rows', `${fn}: needs at least 3 repeat customers, got ${n}`, [
      { function: fn, column: s.columns.frequency, expected: 'at least 3 customers with frequency > 0', received: String(n) },
    ]);
  }
  const meanM = input.meanSpend;
  const objective = (optimizerObjective: number) => (input.screening && optimizerObjective === 0 ? 0 : 1);
  // −ℓ per customer over log-parameters.
  const onLogParameters = <R>(steps: OptimizationSteps<R>, fixed: number | null) =>
    mapSteps(
      steps,
      (request) => ({
        objective: fixed ?? objective(request.objective),
        x: Float64Array.of(Math.exp(request.x[0]), Math.exp(request.x[1]), Math.exp(request.x[2])),
        gradient: request.gradient,
        hessian: request.hessian,
      }),
      (request, value) => {
        const size = input.customers[fixed ?? objective(request.objective)];
        const gradient = request.gradient!;
        for (let i = 0; i < 3; i++) gradient[i] = -gradient[i] / size;
        if (request.hessian) for (let i = 0; i < 9; i++) request.hessian[i] = -request.hessian[i] / size;
        return -value / size;
      },
    );
  const starts = [
    [1, 1, 1],
    [2, 3, meanM * 4],
    [5, 5, meanM * 2],
  ].map((start) => start.map(Math.log));
  // Screen the starts on every k-th group when there are many, then finish on all with Newton
  // steps on the analytic Hessian (step below 1e-12), so the optimum does not depend on where BFGS stopped.
  const { best, iterations } = yield* onLogParameters(
    screenAndPolishSteps(starts, { maxIterations: s.maxIterations, gradientTolerance: 1e-9 }, input.screening),
    null,
  );
  if (best === null) {
    throw new CustomerValueError('not_converged', `${fn}: the maximum-likelihood fit did not converge from ${starts.length} starting points`, [
      {
        function: fn,
        expected: 'a converged fit',
        received: 'no start converged',
        hint: 'check that monetary holds the mean value of repeat purchases (not totals); remove extreme outliers; raise maxIterations',
      },
    ]);
  }
  const [p, q, gamma] = Array.from(best.x, Math.exp);
  const correlation = input.frequencyMonetaryCorrelation;
  const warnings: string[] = [];
  if (Math.abs(correlation) >= 0.3) {
    warnings.push(
      `frequency and mean spend are correlated (r = ${correlation.toFixed(3)}): the Gamma-Gamma model assumes independence, so spend predictions may be biased`,
    );
  }
  if (q <= 1) warnings.push(`q = ${q.toPrecision(4)} ≤ 1: the expected spend is infinite under this fit; conditional spend cannot be predicted`);
  // ℓ at the optimum, and standard errors of (p, q, γ) from the analytic Hessian there.
  const gradient = new Float64Array(3);
  const hessian = new Float64Array(9);
  const logLikelihood = yield { objective: 1, x: Float64Array.of(p, q, gamma), gradient, hessian };
  const se = likelihoodStandardErrors([p, q, gamma], hessian);
  const standardErrors = se === null ? null : { p: se[0], q: se[1], gamma: se[2] };
  return {
    kind: 'gammaGamma',
    version: MODEL_VERSION,
    spec: s,
    params: { p, q, gamma },
    standardErrors,
    populationMeanSpend: q > 1 ? (p * gamma) / (q - 1) : null,
    fitted: {
      n,
      skipped: input.skipped,
      warnings,
      diagnostics: {
        logLikelihood,
        withoutRepeat: input.withoutRepeat,
        nonPositiveExcluded: input.nonPositiveExcluded,
        frequencyMonetaryCorrelation: correlation,
        groups: input.groups,
        iterations,
        newtonSteps: best.steps,
      },
    },
  };
}
