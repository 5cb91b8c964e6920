import { z } from 'zod';
import { groupRows } from '../../internal/groupRows.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { DAYS_PER_UNIT, timeUnitSchema } from '../../internal/timeUnits.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import type { TableInput } from '../../io/tableInput.js';
import { assertModelKind } from '../../model/assertModelKind.js';
import { probabilityAliveOf } from './betaGeoMath.js';
import { discountFactors, periodExpectations } from './periodExpectations.js';
import { conditionalExpectedSpend } from './conditionalExpectedSpend.js';
import type { BetaGeoModel } from './fitBetaGeo.js';
import type { GammaGammaModel } from './fitGammaGamma.js';
import { readPurchaseSummary } from './purchaseSummary.js';
import { missingValuesSchema, type MissingValues } from '../../io/missingValues.js';

const FN = 'customerLifetimeValue';

const argsSchema = z.strictObject({
  purchaseModel: z.custom<BetaGeoModel>((v) => v !== null && typeof v === 'object', 'a fitted BG/NBD model'),
  spendModel: z.custom<GammaGammaModel>((v) => v !== null && typeof v === 'object', 'a fitted Gamma-Gamma model'),
  customers: z.custom<TableInput>((v) => v !== null && typeof v === 'object', 'a table of customers'),
  horizon: z.number().int().min(1).max(100_000),
  timeUnit: timeUnitSchema,
  discountRate: z.number().min(0).max(10),
  margin: z.number().gt(0).max(1),
  missing: missingValuesSchema.optional(),
});

/** Arguments of `customerLifetimeValue`. */
export interface CustomerLifetimeValueArgs {
  readonly purchaseModel: BetaGeoModel;
  readonly spendModel: GammaGammaModel;
  /** Customers with frequency, recency, T (purchase model's columns and time unit) and monetary value. */
  readonly customers: TableInput;
  /** Number of periods to value, e.g. 12 with `timeUnit: 'month'`. */
  readonly horizon: number;
  /** Unit of `horizon` and of `discountRate`'s period: required, never assumed. */
  readonly timeUnit: TimeUnit;
  /** Discount rate per period of `timeUnit` (e.g. 0.01 per month), ≥ 0. */
  readonly discountRate: number;
  /** Profit margin on spend, in (0, 1]. */
  readonly margin: number;
  /** Rows with a missing value: `'error'` (default: the purchase model's policy) or `'skip'`. */
  readonly missing?: MissingValues;
}

/** CLV per customer, in input order (NaN only for rows skipped under `missing: 'skip'`). */
export interface CustomerLifetimeValueResult {
  /** Discounted expected profit over the horizon: the customer's potential value. */
  readonly clv: Float64Array;
  /** Expected purchases over the horizon (undiscounted). */
  readonly expectedPurchases: Float64Array;
  /** Expected mean transaction value (Gamma-Gamma). */
  readonly expectedSpend: Float64Array;
  readonly probabilityAlive: Float64Array;
  readonly horizon: number;
  readonly timeUnit: TimeUnit;
  readonly skipped: number;
}

/**
 * Customer lifetime value over a horizon: for each period i = 1..H of `timeUnit`,
 * `margin · E[spend] · (E[Y(t_i)] − E[Y(t_{i−1})]) / (1 + d)^i`, with E[Y] the BG/NBD
 * conditional expectation and E[spend] the Gamma-Gamma conditional mean (Fader, Hardie & Lee
 * 2005; Fader & Hardie 2013). Periods are converted to the purchase model's time unit (a month
 * is 30.4375 days); the discount is applied at the end of each period. Per customer the
 * expectation factors as P(alive) × a term in (x, T) only, so the period sums are computed once
 * per distinct (x, T) and millions of customers cost little more than their distinct histories.
 * CLV is never negative: the expected spend is refused for a repeat customer whose mean spend
 * is negative (see `conditionalExpectedSpend`; `summarizeTransactions` never produces one).
 *
 * @throws {CustomerValueError} `invalid_spec`; `invalid_model`; `missing_column`; `invalid_value` (including a negative mean spend of a repeat customer).
 *   `not_converged` for a history whose BG/NBD expectation cannot be summed (see
 *   `conditionalExpectedPurchases`: very large a, b with a heavy buyer), so no CLV is NaN.
 * @example
 * const purchaseModel = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const spendModel = { kind: 'gammaGamma', version: 2, spec: { columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', nonPositiveSpend: 'error', maxIterations: 1000 }, params: { p: 6.25, q: 3.74, gamma: 15.44 }, standardErrors: null, populationMeanSpend: 35.22, fitted: { n: 946, skipped: 0, warnings: [], diagnostics: { logLikelihood: -4000, withoutRepeat: 1411, nonPositiveExcluded: 0, frequencyMonetaryCorrelation: 0.11, iterations: 0 } } };
 * const customers = { frequency: [0, 2, 7], recency: [0, 30.43, 29.43], T: [38.86, 38.86, 38.86], monetary: [0, 22.35, 38.3] };
 * const { clv } = customerLifetimeValue({ purchaseModel, spendModel, customers, horizon: 12, timeUnit: 'month', discountRate: 0.01, margin: 0.3 });
 * clv[2] > clv[1] && clv[1] > clv[0] && clv[0] > 0; // => true
 */
export function customerLifetimeValue(args: CustomerLifetimeValueArgs): CustomerLifetimeValueResult {
  const s = parseSpec(argsSchema, args, FN, 'arguments');
  assertModelKind(s.purchaseModel, 'betaGeo', FN);
  assertModelKind(s.spendModel, 'gammaGamma', FN);
  const purchase = s.purchaseModel;
  const missing = s.missing ?? purchase.spec.missing;
  const read = readPurchaseSummary(s.customers, FN, purchase.spec.columns, purchase.spec.timeUnit, missing, { minimumRows: 0 });
  const spend = conditionalExpectedSpend(s.spendModel, s.customers, { missing }).values;
  const step = DAYS_PER_UNIT[s.timeUnit] / DAYS_PER_UNIT[purchase.spec.timeUnit];
  const discount = discountFactors(s.horizon, s.discountRate);
  // Per distinct (x, T): Σ_i ΔE_i·discount_i and Σ_i ΔE_i, with E taken for a customer alive now.
  const pairs = groupRows([read.x, read.T], read.rowCount, read.skip);
  const [px, pT] = pairs.columns;
  const params = purchase.params;
  const { discounted, undiscounted } = periodExpectations(params, px, pT, s.horizon, step, discount, FN, (g) => {
    const row = pairs.groupOf.indexOf(g);
    return { row, tx: read.tx[row] };
  });
  const n = read.rowCount;
  const clv = new Float64Array(n);
  const expected = new Float64Array(n);
  const alive = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = pairs.groupOf[i];
    if (g < 0) {
      clv[i] = expected[i] = alive[i] = Number.NaN;
      continue;
    }
    const pAlive = probabilityAliveOf(params, read.x[i], read.tx[i], read.T[i]);
    alive[i] = pAlive;
    expected[i] = pAlive * undiscounted[g];
    clv[i] = s.margin * spend[i] * pAlive * discounted[g];
  }
  return { clv, expectedPurchases: expected, expectedSpend: spend, probabilityAlive: alive, horizon: s.horizon, timeUnit: s.timeUnit, skipped: read.skipped };
}
