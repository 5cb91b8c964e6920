import type * as z from 'zod/mini';
import { parseSpec } from '../../internal/parseSpec.js';
import { refuseDiscreteSummary } from '../../internal/refuseDiscreteSummary.js';
import { readCovariatesForFit } from '../../internal/staticCovariateDesign.js';
import type { TableInput } from '../../io/tableInput.js';
import type { ModelFit } from '../../model/modelFit.js';
import { prepareBetaGeoData } from './betaGeoLikelihood.js';
import type { CovariateCoefficients } from './fitBetaGeoWithCovariates.js';
import { paretoNbdCovariateLayout, paretoNbdCovariateLogLikelihood, prepareParetoNbdCovariateData } from './paretoNbdCovariatesLikelihood.js';
import { paretoNbdCovariatesSpecSchema, type ParetoNbdCovariatesSpec } from './paretoNbdCovariatesSpec.js';
import { fitParetoNbdOptimum, PARETO_NBD_SHAPE_CAP } from './paretoNbdOptimum.js';
import type { ParetoNbdParams } from './paretoNbdSpec.js';
import { readPurchaseSummary } from './purchaseSummary.js';
import { coefficientPenalties, fitFromCovariateFree, keptCustomers, twoProcessCovariatesModel, twoProcessLayout } from './staticCovariateFit.js';
import type { FittedCovariate } from './staticCovariatesSpec.js';

const FN = 'fitParetoNbdWithCovariates';

/**
 * The largest s the fit takes: the shapes' cap shared with `fitParetoNbd` (the dropout rates'
 * coefficient of variation within a covariate pattern, 1/√s, is then 3%). On some data ℓ keeps
 * rising as s and β grow together (s/β fixed): its supremum is the limit where the dropout rate has
 * no heterogeneity beyond the covariates, and there is no interior maximum to certify (before
 * session 34 the search followed that ridge to the 1e6 domain edge, each evaluation slower, and
 * refused after minutes). The fit then stops at s = 1,000, fits the other parameters there and
 * certifies that constrained maximum; ℓ at the limit exceeds it by about ∂ℓ/∂ln s there
 * (ℓ(s) = ℓ(∞) − c/s + O(1/s²)), stated in the warning.
 */
const MAX_S = PARETO_NBD_SHAPE_CAP;

/**
 * A Pareto/NBD model with static covariates (CLVTools' parameterization). `params` are those of a
 * customer whose design row is all zeros (every categorical covariate at its reference level,
 * every numeric one at 0). The same shape as `BetaGeoCovariatesModel`; a plain JSON-serializable object.
 */
export interface ParetoNbdCovariatesModel {
  readonly kind: 'paretoNbdCovariates';
  readonly version: number;
  readonly spec: z.output<typeof paretoNbdCovariatesSpecSchema>;
  readonly params: ParetoNbdParams;
  /** The covariates as encoded: numeric, or categorical with the reference level first and the others in `terms` order. */
  readonly covariates: readonly FittedCovariate[];
  /** Names of the linear predictor's terms: a numeric covariate's column, or `column=level` per non-reference level. */
  readonly terms: readonly string[];
  /**
   * γ_purchase: the purchase rate scales by exp(γ_purchase·z) (α_i = α·e^(−γ_purchase·z));
   * γ_dropout: the dropout rate scales by exp(γ_dropout·z) (β_i = β·e^(−γ_dropout·z)), so a positive
   * dropout coefficient means customers who leave sooner.
   */
  readonly coefficients: CovariateCoefficients;
  /**
   * From the inverse observed information over φ = (ln r, ln α, ln s, ln β, γ): the positive
   * parameters' by the delta method on the log scale (θ·√(I⁻¹)ᵢᵢ), the coefficients' plainly (√(I⁻¹)ᵢᵢ).
   * With regularization, the information includes the penalty's 2nλ. With s held at its cap
   * (`fitted.diagnostics.heldAtCap`), s and β have none (null), as in `fitParetoNbd`: only s/β is
   * identified.
   */
  readonly standardErrors: {
    readonly r: number;
    readonly alpha: number;
    readonly s: number | null;
    readonly beta: number | null;
    readonly coefficients: CovariateCoefficients;
  } | null;
  readonly fitted: ModelFit<{
    /** ℓ at the optimum, without the penalty. */
    readonly logLikelihood: number;
    /** ℓ − n·(λ_p‖γ_p‖² + λ_d‖γ_d‖²), the maximized objective (= logLikelihood without regularization). */
    readonly penalizedLogLikelihood: number;
    /** 2k − 2ℓ and k·ln n − 2ℓ, k = 4 + coefficients. */
    readonly aic: number;
    readonly bic: number;
    /** ‖∂ℓ_penalized/∂φ‖ at the optimum (with s at its cap, over the other coordinates). */
    readonly gradientNorm: number;
    /** The Hessian over φ is negative definite (always, unless s is at its cap: see the warnings). */
    readonly hessianPositiveDefinite: boolean;
    /** Distinct (covariate values, x, t_x, T) rows the likelihood was evaluated on. */
    readonly groups: number;
    /** Distinct covariate patterns (design rows). */
    readonly patterns: number;
    /** The covariate-free Pareto/NBD fitted on the same customers (the start of the covariate fit). */
    readonly withoutCovariates: { readonly params: ParetoNbdParams; readonly logLikelihood: number; readonly groups: number };
    /** Likelihood-ratio test of the covariates against `withoutCovariates`: 2(ℓ − ℓ₀) ~ χ²(coefficients); null with regularization (not a likelihood ratio). */
    readonly likelihoodRatio: { readonly statistic: number; readonly degreesOfFreedom: number; readonly pValue: number } | null;
    readonly iterations: number;
    readonly newtonSteps: number;
    /**
     * s held at its cap of 1,000 (the log-likelihood still rising towards s, β → ∞ with s/β fixed,
     * by about `slope` per unit of ln s): s and β are not identified separately, and
     * `clvParameterDraws` refuses the model. Empty when the maximum is interior; absent on models
     * fitted before the covariate fit reported it.
     */
    readonly heldAtCap?: readonly { readonly parameter: 's'; readonly slope: number }[];
  }>;
}

/**
 * Fit the Pareto/NBD model with static (time-invariant) customer covariates by maximum likelihood,
 * in CLVTools' parameterization (`pnbd(clv.data.static.covariates)`; Bachmann, Meierer & Näf
 * 2021; Fader & Hardie 2005 note, eq. 19): customer i with covariates z_i has
 * α_i = α·exp(−γ_purchase'z_i) and β_i = β·exp(−γ_dropout'z_i), r and s common — so the mean
 * purchase rate r/α_i scales by exp(γ_purchase'z_i) and the mean dropout rate s/β_i by
 * exp(γ_dropout'z_i). The sign convention was checked against CLVTools' source (src/pnbd.cpp:
 * `pnbd_staticcov_alpha_i` = α₀·exp(−Z_trans·γ_trans), `pnbd_staticcov_beta_i` =
 * β₀·exp(−Z_life·γ_life), both used by `pnbd_staticcov_LL_ind`); note that BG/NBD's dropout link
 * (`fitBetaGeoWithCovariates`: a_i, b_i = ·e^(+γ_d·z)) has the other sign, as in CLVTools.
 * With `covariates.shared` one γ serves both processes (CLVTools `names.cov.constr`). The
 * covariates are encoded as for `fitBetaGeoWithCovariates` (numeric as they are; categorical
 * one-hot against a reference level, terms named `column=level`). With `covariates.regularization`
 * the fit maximizes ℓ − n·(λ_p‖γ_p‖² + λ_d‖γ_d‖²), CLVTools' scale (its objective is −ℓ/n + λ‖γ‖²);
 * shared coefficients get (λ_p + λ_d).
 *
 * Method: the covariate-free Pareto/NBD is fitted first on the same customers (as `fitParetoNbd`,
 * reported in `fitted.diagnostics.withoutCovariates`), and the covariate fit starts from it with
 * γ = 0. Customers are grouped exactly by (covariate values, x, t_x, T); each distinct covariate
 * pattern is a covariate-free Pareto/NBD likelihood at its own (r, α_i, s, β_i) with the analytic
 * gradient and Hessian of `fitParetoNbd` (Euler-transformed hypergeometric series), carried to
 * (ln r, ln α, ln s, ln β, γ) by the chain rule (the map is linear). BFGS, then Newton steps on the
 * analytic Hessian; the optimum is certified (gradient below 1e-6 per customer, negative-definite
 * Hessian) or the fit throws `not_converged`. Where ℓ has no interior maximum because it keeps rising
 * as s, β → ∞ together (no dropout heterogeneity beyond the covariates), s stops at 1,000: the other
 * parameters are fitted and certified there, and a warning gives the rise still left (about
 * ∂ℓ/∂ln s at the cap; 0.0015 on the contract test's seed-3 customers, which a scipy fit of the
 * limit confirms). A categorical covariate of L levels multiplies the
 * distinct histories by at most L (CDNOW to 1997-09-30: 8,685 distinct histories, 9,158 groups with
 * a 2-level covariate).
 *
 * @throws {CustomerValueError} `invalid_spec` (a reference level not in the data, a column listed
 *   twice); `missing_column`; `invalid_value` (as `fitParetoNbd`, a non-finite numeric covariate, a
 *   constant covariate); `too_few_rows`; `not_converged`.
 * @example
 * // CDNOW 1/10 sample (BTYD's cdnowSummary$cbs, weeks 1–39) with a covariate that carries no
 * // information (the row's parity): the likelihood-ratio test does not reject the covariate-free model
 * const summary = (await readCsvFile('test/fixtures/loyalty/cdnow_btyd_cbs.csv')).columns;
 * const parity = Array.from(summary.x, (_, i) => (i % 2 === 1 ? 'odd' : 'even'));
 * const model = fitParetoNbdWithCovariates({ ...summary, parity }, { timeUnit: 'week', columns: { frequency: 'x', recency: 't_x', T: 'T_cal' }, covariates: { columns: [{ column: 'parity', categorical: true }] } });
 * model.terms; // => ['parity=odd']
 * model.fitted.diagnostics.likelihoodRatio.degreesOfFreedom; // => 2
 * model.fitted.diagnostics.likelihoodRatio.pValue > 0.1; // => true
 * // without covariates: Fader & Hardie's published LL −9594.98
 * Math.round(model.fitted.diagnostics.withoutCovariates.logLikelihood * 100) / 100; // => -9594.98
 */
export function fitParetoNbdWithCovariates(summary: TableInput, spec: ParetoNbdCovariatesSpec): ParetoNbdCovariatesModel {
  const s = parseSpec(paretoNbdCovariatesSpecSchema, spec, FN);
  refuseDiscreteSummary(FN, 'Pareto/NBD', summary, s.columns.T);
  const design = readCovariatesForFit(summary, FN, s.covariates, s.missing);
  const read = readPurchaseSummary(summary, FN, s.columns, s.timeUnit, s.missing, { minimumRows: 2, counts: true });
  const { skip, n, skipped } = keptCustomers(FN, design, read);

  // The covariate-free Pareto/NBD on the same customers: the start, and the likelihood-ratio test's null.
  const pooled = prepareBetaGeoData(read.x, read.tx, read.T, skip, read.count);
  const base = fitParetoNbdOptimum(
    FN,
    { timeUnit: s.timeUnit, columns: s.columns, missing: s.missing, maxIterations: s.maxIterations, starts: s.starts },
    pooled,
  );

  const layout = twoProcessLayout(paretoNbdCovariateLayout, design.terms.length, s.covariates);
  const data = prepareParetoNbdCovariateData(design.columns, read.x, read.tx, read.T, skip, read.count);
  const { r, alpha, s: shape, beta } = base.params;
  const fit = fitFromCovariateFree(
    FN,
    (phi, gradient, hessian) => paretoNbdCovariateLogLikelihood(phi, layout, data, gradient, hessian),
    [r, alpha, shape, beta],
    coefficientPenalties(layout),
    n,
    s.maxIterations,
    'check that no covariate is (nearly) a copy of another or of a constant; a level with few customers may not identify its coefficient: merge rare levels or add covariates.regularization; with almost no dropout s and β may not be identified (try fitBetaGeoWithCovariates); raise maxIterations',
    { index: 2, max: Math.log(MAX_S), along: [3] },
  );
  // The shared builder reads the rest of the cap (standard errors, the certificate); the warning about s is this model's.
  const capWarnings =
    fit.capped === null
      ? []
      : [
          `s reached its cap ${MAX_S} with the log-likelihood still rising (by about ${fit.capped.slope.toPrecision(2)} more as s, β → ∞ with s/β fixed): the dropout rates show no heterogeneity beyond the covariates; s and β are not identified separately, s/β is`,
        ];
  const model = twoProcessCovariatesModel(
    {
      kind: 'paretoNbdCovariates',
      spec: s,
      names: ['r', 'alpha', 's', 'beta'],
      design,
      layout,
      n,
      skipped,
      warnings: () => capWarnings,
      groups: data.groups,
      patterns: data.patterns.length,
      base: { params: base.params, logLikelihood: base.logLikelihood, groups: pooled.x.length, iterations: base.iterations },
    },
    fit,
  );
  // as fitParetoNbd reports a shape held at its cap, so that clvParameterDraws can refuse it
  const heldAtCap = fit.capped === null ? [] : [{ parameter: 's' as const, slope: fit.capped.slope }];
  // s and β held on the ridge are not estimated separately: no standard errors (those of the whole information there would read as estimates)
  const se = model.standardErrors;
  const standardErrors = se === null || fit.capped === null ? se : { ...se, s: null, beta: null };
  return { ...model, standardErrors, fitted: { ...model.fitted, diagnostics: { ...model.fitted.diagnostics, heldAtCap } } };
}
