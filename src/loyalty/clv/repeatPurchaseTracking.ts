import * as z from 'zod/mini';
import { columnNameSchema } from '../../internal/columnNameSchema.js';
import { describeValue } from '../../errors.js';
import { daysFromDateValue, isoDateOfDay } from '../../internal/civilDays.js';
import { ColumnReader } from '../../internal/columnReader.js';
import { readKeys } from '../../internal/keyColumns.js';
import { readDates } from '../../internal/dateColumns.js';
import { parseSpec, specError } from '../../internal/parseSpec.js';
import { forEachPurchaseDay, rowsByCustomerDay } from '../../internal/purchaseDays.js';
import { DAYS_PER_UNIT, timeUnitSchema } from '../../internal/timeUnits.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import { repeatBuyingOf } from './repeatBuyingOf.js';
import { trackingOf, type RepeatPurchaseTracking } from './repeatPurchaseTrackingFromCounts.js';
import { dateValueSchema } from '../../internal/dateValueSchema.js';

const FN = 'repeatPurchaseTracking';

// In zod/mini (issue 21); the model is checked against its own kind's schema (repeatBuyingOf).
const dateSchema = dateValueSchema();
const specSchema = z.strictObject({
  customer: columnNameSchema(),
  date: columnNameSchema(),
  amount: columnNameSchema(),
  observationEnd: dateSchema,
  origin: z.optional(dateSchema),
  calibrationEnd: z.optional(dateSchema),
  cohortEnd: z.optional(dateSchema),
  period: z.optional(timeUnitSchema),
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** How to read the log and cut the tracking periods. */
export interface RepeatPurchaseTrackingSpec {
  /** Column with the customer id. */
  readonly customer: string;
  /** Column with the purchase date (as in `summarizeTransactions`). */
  readonly date: string;
  /** Column with the transaction value (refunds negative; a day netting to ≤ 0 with a refund is not a purchase). */
  readonly amount: string;
  /** Last day tracked, inclusive: the tracking holds the whole periods from `origin` to it. */
  readonly observationEnd: Date | string | number;
  /** Day the first period starts (default: the first purchase day of the tracked customers). No tracked customer may be born before it. */
  readonly origin?: Date | string | number;
  /** The calibration end the model was fitted to, inclusive: reported as `calibrationEnd` (where a chart draws its line) and the default `cohortEnd`. */
  readonly calibrationEnd?: Date | string | number;
  /**
   * Last day a tracked customer may be born, inclusive (default: `calibrationEnd` when given,
   * i.e. the customers the model was fitted on, as BTYD tracks them; else `observationEnd`).
   * Later customers are left out of both the expectation and the actual counts, and counted.
   */
  readonly cohortEnd?: Date | string | number;
  /** Length of a tracking period (default: the model's time unit). A month is 30.4375 days. */
  readonly period?: TimeUnit;
  /** Rows with a missing customer, date or amount: `'error'` (default) or `'skip'` (counted). */
  readonly missing?: MissingValues;
}

/** `RepeatPurchaseTracking` from a log, with the dates it was cut at and every row accounted for. */
export interface RepeatPurchaseTrackingOfLog extends RepeatPurchaseTracking {
  /** The first period's first day, `YYYY-MM-DD`. */
  readonly origin: string;
  /** The calibration end in the model's time unit since the origin (end of its day), or null without one. */
  readonly calibrationEnd: number | null;
  readonly counts: {
    /** Rows in the input. */
    readonly rows: number;
    /** Rows skipped for missing values under `missing: 'skip'`. */
    readonly skipped: number;
    /** Rows dated after the last whole period (after `observationEnd`, or in its last incomplete period). */
    readonly afterLastPeriod: number;
    /** Customers born after `cohortEnd`, left out. */
    readonly leftOut: number;
    /** Customers without a purchase day up to `observationEnd` (refund days only, or first seen after it): never born. */
    readonly withoutPurchase: number;
  };
}

/**
 * Track a customer base against a model, from a transaction log: per period, the actual repeat
 * purchases (purchase days after each customer's first, with `summarizeTransactions`' day rules)
 * beside what the model expects of the same customers from their own first purchase on (Fader,
 * Hardie & Lee 2005, figures 1 and 2; BTYD's tracking plots). Cumulative and incremental, so the
 * chart shows whether the model follows the base through the calibration period and, past
 * `calibrationEnd`, predicts the holdout.
 *
 * Periods are whole: from `origin` (default: the first tracked birth), period k covers days
 * [origin + (k−1)·L, origin + k·L) with L the days of `period`; the tracking ends with the last
 * whole period on or before `observationEnd` (later rows counted in `counts.afterLastPeriod`).
 * Births and period ends are measured in the model's time unit, from day 0 of the origin; a
 * repeat purchase counts in the period of its day. This is `repeatPurchaseTrackingFromCounts`
 * on the log's births and counts: a warehouse can compute those two aggregates and call it.
 *
 * A BG/BB model is refused (`invalid_model`): its time is a count of transaction opportunities,
 * which a log of dates does not define (which opportunity a day belongs to, and at most one
 * transaction each, are the user's call); count them and call `repeatPurchaseTrackingFromCounts`.
 *
 * @throws {CustomerValueError} `invalid_model` (a BG/BB model among them); `invalid_spec` (dates in the wrong order, an
 *   origin after a tracked birth, fewer than one whole period); `missing_column`; `invalid_value`
 *   for a bad id, date or amount (with the row); `not_converged` from the model's expectation.
 * @example
 * // The whole CDNOW log: BG/NBD fitted on calibration weeks 1–39, tracked over 78 weeks
 * const log = await readCsvFile('examples/data/cdnow_master.csv');
 * const columns = { customer: 'customer_id', date: 'date', amount: 'dollar_value' };
 * const summary = summarizeTransactions(log.columns, { ...columns, observationEnd: '1997-09-30', timeUnit: 'week' });
 * const model = fitBetaGeo(summary, { timeUnit: 'week' });
 * const tracking = repeatPurchaseTracking(model, log.columns, { ...columns, calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' });
 * [tracking.origin, tracking.period.length, tracking.customers, tracking.calibrationEnd]; // => ['1997-01-01', 78, 23570, 39]
 * // cumulative repeat purchases, actual and expected, at the calibration end and at week 78
 * [tracking.actualCumulative[38], Math.round(tracking.expectedCumulative[38])]; // => [24337, 24528]
 * [tracking.actualCumulative[77], Math.round(tracking.expectedCumulative[77])]; // => [44021, 41353]
 */
export function repeatPurchaseTracking(model: unknown, transactions: TableInput, spec: RepeatPurchaseTrackingSpec): RepeatPurchaseTrackingOfLog {
  const { expected, timeUnit, daysPerUnit } = repeatBuyingOf(
    model,
    FN,
    'a BG/BB model counts transaction opportunities, not days: count the customers born at each opportunity and those with a transaction at each, and call repeatPurchaseTrackingFromCounts',
  );
  const s = parseSpec(specSchema, spec, FN);
  const dayOf = (name: 'observationEnd' | 'origin' | 'calibrationEnd' | 'cohortEnd'): number | null => {
    const value = s[name];
    if (value === undefined) return null;
    const day = daysFromDateValue(value);
    if (day !== day) throw specError(FN, `spec.${name}`, "a date: a Date, 'YYYY-MM-DD' or a YYYYMMDD integer", describeValue(value));
    return day;
  };
  const endDay = dayOf('observationEnd')!;
  const calibrationDay = dayOf('calibrationEnd');
  const cohortDay = dayOf('cohortEnd') ?? calibrationDay ?? endDay;
  let originDay = dayOf('origin');
  for (const [name, day] of [
    ['calibrationEnd', calibrationDay],
    ['cohortEnd', cohortDay],
  ] as const) {
    if (day !== null && day > endDay) throw specError(FN, `spec.${name}`, `a date on or before observationEnd (${isoDateOfDay(endDay)})`, isoDateOfDay(day));
  }
  const reader = new ColumnReader(transactions, FN, [s.customer, s.date, s.amount], s.missing);
  const customer = readKeys(reader, s.customer, 'customer id');
  const day = readDates(reader, s.date, 'purchase date');
  const amount = reader.number(s.amount, 'transaction amount');
  const { skipMask, skipped } = reader.finish();
  const customers = customer.keys.length;

  // Each customer's purchase days up to the observation end: the first is its birth, the rest repeats.
  const order = rowsByCustomerDay(customer.codes, day, skipMask, -Infinity, endDay);
  const birthDay = new Float64Array(customers).fill(NaN);
  const repeatDays: number[] = [];
  const repeatCodes: number[] = [];
  forEachPurchaseDay(order, customer.codes, day, amount, (c, d) => {
    if (birthDay[c] !== birthDay[c]) birthDay[c] = d;
    else {
      repeatDays.push(d);
      repeatCodes.push(c);
    }
  });
  let withoutPurchase = 0;
  let leftOut = 0;
  let firstBirth = Infinity;
  for (let c = 0; c < customers; c++) {
    const b = birthDay[c];
    if (b !== b) withoutPurchase++;
    else if (b > cohortDay) leftOut++;
    else if (b < firstBirth) firstBirth = b;
  }
  if (firstBirth === Infinity)
    throw specError(FN, 'spec.cohortEnd', 'a cohort end on or after the first purchase day of some customer', isoDateOfDay(cohortDay));
  if (originDay === null) originDay = firstBirth;
  else if (originDay > firstBirth) {
    throw specError(FN, 'spec.origin', `a day on or before the first tracked purchase (${isoDateOfDay(firstBirth)})`, isoDateOfDay(originDay));
  }
  const periodDays = DAYS_PER_UNIT[s.period ?? timeUnit];
  const periods = Math.floor((endDay - originDay + 1) / periodDays);
  if (periods < 1) {
    throw specError(
      FN,
      'spec.observationEnd',
      `a day at least one whole ${s.period ?? timeUnit} after the origin (${isoDateOfDay(originDay)})`,
      isoDateOfDay(endDay),
    );
  }

  const actual = new Float64Array(periods);
  for (let i = 0; i < repeatDays.length; i++) {
    if (birthDay[repeatCodes[i]] > cohortDay) continue;
    const k = Math.floor((repeatDays[i] - originDay) / periodDays);
    if (k < periods) actual[k]++;
  }
  let afterLastPeriod = 0;
  const lastDay = originDay + periods * periodDays; // first day no longer tracked (fractional for months)
  for (let i = 0; i < day.length; i++) if ((skipMask === null || skipMask[i] === 0) && day[i] >= lastDay) afterLastPeriod++;
  const births = new Map<number, number>();
  for (let c = 0; c < customers; c++) {
    const b = birthDay[c];
    if (b === b && b <= cohortDay) births.set(b, (births.get(b) ?? 0) + 1);
  }
  const distinct = [...births.keys()].sort((a, b) => a - b);
  const tracking = trackingOf(
    expected,
    timeUnit,
    false,
    distinct.map((d) => (d - originDay) / daysPerUnit),
    distinct.map((d) => births.get(d)!),
    periods,
    periodDays / daysPerUnit,
    actual,
  );
  return {
    ...tracking,
    origin: isoDateOfDay(originDay),
    calibrationEnd: calibrationDay === null ? null : (calibrationDay + 1 - originDay) / daysPerUnit,
    counts: { rows: day.length, skipped, afterLastPeriod, leftOut, withoutPurchase },
  };
}
