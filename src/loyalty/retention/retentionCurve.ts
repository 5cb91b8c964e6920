import * as z from 'zod/mini';
import { parseSpec } from '../../internal/parseSpec.js';
import { assertRetentionModel, logSurvival } from './contractualSurvival.js';
import { DAYS_PER_PERIOD, retentionPeriodUnitMiniSchema, type RetentionPeriodUnit } from './cohortSurvivorsSpec.js';

const FN = 'retentionCurve';

// zod/mini (issue 21): a retention fitter with retentionCurve stays under 40 KB gzipped
const optionsSchema = z.strictObject({
  periods: z.number().check(z.int(), z.gte(1), z.lte(1_000_000)),
  cashFlows: z.optional(
    z.strictObject({
      customers: z.number().check(z.positive(), z.refine(Number.isFinite, 'a finite number of customers')),
      valuePerPeriod: z.number().check(z.refine(Number.isFinite, 'a finite value')),
      discountRate: z.number().check(z.gte(0), z.lte(100)),
      discountRateUnit: retentionPeriodUnitMiniSchema,
    }),
  ),
});

/** Options of `retentionCurve`. */
export interface RetentionCurveOptions {
  /** Periods 1..periods since acquisition. */
  readonly periods: number;
  /** With these, the cohort's expected payments per period (`cashFlows` in the result). */
  readonly cashFlows?: {
    /** Customers acquired in the cohort (at period 0). */
    readonly customers: number;
    /** What one active customer pays (or the margin earned) at each renewal, in your currency. */
    readonly valuePerPeriod: number;
    /** The discount rate d ≥ 0 per `discountRateUnit`; converted to the model's period as (1 + d)^(period / unit) − 1. */
    readonly discountRate: number;
    /** The period `discountRate` is quoted per. */
    readonly discountRateUnit: RetentionPeriodUnit;
  };
}

/** A cohort's expected cash flows per period (`retentionCurve` with `cashFlows`). */
export interface RetentionCashFlows {
  /** customers × S(t): those expected to renew at the end of period t and pay for period t + 1. */
  readonly expectedActive: number[];
  /** expectedActive × valuePerPeriod, undiscounted. */
  readonly value: number[];
  /** value × (1 + d)^−t: paid at the end of period t, discounted to the acquisition. */
  readonly discountedValue: number[];
  /** d per model period. */
  readonly discountRatePerPeriod: number;
  readonly discounting: 'end of period';
}

/** Predicted retention of a cohort by period. */
export interface RetentionCurve {
  /** The unit of one period: the model's `spec.periodUnit`. */
  readonly periodUnit: RetentionPeriodUnit;
  /** Periods 1..periods since acquisition. */
  readonly period: number[];
  /** S(t): the share of the cohort still active after t renewal decisions. */
  readonly survival: number[];
  /** r(t) = S(t)/S(t − 1): the share of those active at t − 1 who renew at t. */
  readonly retentionRate: number[];
  /** P(T = t) = S(t − 1) − S(t): the share of the cohort lost at period t. */
  readonly churnProbability: number[];
  /** With `options.cashFlows`: the cohort's expected payments per period. */
  readonly cashFlows?: RetentionCashFlows;
}

/**
 * The retention a fitted contractual model predicts for a cohort, period by period: survival
 * S(t), the retention rate r(t) = S(t)/S(t − 1) (rising over time under the sBG as the likelier
 * churners leave first, Fader & Hardie 2007), and the share lost each period, each from log
 * ratios of beta functions (no product of rates, so period 10,000 keeps full precision).
 * With `cashFlows`, the cohort's expected payments: the customers × S(t) who renew at the end of
 * period t each pay `valuePerPeriod` then, discounted by (1 + d)^−t (the payment at acquisition,
 * t = 0, is not counted); summed over all periods, (1 + d) × Σ_t discountedValue is
 * customers × valuePerPeriod × DERL of a new customer (`discountedExpectedResidualLifetime`,
 * renewals 0; Fader & Hardie 2010).
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` (periods not a whole number ≥ 1).
 * @example
 * const table = await readCsvFile('examples/data/fader_hardie_2007_retention.csv');
 * const model = fitShiftedBetaGeometric(table.columns, { periodUnit: 'year', columns: { period: 'year', survivors: 'regular' } });
 * const curve = retentionCurve(model, { periods: 12 });
 * // 239 of 1,000 left after year 7 (observed: 241)
 * Math.round(curve.survival[6] * 1000); // => 239
 * curve.retentionRate.every((r, t) => t === 0 || r > curve.retentionRate[t - 1]); // => true
 * // a cohort of 1,000 paying $100 a year at each renewal, 10% a year
 * const flows = retentionCurve(model, { periods: 5, cashFlows: { customers: 1000, valuePerPeriod: 100, discountRate: 0.1, discountRateUnit: 'year' } }).cashFlows;
 * Math.round(flows.expectedActive[0]); // => 627
 * flows.discountedValue[0] === flows.value[0] / 1.1; // => true
 */
export function retentionCurve(model: unknown, options: RetentionCurveOptions): RetentionCurve {
  const fitted = assertRetentionModel(model, FN);
  const { periods, cashFlows } = parseSpec(optionsSchema, options, FN, 'options');
  const period: number[] = [];
  const survival: number[] = [];
  const retentionRate: number[] = [];
  const churnProbability: number[] = [];
  let previous = 0;
  for (let t = 1; t <= periods; t++) {
    const current = logSurvival(fitted, t);
    period.push(t);
    survival.push(Math.exp(current));
    retentionRate.push(Math.exp(current - previous));
    churnProbability.push(-Math.exp(previous) * Math.expm1(current - previous));
    previous = current;
  }
  const curve = { periodUnit: fitted.spec.periodUnit, period, survival, retentionRate, churnProbability };
  if (cashFlows === undefined) return curve;
  const d = Math.pow(1 + cashFlows.discountRate, DAYS_PER_PERIOD[fitted.spec.periodUnit] / DAYS_PER_PERIOD[cashFlows.discountRateUnit]) - 1;
  const expectedActive = survival.map((s) => cashFlows.customers * s);
  const value = expectedActive.map((active) => active * cashFlows.valuePerPeriod);
  const discountedValue = value.map((v, i) => v * Math.pow(1 + d, -(i + 1)));
  return { ...curve, cashFlows: { expectedActive, value, discountedValue, discountRatePerPeriod: d, discounting: 'end of period' } };
}
