import { assertRetentionModel } from './contractualSurvival.js';
import type { RetentionPeriodUnit } from './cohortSurvivorsSpec.js';
import { residualLifetimeSums, type ResidualLifetimeOptions } from './residualLifetimeSums.js';

const FN = 'retentionElasticity';

/** A retention elasticity, with the discounting it was taken under. */
export interface RetentionElasticity {
  /** % change in DERL per 1% increase in every future retention rate (point elasticity). */
  readonly value: number;
  readonly periodUnit: RetentionPeriodUnit;
  readonly discountRatePerPeriod: number;
  readonly renewals: number;
}

/**
 * Retention elasticity (Fader & Hardie 2010, "Customer-base valuation in a contractual setting",
 * Marketing Science 29(1)): the percentage change in a customer's discounted expected residual
 * lifetime (`discountedExpectedResidualLifetime`) for a 1% increase in every future retention
 * rate, as a point elasticity: scaling each retention rate by (1 + ε) multiplies the term t of
 * DERL by (1 + ε)^(t − n + 1), so
 *   η = ∂ ln DERL / ∂ ln(1 + ε) at ε = 0 = Σ_{k≥0} (k + 1)·a_k / Σ_{k≥0} a_k,
 * a_k = S(n + k)/S(n − 1)·(1 + d)^−k; for the sBG, ₂F₁(2, β + n; α + β + n; 1/(1 + d)) /
 * ₂F₁(1, β + n; α + β + n; 1/(1 + d)). Summed term by term (remainder below 1e-13 of each sum).
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` (a rate not > 0, or below 1e-4 per model period).
 * @example
 * const table = await readCsvFile('examples/data/fader_hardie_2007_retention.csv');
 * const model = fitShiftedBetaGeometric(table.columns, { periodUnit: 'year', columns: { period: 'year', survivors: 'regular' } });
 * const elasticity = retentionElasticity(model, { discountRate: 0.1, discountRateUnit: 'year' });
 * elasticity.value > 1; // => true
 */
export function retentionElasticity(model: unknown, options: ResidualLifetimeOptions): RetentionElasticity {
  const fitted = assertRetentionModel(model, FN);
  const sums = residualLifetimeSums(fitted, options, FN);
  return { value: sums.weighted / sums.derl, periodUnit: fitted.spec.periodUnit, discountRatePerPeriod: sums.discountRatePerPeriod, renewals: sums.renewals };
}
