import { CustomerValueError, describeValue } from '../../errors.js';
import { canonicalGroups } from '../../internal/canonicalGroups.js';
import { IssueList } from '../../internal/issueList.js';
import { MODEL_VERSION } from '../../internal/modelVersion.js';
import { runSteps } from '../../internal/optimizationSteps.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { readCovariatesForFit } from '../../internal/staticCovariateDesign.js';
import type { TableInput } from '../../io/tableInput.js';
import type { ModelFit } from '../../model/modelFit.js';
import type { GammaGammaParams } from './fitGammaGamma.js';
import { gammaGammaCovariateLogLikelihood, prepareGammaGammaCovariateData } from './gammaGammaCovariatesLikelihood.js';
import { gammaGammaCovariatesSpecSchema, type GammaGammaCovariatesSpec, type GammaGammaCovariatesSpecOutput } from './gammaGammaCovariatesSpec.js';
import { gammaGammaFitSteps } from './gammaGammaFitSteps.js';
import { gammaGammaLogLikelihood, prepareGammaGammaData } from './gammaGammaLikelihood.js';
import { readPurchaseSummary } from './purchaseSummary.js';
import { fitFromCovariateFree, likelihoodRatioTest } from './staticCovariateFit.js';
import type { FittedCovariate } from './staticCovariatesSpec.js';

const FN = 'fitGammaGammaWithCovariates';

/**
 * A Gamma-Gamma spend model with static covariates. `params` are those of a customer whose design
 * row is all zeros (every categorical covariate at its reference level, every numeric one at 0);
 * customer i has γ_i = γ·exp(β'z_i). A plain JSON-serializable object.
 */
export interface GammaGammaCovariatesModel {
  readonly kind: 'gammaGammaCovariates';
  readonly version: number;
  readonly spec: GammaGammaCovariatesSpecOutput;
  readonly params: GammaGammaParams;
  /** The covariates as encoded: numeric, or categorical with the reference level first and the others in `terms` order. */
  readonly covariates: readonly FittedCovariate[];
  /** Names of the linear predictor's terms: a numeric covariate's column, or `column=level` per non-reference level. */
  readonly terms: readonly string[];
  /** β, aligned with `terms`: the expected spend of a customer scales by exp(β'z). */
  readonly coefficients: readonly number[];
  /**
   * From the inverse observed information over φ = (ln p, ln q, ln γ, β): the positive parameters'
   * by the delta method on the log scale (θ·√(I⁻¹)ᵢᵢ), the coefficients' plainly (√(I⁻¹)ᵢᵢ). With
   * regularization, the information includes the penalty's 2nλ.
   */
  readonly standardErrors: GammaGammaParams & { readonly coefficients: readonly number[] };
  /** Expected mean transaction value of a new customer at the reference (z = 0), p·γ/(q − 1) (null when q ≤ 1). */
  readonly populationMeanSpend: number | null;
  /** `n`: repeat customers the model was fitted on (frequency > 0). */
  readonly fitted: ModelFit<{
    /** ℓ at the optimum, without the penalty. */
    readonly logLikelihood: number;
    /** ℓ − n·λ·‖β‖², the maximized objective (= logLikelihood without regularization). */
    readonly penalizedLogLikelihood: number;
    /** 2k − 2ℓ and k·ln n − 2ℓ, k = 3 + coefficients. */
    readonly aic: number;
    readonly bic: number;
    /** ‖∂ℓ_penalized/∂φ‖ at the optimum. */
    readonly gradientNorm: number;
    /** Customers left out because they made no repeat purchase. */
    readonly withoutRepeat: number;
    /** Repeat customers left out for a mean spend ≤ 0 (`nonPositiveSpend: 'exclude'`). */
    readonly nonPositiveExcluded: number;
    /** Distinct (covariate values, x, m̄) rows the likelihood was evaluated on. */
    readonly groups: number;
    /** Distinct covariate patterns (design rows) among the repeat customers. */
    readonly patterns: number;
    /** The covariate-free Gamma-Gamma fitted on the same customers (the start of the covariate fit). */
    readonly withoutCovariates: { readonly params: GammaGammaParams; readonly logLikelihood: number };
    /** Likelihood-ratio test against `withoutCovariates`: 2(ℓ − ℓ₀) ~ χ²(coefficients); null with regularization (not a likelihood ratio). */
    readonly likelihoodRatio: { readonly statistic: number; readonly degreesOfFreedom: number; readonly pValue: number } | null;
    readonly iterations: number;
    readonly newtonSteps: number;
  }>;
}

/**
 * Fit the Gamma-Gamma spend model with static (time-invariant) customer covariates by maximum
 * likelihood (Fader & Hardie, "Incorporating Covariates into the Gamma-Gamma Spend Model", note
 * 045, www.brucehardie.com/notes/045/): transaction values z ~ Gamma(p, ν_i) as in the plain model
 * (Fader & Hardie 2013, note 025), and ν_i ~ Gamma(q, γ_i) with the scale of the mixing
 * distribution depending on the covariates, γ_i = γ·exp(β'z_i); so E[ν_i] = q/γ_i and a customer's
 * expected mean transaction value p·γ_i/(q − 1) scales by exp(β'z_i) (β_j is the log of the spend
 * ratio per unit of term j). Each customer's likelihood is the covariate-free one at γ_i:
 *   ℓ_i = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q·ln γ_i + (px−1)·ln m̄ + px·ln x − (px+q)·ln(γ_i + x·m̄).
 * Numeric covariates enter as they are; categorical ones are one-hot encoded against a reference
 * level, exactly as in `fitBetaGeoWithCovariates` (the same reader and encoding). With
 * `covariates.regularization` λ the fit maximizes ℓ − n·λ·‖β‖² (CLVTools' scale).
 *
 * Method: the covariate-free Gamma-Gamma is fitted first on the same repeat customers (as
 * `fitGammaGamma`, reported in `fitted.diagnostics.withoutCovariates`); the covariate fit starts
 * there with β = 0. Customers are grouped exactly by (covariate values, x, m̄); the analytic
 * gradient and Hessian over (ln p, ln q, ln γ, β) (digamma and trigamma terms once per distinct
 * x); BFGS, then Newton steps; the optimum is certified (gradient below 1e-6 per customer,
 * negative-definite Hessian) or the fit throws `not_converged`. Customers with frequency 0 carry
 * no spend information and are left out (counted); so are their covariate values: a term that is
 * constant among the repeat customers is refused.
 * A categorical covariate of L levels multiplies the distinct (x, m̄) by at most L (CDNOW, 9,450
 * repeat customers to 1997-09-30: 6,037 distinct (x, m̄), 6,528 groups with a 2-level covariate,
 * 6,801 with a 3-level one): the mean spend is nearly continuous, so on large data the groups are
 * close to one per repeat customer with or without covariates.
 *
 * @throws {CustomerValueError} `invalid_spec` (a reference level not in the data, a column listed
 *   twice); `missing_column`; `invalid_value` (as `fitGammaGamma`, a non-finite numeric covariate,
 *   a covariate constant among the repeat customers); `too_few_rows`; `not_converged`.
 * @example
 * // Two tiers whose mean spend differs by a factor 2 (β = ln 2 ≈ 0.69)
 * const rows = [];
 * for (let i = 0; i < 400; i++) {
 *   const gold = i % 2 === 1;
 *   rows.push({ frequency: 1 + (i % 5), monetary: (gold ? 2 : 1) * (20 + ((i * 37) % 23)), tier: gold ? 'gold' : 'basic' });
 * }
 * const model = fitGammaGammaWithCovariates(rows, { covariates: { columns: [{ column: 'tier', categorical: true, reference: 'basic' }] } });
 * model.terms; // => ['tier=gold']
 * Math.round(model.coefficients[0] * 10) / 10; // => 0.7
 * model.fitted.diagnostics.likelihoodRatio.degreesOfFreedom; // => 1
 */
export function fitGammaGammaWithCovariates(summary: TableInput, spec: GammaGammaCovariatesSpec): GammaGammaCovariatesModel {
  const s = parseSpec(gammaGammaCovariatesSpecSchema, spec, FN);
  const design = readCovariatesForFit(summary, FN, { columns: s.covariates.columns, shared: false }, s.missing);
  const read = readPurchaseSummary(summary, FN, s.columns, null, s.missing, { monetary: true, history: false, minimumRows: 1, counts: true });
  const monetary = read.monetary!;
  const k = design.terms.length;
  // Repeat customers with positive spend, as fitGammaGamma; a row skipped for a missing covariate is skipped once.
  const rows: number[] = [];
  const issues = new IssueList();
  let skipped = 0;
  let withoutRepeat = 0;
  let nonPositive = 0;
  for (let i = 0; i < read.rowCount; i++) {
    if ((read.skip !== null && read.skip[i] === 1) || (design.skip !== null && design.skip[i] === 1)) {
      skipped += 1;
      continue;
    }
    const c = read.count === null ? 1 : read.count[i];
    if (read.x[i] === 0) {
      withoutRepeat += c;
      continue;
    }
    if (!(monetary[i] > 0)) {
      nonPositive += c;
      if (s.nonPositiveSpend === 'exclude') continue;
      issues.add({
        function: FN,
        column: s.columns.monetary,
        row: i,
        expected: 'a mean spend > 0 for a repeat customer',
        received: describeValue(monetary[i]),
        hint: "the Gamma-Gamma model needs positive spend: pass nonPositiveSpend: 'exclude' to leave such customers out (counted)",
      });
      continue;
    }
    rows.push(i);
  }
  issues.throwIfAny('invalid_value', FN, read.rowCount);
  const pick = (column: ArrayLike<number>) => Float64Array.from(rows, (i) => column[i]);
  const x = pick(read.x);
  const m = pick(monetary);
  const count = read.count === null ? null : pick(read.count);
  const z = design.columns.map(pick);
  let n = 0;
  for (let r = 0; r < rows.length; r++) n += count === null ? 1 : count[r];
  if (n < 3)
    throw new CustomerValueError('too_few_rows', `${FN}: needs at least 3 repeat customers, got ${n}`, [
      { function: FN, column: s.columns.frequency, expected: 'at least 3 customers with frequency > 0', received: String(n) },
    ]);
  z.forEach((column, j) => {
    if (column.every((v) => v === column[0]))
      issues.add({
        function: FN,
        column: design.terms[j],
        expected: 'a covariate term that varies between repeat customers (frequency > 0)',
        received: `every repeat customer has ${describeValue(column[0])}`,
        hint: 'only repeat customers inform the spend model: leave this covariate out, or merge a level held only by customers without repeat purchases',
      });
  });
  issues.throwIfAny('invalid_value', FN, read.rowCount);

  // The covariate-free Gamma-Gamma on the same customers: the start, and the likelihood-ratio test's null.
  const pooledGroups = canonicalGroups([x, m], x.length, null, count);
  const pooled = prepareGammaGammaData(pooledGroups.columns[0], pooledGroups.columns[1], pooledGroups.weights);
  let sumM = 0;
  for (let g = 0; g < pooled.x.length; g++) sumM += pooledGroups.weights[g] * pooled.m[g];
  const baseSpec = { columns: s.columns, missing: s.missing, nonPositiveSpend: s.nonPositiveSpend, maxIterations: s.maxIterations };
  const base = runSteps(
    gammaGammaFitSteps(FN, baseSpec, {
      n,
      skipped,
      withoutRepeat,
      nonPositiveExcluded: nonPositive,
      groups: pooled.x.length,
      meanSpend: sumM / n,
      frequencyMonetaryCorrelation: 0,
      customers: [n, n],
      screening: false,
    }),
    [0, 1].map(
      () => (params: Float64Array, gradient: Float64Array | null, hessian: Float64Array | null) => gammaGammaLogLikelihood(params, pooled, gradient, hessian),
    ),
  );

  const lambda = s.covariates.regularization ?? 0;
  const d = 3 + k;
  const data = prepareGammaGammaCovariateData(z, x, m, count);
  const { p: p0, q: q0, gamma: g0 } = base.params;
  const fit = fitFromCovariateFree(
    FN,
    (phi, gradient, hessian) => gammaGammaCovariateLogLikelihood(phi, lambda, data, gradient, hessian),
    [p0, q0, g0],
    new Array<number>(k).fill(lambda),
    n,
    s.maxIterations,
    'check that no covariate is (nearly) a copy of another or of a constant among the repeat customers; merge rare levels or add covariates.regularization; raise maxIterations',
  );
  const { phi, logLikelihood, penalized, gradientNorm, iterations } = fit;
  const sd = fit.standardErrors;
  const [p, q, gamma] = phi.slice(0, 3).map(Math.exp);
  const warnings: string[] = [];
  if (q <= 1) warnings.push(`q = ${q.toPrecision(4)} ≤ 1: the expected spend is infinite under this fit; conditional spend cannot be predicted`);
  return {
    kind: 'gammaGammaCovariates',
    version: MODEL_VERSION,
    spec: s,
    params: { p, q, gamma },
    covariates: design.covariates,
    terms: design.terms,
    coefficients: phi.slice(3),
    standardErrors: { p: p * sd[0], q: q * sd[1], gamma: gamma * sd[2], coefficients: sd.slice(3) },
    populationMeanSpend: q > 1 ? (p * gamma) / (q - 1) : null,
    fitted: {
      n,
      skipped,
      warnings,
      diagnostics: {
        logLikelihood,
        penalizedLogLikelihood: penalized,
        aic: 2 * d - 2 * logLikelihood,
        bic: d * Math.log(n) - 2 * logLikelihood,
        gradientNorm,
        withoutRepeat,
        nonPositiveExcluded: nonPositive,
        groups: data.groups,
        patterns: data.patterns,
        withoutCovariates: { params: base.params, logLikelihood: base.fitted.diagnostics.logLikelihood },
        likelihoodRatio: likelihoodRatioTest(logLikelihood, base.fitted.diagnostics.logLikelihood, k, lambda > 0),
        iterations: iterations + base.fitted.diagnostics.iterations,
        newtonSteps: fit.newtonSteps,
      },
    },
  };
}
