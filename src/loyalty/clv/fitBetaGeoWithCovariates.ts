import type * as z from 'zod/mini';
import { parseSpec } from '../../internal/parseSpec.js';
import { runSteps } from '../../internal/optimizationSteps.js';
import { readCovariatesForFit } from '../../internal/staticCovariateDesign.js';
import type { TableInput } from '../../io/tableInput.js';
import type { ModelFit } from '../../model/modelFit.js';
import { betaGeoCovariateLayout, betaGeoCovariateLogLikelihood, prepareBetaGeoCovariateData } from './betaGeoCovariatesLikelihood.js';
import { betaGeoCovariatesSpecSchema, type BetaGeoCovariatesSpec } from './betaGeoCovariatesSpec.js';
import { betaGeoFitSteps } from './betaGeoFitSteps.js';
import { betaGeoLogLikelihood, prepareBetaGeoData } from './betaGeoLikelihood.js';
import type { BetaGeoParams } from './betaGeoSpec.js';
import { readPurchaseSummary } from './purchaseSummary.js';
import { coefficientPenalties, fitFromCovariateFree, keptCustomers, twoProcessCovariatesModel, twoProcessLayout } from './staticCovariateFit.js';
import type { FittedCovariate } from './staticCovariatesSpec.js';

const FN = 'fitBetaGeoWithCovariates';

/** Coefficients of the linear predictors, aligned with `terms` (shared: the same values twice). */
export interface CovariateCoefficients {
  /** γ_purchase: the purchase rate of a customer scales by exp(γ_purchase · z) (α_i = α·e^(−γ·z)). */
  readonly purchase: readonly number[];
  /** γ_dropout: both beta shapes of the dropout probability scale by exp(γ_dropout · z) (a_i = a·e^(γ·z), b_i = b·e^(γ·z)). */
  readonly dropout: readonly number[];
}

/**
 * A BG/NBD model with static covariates (CLVTools' parameterization). `params` are those of a
 * customer whose design row is all zeros (every categorical covariate at its reference level,
 * every numeric one at 0). A plain JSON-serializable object.
 */
export interface BetaGeoCovariatesModel {
  readonly kind: 'betaGeoCovariates';
  readonly version: number;
  readonly spec: z.output<typeof betaGeoCovariatesSpecSchema>;
  readonly params: BetaGeoParams;
  /** The covariates as encoded: numeric, or categorical with the reference level first and the others in `terms` order. */
  readonly covariates: readonly FittedCovariate[];
  /** Names of the linear predictor's terms: a numeric covariate's column, or `column=level` per non-reference level. */
  readonly terms: readonly string[];
  readonly coefficients: CovariateCoefficients;
  /**
   * From the inverse observed information over φ = (ln r, ln α, ln a, ln b, γ): the positive
   * parameters' by the delta method on the log scale (θ·√(I⁻¹)ᵢᵢ), the coefficients' plainly (√(I⁻¹)ᵢᵢ).
   * With regularization, the information includes the penalty's 2nλ. Null if not positive definite.
   */
  readonly standardErrors: (BetaGeoParams & { readonly coefficients: CovariateCoefficients }) | null;
  readonly fitted: ModelFit<{
    /** ℓ at the optimum, without the penalty. */
    readonly logLikelihood: number;
    /** ℓ − n·(λ_p‖γ_p‖² + λ_d‖γ_d‖²), the maximized objective (= logLikelihood without regularization). */
    readonly penalizedLogLikelihood: number;
    /** 2k − 2ℓ and k·ln n − 2ℓ, k = 4 + coefficients. */
    readonly aic: number;
    readonly bic: number;
    /** ‖∂ℓ_penalized/∂φ‖ at the optimum. */
    readonly gradientNorm: number;
    readonly hessianPositiveDefinite: boolean;
    /** Distinct (covariate values, x, t_x, T) rows the likelihood was evaluated on. */
    readonly groups: number;
    /** Distinct covariate patterns (design rows). */
    readonly patterns: number;
    /** The covariate-free BG/NBD fitted on the same customers (the start of the covariate fit). */
    readonly withoutCovariates: { readonly params: BetaGeoParams; readonly logLikelihood: number; readonly groups: number };
    /** Likelihood-ratio test of the covariates against `withoutCovariates`: 2(ℓ − ℓ₀) ~ χ²(coefficients); null with regularization (not a likelihood ratio). */
    readonly likelihoodRatio: { readonly statistic: number; readonly degreesOfFreedom: number; readonly pValue: number } | null;
    readonly iterations: number;
    readonly newtonSteps: number;
  }>;
}

/**
 * Fit the BG/NBD model with static (time-invariant) customer covariates by maximum likelihood, in
 * CLVTools' parameterization (`latentAttrition(~ bgnbd(), static covariates)`; Bachmann, Meierer &
 * Näf 2021; Fader & Hardie 2007, note 019): customer i with covariates z_i has
 * α_i = α·exp(−γ_purchase'z_i) — so E[λ_i] = r/α_i and the purchase rate scales by
 * exp(γ_purchase'z_i) — and a_i = a·exp(γ_dropout'z_i), b_i = b·exp(γ_dropout'z_i); r is common.
 * With `covariates.shared` one γ serves both processes. Numeric covariates enter as they are;
 * categorical ones are one-hot encoded against a reference level (the spec's, or the first
 * level in sorted order: numbers ascending, then strings), the levels listed in `model.covariates`
 * and the coefficients named in `model.terms` (`column=level`). With `covariates.regularization`
 * the fit maximizes ℓ − n·(λ_p‖γ_p‖² + λ_d‖γ_d‖²), CLVTools' scale (its objective is
 * −ℓ/n + λ‖γ‖²); shared coefficients get (λ_p + λ_d).
 *
 * Method: the covariate-free BG/NBD is fitted first on the same customers (as `fitBetaGeo`,
 * reported in `fitted.diagnostics.withoutCovariates`), and the covariate fit starts from it with
 * γ = 0. Customers are grouped exactly by (covariate values, x, t_x, T); each distinct covariate
 * pattern is a covariate-free BG/NBD likelihood at its own (r, α_i, a_i, b_i), with the analytic
 * gradient and Hessian (digamma and trigamma terms), carried to (ln r, ln α, ln a, ln b, γ) by the
 * chain rule (the map is linear). BFGS, then Newton steps on the analytic Hessian; the optimum is
 * certified (gradient below 1e-6 per customer, negative-definite Hessian) or the fit throws
 * `not_converged`. A categorical covariate of L levels multiplies the distinct histories by at
 * most L (CDNOW, 23,570 customers to 1997-09-30: 8,685 distinct histories, 9,158 groups with a 2-level covariate, 9,358 with a 3-level one);
 * a continuous covariate makes nearly every customer a pattern of its own (correct, but slower).
 *
 * @throws {CustomerValueError} `invalid_spec` (a reference level not in the data, a column listed
 *   twice); `missing_column`; `invalid_value` (as `fitBetaGeo`, a non-finite numeric covariate, a
 *   constant covariate); `too_few_rows`; `not_converged`.
 * @example
 * // CDNOW (calibration to 1997-09-30) with the acquisition cohort as a covariate: customers
 * // acquired in January 1997 against those acquired later (the reference level)
 * const log = await readCsvFile('examples/data/cdnow_master.csv');
 * const summary = summarizeTransactions(log.columns, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-09-30', timeUnit: 'week' });
 * const cohort = Array.from(summary.firstPurchase, (day) => (toIsoDate(day) < '1997-02-01' ? 'january' : 'later'));
 * const model = fitBetaGeoWithCovariates({ ...summary, cohort }, { timeUnit: 'week', covariates: { columns: [{ column: 'cohort', categorical: true, reference: 'later' }] } });
 * model.terms; // => ['cohort=january']
 * model.covariates[0].levels; // => ['later', 'january']
 * model.fitted.diagnostics.likelihoodRatio.degreesOfFreedom; // => 2
 * [model.fitted.n, model.fitted.diagnostics.withoutCovariates.groups]; // => [23570, 8685]
 */
export function fitBetaGeoWithCovariates(summary: TableInput, spec: BetaGeoCovariatesSpec): BetaGeoCovariatesModel {
  const s = parseSpec(betaGeoCovariatesSpecSchema, spec, FN);
  const design = readCovariatesForFit(summary, FN, s.covariates, s.missing);
  const read = readPurchaseSummary(summary, FN, s.columns, s.timeUnit, s.missing, { minimumRows: 2, counts: true });
  const { skip, n, skipped } = keptCustomers(FN, design, read);

  // The covariate-free BG/NBD on the same customers: the start, and the likelihood-ratio test's null.
  const pooled = prepareBetaGeoData(read.x, read.tx, read.T, skip, read.count);
  let repeaters = 0;
  let purchases = 0;
  let exposure = 0;
  for (let g = 0; g < pooled.x.length; g++) {
    if (pooled.x[g] > 0) repeaters += pooled.weight[g];
    purchases += pooled.weight[g] * pooled.x[g];
    exposure += pooled.weight[g] * pooled.T[g];
  }
  const baseSpec = { timeUnit: s.timeUnit, columns: s.columns, missing: s.missing, maxIterations: s.maxIterations, starts: s.starts };
  const base = runSteps(
    betaGeoFitSteps(FN, baseSpec, { n, skipped, groups: pooled.x.length, repeaters, purchases, exposure, customers: [n, n], screening: false }),
    [0, 1].map(
      () => (params: Float64Array, gradient: Float64Array | null, hessian: Float64Array | null) => betaGeoLogLikelihood(params, pooled, gradient, hessian),
    ),
  );

  const layout = twoProcessLayout(betaGeoCovariateLayout, design.terms.length, s.covariates);
  const data = prepareBetaGeoCovariateData(design.columns, read.x, read.tx, read.T, skip, read.count);
  const { r, alpha, a, b } = base.params;
  const fit = fitFromCovariateFree(
    FN,
    (phi, gradient, hessian) => betaGeoCovariateLogLikelihood(phi, layout, data, gradient, hessian),
    [r, alpha, a, b],
    coefficientPenalties(layout),
    n,
    s.maxIterations,
    'check that no covariate is (nearly) a copy of another or of a constant; a level with few customers may not identify its coefficient: merge rare levels or add covariates.regularization; raise maxIterations',
  );
  return twoProcessCovariatesModel(
    {
      kind: 'betaGeoCovariates',
      spec: s,
      names: ['r', 'alpha', 'a', 'b'],
      design,
      layout,
      n,
      skipped,
      warnings: (theta) =>
        theta[2] > 1e4 || theta[3] > 1e4
          ? [`a = ${theta[2].toPrecision(4)}, b = ${theta[3].toPrecision(4)}: the dropout process is barely identified (almost no one appears to drop out)`]
          : [],
      groups: data.groups,
      patterns: data.patterns.length,
      base: {
        params: base.params,
        logLikelihood: base.fitted.diagnostics.logLikelihood,
        groups: pooled.x.length,
        iterations: base.fitted.diagnostics.iterations,
      },
    },
    fit,
  );
}
