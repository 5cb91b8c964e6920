import * as z from 'zod';
import { CustomerValueError } from '../../errors.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { percentileName, quantileOfSorted } from '../../internal/percentiles.js';
import type { TableInput } from '../../io/tableInput.js';
import { missingValuesSchema, type MissingValues } from '../../io/missingValues.js';
import { bootstrapReplicates, deltaReplicates, logScaleInformation, type ReplicateDraws } from './parameterReplicates.js';
import { uncertaintyProblem, type UncertainClvModel, type UncertaintyProblem } from './parameterUncertaintyProblems.js';

const FN = 'clvParameterDraws';

/** The options' schema (the Node entry's `clvParameterDraws` extends it with `threads`). Internal. */
export const parameterDrawsOptionsSchema = z.strictObject({
  method: z.enum(['delta', 'bootstrap']).default('bootstrap'),
  draws: z.int().min(2).max(1_000_000).default(1000),
  seed: z.int().default(1),
  levels: z.array(z.number().gt(0).lt(1)).min(1).max(99).default([0.05, 0.5, 0.95]),
  maxIterations: z.int().min(1).max(100_000).default(1000),
  missing: missingValuesSchema.optional(),
});

/** Largest ‖∂ℓ/∂ln θ‖ per customer at the model's parameters on the summary: above it, the model was not fitted on this table. */
const ESTIMATE_GRADIENT_PER_CUSTOMER = 1e-4;

/** Options of `clvParameterDraws`. */
export interface ClvParameterDrawsOptions {
  /**
   * `'bootstrap'` (default): refit on the grouped histogram resampled multinomially;
   * `'delta'`: the asymptotic normal of the log-parameters, N(ln θ̂, (−∂²ℓ/∂(ln θ)²)⁻¹).
   */
  readonly method?: 'delta' | 'bootstrap';
  /** Replicates (default 1,000), ≥ 2. */
  readonly draws?: number;
  /** Seed (default 1): replicate b draws from its own stream derived from (seed, b). */
  readonly seed?: number;
  /** Percentile levels of the summaries, each in (0, 1) (default [0.05, 0.5, 0.95]). */
  readonly levels?: readonly number[];
  /** BFGS iterations allowed to a bootstrap refit whose Newton steps stall (default 1,000). */
  readonly maxIterations?: number;
  /** Rows with a missing value: `'error'` or `'skip'` (default: the model's policy, which is how it was fitted). */
  readonly missing?: MissingValues;
}

/** Summary of one parameter over the draws. */
export interface ParameterDrawSummary {
  readonly estimate: number;
  readonly mean: number;
  /** Standard deviation over the draws (a standard error). */
  readonly sd: number;
  /** Percentiles at `levels` (type 7), keyed 'p05', 'p50', 'p95'…. */
  readonly percentiles: Readonly<Record<string, number>>;
}

/** Draws of a fitted CLV model's parameters: a plain object (JSON round-trips it). */
export interface ClvParameterDraws {
  readonly kind: UncertainClvModel['kind'];
  readonly method: 'delta' | 'bootstrap';
  readonly seed: number;
  /** Replicates asked for. */
  readonly requested: number;
  /**
   * Parameter names, in the model's order: its positive parameters, then (a model with covariates)
   * one coefficient per term — `purchase[term]`, `dropout[term]` (BG/NBD; `shared[term]` with shared
   * coefficients), `spend[term]` (Gamma-Gamma). `clvModelAtDraw(model, draw)` turns a draw into a model.
   */
  readonly names: readonly string[];
  /** The model's parameters (the draws are around them). */
  readonly estimate: Readonly<Record<string, number>>;
  /** One parameter object per successful replicate, in replicate order. */
  readonly draws: readonly Readonly<Record<string, number>>[];
  /** Replicate number of each draw (0-based; a gap is a failure). */
  readonly replicates: readonly number[];
  /** Bootstrap refits that did not reach a certified optimum: counted and listed, never silently dropped (always 0 for the delta method). */
  readonly failures: { readonly count: number; readonly replicates: readonly number[] };
  /**
   * Delta method: the covariance of û, (−∂²ℓ/∂u²)⁻¹ (names × names), u = ln θ for the positive
   * parameters and the coefficients as they are (with an L2 penalty, of the penalized ℓ); null for the bootstrap.
   */
  readonly logCovariance: readonly (readonly number[])[] | null;
  readonly levels: readonly number[];
  readonly summary: Readonly<Record<string, ParameterDrawSummary>>;
  /** Customers and distinct histories of the data. */
  readonly customers: number;
  readonly groups: number;
}

/**
 * Parameter uncertainty of a fitted BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma or BG/BB model, or of a
 * BG/NBD, Pareto/NBD, BG/BB or Gamma-Gamma with covariates, as draws of its parameters, by one of two methods:
 *
 * - `'delta'`: the asymptotic normal of the maximum-likelihood estimate on the log scale the
 *   fitters optimize and certify on, u = ln θ ~ N(û, I⁻¹) with I = −∂²ℓ/∂u² the analytic observed
 *   information (the Hessian behind the models' standard errors), θ = exp(u): positive draws,
 *   skewed as the likelihood is. Cheap (one Hessian); trustworthy when the likelihood is near
 *   quadratic in ln θ, i.e. with many customers.
 * - `'bootstrap'` (default): the nonparametric bootstrap, run on the grouped histogram the fitter
 *   sums over: the n customers are redrawn over the distinct histories as Multinomial(n;
 *   countᵍ/n) (a binomial chain, exact: each binomial by Hörmann's (1993) BTRS rejection sampler,
 *   O(1) per history whatever n), and the model refitted on the same groups by Newton steps on the
 *   analytic Hessian from the estimate, so a refit costs a few likelihood evaluations over the
 *   distinct histories (about three at 10M customers), not over customers. A refit stops at the
 *   first point that is certified — ℓ finite, ‖∂ℓ/∂ln θ‖ ≤ 1e-6 per customer, −∂²ℓ/∂(ln θ)²
 *   positive definite — and whose Newton step is below 1e-8 in every ln θ (so each parameter is
 *   within about 1e-8 relative of the resample's optimum); when Newton from the estimate does not
 *   get there, the fitter's multi-start search runs. A refit that reaches no certified optimum is
 *   a failure: counted and listed in `failures`, its replicate left out.
 *
 * Replicate b draws from its own random stream, derived from (`seed`, b) as `bootstrapPlsPathModel`
 * does, so the draws depend on the seed only, never on how replicates are split over threads
 * (`clvParameterDraws` from `customer-value/node` runs them on all cores, with the same draws).
 * `summary` gives each parameter's mean, standard deviation and percentiles (type 7).
 *
 * With covariates (`fitBetaGeoWithCovariates`, `fitParetoNbdWithCovariates`,
 * `fitBetaGeoBetaBinomialWithCovariates`, `fitGammaGammaWithCovariates`), the parameters are
 * u = (ln θ, coefficients): the coefficients are unbounded and drawn on their own scale (normal
 * under the delta method), the model's positive parameters on the log scale as above; the
 * likelihood is the fitter's, over customers grouped by (covariate values, history) — (x, t_x, n)
 * for the BG/BB —, and the
 * bootstrap redraws the customers over those groups and refits every parameter and coefficient.
 * A draw is a plain object, `{ r, alpha, a, b, 'purchase[term]': …, 'dropout[term]': … }`
 * (`names`; `r, alpha, s, beta` for the Pareto/NBD, `alpha, beta, gamma, delta` for the BG/BB); `clvModelAtDraw(model, draw)` makes it a model for the kind's prediction functions.
 * With `covariates.regularization` the fit maximizes the penalized ℓ − n·λ‖γ‖², and both methods
 * follow it: the delta method's covariance is the inverse of the penalized information (the
 * fit's `standardErrors`; the posterior covariance under the Gaussian prior γ ~ N(0, 1/(2nλ)) the
 * penalty is, by Laplace's approximation), and the bootstrap's is the spread of the penalized
 * estimate over resamples, which is narrower (the penalty shrinks every refit the same way):
 * compare them only without regularization. Feed the
 * draws to `clvConfidenceIntervals` for confidence intervals of customers' expectations. These are
 * parameter uncertainty only: the spread of a customer's actual count given the parameters is
 * process uncertainty, a different (wider) thing.
 *
 * @param model A model fitted by `fitBetaGeo`, `fitModifiedBetaGeo`, `fitParetoNbd`, `fitGammaGamma`,
 *   `fitBetaGeoBetaBinomial` (its draws are on the grouped (x, t_x, n) histories), `fitBetaGeoWithCovariates`,
 *   `fitParetoNbdWithCovariates`, `fitBetaGeoBetaBinomialWithCovariates` or `fitGammaGammaWithCovariates`;
 *   `clvConfidenceIntervals` takes the draws of every one of them.
 * @param summary The table the model was fitted on (read with the model's spec: columns, time
 *   unit, missing policy, a count column for a histogram, the covariate columns encoded with the model's levels).
 * @param options `method` ('bootstrap'), `draws` (1,000), `seed` (1), `levels` ([0.05, 0.5, 0.95]).
 * @throws {CustomerValueError} `invalid_model` (also a Pareto/NBD, with covariates or without, whose
 *   shape is held at its cap: `fitted.diagnostics.heldAtCap`); `invalid_spec`; `missing_column`; `invalid_value`;
 *   `not_converged`: the model's parameters are not the maximum of ℓ on `summary` (not the table it
 *   was fitted on), the information is not positive definite there (delta method), or fewer than 2
 *   bootstrap refits succeeded.
 * @example
 * // CDNOW 1/10 sample, calibration weeks 1–39 (BTYD's cdnowSummary$cbs)
 * const summary = await readCsvFile('test/fixtures/loyalty/cdnow_btyd_cbs.csv');
 * const model = fitBetaGeo(summary.columns, { timeUnit: 'week', columns: { frequency: 'x', recency: 't_x', T: 'T_cal' } });
 * const delta = clvParameterDraws(model, summary.columns, { method: 'delta', draws: 2000, seed: 7 });
 * // the draws' spread is the standard error (here r's, to 2 significant digits)
 * Math.round((delta.summary.r.sd / model.standardErrors.r) * 10) / 10; // => 1
 * const boot = clvParameterDraws(model, summary.columns, { draws: 200, seed: 7 });
 * [boot.draws.length + boot.failures.count, boot.summary.r.percentiles.p05 < model.params.r, model.params.r < boot.summary.r.percentiles.p95]; // => [200, true, true]
 * // with covariates: a 0/1 covariate, customers acquired early (see clvModelAtDraw)
 * const early = Array.from(summary.columns.T_cal, (T) => (T >= 32.5 ? 1 : 0));
 * const withEarly = { ...summary.columns, early };
 * const covariateModel = fitBetaGeoWithCovariates(withEarly, { timeUnit: 'week', columns: { frequency: 'x', recency: 't_x', T: 'T_cal' }, covariates: { columns: [{ column: 'early' }] } });
 * const covariateDraws = clvParameterDraws(covariateModel, withEarly, { method: 'delta', draws: 2000, seed: 7 });
 * covariateDraws.names; // => ['r', 'alpha', 'a', 'b', 'purchase[early]', 'dropout[early]']
 * Math.round((covariateDraws.summary['dropout[early]'].sd / covariateModel.standardErrors.coefficients.dropout[0]) * 10) / 10; // => 1
 * // the Pareto/NBD with the same covariate: its own parameter names, the same delta method
 * const paretoModel = fitParetoNbdWithCovariates(withEarly, { timeUnit: 'week', columns: { frequency: 'x', recency: 't_x', T: 'T_cal' }, covariates: { columns: [{ column: 'early' }] } });
 * const paretoDraws = clvParameterDraws(paretoModel, withEarly, { method: 'delta', draws: 2000, seed: 7 });
 * paretoDraws.names; // => ['r', 'alpha', 's', 'beta', 'purchase[early]', 'dropout[early]']
 * Math.round((paretoDraws.summary['purchase[early]'].sd / paretoModel.standardErrors.coefficients.purchase[0]) * 10) / 10; // => 1
 */
export function clvParameterDraws(model: UncertainClvModel, summary: TableInput, options: ClvParameterDrawsOptions = {}): ClvParameterDraws {
  const o = parseSpec(parameterDrawsOptionsSchema, options, FN, 'options');
  return parameterDraws(model, summary, o, (problem) => bootstrapReplicates(problem, o.seed, 0, o.draws, o.maxIterations));
}

/** `clvParameterDraws` on parsed options, the bootstrap's replicates drawn by `bootstrap` (on this thread, or split over workers by the Node entry). Internal. */
export function parameterDraws(
  model: UncertainClvModel,
  summary: TableInput,
  o: z.output<typeof parameterDrawsOptionsSchema>,
  bootstrap: (problem: UncertaintyProblem) => ReplicateDraws,
): ClvParameterDraws {
  const problem = uncertaintyProblem(model, summary, FN, o.missing);
  const k = problem.names.length;
  const { factor, covariance, gradientNorm } = logScaleInformation(problem);
  if (!(gradientNorm <= ESTIMATE_GRADIENT_PER_CUSTOMER * problem.customers)) {
    throw new CustomerValueError('not_converged', `${FN}: the model's parameters are not a maximum of the likelihood on this summary`, [
      {
        function: FN,
        path: 'model.params',
        expected: `‖∂ℓ/∂ln θ‖ ≤ ${(ESTIMATE_GRADIENT_PER_CUSTOMER * problem.customers).toPrecision(3)} (the model fitted on this table)`,
        received: `${gradientNorm.toPrecision(3)} at ${JSON.stringify(model.params)}`,
        hint: 'pass the table the model was fitted on, read with the same spec (columns, time unit, count column), or refit the model on this one',
      },
    ]);
  }
  let logCovariance: number[][] | null = null;
  let replicateDraws;
  if (o.method === 'delta') {
    if (factor === null || covariance === null) {
      throw new CustomerValueError('not_converged', `${FN}: the observed information is not positive definite at the model's parameters`, [
        {
          function: FN,
          path: 'model.params',
          expected: 'a certified maximum (−∂²ℓ/∂(ln θ)² positive definite)',
          received: JSON.stringify(model.params),
          hint: "use method: 'bootstrap', or refit on a longer calibration window (a boundary optimum has no delta-method covariance)",
        },
      ]);
    }
    logCovariance = Array.from({ length: k }, (_, i) => Array.from(covariance.subarray(i * k, i * k + k)));
    replicateDraws = deltaReplicates(problem, factor, o.seed, 0, o.draws);
  } else {
    replicateDraws = bootstrap(problem);
  }
  const { theta, replicates, failed } = replicateDraws;
  const count = replicates.length;
  if (count < 2) {
    throw new CustomerValueError('not_converged', `${FN}: ${failed.length} of ${o.draws} bootstrap refits reached no certified optimum`, [
      {
        function: FN,
        path: 'options.draws',
        expected: 'at least 2 replicates refitted to a certified maximum',
        received: `${count}`,
        hint: "the resampled likelihoods have no interior maximum (a boundary fit: dropout barely identified); use method: 'delta' if the model is certified, or a longer calibration window",
      },
    ]);
  }
  const draws = Array.from({ length: count }, (_, d) => Object.fromEntries(problem.names.map((name, i) => [name, theta[d * k + i]])));
  const parameterSummary: Record<string, ParameterDrawSummary> = {};
  problem.names.forEach((name, i) => {
    const values = Float64Array.from({ length: count }, (_, d) => theta[d * k + i]);
    let sum = 0;
    for (const v of values) sum += v;
    const mean = sum / count;
    let squares = 0;
    for (const v of values) squares += (v - mean) ** 2;
    values.sort();
    parameterSummary[name] = {
      estimate: problem.estimate[i],
      mean,
      sd: count > 1 ? Math.sqrt(squares / (count - 1)) : Number.NaN,
      percentiles: Object.fromEntries(o.levels.map((level) => [percentileName(level), count > 0 ? quantileOfSorted(values, level) : Number.NaN])),
    };
  });
  return {
    kind: problem.kind,
    method: o.method,
    seed: o.seed,
    requested: o.draws,
    names: problem.names,
    estimate: Object.fromEntries(problem.names.map((name, i) => [name, problem.estimate[i]])),
    draws,
    replicates: Array.from(replicates),
    failures: { count: failed.length, replicates: failed },
    logCovariance,
    levels: o.levels,
    summary: parameterSummary,
    customers: problem.customers,
    groups: problem.weights.length,
  };
}
