import * as z from 'zod/mini';
import { columnNameSchema } from '../../internal/columnNameSchema.js';
import { CustomerValueError, describeValue } from '../../errors.js';
import { ColumnReader } from '../../internal/columnReader.js';
import { parseSpec } from '../../internal/parseSpec.js';
import type { TableInput } from '../../io/tableInput.js';
import type { RetentionPeriodUnit } from '../retention/cohortSurvivorsSpec.js';
import { repeatBuyingOf, wholeOpportunities } from './repeatBuyingOf.js';

const FN = 'repeatPurchaseTrackingFromCounts';

// In zod/mini (issue 21); the model is checked against its own kind's schema (repeatBuyingOf).
// (zod's numbers are finite: the classic API's .finite() checked nothing more.)
const specSchema = z.strictObject({
  periods: z.number().check(z.int(), z.gte(1), z.lte(1_000_000)),
  periodLength: z._default(z.number().check(z.gt(0)), 1),
  columns: z._default(z.strictObject({ birth: z._default(columnNameSchema(), 'birth'), customers: z.optional(columnNameSchema()) }), { birth: 'birth' }),
  actual: z.optional(z.unknown()),
});

/** How to track a customer base from counts: the number of periods, their length, the births table's columns and the actual counts. */
export interface RepeatPurchaseTrackingCountsSpec {
  /** Number of tracking periods (a whole number ≥ 1). */
  readonly periods: number;
  /** Length of one period in the model's time unit (default 1: periods of the model's unit; BG/BB: whole opportunities). */
  readonly periodLength?: number;
  /**
   * Columns of the births table: `birth` (default `'birth'`), each customer's first purchase in
   * the model's time unit since the tracking origin (≥ 0; BG/BB: the whole opportunity of the
   * first transaction); `customers` (optional), how many
   * customers share that birth (a whole number ≥ 1; without it each row is one customer).
   */
  readonly columns?: { readonly birth?: string; readonly customers?: string };
  /** Actual repeat purchases in each period (incremental, `periods` finite values ≥ 0), to set beside the expectation. */
  readonly actual?: ArrayLike<number>;
}

/** Expected (and actual) repeat purchases of a customer base per period, incremental and cumulative. */
export interface RepeatPurchaseTracking {
  /** Period numbers 1, 2, …, periods. */
  readonly period: Float64Array;
  /** End of each period in the model's time unit since the origin (period × period length). */
  readonly end: Float64Array;
  /** Expected repeat purchases in each period: the sum over customers born before its end of E[X(end − birth)] increments. */
  readonly expected: Float64Array;
  /** Expected repeat purchases from the origin to each period's end. */
  readonly expectedCumulative: Float64Array;
  /** Actual repeat purchases in each period, or null when none were given. */
  readonly actual: Float64Array | null;
  /** Actual repeat purchases from the origin to each period's end, or null. */
  readonly actualCumulative: Float64Array | null;
  /** Customers tracked (the sum of the births' counts). */
  readonly customers: number;
  /** The model's time unit, in which `end` and the births are measured (BG/BB: the length of one opportunity). */
  readonly timeUnit: RetentionPeriodUnit;
  /** True for a BG/BB model: `end` and the births count transaction opportunities. */
  readonly opportunities: boolean;
}

/**
 * Track a customer base from counts alone: for each period, the repeat purchases the model
 * expects of customers acquired at their own birth times (Fader, Hardie & Lee 2005's tracking
 * figure; BTYD's `bgnbd.ExpectedCumulativeTransactions`), beside the actual counts when given.
 * The expectation to a period's end t is Σ over customers born before t of E[X(t − birth)], the
 * model's unconditional expected repeat purchases (for BG/NBD, FHL 2005 eq. 9).
 *
 * This is the aggregate door: it needs no transaction log, only the births (first purchase times,
 * with a count of customers each: what `SELECT first_day, COUNT(*) … GROUP BY 1` returns inside a
 * warehouse) and, for the comparison, the actual repeat purchases per period. Births are grouped
 * by value and summed in ascending order, so the same customers in any row order give the same
 * numbers. `repeatPurchaseTracking` computes both from a log.
 *
 * A BG/BB model (`fitBetaGeoBetaBinomial`) is tracked in transaction opportunities: births and
 * `periodLength` are whole opportunities (fractions refused, naming the row or field and the
 * value), E[X(n)] is the BG/BB's, and `opportunities` is true. A cohort born at opportunity 0
 * tracks Fader, Hardie & Shang's (2010) annual repeat transactions of the 1995 donors; `actual`
 * counts the opportunities with a transaction (donors who gave that year).
 *
 * @throws {CustomerValueError} `invalid_model`; `invalid_spec` (periods, period length, columns,
 *   an `actual` of the wrong length or with a negative or non-finite count); `missing_column`;
 *   `invalid_value` for a birth < 0 (BG/BB: not a whole opportunity) or a count that is not a
 *   whole number ≥ 1 (with the row);
 *   `not_converged` if the model's expectation cannot be computed.
 * @example
 * // Fader, Hardie & Lee's CDNOW estimates (weeks); 3 customers born on weeks 0, 0 and 2
 * const model = { kind: 'betaGeo', version: 2, spec: { timeUnit: 'week', columns: { frequency: 'frequency', recency: 'recency', T: 'T', monetary: 'monetary' }, missing: 'error', maxIterations: 1000 }, params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, standardErrors: null, fitted: { n: 2357, skipped: 0, warnings: [], diagnostics: { logLikelihood: -9582.4, groups: 1016, iterations: 0 } } };
 * const births = { birth: [0, 2], customers: [2, 1] };
 * const tracking = repeatPurchaseTrackingFromCounts(model, births, { periods: 4, columns: { customers: 'customers' }, actual: [0, 1, 0, 1] });
 * Array.from(tracking.expectedCumulative, (v) => +v.toFixed(3)); // => [0.107, 0.207, 0.355, 0.496]
 * Array.from(tracking.actualCumulative); // => [0, 1, 1, 2]
 */
export function repeatPurchaseTrackingFromCounts(model: unknown, births: TableInput, spec: RepeatPurchaseTrackingCountsSpec): RepeatPurchaseTracking {
  const { expected, timeUnit, opportunities } = repeatBuyingOf(model, FN, true);
  const s = parseSpec(specSchema, spec, FN);
  if (opportunities) wholeOpportunities(s.periodLength, FN, { path: 'spec.periodLength' }, 'the length of one tracking period');
  const actual = s.actual === undefined ? null : readActual(s.actual, s.periods);
  // no missing option: a births table with a hole would track a different base, so it is refused
  const reader = new ColumnReader(births, FN, [s.columns.birth, ...(s.columns.customers ? [s.columns.customers] : [])], 'error', null);
  const birth = reader.number(s.columns.birth, 'birth time', { min: 0, expected: "a birth time ≥ 0 in the model's time unit since the origin" });
  const count = s.columns.customers
    ? reader.number(s.columns.customers, 'customers', { min: 1, integer: true, expected: 'a whole number of customers ≥ 1' })
    : null;
  reader.finish();
  if (opportunities) {
    for (let i = 0; i < birth.length; i++)
      wholeOpportunities(birth[i], FN, { column: s.columns.birth, row: i }, 'the opportunity of the first transaction', 'invalid_value');
  }
  const grouped = new Map<number, number>();
  for (let i = 0; i < birth.length; i++) grouped.set(birth[i], (grouped.get(birth[i]) ?? 0) + (count === null ? 1 : count[i]));
  const distinct = [...grouped.keys()].sort((a, b) => a - b);
  return trackingOf(
    expected,
    timeUnit,
    opportunities,
    distinct,
    distinct.map((b) => grouped.get(b)!),
    s.periods,
    s.periodLength,
    actual,
  );
}

/**
 * The tracking sums over distinct births `birth` (ascending) with `customers` each. Internal:
 * shared with `repeatPurchaseTracking`.
 */
export function trackingOf(
  expectation: (t: number) => number,
  timeUnit: RetentionPeriodUnit,
  opportunities: boolean,
  birth: readonly number[],
  customers: readonly number[],
  periods: number,
  periodLength: number,
  actual: Float64Array | null,
): RepeatPurchaseTracking {
  const period = new Float64Array(periods);
  const end = new Float64Array(periods);
  const expected = new Float64Array(periods);
  const expectedCumulative = new Float64Array(periods);
  let total = 0;
  for (const c of customers) total += c;
  for (let k = 0; k < periods; k++) {
    period[k] = k + 1;
    const t = (k + 1) * periodLength;
    end[k] = t;
    let sum = 0;
    for (let j = 0; j < birth.length && birth[j] < t; j++) sum += customers[j] * expectation(t - birth[j]);
    expectedCumulative[k] = sum;
    expected[k] = k === 0 ? sum : sum - expectedCumulative[k - 1];
  }
  let actualCumulative: Float64Array | null = null;
  if (actual !== null) {
    actualCumulative = new Float64Array(periods);
    let running = 0;
    for (let k = 0; k < periods; k++) actualCumulative[k] = running += actual[k];
  }
  return { period, end, expected, expectedCumulative, actual, actualCumulative, customers: total, timeUnit, opportunities };
}

function readActual(value: unknown, periods: number): Float64Array {
  const bad = (expected: string, received: string): never => {
    throw new CustomerValueError('invalid_spec', `${FN}: spec.actual must hold ${periods} counts ≥ 0`, [
      { function: FN, path: 'spec.actual', expected, received },
    ]);
  };
  if (value === null || typeof value !== 'object' || typeof (value as { length?: unknown }).length !== 'number')
    bad(`an array of ${periods} counts`, describeValue(value));
  const list = value as ArrayLike<unknown>;
  if (list.length !== periods) bad(`${periods} counts, one per period`, `${list.length}`);
  const out = new Float64Array(periods);
  for (let k = 0; k < periods; k++) {
    const v = list[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new CustomerValueError('invalid_spec', `${FN}: spec.actual[${k}] is not a count ≥ 0`, [
        { function: FN, path: `spec.actual.${k}`, expected: 'a finite count ≥ 0 of repeat purchases in the period', received: describeValue(v) },
      ]);
    }
    out[k] = v;
  }
  return out;
}
