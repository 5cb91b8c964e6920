import { CustomerValueError } from '../../errors.js';
import { cholesky } from '../../internal/cholesky.js';
import { likelihoodStandardErrors } from '../../internal/likelihoodStandardErrors.js';
import { MODEL_VERSION } from '../../internal/modelVersion.js';
import { mapSteps, type OptimizationSteps } from '../../internal/optimizationSteps.js';
import { screenAndPolishSteps } from '../../internal/screenAndPolish.js';
import type { betaGeoSpecSchema } from './betaGeoSpec.js';
import type { BetaGeoModel } from './fitBetaGeo.js';
import type * as z from 'zod';

/** Above this many distinct histories, starting points are screened on an every-k-th subsample. */
export const BETA_GEO_SCREEN_GROUPS = 50_000;

/**
 * What the BG/NBD fit needs besides likelihood evaluations, whether the histories are in memory
 * (`fitBetaGeo`) or in a SQL engine (`fitClvInWarehouse`).
 */
export interface BetaGeoFitInput {
  /** Customers fitted (`fitted.n`) and rows skipped. */
  readonly n: number;
  readonly skipped: number;
  /** Distinct (x, t_x, T). */
  readonly groups: number;
  /** Customers with x > 0, Σx and ΣT over customers (the starting points scale with the purchase rate). */
  readonly repeaters: number;
  readonly purchases: number;
  readonly exposure: number;
  /** Customers summed over by data set 0 (the screening subsample) and 1 (all). */
  readonly customers: readonly [number, number];
  /** False: no subsample, data set 0 is never asked for. */
  readonly screening: boolean;
}

/**
 * The BG/NBD fit as steps (see `optimizationSteps.ts`), written once for memory and engine:
 * every request is for the log-likelihood ℓ on data set `objective` (0: the screening subsample,
 * 1: all) at the parameters `x` = (r, α, a, b) themselves, writing ∂ℓ/∂(ln r, ln α, ln a, ln b)
 * into `gradient` and ∂²ℓ/∂(ln θ)² into `hessian` when given (as `betaGeoLogLikelihood`).
 * Returns the model.
 */
export function* betaGeoFitSteps(fn: string, s: z.output<typeof betaGeoSpecSchema>, input: BetaGeoFitInput): OptimizationSteps<BetaGeoModel> {
  if (input.repeaters === 0) {
    throw new CustomerValueError('too_few_rows', `${fn}: no customer made a repeat purchase, so the model cannot be fitted`, [
      {
        function: fn,
        column: s.columns.frequency,
        expected: 'some customers with frequency > 0',
        received: 'all 0',
        hint: 'observe customers for longer, or check the frequency column',
      },
    ]);
  }
  const rate = input.purchases / Math.max(input.exposure, 1e-12);
  const starts = s.starts ?? [
    { r: 1, alpha: 1, a: 1, b: 1 },
    { r: 1, alpha: 1 / rate, a: 1, b: 3 },
    { r: 0.3, alpha: 0.3 / rate, a: 0.5, b: 5 },
  ];
  // The optimizers minimize −ℓ per customer over log-parameters (screening: objective 0 is the
  // subsample, 1 all the data; without screening every start runs on all the data).
  const objective = (optimizerObjective: number) => (input.screening && optimizerObjective === 0 ? 0 : 1);
  const onLogParameters = <R>(steps: OptimizationSteps<R>, fixed: number | null) =>
    mapSteps(
      steps,
      (request) => ({
        objective: fixed ?? objective(request.objective),
        x: Float64Array.from(request.x, Math.exp),
        gradient: request.gradient,
        hessian: request.hessian,
      }),
      (request, ll) => {
        const scale = 1 / input.customers[fixed ?? objective(request.objective)];
        for (let i = 0; i < 4; i++) request.gradient![i] *= -scale;
        if (request.hessian) for (let i = 0; i < 16; i++) request.hessian[i] *= -scale;
        return -ll * scale;
      },
    );
  // Starting points are screened on at most ~50,000 groups; the winner is then finished on all the
  // data with Newton steps on the analytic Hessian to a step below 1e-12: the optimum then no
  // longer depends on where BFGS stopped, and (with the canonical grouping) not on the order of
  // the customers.
  const { best, attempt, iterations } = yield* onLogParameters(
    screenAndPolishSteps(
      starts.map((start) => [start.r, start.alpha, start.a, start.b].map(Math.log)),
      { maxIterations: s.maxIterations, gradientTolerance: 1e-9 },
      input.screening,
    ),
    null,
  );
  if (best === null) {
    const found = Array.from(attempt.x, Math.exp)
      .map((v) => v.toPrecision(4))
      .join(', ');
    throw new CustomerValueError('not_converged', `${fn}: the maximum-likelihood fit did not converge from ${starts.length} starting points`, [
      {
        function: fn,
        expected: 'a converged fit (gradient ≈ 0)',
        received: `best (r, α, a, b) = (${found}), gradient ${attempt.gradientNorm.toExponential(2)}`,
        hint: 'check spec.timeUnit matches the summary (α scales with it); pass spec.starts near a plausible solution; raise maxIterations; with few repeat customers a and b may not be identified',
      },
    ]);
  }
  const [r, alpha, a, b] = Array.from(best.x, Math.exp);
  const params = { r, alpha, a, b };
  const warnings: string[] = [];
  if (a > 1e4 || b > 1e4)
    warnings.push(`a = ${a.toPrecision(4)}, b = ${b.toPrecision(4)}: the dropout process is barely identified (almost no one appears to drop out)`);
  // ℓ at the optimum, and standard errors of (r, α, a, b) from the analytic Hessian there.
  const gradient = new Float64Array(4);
  const hessian = new Float64Array(16);
  const logLikelihood = yield { objective: 1, x: Float64Array.of(r, alpha, a, b), gradient, hessian };
  // The certificate every CLV fitter reports (as fitCertificate): ‖∂ℓ/∂ln θ‖ and whether
  // −∂²ℓ/∂(ln θ)² is positive definite at the optimum, with AIC and BIC over the n customers.
  const gradientNorm = Math.hypot(...gradient);
  const hessianPositiveDefinite =
    cholesky(
      Float64Array.from(hessian, (v) => -v),
      4,
    ) !== null;
  // Not negative definite: a boundary or flat optimum (typically a → 0 or a, b → ∞, the dropout
  // not identified). fitModifiedBetaGeo and fitParetoNbd refuse such a fit with not_converged;
  // BG/NBD keeps returning it, as it has since 0.1.0, because the report, the CLI's clv command and
  // fitClvInWarehouse fit it by default on whatever window they are given and saved models hold such
  // fits (its predictions stay finite there, issue 13). It says so in the certificate
  // (hessianPositiveDefinite: false), the standard errors (null) and this warning.
  if (!hessianPositiveDefinite)
    warnings.push(
      'the Hessian of the log-likelihood is not negative definite at the optimum: a boundary or flat maximum, not certified (fitModifiedBetaGeo and fitParetoNbd refuse such a fit with not_converged); treat the parameters with care or use a longer calibration window',
    );
  const se = likelihoodStandardErrors([r, alpha, a, b], hessian);
  const standardErrors = se === null ? null : { r: se[0], alpha: se[1], a: se[2], b: se[3] };
  if (standardErrors === null) warnings.push('the observed information matrix is not positive definite: standard errors are not available');
  return {
    kind: 'betaGeo',
    version: MODEL_VERSION,
    spec: s,
    params,
    standardErrors,
    fitted: {
      n: input.n,
      skipped: input.skipped,
      warnings,
      diagnostics: {
        logLikelihood,
        aic: 8 - 2 * logLikelihood,
        bic: 4 * Math.log(input.n) - 2 * logLikelihood,
        gradientNorm,
        hessianPositiveDefinite,
        groups: input.groups,
        iterations,
        newtonSteps: best.steps,
      },
    },
  };
}
