import * as z from 'zod/mini';
import { CustomerValueError } from '../../errors.js';
import { parseSpec } from '../../internal/parseSpec.js';
import { logSurvival, type ContractualRetentionModel } from './contractualSurvival.js';
import { DAYS_PER_PERIOD, retentionPeriodUnitMiniSchema, type RetentionPeriodUnit } from './cohortSurvivorsSpec.js';

// zod/mini (issue 21): a retention fitter with its DERL or elasticity stays under 40 KB gzipped
export const residualLifetimeOptionsSchema = z.strictObject({
  discountRate: z.number().check(z.positive(), z.lte(100)),
  discountRateUnit: retentionPeriodUnitMiniSchema,
  renewals: z._default(z.number().check(z.int(), z.gte(0), z.lte(1_000_000)), 0),
});

/** Options of `discountedExpectedResidualLifetime` and `retentionElasticity`. */
export interface ResidualLifetimeOptions {
  /** The discount rate d > 0, per `discountRateUnit` (0.1 with 'year': 10% a year). */
  readonly discountRate: number;
  /** The period `discountRate` is quoted per; converted to the model's period as (1 + d)^(period / unit) − 1. */
  readonly discountRateUnit: RetentionPeriodUnit;
  /** Renewals the customer has made (default 0: a customer at the end of their first period, about to decide on the first renewal). */
  readonly renewals?: number;
}

/** Stop when what is left of a sum is bounded below this fraction of it. */
export const RESIDUAL_TOLERANCE = 1e-13;
/** The smallest discount rate per model period taken (below it the sums need millions of terms). */
const SMALLEST_RATE = 1e-4;

/**
 * The two sums behind DERL and the retention elasticity for a customer who has made n − 1
 * renewals, at the end of period n just before the next renewal decision (Fader & Hardie 2010,
 * "Customer-base valuation in a contractual setting", Marketing Science 29(1)):
 *   DERL = Σ_{k≥0} a_k,   Σ_{k≥0} (k + 1)·a_k,   a_k = S(n + k) / S(n − 1) · (1 + d)^−k,
 * summed term by term (each S from its own log-beta ratio) until the bound on the remainder,
 * a_k·v/(1 − v) (resp. a_k·((k+1)v/(1 − v) + v/(1 − v)²)) with v = 1/(1 + d) — S never increases —
 * is below 1e-13 of the sum.
 */
export function residualLifetimeSums(
  model: ContractualRetentionModel,
  options: ResidualLifetimeOptions,
  fn: string,
): { derl: number; weighted: number; terms: number; discountRatePerPeriod: number; renewals: number } {
  const o = parseSpec(residualLifetimeOptionsSchema, options, fn, 'options');
  const d = Math.pow(1 + o.discountRate, DAYS_PER_PERIOD[model.spec.periodUnit] / DAYS_PER_PERIOD[o.discountRateUnit]) - 1;
  if (!(d >= SMALLEST_RATE)) {
    throw new CustomerValueError('invalid_spec', `${fn}: the discount rate is ${d.toPrecision(3)} per ${model.spec.periodUnit}, below ${SMALLEST_RATE}`, [
      {
        function: fn,
        path: 'options.discountRate',
        expected: `a discount rate of at least ${SMALLEST_RATE} per ${model.spec.periodUnit} (the model's period)`,
        received: `${o.discountRate} per ${o.discountRateUnit}`,
        hint: 'state the rate per the unit it is quoted in (discountRateUnit); an undiscounted residual lifetime may be infinite',
      },
    ]);
  }
  const v = 1 / (1 + d);
  const tail = v / (1 - v);
  const n = o.renewals + 1;
  const base = logSurvival(model, n - 1);
  let derl = 0;
  let weighted = 0;
  let k = 0;
  let logDiscount = 0;
  const logV = Math.log(v);
  for (; k < 50_000_000; k++) {
    const a = Math.exp(logSurvival(model, n + k) - base + logDiscount);
    derl += a;
    weighted += (k + 1) * a;
    logDiscount = (k + 1) * logV;
    if (a * tail <= RESIDUAL_TOLERANCE * derl && a * ((k + 1) * tail + tail / (1 - v)) <= RESIDUAL_TOLERANCE * weighted) break;
  }
  return { derl, weighted, terms: k + 1, discountRatePerPeriod: d, renewals: o.renewals };
}
