import type * as z from 'zod';
import { CustomerValueError } from '../../errors.js';
import { cholesky, choleskyInverse } from '../../internal/cholesky.js';
import { likelihoodStandardErrors } from '../../internal/likelihoodStandardErrors.js';
import { mapSteps, runSteps } from '../../internal/optimizationSteps.js';
import { screenAndPolishSteps } from '../../internal/screenAndPolish.js';
import { BETA_GEO_SCREEN_GROUPS } from './betaGeoFitSteps.js';
import { subsampleBetaGeoData } from './betaGeoLikelihood.js';
import { paretoNbdLogLikelihood, type ParetoNbdData } from './paretoNbdLikelihood.js';
import type { paretoNbdSpecSchema, ParetoNbdParams } from './paretoNbdSpec.js';

/** A fitted optimum is certified when ‖∇ℓ‖ over log-parameters is below this many times the customers. */
const GRADIENT_PER_CUSTOMER = 1e-6;

/**
 * The largest shape r or s a Pareto/NBD fit takes (`fitParetoNbd`, `fitParetoNbdWithCovariates`):
 * a gamma mixing distribution of shape 1,000 has a coefficient of variation of 1/√1000 ≈ 3%, the
 * rates are effectively homogeneous. Where ℓ keeps rising as a shape and its scale grow together
 * (its mean rate fixed: the data show no heterogeneity in that rate), the supremum lies at infinity
 * and the fit holds the shape here instead of following the ridge to the search's 1e6 edge.
 */
export const PARETO_NBD_SHAPE_CAP = 1000;

/** A shape held at `PARETO_NBD_SHAPE_CAP`: ∂ℓ/∂ln(shape) there with its mean rate fixed (> 0: ℓ still rises towards the cap). */
export interface ParetoNbdHeldShape {
  readonly parameter: 'r' | 's';
  readonly slope: number;
}

/** A certified Pareto/NBD optimum on grouped data (see `fitParetoNbd`). */
export interface ParetoNbdOptimum {
  readonly params: ParetoNbdParams;
  readonly logLikelihood: number;
  /** Over the free coordinates when a shape is held (its mean rate free in its place). */
  readonly gradientNorm: number;
  /** ∂²ℓ/∂(ln θ)² at the optimum (4 × 4, row-major). */
  readonly hessian: Float64Array;
  readonly iterations: number;
  readonly newtonSteps: number;
  /** The shapes held at the cap (empty for an interior optimum), r before s. */
  readonly heldAtCap: readonly ParetoNbdHeldShape[];
  /** Standard errors of (r, α, s, β) from the inverse observed information (over the free coordinates: null for a held shape and its scale); null when it is not positive definite. */
  readonly standardErrors: readonly (number | null)[] | null;
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
  const search = (stopAt: ((u: Float64Array) => boolean) | undefined) =>
    mapSteps(
      screenAndPolishSteps(
        starts.map((start) => [start.r, start.alpha, start.s, start.beta].map(Math.log)),
        stopAt === undefined
          ? { maxIterations: s.maxIterations, gradientTolerance: 1e-9 }
          : { maxIterations: s.maxIterations, gradientTolerance: 1e-9, stopAt },
        screening,
      ),
      (request) => ({
        objective: objective(request.objective),
        x: Float64Array.from(request.x, Math.exp),
        gradient: request.gradient,
        hessian: request.hessian,
      }),
      (request, ll) => {
        const scale = 1 / customers[objective(request.objective)];
        for (let i = 0; i < 4; i++) request.gradient![i] *= -scale;
        if (request.hessian) for (let i = 0; i < 16; i++) request.hessian[i] *= -scale;
        return Number.isFinite(ll) ? -ll * scale : Number.POSITIVE_INFINITY;
      },
    );
  // Outside the fit's domain the objective is not finite and the line searches step back: a
  // parameter beyond 1e-6…1e6 is not identified by any data (BG/NBD already warns at 1e4), and
  // neither is a shape r or s beyond its cap (`PARETO_NBD_SHAPE_CAP`).
  const inDomain = (p: Float64Array) => p.every((v) => v > 1e-6 && v < 1e6) && p[0] <= PARETO_NBD_SHAPE_CAP && p[2] <= PARETO_NBD_SHAPE_CAP;
  const likelihoods = [
    (params: Float64Array, gradient: Float64Array | null, hessian: Float64Array | null) =>
      inDomain(params) ? paretoNbdLogLikelihood(params, screen, gradient, hessian) : Number.NaN,
    (params: Float64Array, gradient: Float64Array | null, hessian: Float64Array | null) =>
      inDomain(params) ? paretoNbdLogLikelihood(params, data, gradient, hessian) : Number.NaN,
  ];
  // A BFGS run that asks for a shape beyond the cap stops there (`stopAt`): the likelihood may
  // rise all the way to it (no interior maximum), and the fit moves onto the cap's face.
  const first = runSteps(
    search((u) => u[0] > LN_CAP || u[2] > LN_CAP),
    likelihoods,
  );
  if (first.edgeStops.length > 0) {
    const edge = first.edgeStops.reduce((a, b) => (b.value < a.value ? b : a));
    const face = fitOnFace(data, edge.x, edge.stoppedAt!, s.maxIterations);
    const interior = first.best === null ? null : certifiedInterior(data, first.best.x);
    if (face !== null && (interior === null || face.logLikelihood > interior.logLikelihood)) return { ...face, iterations: first.iterations + face.iterations };
    if (interior === null) {
      // ℓ falls towards the cap (or the face fit failed): the maximum is below it; search again
      // with the cap as the domain's edge (a trial point beyond it is stepped back from).
      const again = runSteps(search(undefined), likelihoods);
      return certify(fn, starts.length, data, again.best, again.attempt, first.iterations + again.iterations);
    }
  }
  return certify(fn, starts.length, data, first.best, first.attempt, first.iterations);
}

/** ln of `PARETO_NBD_SHAPE_CAP`: the search's edge over log-parameters. */
const LN_CAP = Math.log(PARETO_NBD_SHAPE_CAP);

/** The optimum at `x` (log-parameters) when it passes the certificate, else null. */
function certifiedInterior(data: ParetoNbdData, x: Float64Array): { logLikelihood: number } | null {
  const gradient = new Float64Array(4);
  const hessian = new Float64Array(16);
  const logLikelihood = paretoNbdLogLikelihood(Array.from(x, Math.exp), data, gradient, hessian);
  const ok =
    Number.isFinite(logLikelihood) &&
    Math.hypot(...gradient) <= GRADIENT_PER_CUSTOMER * data.customers &&
    cholesky(
      Float64Array.from(hessian, (v) => -v),
      4,
    ) !== null;
  return ok ? { logLikelihood } : null;
}

/** Certify the free search's optimum (the method of `fitParetoNbd`), or throw `not_converged`. */
function certify(
  fn: string,
  startCount: number,
  data: ParetoNbdData,
  best: { readonly x: Float64Array; readonly steps: number } | null,
  attempt: { readonly x: Float64Array },
  iterations: number,
): ParetoNbdOptimum {
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
    throw new CustomerValueError('not_converged', `${fn}: the maximum-likelihood fit did not converge from ${startCount} starting points`, [
      {
        function: fn,
        expected: `a certified maximum (gradient norm ≤ ${(GRADIENT_PER_CUSTOMER * data.customers).toExponential(1)}, negative-definite Hessian)`,
        received: `best ${found}, ${why}`,
        hint: 'check spec.timeUnit matches the summary (α and β scale with it); pass spec.starts near a plausible solution; raise maxIterations; with few repeat customers or almost no dropout s and β may not be identified (try fitBetaGeo); the search stays within 1e-6…1e6',
      },
    ]);
  }
  return {
    params: { r, alpha, s: sShape, beta },
    logLikelihood,
    gradientNorm,
    hessian,
    iterations,
    newtonSteps: best.steps,
    heldAtCap: [],
    standardErrors: likelihoodStandardErrors([r, alpha, sShape, beta], hessian),
  };
}

/** The held shape's scale: α for r (index 0), β for s (index 2). */
const SCALE_OF: Readonly<Record<number, number>> = { 0: 1, 2: 3 };

/**
 * The fit on the cap's face: each shape in `beyond` (log-parameters of the trial point past the
 * cap) held at the cap with its scale moving with it, so that the pair is one free parameter, the
 * log of its mean rate (r/α, s/β); the others fitted by BFGS and Newton from the iterate `from`,
 * moved onto the face along the ridge (the mean kept). An active set: a shape that reaches the cap
 * there is held too, and a held shape along which ℓ falls towards the cap is released (its
 * maximum is below it), until the fit is certified: ℓ finite, the free coordinates' gradient below
 * 1e-6 per customer and their Hessian negative definite, and ℓ still rising towards the cap along
 * every held shape (its slope > 0). Null when no shape stays held (the maximum is interior) or
 * the search fails.
 */
function fitOnFace(
  data: ParetoNbdData,
  from: Float64Array,
  beyond: Float64Array,
  maxIterations: number,
): (ParetoNbdOptimum & { readonly iterations: number }) | null {
  let held = [0, 2].filter((i) => beyond[i] > LN_CAP);
  let u0: Float64Array = Float64Array.from(from);
  let iterations = 0;
  const n = data.customers;
  for (let round = 0; round < 4 && held.length > 0; round++) {
    // the free coordinates: index into θ, and whether it is a held pair's log mean (v = ln(shape/scale), scale = cap·e^(−v))
    const free: { index: number; mean: boolean }[] = [];
    for (let i = 0; i < 4; i++) if (!held.includes(i)) free.push({ index: i, mean: held.some((h) => SCALE_OF[h] === i) });
    const k = free.length;
    const v0 = free.map(({ index, mean }) => (mean ? u0[index - 1] - u0[index] : u0[index]));
    const thetaOf = (v: ArrayLike<number>): Float64Array => {
      const theta = new Float64Array(4);
      for (const i of held) theta[i] = PARETO_NBD_SHAPE_CAP;
      free.forEach(({ index, mean }, j) => (theta[index] = mean ? PARETO_NBD_SHAPE_CAP * Math.exp(-v[j]) : Math.exp(v[j])));
      return theta;
    };
    const sign = free.map(({ mean }) => (mean ? -1 : 1));
    const G = new Float64Array(4);
    const H = new Float64Array(16);
    const scratch = new Float64Array(k);
    const objective = (v: Float64Array, gradient: Float64Array | null, hessian: Float64Array | null): number => {
      const theta = thetaOf(v);
      if (!theta.every((t) => t > 1e-6 && t < 1e6) || theta[0] > PARETO_NBD_SHAPE_CAP || theta[2] > PARETO_NBD_SHAPE_CAP) return Number.NaN;
      const g = gradient ?? scratch;
      const ll = paretoNbdLogLikelihood(theta, data, G, hessian ? H : null, true);
      free.forEach((a, j) => (g[j] = (-sign[j] * G[a.index]) / n));
      if (hessian) free.forEach((a, i) => free.forEach((b, j) => (hessian[i * k + j] = (-sign[i] * sign[j] * H[a.index * 4 + b.index]) / n)));
      return Number.isFinite(ll) ? -ll / n : Number.POSITIVE_INFINITY;
    };
    const beyondCap = (v: Float64Array) => free.some(({ index, mean }, j) => !mean && (index === 0 || index === 2) && v[j] > LN_CAP);
    const result = runSteps(screenAndPolishSteps([v0], { maxIterations, gradientTolerance: 1e-9, stopAt: beyondCap }, false), [objective]);
    iterations += result.iterations;
    if (result.best === null) {
      const stop = result.edgeStops[0];
      if (stop === undefined) return null;
      const past = Float64Array.from(thetaOf(stop.stoppedAt!), Math.log);
      held = [...new Set([...held, ...[0, 2].filter((i) => past[i] > LN_CAP)])].sort((a, b) => a - b);
      u0 = Float64Array.from(thetaOf(stop.x), Math.log);
      continue;
    }
    const theta = Array.from(thetaOf(result.best.x));
    const logLikelihood = paretoNbdLogLikelihood(theta, data, G, H, true);
    const gradientNorm = Math.hypot(...free.map(({ index }) => G[index]));
    // along a held shape with its mean fixed: ∂ℓ/∂ln(shape) + ∂ℓ/∂ln(scale)
    const heldAtCap = held.map((i) => ({ parameter: i === 0 ? ('r' as const) : ('s' as const), slope: G[i] + G[SCALE_OF[i]] }));
    const falling = held.filter((_, j) => !(heldAtCap[j].slope > 0));
    if (falling.length > 0) {
      // ℓ falls towards the cap along these: release them, from here
      held = held.filter((i) => !falling.includes(i));
      u0 = Float64Array.from(theta, Math.log);
      continue;
    }
    const information = new Float64Array(k * k);
    free.forEach((a, i) => free.forEach((b, j) => (information[i * k + j] = -sign[i] * sign[j] * H[a.index * 4 + b.index])));
    const L = cholesky(information, k);
    if (!Number.isFinite(logLikelihood) || !(gradientNorm <= GRADIENT_PER_CUSTOMER * n) || L === null) return null;
    const covariance = choleskyInverse(L, k);
    // the free parameters' standard errors by the delta method; a held pair has only its mean's
    const standardErrors: (number | null)[] = [null, null, null, null];
    free.forEach(({ index, mean }, j) => {
      if (!mean) standardErrors[index] = theta[index] * Math.sqrt(covariance[j * k + j]);
    });
    const [r, alpha, s, beta] = theta;
    return {
      params: { r, alpha, s, beta },
      logLikelihood,
      gradientNorm,
      hessian: Float64Array.from(H),
      iterations,
      newtonSteps: result.best.steps,
      heldAtCap,
      standardErrors,
    };
  }
  return null;
}
