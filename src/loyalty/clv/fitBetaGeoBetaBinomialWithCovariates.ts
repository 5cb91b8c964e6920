import type * as z from 'zod/mini';
import { parseSpec } from '../../internal/parseSpec.js';
import { readCovariatesForFit } from '../../internal/staticCovariateDesign.js';
import type { TableInput } from '../../io/tableInput.js';
import type { ModelFit } from '../../model/modelFit.js';
import {
  betaGeoBetaBinomialCovariateLayout,
  betaGeoBetaBinomialCovariateLogLikelihood,
  prepareBetaGeoBetaBinomialCovariateData,
} from './betaGeoBetaBinomialCovariatesLikelihood.js';
import { betaGeoBetaBinomialCovariatesSpecSchema, type BetaGeoBetaBinomialCovariatesSpec } from './betaGeoBetaBinomialCovariatesSpec.js';
import { groupDiscreteHistories } from './betaGeoBetaBinomialLikelihood.js';
import { readDiscreteHistories } from './discreteHistories.js';
import { fitGroupedBetaGeoBetaBinomial, type BetaGeoBetaBinomialParams } from './fitBetaGeoBetaBinomial.js';
import type { CovariateCoefficients } from './fitBetaGeoWithCovariates.js';
import { coefficientPenalties, fitFromCovariateFree, keptCustomers, twoProcessCovariatesModel, twoProcessLayout } from './staticCovariateFit.js';
import type { FittedCovariate } from './staticCovariatesSpec.js';

const FN = 'fitBetaGeoBetaBinomialWithCovariates';

/**
 * A BG/BB model with static covariates. `params` are those of a customer whose design row is all
 * zeros (every categorical covariate at its reference level, every numeric one at 0);
 * `coefficients.purchase` moves α (α_i = α·e^(γ_p·z)) and `coefficients.dropout` moves γ
 * (γ_i = γ·e^(γ_d·z)). A plain JSON-serializable object, parallel to `betaGeoCovariates`.
 */
export interface BetaGeoBetaBinomialCovariatesModel {
  readonly kind: 'betaGeoBetaBinomialCovariates';
  readonly version: number;
  readonly spec: z.output<typeof betaGeoBetaBinomialCovariatesSpecSchema>;
  readonly params: BetaGeoBetaBinomialParams;
  /** The covariates as encoded: numeric, or categorical with the reference level first and the others in `terms` order. */
  readonly covariates: readonly FittedCovariate[];
  /** Names of the linear predictor's terms: a numeric covariate's column, or `column=level` per non-reference level. */
  readonly terms: readonly string[];
  /** γ_purchase (α_i = α·e^(γ_purchase·z)) and γ_dropout (γ_i = γ·e^(γ_dropout·z)), aligned with `terms` (shared: the same values twice). */
  readonly coefficients: CovariateCoefficients;
  /**
   * From the inverse observed information over φ = (ln α, ln β, ln γ, ln δ, γ_p, γ_d): the
   * positive parameters' by the delta method on the log scale (θ·√(I⁻¹)ᵢᵢ), the coefficients'
   * plainly (√(I⁻¹)ᵢᵢ). With regularization, the information includes the penalty's 2nλ.
   */
  readonly standardErrors: (BetaGeoBetaBinomialParams & { readonly coefficients: CovariateCoefficients }) | null;
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
    /** Distinct (covariate values, x, t_x, n) rows the likelihood was evaluated on. */
    readonly groups: number;
    /** Distinct covariate patterns (design rows). */
    readonly patterns: number;
    /** The covariate-free BG/BB fitted on the same customers (`fitBetaGeoBetaBinomial`'s fit; the start of the covariate fit). */
    readonly withoutCovariates: { readonly params: BetaGeoBetaBinomialParams; readonly logLikelihood: number; readonly groups: number };
    /** Likelihood-ratio test of the covariates against `withoutCovariates`: 2(ℓ − ℓ₀) ~ χ²(coefficients); null with regularization (not a likelihood ratio). */
    readonly likelihoodRatio: { readonly statistic: number; readonly degreesOfFreedom: number; readonly pValue: number } | null;
    readonly iterations: number;
    readonly newtonSteps: number;
  }>;
}

/**
 * Fit the BG/BB model of discrete-time noncontractual purchasing (Fader, Hardie & Shang 2010)
 * with static (time-invariant) customer covariates by maximum likelihood. None of the reference
 * implementations has this model (CLVTools #3, PyMC-Marketing #1406), and no paper gives a BG/BB
 * covariate form; this one is written in the spirit of CLVTools' static covariates and of Fader &
 * Hardie's note 019 (a mixing distribution's shape parameter scaled by exp(γ'z), so that each
 * covariate pattern is the covariate-free model at its own parameters and the likelihood stays
 * closed form): customer i with covariates z_i has transaction probability p ~ Beta(α_i, β) and
 * dropout probability θ ~ Beta(γ_i, δ) with
 *   α_i = α·exp(γ_purchase'z_i),   γ_i = γ·exp(γ_dropout'z_i);   β and δ common.
 * Interpretation: e^(γ_purchase) multiplies the odds α_i/β of the mean transaction probability
 * E[p] = α_i/(α_i + β), so a positive purchase coefficient means more transactions per
 * opportunity; e^(γ_dropout) multiplies the odds γ_i/δ of the mean dropout probability, so a
 * positive dropout coefficient means customers leave sooner (the same signs as CLVTools' BG/NBD
 * and Pareto/NBD: positive = more purchasing, positive = more dropout). Scaling one shape only
 * moves the mean; scaling both shapes of a beta by one factor (as CLVTools does for BG/NBD's a
 * and b) would leave the mean unchanged and move only its spread, which is harder to read. With
 * `covariates.shared` one γ serves both processes. Covariates are encoded as in
 * `fitBetaGeoWithCovariates` (numeric as they are; categorical one-hot against a reference
 * level); with `covariates.regularization` the fit maximizes ℓ − n·(λ_p‖γ_p‖² + λ_d‖γ_d‖²)
 * (CLVTools' scale; shared coefficients get λ_p + λ_d).
 *
 * Method: `fitBetaGeoBetaBinomial`'s fit on the same customers first (in
 * `fitted.diagnostics.withoutCovariates`), then the covariate fit from it with γ = 0. Customers are
 * grouped exactly by (covariate values, x, t_x, n); each pattern is the covariate-free BG/BB
 * likelihood (FHS 2010 eq. 5, log-sum-exp over beta-function ratios) with its analytic gradient
 * and Hessian, carried to (ln α, ln β, ln γ, ln δ, γ) by the chain rule. BFGS, then Newton steps;
 * certified (gradient below 1e-6 per customer, negative-definite Hessian) or `not_converged`.
 * Predict with `betaGeoBetaBinomialCovariatePredictions` and `newCustomerExpectedPurchases`.
 *
 * @throws {CustomerValueError} `invalid_spec` (a reference level not in the data, a column listed
 *   twice); `missing_column`; `invalid_value` (histories as `fitBetaGeoBetaBinomial`, a non-finite
 *   numeric covariate, a constant covariate, naming the row); `too_few_rows`; `not_converged`.
 * @example
 * // Fader, Hardie & Shang's 11,104 donors (six annual opportunities), as if they had come from two
 * // mailing lists with the same histories: the list carries no information, its coefficients are
 * // 0 and the parameters are those of fitBetaGeoBetaBinomial
 * const { frequency, recency, periods, weights } = (await readCsvFile('examples/data/bgbb_donations_summary.csv')).columns;
 * const twice = (column) => [...column, ...column];
 * const lists = { frequency: twice(frequency), recency: twice(recency), periods: twice(periods), weights: twice(weights), list: [...Array.from(frequency, () => 'A'), ...Array.from(frequency, () => 'B')] };
 * const model = fitBetaGeoBetaBinomialWithCovariates(lists, { periodUnit: 'year', columns: { count: 'weights' }, covariates: { columns: [{ column: 'list', categorical: true }] } });
 * model.terms; // => ['list=B']
 * [...model.coefficients.purchase, ...model.coefficients.dropout].map((v) => Math.abs(v) < 1e-6); // => [true, true]
 * Object.values(model.params).map((v) => Number(v.toFixed(3))); // => [1.204, 0.75, 0.657, 2.783]
 * [model.fitted.n, model.fitted.diagnostics.groups, model.fitted.diagnostics.patterns]; // => [22208, 44, 2]
 */
export function fitBetaGeoBetaBinomialWithCovariates(table: TableInput, spec: BetaGeoBetaBinomialCovariatesSpec): BetaGeoBetaBinomialCovariatesModel {
  const s = parseSpec(betaGeoBetaBinomialCovariatesSpecSchema, spec, FN);
  const design = readCovariatesForFit(table, FN, s.covariates, s.missing);
  const read = readDiscreteHistories(table, FN, s.columns, s.missing, true);
  const { skip, n, skipped } = keptCustomers(FN, design, read);

  // The covariate-free BG/BB on the same customers: the start, and the likelihood-ratio test's null.
  const pooled = groupDiscreteHistories(read.x, read.tx, read.n, read.count, skip);
  const base = fitGroupedBetaGeoBetaBinomial(FN, pooled, n, s.maxIterations);
  const [alpha0, beta0, gamma0, delta0] = base.theta;

  const layout = twoProcessLayout(betaGeoBetaBinomialCovariateLayout, design.terms.length, s.covariates);
  const data = prepareBetaGeoBetaBinomialCovariateData(design.columns, read.x, read.tx, read.n, skip, read.count);
  const fit = fitFromCovariateFree(
    FN,
    (phi, gradient, hessian) => betaGeoBetaBinomialCovariateLogLikelihood(phi, layout, data, gradient, hessian),
    [alpha0, beta0, gamma0, delta0],
    coefficientPenalties(layout),
    n,
    s.maxIterations,
    'check that no covariate is (nearly) a copy of another or of a constant; a level with few customers may not identify its coefficient: merge rare levels or add covariates.regularization; raise maxIterations',
  );
  return twoProcessCovariatesModel(
    {
      kind: 'betaGeoBetaBinomialCovariates',
      spec: s,
      names: ['alpha', 'beta', 'gamma', 'delta'],
      design,
      layout,
      n,
      skipped,
      warnings: () => [],
      groups: data.groups,
      patterns: data.patterns.length,
      base: {
        params: { alpha: alpha0, beta: beta0, gamma: gamma0, delta: delta0 },
        logLikelihood: base.logLikelihood,
        groups: pooled.n.length,
        iterations: base.iterations,
      },
    },
    fit,
  );
}
