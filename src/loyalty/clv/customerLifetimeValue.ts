import * as z from 'zod/mini';
import { groupRows } from '../../internal/groupRows.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { DAYS_PER_UNIT, timeUnitSchema } from '../../internal/timeUnits.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import type { TableInput } from '../../io/tableInput.js';
import { expectationIfAlive, probabilityAliveOf } from './betaGeoMath.js';
import { evaluateCovariateRow, type CovariateEvaluation } from '../../internal/covariateExtrapolation.js';
import { paretoNbdAlive, paretoNbdExpectationIfAlive } from './paretoNbdMath.js';
import { aliveExpectations, discountFactors, periodExpectations } from './periodExpectations.js';
import { assertGammaGamma, gammaGammaExpectedSpend } from './conditionalExpectedSpend.js';
import { repeatBuyingOf, repeatBuyingWithParams, type RepeatBuyingModel } from './repeatBuyingOf.js';
import { CustomerValueError, describeValue } from '../../errors.js';
import type { GammaGammaModel } from './fitGammaGamma.js';
import { readPurchaseSummary } from './purchaseSummary.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import { readCovariatesForModel } from '../../internal/staticCovariateDesign.js';
import { checkCovariatesModel, rowParameters } from './betaGeoCovariatePredictions.js';
import { checkGammaGammaCovariatesModel, expectedSpendWithCovariates } from './conditionalExpectedSpendWithCovariates.js';
import type { BetaGeoCovariatesModel } from './fitBetaGeoWithCovariates.js';
import type { ParetoNbdCovariatesModel } from './fitParetoNbdWithCovariates.js';
import type { ParetoNbdModel } from './fitParetoNbd.js';
import { checkParetoNbdCovariatesModel, paretoNbdRowParameters } from './paretoNbdCovariatePredictions.js';
import type { GammaGammaCovariatesModel } from './fitGammaGammaWithCovariates.js';
import type { BetaGeoParams } from './betaGeoSpec.js';

const FN = 'customerLifetimeValue';

// In zod/mini, with the spend model checked against the Gamma-Gamma schema and the purchase model
// against its own kind's (repeatBuyingOf), not through the registry of every kind's schema: issue 21,
// a browser bundle of fitBetaGeo, fitGammaGamma and customerLifetimeValue. The refusals read as on
// the classic API (test/contracts/clvScorerDoorIssues.test.ts).
const wholePeriods = (min: number) => z.number().check(z.int(), z.gte(min), z.lte(100_000));

const horizonSchema = z.union(
  [
    wholePeriods(1),
    z
      .strictObject({ from: wholePeriods(0), to: wholePeriods(1) })
      .check(z.refine((h) => h.to > h.from, { message: 'an interval with to > from (value earned in (from, to])' })),
  ],
  { error: 'a horizon: a whole number of periods 1–100,000, or { from, to } whole periods 0–100,000 with to > from' },
);

const argsSchema = z.strictObject({
  purchaseModel: z.custom<RepeatBuyingModel | BetaGeoCovariatesModel | ParetoNbdCovariatesModel>(
    (v) => v !== null && typeof v === 'object',
    'a fitted model of repeat buying',
  ),
  spendModel: z.custom<GammaGammaModel | GammaGammaCovariatesModel>((v) => v !== null && typeof v === 'object', 'a fitted Gamma-Gamma model'),
  customers: z.custom<TableInput>((v) => v !== null && typeof v === 'object', 'a table of customers'),
  horizon: horizonSchema,
  timeUnit: timeUnitSchema,
  discountRate: z.number().check(z.gte(0), z.lte(10)),
  margin: z.number().check(z.gt(0), z.lte(1)),
  missing: z.optional(missingValuesMiniSchema),
  cashFlows: z.optional(z.boolean()),
});

/** Arguments of `customerLifetimeValue`. */
export interface CustomerLifetimeValueArgs {
  /**
   * A fitted model of repeat buying: BG/NBD (`fitBetaGeo`), Pareto/NBD (`fitParetoNbd`) or any kind
   * `repeatBuyingOf` takes, or a BG/NBD or Pareto/NBD with covariates (`fitBetaGeoWithCovariates`,
   * `fitParetoNbdWithCovariates`).
   */
  readonly purchaseModel: RepeatBuyingModel | BetaGeoCovariatesModel | ParetoNbdCovariatesModel;
  /** A fitted Gamma-Gamma model (`fitGammaGamma`), or one with covariates on spend (`fitGammaGammaWithCovariates`). */
  readonly spendModel: GammaGammaModel | GammaGammaCovariatesModel;
  /**
   * Customers with frequency, recency, T (purchase model's columns and time unit) and monetary
   * value, and the covariate columns of a model with covariates.
   */
  readonly customers: TableInput;
  /**
   * Periods of `timeUnit` to value: a whole number H (the periods 1..H from now), or an interval
   * `{ from, to }` of whole periods, from ≥ 0 (the value earned in (from, to], periods from + 1..to,
   * each still discounted from now). `{ from: 0, to: H }` is `H`, bit for bit.
   */
  readonly horizon: number | { readonly from: number; readonly to: number };
  /** Unit of `horizon` and of `discountRate`'s period: required, never assumed. */
  readonly timeUnit: TimeUnit;
  /** Discount rate per period of `timeUnit` (e.g. 0.01 per month), ≥ 0. */
  readonly discountRate: number;
  /** Profit margin on spend, in (0, 1]. */
  readonly margin: number;
  /** Rows with a missing value: `'error'` (default: the purchase model's policy) or `'skip'`. */
  readonly missing?: MissingValues;
  /** Keep the cash flow of every period (`cashFlows` in the result). */
  readonly cashFlows?: boolean;
}

/** The units every number of a `CustomerLifetimeValueResult` is in. */
export interface CustomerLifetimeValueUnits {
  /** The purchase model's time unit (recency and T of `customers`). */
  readonly modelTimeUnit: TimeUnit;
  /** The unit of one horizon period (`timeUnit`). */
  readonly horizonUnit: TimeUnit;
  /** The discount rate per horizon period, compounded per period. */
  readonly discountRatePerPeriod: number;
  /** Each period's value is discounted by (1 + d)^−i at the end of its period i. */
  readonly discounting: 'end of period';
  /** Value is margin × expected spend per purchase (the currency of the monetary column). */
  readonly value: 'margin × spend';
}

/** One period-indexed series of a cash-flow table. */
export interface CashFlowSeries {
  /** Expected purchases in each period. */
  readonly expectedPurchases: Float64Array;
  /** Expected profit (margin × spend × purchases) in each period, undiscounted. */
  readonly value: Float64Array;
  /** The same, discounted to now: value × (1 + d)^−period. */
  readonly discountedValue: Float64Array;
}

/**
 * Cash flows per period of the horizon. Held as one series per distinct purchase history (so a
 * million customers cost their distinct histories × periods); `customer(i)` and `matrix()`
 * expand on request.
 */
export interface CustomerLifetimeValueCashFlows {
  /** The period numbers from + 1..to (units: `units.horizonUnit`, counted from now). */
  readonly period: Int32Array;
  /** (1 + d)^−period, the factor of each period. */
  readonly discountFactor: Float64Array;
  /** The whole base: each period's sum over all customers not skipped. */
  readonly total: CashFlowSeries;
  /** Distinct histories the flows are kept for: distinct (x, T), each customer's flows scaled by its P(alive). */
  readonly distinctHistories: number;
  /** One customer's flows (row `i` of `customers`; NaN for a skipped row). */
  readonly customer: (i: number) => CashFlowSeries;
  /** Every customer's flows, periods × customers, period-major: period p's customer i at p · customers + i. */
  readonly matrix: () => CashFlowSeries;
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
  /** Periods valued: to − from (H for `horizon: H`). */
  readonly horizon: number;
  /** First period boundary: value is earned in (from, to] periods from now. */
  readonly from: number;
  readonly to: number;
  readonly timeUnit: TimeUnit;
  readonly units: CustomerLifetimeValueUnits;
  /** Per-period flows with `cashFlows: true`, else absent. */
  readonly cashFlows?: CustomerLifetimeValueCashFlows;
  readonly skipped: number;
}

/**
 * Customer lifetime value over a horizon: for each period i of `timeUnit` in the horizon,
 * `margin · E[spend] · (E[Y(t_i)] − E[Y(t_{i−1})]) / (1 + d)^i`, with E[Y(t)] the purchase
 * model's conditional expectation of purchases in (T, T + t] (BG/NBD, Pareto/NBD or any kind of
 * `repeatBuyingOf`) and E[spend] the Gamma-Gamma conditional mean (Fader, Hardie & Lee 2005;
 * Fader & Hardie 2013). The horizon is H periods (1..H) or an interval `{ from, to }` (periods
 * from + 1..to, still discounted from now, so consecutive intervals add up to the whole).
 * Periods are converted to the purchase model's time unit (a month is 30.4375 days); the
 * discount is applied at the end of each period. Units are returned in `units`.
 *
 * The expectation is computed once per distinct (x, T) and period, where it factors as
 * P(alive | x, t_x, T) × a term in (x, T) only, scaled per customer by P(alive): for BG/NBD the
 * original code path (same bits as before), for the other kinds since session 31 (before, per
 * distinct (x, t_x, T); the same values to 1e-15 relative). With `cashFlows: true` the
 * per-period expectations are kept (distinct histories × periods) and the result gives the base's
 * flows per period and each customer's on request. CLV is never negative: the expected spend is
 * refused for a repeat customer whose mean spend is negative (see `conditionalExpectedSpend`;
 * `summarizeTransactions` never produces one).
 *
 * With covariates: a `betaGeoCovariates` purchase model gives each customer the BG/NBD at their own
 * (r, α_i, a_i, b_i) from their covariates (as `betaGeoCovariatePredictions`), a
 * `paretoNbdCovariates` one the Pareto/NBD at their own (r, α_i, s, β_i) (as
 * `paretoNbdCovariatePredictions`), the period sums computed once per distinct (covariates, x, T)
 * — one path for every kind, the covariate-free models being the groups of (x, T) at the
 * model's parameters; a `gammaGammaCovariates` spend model gives the
 * spend at each customer's γ_i (as `conditionalExpectedSpendWithCovariates`). Either, both or
 * neither; the discounting is the same. With coefficients of 0 the result is the covariate-free
 * model's (to rounding: the parameters pass through their logarithms). With a covariate model
 * (purchase or spend), `skipped` counts the rows either model skipped under `missing: 'skip'`,
 * and such a row's every output is NaN.
 *
 * @throws {CustomerValueError} `invalid_spec` (including an interval with to ≤ from); `invalid_model`; `missing_column`; `invalid_value` (including a negative mean spend of a repeat customer).
 *   `not_converged` for a history whose expectation cannot be summed (see
 *   `conditionalExpectedPurchases`: very large a, b with a heavy buyer), so no CLV is NaN.
 * @example
 * const purchaseModel = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const spendModel = { kind: 'gammaGamma', version: 2, spec: { columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', nonPositiveSpend: 'error', maxIterations: 1000 }, params: { p: 6.25, q: 3.74, gamma: 15.44 }, standardErrors: null, populationMeanSpend: 35.22, fitted: { n: 946, skipped: 0, warnings: [], diagnostics: { logLikelihood: -4000, withoutRepeat: 1411, nonPositiveExcluded: 0, frequencyMonetaryCorrelation: 0.11, iterations: 0 } } };
 * const customers = { frequency: [0, 2, 7], recency: [0, 30.43, 29.43], T: [38.86, 38.86, 38.86], monetary: [0, 22.35, 38.3] };
 * const { clv } = customerLifetimeValue({ purchaseModel, spendModel, customers, horizon: 12, timeUnit: 'month', discountRate: 0.01, margin: 0.3 });
 * clv[2] > clv[1] && clv[1] > clv[0] && clv[0] > 0; // => true
 * // the second year only, with the flows of each month kept (units stated in the result)
 * const later = customerLifetimeValue({ purchaseModel, spendModel, customers, horizon: { from: 12, to: 24 }, timeUnit: 'month', discountRate: 0.01, margin: 0.3, cashFlows: true });
 * later.units.discounting; // => 'end of period'
 * Array.from(later.cashFlows.period.subarray(0, 3)); // => [13, 14, 15]
 * Math.abs(later.cashFlows.customer(2).discountedValue.reduce((a, b) => a + b) - later.clv[2]) < 1e-9; // => true
 * // with covariates: a BG/NBD with a customer tier (gold customers buy e^0.47 = 1.6 times as often)
 * const tiered = { ...purchaseModel, kind: 'betaGeoCovariates', spec: { ...purchaseModel.spec, covariates: { columns: [{ column: 'tier', categorical: true }], shared: false } },
 *   covariates: [{ column: 'tier', type: 'categorical', reference: 'basic', levels: ['basic', 'gold'] }], terms: ['tier=gold'], coefficients: { purchase: [0.47], dropout: [0] } };
 * const byTier = customerLifetimeValue({ purchaseModel: tiered, spendModel, customers: { ...customers, tier: ['basic', 'basic', 'gold'] }, horizon: 12, timeUnit: 'month', discountRate: 0.01, margin: 0.3 });
 * Math.abs(byTier.clv[1] / clv[1] - 1) < 1e-12; // => true
 * byTier.clv[2] > clv[2]; // => true
 * // a Pareto/NBD with the same tier as the purchase model (CDNOW's published Pareto/NBD parameters, Fader & Hardie 2005)
 * const pareto = { kind: 'paretoNbdCovariates', version: 2, spec: { ...tiered.spec, maxIterations: 1000 }, params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 },
 *   covariates: tiered.covariates, terms: ['tier=gold'], coefficients: { purchase: [0.47], dropout: [0] } };
 * const paretoByTier = customerLifetimeValue({ purchaseModel: pareto, spendModel, customers: { ...customers, tier: ['basic', 'basic', 'gold'] }, horizon: 12, timeUnit: 'month', discountRate: 0.01, margin: 0.3 });
 * const paretoBasic = customerLifetimeValue({ purchaseModel: pareto, spendModel, customers: { ...customers, tier: ['basic', 'basic', 'basic'] }, horizon: 12, timeUnit: 'month', discountRate: 0.01, margin: 0.3 });
 * [paretoByTier.clv[1] === paretoBasic.clv[1], paretoByTier.clv[2] > paretoBasic.clv[2]]; // => [true, true]
 */
export function customerLifetimeValue(args: CustomerLifetimeValueArgs): CustomerLifetimeValueResult {
  const s = parseSpec(argsSchema, args, FN, 'arguments');
  const given = s.purchaseModel;
  const covariatePurchase =
    given.kind === 'betaGeoCovariates'
      ? checkCovariatesModel(given, FN, 'arguments.purchaseModel')
      : given.kind === 'paretoNbdCovariates'
        ? checkParetoNbdCovariatesModel(given, FN, 'arguments.purchaseModel')
        : null;
  const covariateSpend = s.spendModel.kind === 'gammaGammaCovariates' ? checkGammaGammaCovariatesModel(s.spendModel, FN, 'arguments.spendModel') : null;
  const model = covariatePurchase === null ? repeatBuyingOf(given, FN, undefined, 'arguments.purchaseModel') : null;
  // the models as parsed (defaults filled), not as given: a saved model may leave a defaulted field out
  const purchase = covariatePurchase ?? model!.model;
  const spendModel = covariateSpend ?? assertGammaGamma(s.spendModel, FN, 'arguments.spendModel');
  const from = typeof s.horizon === 'number' ? 0 : s.horizon.from;
  const to = typeof s.horizon === 'number' ? s.horizon : s.horizon.to;
  const missing = s.missing ?? purchase.spec.missing;
  const read = readPurchaseSummary(s.customers, FN, purchase.spec.columns, purchase.spec.timeUnit, missing, { minimumRows: 0 });
  const spend =
    covariateSpend === null
      ? gammaGammaExpectedSpend(spendModel as GammaGammaModel, s.customers, missing, FN, 'arguments.spendModel').values
      : expectedSpendWithCovariates(covariateSpend, s.customers, missing, FN).values;
  const step = DAYS_PER_UNIT[s.timeUnit] / DAYS_PER_UNIT[purchase.spec.timeUnit];
  const discount = discountFactors(to, s.discountRate);
  const periods = to - from;
  const n = read.rowCount;
  const clv = new Float64Array(n);
  const expected = new Float64Array(n);
  const alive = new Float64Array(n);
  // One path for every kind: customers grouped by (covariates, x, T) — (x, T) without covariates —,
  // each group at its own parameters, its period sums of a customer alive now computed once, and
  // each customer's flows = scale[i] · its group's sums with scale[i] its P(alive).
  const design = covariatePurchase === null ? null : readCovariatesForModel(s.customers, FN, covariatePurchase.covariates, missing);
  // With a covariate model, a row either model skipped is skipped (and counted) once.
  let skip = read.skip;
  let skipped = read.skipped;
  if (design !== null || covariateSpend !== null) {
    skip = new Uint8Array(n);
    skipped = 0;
    for (let i = 0; i < n; i++) {
      const out =
        (read.skip !== null && read.skip[i] === 1) ||
        (design !== null && design.skip !== null && design.skip[i] === 1) ||
        (covariateSpend !== null && Number.isNaN(spend[i]));
      skip[i] = out ? 1 : 0;
      skipped += skip[i];
    }
  }
  const k = design === null ? 0 : design.columns.length;
  const keys = groupRows([...(design?.columns ?? []), read.x, read.T], n, skip);
  const covariates = keys.columns.slice(0, k);
  const [px, pT] = keys.columns.slice(k);
  const groups = px.length;
  const groupOf = keys.groupOf;
  const flows = s.cashFlows === true ? new Float64Array(periods * groups) : null;
  const scale = new Float64Array(n);
  let sums: { discounted: Float64Array; undiscounted: Float64Array };
  let aliveOf: (g: number, i: number) => number;
  // BG/NBD (with covariates or not): the original code path, `periodExpectations` on each group's (r, α_i, a_i, b_i).
  const betaGeoFamily = purchase.kind === 'betaGeo' || purchase.kind === 'betaGeoCovariates';
  // A numeric covariate far outside the fitting data (a group's parameters not positive doubles,
  // or its sums not finite) is named by `evaluateCovariateRow`: before the sums, and after them
  // only for a group that failed, so the check costs nothing on groups that compute.
  const checkGroup =
    covariatePurchase === null
      ? null
      : (g: number) => {
          const row = groupOf.indexOf(g);
          evaluateCovariateRow(FN, covariatePurchase, covariates, g, { row, at: 'the model’s estimate' }, (z, j) =>
            covariateGroupAt(covariatePurchase, z, j, read.x[row], read.tx[row], read.T[row], to * step),
          );
        };
  // each group's own parameters, computed once per group (with covariates) and checked before the sums
  const betaGeoGroups = purchase.kind === 'betaGeoCovariates' ? Array.from({ length: groups }, (_, g) => rowParameters(purchase, covariates, g)) : null;
  const paretoNbdGroups =
    purchase.kind === 'paretoNbdCovariates' ? Array.from({ length: groups }, (_, g) => paretoNbdRowParameters(purchase, covariates, g)) : null;
  if (checkGroup !== null)
    for (let g = 0; g < groups; g++) {
      const b = betaGeoGroups?.[g];
      const q = paretoNbdGroups?.[g];
      const parameters = b !== undefined ? [b.r, b.alpha, b.a, b.b] : q !== undefined ? [q.r, q.alpha, q.s, q.beta] : [];
      if (!parameters.every((v) => Number.isFinite(v) && v > 0)) checkGroup(g);
    }
  try {
    if (betaGeoFamily) {
      const params: BetaGeoParams[] = Array.from({ length: groups }, (_, g) => (purchase.kind === 'betaGeoCovariates' ? betaGeoGroups![g] : purchase.params));
      const rowOf = (g: number) => {
        const row = groupOf.indexOf(g);
        return { row, tx: read.tx[row] };
      };
      sums = periodExpectations(params, px, pT, to, step, discount, FN, rowOf, { from, flows });
      aliveOf = (g, i) => probabilityAliveOf(params[g], read.x[i], read.tx[i], read.T[i]);
    } else {
      // E[Y(t) | x, t_x, T] = P(alive | x, t_x, T) · E[Y(t) | alive, x, T] (the same product as
      // model.conditional): the period sums of the second factor once per group (`aliveExpectations`);
      // a Pareto/NBD with covariates is the Pareto/NBD at each group's (r, α_i, s, β_i).
      const models =
        purchase.kind === 'paretoNbdCovariates' ? paretoNbdGroups!.map((params) => repeatBuyingWithParams(paretoNbdAt(purchase), { ...params }, FN)) : null;
      sums = aliveExpectations(models ?? model!, px, pT, to, step, discount, { from, flows });
      aliveOf = models === null ? (_, i) => model!.alive(read.x[i], read.tx[i], read.T[i]) : (g, i) => models[g].alive(read.x[i], read.tx[i], read.T[i]);
    }
  } catch (error) {
    if (checkGroup !== null && error instanceof CustomerValueError && error.code === 'not_converged') for (let g = 0; g < groups; g++) checkGroup(g);
    throw error;
  }
  if (checkGroup !== null) for (let g = 0; g < groups; g++) if (!(Number.isFinite(sums.discounted[g]) && Number.isFinite(sums.undiscounted[g]))) checkGroup(g);
  // a P(alive) that is not finite: a numeric covariate far outside the fitting data is named, else it is not_converged (never a NaN CLV)
  const refuseAlive = (g: number, i: number, value: number): never => {
    const [x, tx, T] = [read.x[i], read.tx[i], read.T[i]];
    if (covariatePurchase !== null)
      evaluateCovariateRow(FN, covariatePurchase, covariates, g, { row: i, at: 'the model’s estimate' }, (z, j) =>
        covariateGroupAt(covariatePurchase, z, j, x, tx, T, 0),
      );
    throw new CustomerValueError('not_converged', `${FN}: P(alive) could not be computed for a customer`, [
      {
        function: FN,
        row: i,
        expected: 'a finite P(alive)',
        received: `P(alive | x = ${x}, t_x = ${tx}, T = ${T}) = ${describeValue(value)}`,
        hint: 'check the history (recency ≤ T, frequency a whole number) and that the covariates are on the scale the model was fitted on',
      },
    ]);
  };
  const { discounted, undiscounted } = sums;
  for (let i = 0; i < n; i++) {
    const g = groupOf[i];
    if (g < 0) {
      clv[i] = expected[i] = alive[i] = scale[i] = Number.NaN;
      if (skip !== read.skip) spend[i] = Number.NaN;
      continue;
    }
    const pAlive = aliveOf(g, i);
    if (!Number.isFinite(pAlive)) refuseAlive(g, i, pAlive);
    alive[i] = pAlive;
    expected[i] = pAlive * undiscounted[g];
    // margin · spend · P(alive) · sum for the BG/NBD (its original order); margin · spend · (P(alive) · sum)
    // for the other kinds, the order of the warehouse lookup (`historyExpectations`)
    clv[i] = betaGeoFamily ? s.margin * spend[i] * pAlive * discounted[g] : s.margin * spend[i] * (pAlive * discounted[g]);
    scale[i] = pAlive;
  }
  const units: CustomerLifetimeValueUnits = {
    modelTimeUnit: purchase.spec.timeUnit,
    horizonUnit: s.timeUnit,
    discountRatePerPeriod: s.discountRate,
    discounting: 'end of period',
    value: 'margin × spend',
  };
  const result = { clv, expectedPurchases: expected, expectedSpend: spend, probabilityAlive: alive, horizon: periods, from, to, timeUnit: s.timeUnit, units };
  if (flows === null) return { ...result, skipped };
  const cashFlows = cashFlowTable(flows, groupOf, scale, spend, s.margin, from, discount);
  return { ...result, cashFlows, skipped };
}

const BETA_GEO_GROUP_QUANTITIES = ['r', 'α_i', 'a_i', 'b_i', 'P(alive)', 'expected purchases if alive'] as const;
const PARETO_NBD_GROUP_QUANTITIES = ['r', 'α_i', 's', 'β_i', 'P(alive)', 'expected purchases if alive'] as const;

/** A covariate group's parameters (design row j of `columns`), P(alive) and expectation if alive over t at a history, for `evaluateCovariateRow`. */
function covariateGroupAt(
  model: BetaGeoCovariatesModel | ParetoNbdCovariatesModel,
  columns: readonly Float64Array[],
  j: number,
  x: number,
  tx: number,
  T: number,
  t: number,
): CovariateEvaluation {
  if (model.kind === 'betaGeoCovariates') {
    const p = rowParameters(model, columns, j);
    return {
      parameters: [p.r, p.alpha, p.a, p.b],
      values: [probabilityAliveOf(p, x, tx, T), expectationIfAlive(p, x, T, t)],
      names: BETA_GEO_GROUP_QUANTITIES,
    };
  }
  const q = paretoNbdRowParameters(model, columns, j);
  return {
    parameters: [q.r, q.alpha, q.s, q.beta],
    values: [paretoNbdAlive(q.r, q.alpha, q.s, q.beta, x, tx, T), t === 0 ? 0 : paretoNbdExpectationIfAlive(q.r, q.alpha, q.s, q.beta, x, T, t)],
    names: PARETO_NBD_GROUP_QUANTITIES,
  };
}

/** The covariate-free Pareto/NBD whose parameters `repeatBuyingWithParams` replaces by a group's. */
const paretoNbdAt = (model: ParetoNbdCovariatesModel): ParetoNbdModel => ({ ...model, kind: 'paretoNbd' }) as unknown as ParetoNbdModel;

/**
 * The cash-flow table over kept per-history flows: customer i's expected purchases in period p
 * are scale[i] · flows[p · histories + groupOf[i]], its value margin · spend[i] times that.
 */
function cashFlowTable(
  flows: Float64Array,
  groupOf: Int32Array,
  scale: Float64Array,
  spend: Float64Array,
  margin: number,
  from: number,
  discount: readonly number[],
): CustomerLifetimeValueCashFlows {
  const n = groupOf.length;
  const factor = Float64Array.from(discount.slice(from));
  const periods = factor.length;
  const groups = periods === 0 ? 0 : flows.length / periods;
  const period = Int32Array.from({ length: periods }, (_, p) => from + p + 1);
  // Base totals: Σ_i scale_i·flow[g_i] = Σ_g (Σ_{i in g} scale_i)·flow[g], and the same with margin·spend.
  const purchaseWeight = new Float64Array(groups);
  const valueWeight = new Float64Array(groups);
  for (let i = 0; i < n; i++) {
    const g = groupOf[i];
    if (g < 0) continue;
    purchaseWeight[g] += scale[i];
    valueWeight[g] += margin * spend[i] * scale[i];
  }
  const total = series(periods);
  for (let p = 0; p < periods; p++) {
    let purchases = 0;
    let value = 0;
    for (let g = 0; g < groups; g++) {
      purchases += purchaseWeight[g] * flows[p * groups + g];
      value += valueWeight[g] * flows[p * groups + g];
    }
    total.expectedPurchases[p] = purchases;
    total.value[p] = value;
    total.discountedValue[p] = value * factor[p];
  }
  const fill = (out: CashFlowSeries, i: number, at: (p: number) => number) => {
    const g = groupOf[i];
    for (let p = 0; p < periods; p++) {
      const k = at(p);
      if (g < 0) {
        out.expectedPurchases[k] = out.value[k] = out.discountedValue[k] = Number.NaN;
        continue;
      }
      const purchases = scale[i] * flows[p * groups + g];
      out.expectedPurchases[k] = purchases;
      out.value[k] = margin * spend[i] * purchases;
      out.discountedValue[k] = out.value[k] * factor[p];
    }
  };
  const customer = (i: number): CashFlowSeries => {
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new CustomerValueError('invalid_spec', `${FN}: cashFlows.customer(i) takes a row number 0..${n - 1}`, [
        { function: FN, path: 'cashFlows.customer', expected: `a whole row number in 0..${n - 1}`, received: describeValue(i) },
      ]);
    }
    const out = series(periods);
    fill(out, i, (p) => p);
    return out;
  };
  const matrix = (): CashFlowSeries => {
    const out = series(periods * n);
    for (let i = 0; i < n; i++) fill(out, i, (p) => p * n + i);
    return out;
  };
  return { period, discountFactor: factor, total, distinctHistories: groups, customer, matrix };
}

function series(length: number): CashFlowSeries {
  return { expectedPurchases: new Float64Array(length), value: new Float64Array(length), discountedValue: new Float64Array(length) };
}
