import type * as z from 'zod';
import { CustomerValueError } from '../../errors.js';
import { cholesky } from '../../internal/cholesky.js';
import { mapSteps, runSteps } from '../../internal/optimizationSteps.js';
import { screenAndPolishSteps } from '../../internal/screenAndPolish.js';
import { BETA_GEO_SCREEN_GROUPS } from './betaGeoFitSteps.js';
import { subsampleBetaGeoData } from './betaGeoLikelihood.js';
import { paretoNbdLogLikelihood, type ParetoNbdData } from './paretoNbdLikelihood.js';
import type { paretoNbdSpecSchema, ParetoNbdParams } from './paretoNbdSpec.js';

/** A fitted optimum is certified when ‖∇ℓ‖ over log-parameters is below this many times the customers. */
const GRADIENT_PER_CUSTOMER = 1e-6;

/** A certified Pareto/NBD optimum on grouped data (see `fitParetoNbd`). */
export interface ParetoNbdOptimum {
  readonly params: ParetoNbdParams;
  readonly logLikelihood: number;
  readonly gradientNorm: number;
  /** ∂²ℓ/∂(ln θ)² at the optimum (4 × 4, row-major). */
  readonly hessian: Float64Array;
  readonly iterations: number;
  readonly newtonSteps: number;
}

/**
 * The maximum-likelihood Pareto/NBD on grouped customers, certified (the method of `fitParetoNbd`,
 * which calls it; `fitParetoNbdWithCovariates` fits its covariate-free model with it): BFGS over
 * log-parameters from the spec's or three data-based starts (screened on a subsample above 50,000
 * distinct histories), Newton steps on the analytic Hessian, then the certificate (finite ℓ,
 * gradient below 1e-6 per customer, negative-definite Hessian) or `not_converged` naming `fn`;
 * `too_few_rows` when no customer made a repeat purchase. Internal.
 */
export function fitParetoNbdOptimum(fn: string, s: z.output<typeof paretoNbdSpecSchema>, data: ParetoNbdData): ParetoNbdOptimum {
  let repeaters = 0;
  let purchases = 0;
  let exposure = 0;
  for (let g = 0; g < data.x.length; g++) {
    if (data.x[g] > 0) repeaters += data.weight[g];
    purchases += data.weight[g] * data.x[g];
    exposure += data.weight[g] * data.T[g];
  }
  if (repeaters === 0) {
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
  const screen = data.x.length > BETA_GEO_SCREEN_GROUPS ? subsampleBetaGeoData(data, Math.ceil(data.x.length / BETA_GEO_SCREEN_GROUPS)) : data;
  const rate = purchases / Math.max(exposure, 1e-12);
  const meanT = exposure / data.customers;
  const starts = s.starts ?? [
    { r: 1, alpha: 1 / rate, s: 1, beta: meanT },
    { r: 0.5, alpha: 0.5 / rate, s: 0.5, beta: meanT / 2 },
    { r: 1, alpha: 1, s: 1, beta: 1 },
  ];
  const customers = [screen.customers, data.customers] as const;
  const screening = screen !== data;
  const objective = (optimizerObjective: number) => (screening && optimizerObjective === 0 ? 0 : 1);
  // The optimizers minimize −ℓ per customer over log-parameters.
  const steps = mapSteps(
    screenAndPolishSteps(
      starts.map((start) => [start.r, start.alpha, start.s, start.beta].map(Math.log)),
      { maxIterations: s.maxIterations, gradientTolerance: 1e-9 },
      screening,
    ),
    (request) => ({ objective: objective(request.objective), x: Float64Array.from(request.x, Math.exp), gradient: request.gradient, hessian: request.hessian }),
    (request, ll) => {
      const scale = 1 / customers[objective(request.objective)];
      for (let i = 0; i < 4; i++) request.gradient![i] *= -scale;
      if (request.hessian) for (let i = 0; i < 16; i++) request.hessian[i] *= -scale;
      return Number.isFinite(ll) ? -ll * scale : Number.POSITIVE_INFINITY;
    },
  );
  // Outside the fit's domain the objective is not finite and the line searches step back: a
  // parameter beyond 1e-6…1e6 is not identified by any data (BG/NBD already warns at 1e4).
  const inDomain = (p: Float64Array) => p.every((v) => v > 1e-6 && v < 1e6);
  const { best, attempt, iterations } = runSteps(steps, [
    (params, gradient, hessian) => (inDomain(params) ? paretoNbdLogLikelihood(params, screen, gradient, hessian) : Number.NaN),
    (params, gradient, hessian) => (inDomain(params) ? paretoNbdLogLikelihood(params, data, gradient, hessian) : Number.NaN),
  ]);
  const x = best?.x ?? attempt.x;
  const [r, alpha, sShape, beta] = Array.from(x, Math.exp);
  const gradient = new Float64Array(4);
  const hessian = new Float64Array(16);
  const logLikelihood = paretoNbdLogLikelihood([r, alpha, sShape, beta], data, gradient, hessian);
  const gradientNorm = Math.hypot(...gradient);
  const hessianPositiveDefinite =
    cholesky(
      Float64Array.from(hessian, (v) => -v),
      4,
    ) !== null;
  const found = `(r, α, s, β) = (${[r, alpha, sShape, beta].map((v) => v.toPrecision(4)).join(', ')})`;
  if (best === null || !Number.isFinite(logLikelihood) || !(gradientNorm <= GRADIENT_PER_CUSTOMER * data.customers) || !hessianPositiveDefinite) {
    const why = !Number.isFinite(logLikelihood)
      ? 'a non-finite log-likelihood'
      : !hessianPositiveDefinite
        ? `a Hessian that is not negative definite (gradient norm ${gradientNorm.toExponential(2)})`
        : `gradient norm ${gradientNorm.toExponential(2)}`;
    throw new CustomerValueError('not_converged', `${fn}: the maximum-likelihood fit did not converge from ${starts.length} starting points`, [
      {
        function: fn,
        expected: `a certified maximum (gradient norm ≤ ${(GRADIENT_PER_CUSTOMER * data.customers).toExponential(1)}, negative-definite Hessian)`,
        received: `best ${found}, ${why}`,
        hint: 'check spec.timeUnit matches the summary (α and β scale with it); pass spec.starts near a plausible solution; raise maxIterations; with few repeat customers or almost no dropout s and β may not be identified (try fitBetaGeo); the search stays within 1e-6…1e6',
      },
    ]);
  }
  return { params: { r, alpha, s: sShape, beta }, logLikelihood, gradientNorm, hessian, iterations, newtonSteps: best.steps };
}
