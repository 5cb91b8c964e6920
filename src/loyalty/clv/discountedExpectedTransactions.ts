import * as z from 'zod/mini';
import { CustomerValueError, describeValue } from '../../errors.js';
import { groupRows } from '../../internal/groupRows.js';
import { logBetaRatio } from '../../internal/logBetaRatio.js';
import { parseSpec, specError } from '../../internal/parseSpec.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import { assertModelOf } from '../../model/assertModelKind.js';
import { DAYS_PER_PERIOD, retentionPeriodUnitMiniSchema, type RetentionPeriodUnit } from '../retention/cohortSurvivorsSpec.js';
import { betaGeoBetaBinomialLogTerm } from './betaGeoBetaBinomialLikelihood.js';
import { readDiscreteHistories } from './discreteHistories.js';
import { DERT_TOLERANCE, discountedExpectationIntegral } from './discountedExpectationIntegral.js';
import type { BetaGeoBetaBinomialModel } from './fitBetaGeoBetaBinomial.js';
import { paretoNbdDertOf } from './paretoNbdMath.js';
import { readPurchaseSummary } from './purchaseSummary.js';
import { REPEAT_BUYING_DOORS, REPEAT_BUYING_KINDS, repeatBuyingOf, type RepeatBuyingModel } from './repeatBuyingOf.js';

const FN = 'discountedExpectedTransactions';

// In zod/mini, and the model checked against its own kind's schema (repeatBuyingOf, and the BG/BB's
// below), not through the registry of every kind's schema: issue 21. The refusals read as on the
// classic API (test/contracts/clvScorerDoorIssues.test.ts).
const optionsSchema = z.strictObject({
  discountRate: z.number().check(z.gte(0), z.lte(100)),
  timeUnit: retentionPeriodUnitMiniSchema,
  horizon: z.optional(
    z.union(
      [
        z.number().check(z.gt(0), z.refine(Number.isFinite, 'a finite number of periods')),
        z
          .strictObject({
            from: z._default(z.number().check(z.gte(0), z.refine(Number.isFinite, 'a finite number of periods')), 0),
            to: z.optional(z.number().check(z.gt(0))),
          })
          .check(z.refine((h) => h.to === undefined || (Number.isFinite(h.to) && h.to > h.from), { message: 'an interval with a finite to > from, or no to' })),
      ],
      { error: 'a horizon: a finite number of periods > 0, or { from, to } finite periods with from ≥ 0 and to > from (no to: no end)' },
    ),
  ),
  missing: z.optional(missingValuesMiniSchema),
});

/** Options of `discountedExpectedTransactions`: the rate and the horizon, each with its unit. */
export interface DiscountedExpectedTransactionsOptions {
  /** The discount rate per period of `timeUnit`, compounded per period (0.15 with `'year'`: 15 % a year), ≥ 0 (> 0 for an unbounded horizon). */
  readonly discountRate: number;
  /** The unit of `discountRate`'s period and of `horizon`: required, never assumed. */
  readonly timeUnit: RetentionPeriodUnit;
  /**
   * Periods of `timeUnit` from now: H for (0, H], `{ from, to }` for (from, to], `{ from }` for
   * (from, ∞); absent: (0, ∞), the residual transactions of the whole future.
   */
  readonly horizon?: number | { readonly from?: number; readonly to?: number };
  /** Rows with a missing value: `'error'` or `'skip'` (default: the model's policy; BG/BB: `'error'`). */
  readonly missing?: MissingValues;
}

/** The units of a DERT result. */
export interface DiscountedExpectedTransactionsUnits {
  /** The model's time unit (its recency and T) or, for BG/BB, the length of one transaction opportunity. */
  readonly modelTimeUnit: RetentionPeriodUnit;
  /** The unit of `horizon` and of the discount rate's period. */
  readonly horizonUnit: RetentionPeriodUnit;
  /** The discount rate per horizon period, as given. */
  readonly discountRatePerPeriod: number;
  /** Continuous models: a purchase at time t from now is discounted by (1 + d)^−t; BG/BB: at the end of its opportunity. */
  readonly discounting: 'continuous' | 'end of opportunity';
  /** δ = ln(1 + d) per model time unit (continuous), or the effective rate per opportunity (BG/BB). */
  readonly ratePerModelUnit: number;
}

/** DERT per customer, in input order (NaN only for rows skipped under `missing: 'skip'`). */
export interface DiscountedExpectedTransactionsResult {
  /** Present value of the expected purchases in the horizon, in units of one purchase. */
  readonly values: Float64Array;
  /** The horizon, in periods of `units.horizonUnit` from now; `to` null for no end. */
  readonly horizon: { readonly from: number; readonly to: number | null };
  readonly units: DiscountedExpectedTransactionsUnits;
  /** How the values were computed. */
  readonly method: 'closed form' | 'quadrature' | 'series';
  /** A bound on the relative error of every value. */
  readonly tolerance: number;
  readonly skipped: number;
}

/** The kinds `discountedExpectedTransactions` takes. */
const KINDS = [...REPEAT_BUYING_KINDS, 'betaGeoBetaBinomial'] as const;

/** The smallest rate per BG/BB opportunity for an unbounded horizon (below it the sum needs millions of terms). */
const SMALLEST_OPPORTUNITY_RATE = 1e-4;
/** Stop the BG/BB sum when the bound on what is left is below this fraction of it. */
const SERIES_TOLERANCE = 1e-13;

/**
 * Discounted expected residual transactions (DERT) of each customer given their history, for any
 * fitted model of repeat buying: the present value of the customer's expected future purchases,
 * each discounted from now, over (0, ∞) or an interval of the future (Fader, Hardie & Lee 2005,
 * "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis"). Multiply by margin × expected
 * spend for a monetary value. Units are explicit: `discountRate` is per period of `timeUnit`
 * (compounded per period), converted to δ = ln(1 + d) per the model's time unit.
 * - **Pareto/NBD**, (0, ∞): FHL 2005's closed form (eq. 2, with Tricomi's U, see
 *   `paretoNbdDiscountedResidualTransactions`, same bits).
 * - **BG/NBD, Pareto/NBD on an interval, and every kind of `repeatBuyingOf`**: the Stieltjes
 *   integral ∫ e^(−δt) dE[X(T, T + t) | history] over the horizon (the quantity Fader & Hardie's note
 *   on DERT under the BG/NBD evaluates numerically), by parts and adaptive Gauss–Kronrod, cut with a
 *   proven bound (E is concave: see `discountedExpectationIntegral`), to 1e-10 relative.
 * - **BG/BB** (Fader, Hardie & Shang 2010): the discrete sum over opportunities n + k in the
 *   horizon, each discounted by (1 + d')^−k with d' the rate per opportunity (FHS eq. 14's
 *   ₂F₁ summed term by term, the remainder bounded below 1e-13 of the sum; same bits as
 *   `betaGeoBetaBinomialPredictions`' `dert`). Opportunity k is in (from, to] when it ends there.
 * Computed once per distinct history; for the integral, once per distinct (x, T): E[X(T, T + t) |
 * history] = P(alive | x, t_x, T) · E[X(T, T + t) | alive, x, T] and the integral is linear, so
 * the second factor's is taken and scaled by each customer's P(alive) (the bound is relative, so
 * it holds for the product).
 *
 * @param model A fitted BG/NBD, Pareto/NBD (any kind of `repeatBuyingOf`) or BG/BB model.
 * @param customers Rows, columns or a table with the model's history columns (continuous models: in the model's time unit).
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` (no unit, a negative rate, a rate of 0 with no end, a BG/BB rate below 1e-4 per opportunity with no end, an empty interval); `missing_column`; `invalid_value`; `not_converged` when E[X(T, T+t)] cannot be computed out to t ≈ 32/δ (a BG/NBD with a, b ≥ 1e4 and a heavy buyer, as `conditionalExpectedPurchases` at that t: give a horizon with an end).
 * @example
 * // BG/NBD, Fader, Hardie & Lee (2005) CDNOW estimates (weeks); 15 % a year
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const customers = { frequency: [2, 2], recency: [30.43, 5], T: [38.86, 38.86] };
 * const all = discountedExpectedTransactions(model, customers, { discountRate: 0.15, timeUnit: 'year' });
 * // scipy.integrate.quad of the same integral (test/fixtures/loyalty/make_dert_reference.py): 5.17948
 * Number(all.values[0].toFixed(2)); // => 5.18
 * all.values[0] > all.values[1]; // => true
 * // the first year and the rest add up to the whole
 * const first = discountedExpectedTransactions(model, customers, { discountRate: 0.15, timeUnit: 'year', horizon: 1 });
 * const rest = discountedExpectedTransactions(model, customers, { discountRate: 0.15, timeUnit: 'year', horizon: { from: 1 } });
 * Math.abs(first.values[0] + rest.values[0] - all.values[0]) < 1e-9; // => true
 */
export function discountedExpectedTransactions(
  model: RepeatBuyingModel | BetaGeoBetaBinomialModel,
  customers: TableInput,
  options: DiscountedExpectedTransactionsOptions,
): DiscountedExpectedTransactionsResult {
  const kind = model !== null && typeof model === 'object' ? (model as { kind?: unknown }).kind : undefined;
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    throw new CustomerValueError('invalid_model', `${FN}: expected a fitted model of repeat buying`, [
      {
        function: FN,
        path: 'model.kind',
        expected: KINDS.map((k) => JSON.stringify(k)).join(' or '),
        received: describeValue(kind),
        hint: 'fit one with fitBetaGeo, fitParetoNbd or fitBetaGeoBetaBinomial, or load one with parseModel',
      },
    ]);
  }
  const o = parseSpec(optionsSchema, options, FN, 'options');
  const from = o.horizon === undefined ? 0 : typeof o.horizon === 'number' ? 0 : o.horizon.from;
  const to = o.horizon === undefined ? Infinity : typeof o.horizon === 'number' ? o.horizon : (o.horizon.to ?? Infinity);
  const horizon = { from, to: Number.isFinite(to) ? to : null };
  if (o.discountRate === 0 && !Number.isFinite(to)) {
    throw specError(
      FN,
      'options.discountRate',
      'a discount rate > 0 for a horizon with no end (give horizon.to otherwise)',
      '0',
      'undiscounted residual transactions of the whole future may be infinite',
    );
  }
  if (kind === 'betaGeoBetaBinomial') return discreteDert(model as BetaGeoBetaBinomialModel, customers, o.discountRate, o.timeUnit, from, to, o.missing);
  const buying = repeatBuyingOf(model, FN);
  const m = buying.model;
  const unitsPerModelUnit = DAYS_PER_PERIOD[m.spec.timeUnit] / DAYS_PER_PERIOD[o.timeUnit];
  const delta = Math.log1p(o.discountRate) * unitsPerModelUnit;
  const a = from / unitsPerModelUnit;
  const b = to / unitsPerModelUnit;
  const closed = m.kind === 'paretoNbd' && from === 0 && !Number.isFinite(to);
  const read = readPurchaseSummary(customers, FN, m.spec.columns, m.spec.timeUnit, o.missing ?? m.spec.missing, { minimumRows: 0 });
  const values = new Float64Array(read.rowCount);
  if (closed && m.kind === 'paretoNbd') {
    const { r, alpha, s, beta } = m.params;
    const grouped = groupRows([read.x, read.tx, read.T], read.rowCount, read.skip);
    const [gx, gtx, gT] = grouped.columns;
    const perGroup = new Float64Array(gx.length);
    for (let g = 0; g < gx.length; g++) {
      perGroup[g] = paretoNbdDertOf(r, alpha, s, beta, gx[g], gtx[g], gT[g], delta);
      if (!Number.isFinite(perGroup[g]))
        throw notConverged(grouped.groupOf.indexOf(g), `(x, t_x, T) = (${gx[g]}, ${gtx[g]}, ${gT[g]})`, delta, m.spec.timeUnit);
    }
    for (let i = 0; i < values.length; i++) {
      const g = grouped.groupOf[i];
      values[i] = g < 0 ? Number.NaN : perGroup[g];
    }
  } else {
    // E[X(T, T + t) | x, t_x, T] = P(alive | x, t_x, T) · E[X(T, T + t) | alive, x, T] (the same
    // product as buying.conditional): the integral is linear, so it is taken of the second factor
    // once per distinct (x, T) and scaled by P(alive) per customer. discountedExpectationIntegral's
    // error bound is relative, so it holds for the product; the numbers are those of the integral
    // of the product per (x, t_x, T) up to rounding (1e-15 relative on CDNOW).
    const pairs = groupRows([read.x, read.T], read.rowCount, read.skip);
    const [px, pT] = pairs.columns;
    const perPair = new Float64Array(px.length);
    for (let g = 0; g < px.length; g++) {
      const x = px[g];
      const T = pT[g];
      perPair[g] = discountedExpectationIntegral((t) => buying.expectationIfAlive(x, T, t), delta, a, b);
      if (!Number.isFinite(perPair[g])) throw notConverged(pairs.groupOf.indexOf(g), `(x, T) = (${x}, ${T})`, delta, m.spec.timeUnit);
    }
    for (let i = 0; i < values.length; i++) {
      const g = pairs.groupOf[i];
      values[i] = g < 0 ? Number.NaN : buying.alive(read.x[i], read.tx[i], read.T[i]) * perPair[g];
    }
  }
  return {
    values,
    horizon,
    units: {
      modelTimeUnit: m.spec.timeUnit,
      horizonUnit: o.timeUnit,
      discountRatePerPeriod: o.discountRate,
      discounting: 'continuous',
      ratePerModelUnit: delta,
    },
    method: closed ? 'closed form' : 'quadrature',
    tolerance: closed ? 1e-12 : DERT_TOLERANCE,
    skipped: read.skipped,
  };
}

function notConverged(row: number, history: string, delta: number, timeUnit: string): CustomerValueError {
  return new CustomerValueError('not_converged', `${FN}: the DERT of a history could not be computed to its tolerance`, [
    {
      function: FN,
      row,
      expected: 'a finite DERT',
      received: `no converged value for ${history} at δ = ${delta} per ${timeUnit}`,
      hint: 'check the model was fitted in this time unit and the discount rate is per timeUnit',
    },
  ]);
}

/** Snap a ratio within 1e-9 of a whole number to it (12 months are 1 year though 12·(30.4375/365.25) is not exactly 1). */
function wholeIfNear(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - r) <= 1e-9 * Math.max(1, Math.abs(v)) ? r : v;
}

/** BG/BB DERT: Σ over the opportunities n + k ending in (from, to] of P(transaction at n + k | history)·(1 + d')^−k. */
function discreteDert(
  model: BetaGeoBetaBinomialModel,
  customers: TableInput,
  discountRate: number,
  timeUnit: RetentionPeriodUnit,
  from: number,
  to: number,
  missing: MissingValues | undefined,
): DiscountedExpectedTransactionsResult {
  const door = REPEAT_BUYING_DOORS.betaGeoBetaBinomial;
  model = assertModelOf(model, 'betaGeoBetaBinomial', door.fitter, door.schema, door.values, FN);
  const opportunity = DAYS_PER_PERIOD[model.spec.periodUnit] / DAYS_PER_PERIOD[timeUnit];
  const rate = Math.pow(1 + discountRate, opportunity) - 1;
  // opportunity k (ending at k·opportunity) is in (from, to]
  const kFirst = Math.floor(wholeIfNear(from / opportunity)) + 1;
  const kLast = Number.isFinite(to) ? Math.floor(wholeIfNear(to / opportunity)) : Infinity;
  if (!Number.isFinite(kLast) && !(rate >= SMALLEST_OPPORTUNITY_RATE)) {
    throw specError(
      FN,
      'options.discountRate',
      `a discount rate of at least ${SMALLEST_OPPORTUNITY_RATE} per ${model.spec.periodUnit} (the model's opportunity) for a horizon with no end`,
      `${discountRate} per ${timeUnit}`,
      'state the rate per the unit it is quoted in (timeUnit), or give horizon.to',
    );
  }
  const read = readDiscreteHistories(customers, FN, { ...model.spec.columns, count: undefined }, missing ?? 'error', false);
  const { alpha, beta, gamma, delta } = model.params;
  const p = [alpha, beta, gamma, delta];
  const grouped = groupRows([read.x, read.tx, read.n], read.rowCount, read.skip);
  const [gx, gtx, gn] = grouped.columns;
  let longest = 1;
  for (let g = 0; g < gx.length; g++) longest = Math.max(longest, gn[g] - gtx[g] + 1);
  const scratch = new Float64Array(longest);
  const logV = -Math.log1p(rate);
  const tail = 1 / rate; // v/(1 − v)
  const perGroup = new Float64Array(gx.length);
  for (let g = 0; g < gx.length; g++) {
    const x = gx[g];
    const n = gn[g];
    const logL = betaGeoBetaBinomialLogTerm(p, x, gtx[g], n, 1, null, null, scratch);
    // ln of B(α+x+1, β+n−x)/B(α,β) / L: the factor of every future opportunity's transaction probability
    const factor = logBetaRatio(alpha, beta, x + 1, n - x) - logL;
    let sum = 0;
    for (let k = kFirst; k <= kLast && k < 50_000_000; k++) {
      const term = Math.exp(factor + logBetaRatio(gamma, delta, 0, n + k) + k * logV);
      sum += term;
      if (!Number.isFinite(kLast) && term * tail <= SERIES_TOLERANCE * sum) break;
    }
    perGroup[g] = sum;
  }
  const values = new Float64Array(read.rowCount);
  for (let i = 0; i < values.length; i++) {
    const g = grouped.groupOf[i];
    values[i] = g < 0 ? Number.NaN : perGroup[g];
  }
  return {
    values,
    horizon: { from, to: Number.isFinite(to) ? to : null },
    units: {
      modelTimeUnit: model.spec.periodUnit,
      horizonUnit: timeUnit,
      discountRatePerPeriod: discountRate,
      discounting: 'end of opportunity',
      ratePerModelUnit: rate,
    },
    method: 'series',
    tolerance: Number.isFinite(kLast) ? 1e-13 : SERIES_TOLERANCE,
    skipped: read.skipped,
  };
}
