import { assertRetentionModel } from './contractualSurvival.js';
import type { RetentionPeriodUnit } from './cohortSurvivorsSpec.js';
import { residualLifetimeSums, type ResidualLifetimeOptions } from './residualLifetimeSums.js';

const FN = 'discountedExpectedResidualLifetime';

/** A discounted expected residual lifetime, with its units. */
export interface ResidualLifetime {
  /** Expected discounted number of payments still to come, the next one (at the coming renewal) undiscounted. */
  readonly value: number;
  /** The unit of one period (one payment): the model's `spec.periodUnit`. */
  readonly periodUnit: RetentionPeriodUnit;
  /** The discount rate per period used. */
  readonly discountRatePerPeriod: number;
  /** Renewals the customer had made. */
  readonly renewals: number;
}

/**
 * Discounted expected residual lifetime (DERL; Fader & Hardie 2010, "Customer-base valuation in a
 * contractual setting: the perils of ignoring heterogeneity", Marketing Science 29(1)) of a
 * customer who has made `renewals` renewals, evaluated at the end of their period n = renewals + 1
 * just before the next renewal decision: the expected number of payments still to come, each
 * discounted to now, the first (if they renew now) undiscounted,
 *   DERL = Σ_{t≥n} S(t)/S(n − 1) · (1 + d)^−(t − n).
 * Multiply by the margin per period for the customer's residual value. For the sBG this is
 * B(α, β + n)/B(α, β + n − 1) · ₂F₁(1, β + n; α + β + n; 1/(1 + d)); it is summed term by term
 * for any model, to a remainder bounded below 1e-13 of the sum. The rate is converted to the
 * model's period: (1 + d)^(period/unit) − 1, so 10% a year is 0.797% a month.
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` (a rate not > 0, or below 1e-4 per model period).
 * @example
 * const table = await readCsvFile('examples/data/fader_hardie_2007_retention.csv');
 * const model = fitShiftedBetaGeometric(table.columns, { periodUnit: 'year', columns: { period: 'year', survivors: 'regular' } });
 * const derl = discountedExpectedResidualLifetime(model, { discountRate: 0.1, discountRateUnit: 'year', renewals: 0 });
 * Number(derl.value.toFixed(2)); // => 2.96
 * derl.periodUnit; // => 'year'
 * // a customer who has renewed four times is likelier to stay: more payments ahead
 * discountedExpectedResidualLifetime(model, { discountRate: 0.1, discountRateUnit: 'year', renewals: 4 }).value > derl.value; // => true
 */
export function discountedExpectedResidualLifetime(model: unknown, options: ResidualLifetimeOptions): ResidualLifetime {
  const fitted = assertRetentionModel(model, FN);
  const sums = residualLifetimeSums(fitted, options, FN);
  return { value: sums.derl, periodUnit: fitted.spec.periodUnit, discountRatePerPeriod: sums.discountRatePerPeriod, renewals: sums.renewals };
}
