import { CustomerValueError } from '../errors.js';
import * as z from 'zod/mini';
import { columnNameSchema } from '../internal/columnNameSchema.js';
import { daysFromDateValue, isoDateOfDay, readDateTimeText, type DateTimeText } from '../internal/civilDays.js';
import { ColumnReader } from '../internal/columnReader.js';
import { readKeys } from '../internal/keyColumns.js';
import { readDates, type DateClock } from '../internal/dateColumns.js';
import { countClock, duplicateTimestamps, transactionWarnings, type KernelStats } from '../internal/transactionWarnings.js';
import type { TransactionWarning } from './transactionWarning.js';
import { ExactSum } from '../internal/exactSum.js';
import { holdoutPurchases } from '../internal/holdoutPurchases.js';
import { sortRowsByCustomer } from '../internal/sortRowsByCustomer.js';
import { parseSpec, specError } from '../internal/parseSpec.js';
import { DAYS_PER_UNIT, timeUnitSchema } from '../internal/timeUnits.js';
import type { TimeUnit } from './timeUnit.js';
import { describeValue } from '../errors.js';
import type { NumericArray, TableInput } from '../io/tableInput.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';
import { DATE_VALUE_EXPECTED, dateValueSchema } from '../internal/dateValueSchema.js';

const FN = 'summarizeTransactions';

/**
 * The spec's schema (also the base of `summarizeTransactionsSql`'s). In zod/mini (issue 21: the
 * first function of most analyses bundles without zod's classic API). Internal: not exported
 * from the package.
 */
export const summarizeTransactionsSpecSchema = z.strictObject({
  customer: columnNameSchema(),
  date: columnNameSchema(),
  amount: columnNameSchema(),
  profit: z.optional(columnNameSchema()),
  observationEnd: dateValueSchema(),
  calibrationEnd: z.optional(dateValueSchema()),
  timeUnit: timeUnitSchema,
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** How to read a transaction log. */
export interface SummarizeTransactionsSpec {
  /** Column with the customer id (string or number). */
  readonly customer: string;
  /** Column with the purchase date: `Date`, ISO `'YYYY-MM-DD'` string or `YYYYMMDD` integer. */
  readonly date: string;
  /** Column with the transaction value (finite; refunds may be negative). */
  readonly amount: string;
  /** Optional column with the transaction's profit, summed per customer. */
  readonly profit?: string;
  /** Last day of the observation (calibration) period, inclusive. Same formats as `date`. */
  readonly observationEnd: Date | string | number;
  /** Unit of `recency` and `T`: required, never assumed. A month is 30.4375 days. */
  readonly timeUnit: TimeUnit;
  /**
   * Optional calibration/holdout split (lifetimes' `calibration_and_holdout_data`): the last day
   * of the calibration period, inclusive, before `observationEnd`. The summary columns then
   * describe the calibration period (T runs to this day) and `holdout` holds each customer's
   * purchases after it, up to `observationEnd`. Same formats as `date`.
   */
  readonly calibrationEnd?: Date | string | number;
  /** Rows with a missing customer, date or amount: `'error'` (default) or `'skip'` (counted). */
  readonly missing?: MissingValues;
}

/** The holdout half of a calibration/holdout split, aligned with the summary's customers. */
export interface CustomerHoldout {
  /** The calibration end as `YYYY-MM-DD`: the summary's T runs to this day. */
  readonly calibrationEnd: string;
  /** Length of the holdout period (calibration end, observation end], in `timeUnit`. */
  readonly duration: number;
  /** Purchase days in the holdout period (every one counts: the customer is known already). */
  readonly frequency: Float64Array;
  /** Mean net value of those days (same-day rows summed); 0 without a holdout purchase. */
  readonly monetary: Float64Array;
  /** Rows dated in the holdout period, of summarized customers or not. */
  readonly rows: number;
  /** Customers whose first purchase falls in the holdout period: not in the summary (as in lifetimes), counted. */
  readonly newCustomers: number;
}

/** Per-customer summary in columns (one entry per customer, in order of first appearance). */
export interface CustomerSummary {
  /** Customer ids as they appeared in the log. */
  readonly customer: (string | number)[];
  /** Number of repeat purchase days: purchase days (refund days excluded) after the first. */
  readonly frequency: Float64Array;
  /** Time from the first to the last purchase day, in `timeUnit`. */
  readonly recency: Float64Array;
  /** Time from the first purchase day to `observationEnd`, in `timeUnit`. */
  readonly T: Float64Array;
  /**
   * Mean net value of the repeat purchase days (first day excluded, same-day values netted),
   * summed exactly and divided once, so equal spends give identical means; 0 when frequency
   * is 0. Never negative: refund days are not purchase days.
   */
  readonly monetary: Float64Array;
  /** Net value of all the customer's transactions up to `observationEnd` (refunds subtracted), exactly summed; may be ≤ 0. */
  readonly revenue: Float64Array;
  /** Total profit (exactly summed), when the spec names a profit column. */
  readonly profit?: Float64Array;
  /** First purchase day (refund days excluded), in days since 1970-01-01 (see `toIsoDate`). */
  readonly firstPurchase: Float64Array;
  /** Last purchase day, in days since 1970-01-01. */
  readonly lastPurchase: Float64Array;
  /** Number of transactions (rows) before same-day merging. */
  readonly transactions: Float64Array;
  readonly timeUnit: TimeUnit;
  /** `observationEnd` as `YYYY-MM-DD`. */
  readonly observationEnd: string;
  /** With `spec.calibrationEnd`: the holdout period's purchases of each summarized customer. */
  readonly holdout?: CustomerHoldout;
  readonly counts: {
    /** Rows in the input. */
    readonly rows: number;
    /** Rows summarized (rows of customers without a purchase day excluded). */
    readonly used: number;
    /** Rows dated after `observationEnd`, left out. */
    readonly afterObservationEnd: number;
    /** Rows skipped for missing values under `missing: 'skip'`. */
    readonly skipped: number;
    /** Customers in the summary. */
    readonly customers: number;
    /** Refund days: days holding a negative amount whose net is ≤ 0, not counted as purchases. */
    readonly refundDays: number;
    /** Customers in the summary whose net spend (`revenue`) is ≤ 0: refunds at least as large as purchases. */
    readonly nonPositiveNet: number;
    /** Customers with refund days only (no purchase day up to `observationEnd`): left out of the summary. */
    readonly withoutPurchase: number;
    /** Their rows: `rows = used + afterObservationEnd + skipped + withoutPurchaseRows`. */
    readonly withoutPurchaseRows: number;
  };
  /**
   * What changes the statistics silently, as plain objects `{ code, message, counts }` (no number
   * above depends on them): `refunds` (rows with a negative amount), `non_positive_revenue`
   * (customers with net spend ≤ 0), `duplicate_rows` (rows repeating an earlier row's customer,
   * date — or timestamp, when dates carry times — and amount), `time_of_day` (dates carrying a
   * time of day, so which calendar day an order counts on depends on a time zone: text counts on
   * the date as written in its offset, a `Date` on its local day; counts those that fall on
   * another day in UTC), `short_calibration` (fewer than 40 repeat buyers, or a window under 5
   * median gaps between purchases, thresholds calibrated on CDNOW; see the README). Only rows up to `observationEnd`.
   */
  readonly warnings: readonly TransactionWarning[];
}

/**
 * Summarize a transaction log into one row per customer in the conventions of the
 * "buy till you die" literature (Fader, Hardie & Lee 2005) and of Python's `lifetimes`:
 * same-day purchases of a customer merge into one purchase day (values summed); `frequency`
 * counts repeat purchase days; `recency` and `T` run from the first purchase day; `monetary`
 * is the mean value of the repeat purchase days. Transactions after `observationEnd`
 * (inclusive end) are left out and counted. Every row is accounted for:
 * `rows = used + afterObservationEnd + skipped + withoutPurchaseRows`.
 *
 * Calibration/holdout split (`calibrationEnd`, as lifetimes' `calibration_and_holdout_data`
 * with `freq='D'` and `freq_multiplier` = days per `timeUnit`): the summary columns are those of
 * the calibration period (rows up to `calibrationEnd`; T runs to it) and `holdout` gives each
 * summarized customer's purchase days after it up to `observationEnd` (`frequency`: all of them,
 * the first included), their mean value (`monetary`, 0 without one) and the period's length
 * (`duration`). Customers first seen in the holdout period are not summarized (counted in
 * `holdout.newCustomers`); then `rows = used + holdout.rows + afterObservationEnd + skipped +
 * withoutPurchaseRows`.
 *
 * Refunds (negative amounts) are netted per calendar day: a purchase and its refund on the
 * same day cancel. A day that holds a refund and nets to ≤ 0 is a refund day — not a purchase
 * occasion: it does not count in `frequency`, `recency` or the first purchase, and its value
 * enters `revenue` (the customer's net spend) but not `monetary`, which stays the mean value of
 * purchase occasions and is never negative (the Gamma-Gamma model describes purchase amounts).
 * A $0 day without a refund is a purchase, as in lifetimes (CDNOW has such days). Unlike
 * lifetimes, which sums per period and counts a net-negative period as a purchase with a
 * negative value, a refund never creates a purchase or a negative mean. Refund days, customers
 * whose net spend is ≤ 0 and customers with refunds only (left out) are counted in `counts`.
 * All sums are exact (correctly rounded, order-independent), so equal spends in any row order
 * give identical values.
 *
 * `warnings` says what changes the statistics silently — refunds, net spend ≤ 0, duplicate rows,
 * dates whose calendar day depends on a time zone, a calibration too short for BG/NBD — as
 * `{ code, message, counts }` objects; computed in the same pass, they change no number.
 *
 * Runs in linear time with typed arrays (a counting sort by customer, then a per-customer
 * sort of purchase days), with no `Date` object or row object per transaction.
 *
 * Dates: a `Date` counts on its local calendar day in the process's time zone (what `pg` and
 * `mysql2` return for a DATE column: local midnight, or the first local time on a DST day without
 * one); a `Date` at exactly 00:00:00.000 UTC that is not at local midnight counts on its UTC day
 * (as `new Date('2024-01-05')` and `Date.UTC` make). Timestamp text, ISO 8601 or as PostgreSQL
 * prints it (`2024-01-05 10:00:00+00`, `2024-01-05 10:00:00.123456+05:30`, `2024-01-05T10:00Z`;
 * offsets `Z`, `±hh`, `±hh:mm`, `±hhmm`), counts on the date as written — the day in the offset
 * it carries; impossible text (2024-02-30, hour 24, an offset beyond ±14:00) is refused saying
 * why. So results are the same in every time zone.
 *
 * @param transactions Rows, columns or an Arrow-like table.
 * @param spec Column names, `observationEnd` and the required `timeUnit`.
 * @throws {CustomerValueError} `invalid_spec` for a bad spec; `missing_column`; `invalid_value`
 * for a bad id, date or amount (with row numbers); missing values unless `missing: 'skip'`.
 * @example
 * const summary = summarizeTransactions(
 *   {
 *     customer: ['a', 'a', 'a', 'b'],
 *     date: [19970101, 19970101, 19970115, 19970108],
 *     amount: [10, 5, 20, 7],
 *   },
 *   { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '1997-01-29', timeUnit: 'week' },
 * );
 * summary.customer; // => ['a', 'b']
 * Array.from(summary.frequency); // => [1, 0]
 * Array.from(summary.recency); // => [2, 0]
 * Array.from(summary.T); // => [4, 3]
 * Array.from(summary.monetary); // => [20, 0]
 * Array.from(summary.revenue); // => [35, 7]
 * // one repeat buyer is far too few for BG/NBD: said, no number changed
 * summary.warnings.map((w) => w.code); // => ['short_calibration']
 * // A refund larger than the purchases: a refund day, not a purchase; net spend −5.
 * const refunded = summarizeTransactions(
 *   { customer: ['c', 'c', 'c'], date: [19970101, 19970108, 19970108], amount: [10, 5, -20] },
 *   { customer: 'customer', date: 'date', amount: 'amount', observationEnd: '1997-01-29', timeUnit: 'week' },
 * );
 * [refunded.frequency[0], refunded.monetary[0], refunded.revenue[0]]; // => [0, 0, -5]
 * [refunded.counts.refundDays, refunded.counts.nonPositiveNet]; // => [1, 1]
 * // Calibration to Jan 15, holdout to Jan 29: b's Jan 22 and 23 purchases are holdout purchases.
 * const split = summarizeTransactions(
 *   { customer: ['a', 'a', 'b', 'b', 'b', 'c'], date: [19970101, 19970108, 19970110, 19970122, 19970123, 19970120], amount: [10, 5, 7, 4, 6, 9] },
 *   { customer: 'customer', date: 'date', amount: 'amount', calibrationEnd: '1997-01-15', observationEnd: '1997-01-29', timeUnit: 'week' },
 * );
 * [split.customer, Array.from(split.T, (t) => +t.toFixed(2))]; // => [['a', 'b'], [2, 0.71]]
 * [Array.from(split.holdout.frequency), Array.from(split.holdout.monetary), split.holdout.duration]; // => [[0, 2], [0, 5], 2]
 * split.holdout.newCustomers; // => 1
 */
export function summarizeTransactions(transactions: TableInput, spec: SummarizeTransactionsSpec): CustomerSummary {
  return summarizeTransactionsOf(transactions, spec, 'skip');
}

/**
 * `summarizeTransactions` for a caller whose own spec has no `missing` option (the report):
 * `skipOption` null words the missing-value hint without suggesting an option the caller refuses.
 * Internal: not exported from the package.
 */
export function summarizeTransactionsOf(transactions: TableInput, spec: SummarizeTransactionsSpec, skipOption: 'skip' | null): CustomerSummary {
  const s = parseSpec(summarizeTransactionsSpecSchema, spec, FN);
  const endDay = daysFromDateValue(s.observationEnd);
  if (endDay !== endDay) {
    throw specError(FN, 'spec.observationEnd', DATE_VALUE_EXPECTED, describeValue(s.observationEnd));
  }
  const calibrationDay = s.calibrationEnd === undefined ? endDay : daysFromDateValue(s.calibrationEnd);
  if (s.calibrationEnd !== undefined && !(calibrationDay < endDay)) {
    throw specError(
      FN,
      'spec.calibrationEnd',
      `a date before observationEnd (${isoDateOfDay(endDay)}): a Date, 'YYYY-MM-DD' or a YYYYMMDD integer`,
      describeValue(s.calibrationEnd),
    );
  }
  const names = [s.customer, s.date, s.amount, ...(s.profit ? [s.profit] : [])];
  const reader = new ColumnReader(transactions, FN, names, s.missing, skipOption);
  const customer = readKeys(reader, s.customer, 'customer id');
  const clock: DateClock = { marks: null };
  const day = readDates(reader, s.date, 'purchase date', clock);
  const amount = reader.number(s.amount, 'transaction amount');
  const profit = s.profit ? reader.number(s.profit, 'transaction profit') : null;
  const { skipMask, skipped } = reader.finish();
  // the summary (and its warnings) stops at the calibration end when there is one, else at the observation end
  const [base, stats] = summarizeColumns(customer.codes, customer.keys, day, amount, profit, skipMask, skipped, calibrationDay, s.timeUnit);
  // Warnings: counts gathered on the way, plus a pass over the time-of-day marks when dates carry times.
  const clockCounts = clock.marks === null ? null : countClock(clock.marks, day, skipMask, calibrationDay);
  const dates = reader.table.column(s.date) as ArrayLike<unknown>;
  let duplicates = {
    rows: stats.sameDayAmount,
    sameTimestamp: false,
    example: stats.example === null ? null : `${isoDateOfDay(stats.example.day)}, amount ${stats.example.amount}`,
  };
  if (stats.sameDayAmount > 0 && clockCounts !== null && clockCounts.timed > 0) {
    const exact = duplicateTimestamps(customer.codes, customer.keys, dates, day, amount, skipMask, calibrationDay);
    duplicates = { rows: exact.rows, sameTimestamp: true, example: exact.example === null ? null : `${exact.example.value}, amount ${exact.example.amount}` };
  }
  let clockExample: string | null = null;
  if (clockCounts !== null && clockCounts.exampleRow >= 0) {
    const row = clockCounts.exampleRow;
    const v = dates[row];
    const ms = v instanceof Date ? v.getTime() : (readDateTimeText(String(v).trim()) as DateTimeText).instant;
    clockExample = `row ${row}, ${v instanceof Date ? `a Date at ${v.toISOString()}` : JSON.stringify(String(v).trim())}, counts on ${isoDateOfDay(day[row])}, in UTC ${isoDateOfDay(Math.floor(ms / 86_400_000))}`;
  }
  const warnings = transactionWarnings({ stats, counts: base.counts, duplicates, clock: clockCounts, clockExample, endDay: calibrationDay });
  const summary = { ...base, warnings };
  if (s.calibrationEnd === undefined) return summary;
  // The split: the summary above stops at the calibration end; the holdout adds what follows.
  const later = holdoutPurchases(customer.codes, customer.keys.length, day, amount, skipMask, calibrationDay, endDay);
  const codeOf = new Map<string | number, number>(customer.keys.map((key, c) => [key, c]));
  const inSummary = new Uint8Array(customer.keys.length);
  const frequency = new Float64Array(summary.customer.length);
  const monetary = new Float64Array(summary.customer.length);
  summary.customer.forEach((id, o) => {
    const c = codeOf.get(id)!;
    inSummary[c] = 1;
    frequency[o] = later.frequency[c];
    monetary[o] = later.monetary[c];
  });
  let newCustomers = 0;
  for (let c = 0; c < inSummary.length; c++) if (inSummary[c] === 0 && later.frequency[c] > 0) newCustomers++;
  return {
    ...summary,
    observationEnd: isoDateOfDay(endDay),
    holdout: {
      calibrationEnd: isoDateOfDay(calibrationDay),
      duration: (endDay - calibrationDay) / DAYS_PER_UNIT[s.timeUnit],
      frequency,
      monetary,
      rows: later.rows,
      newCustomers,
    },
    counts: { ...summary.counts, afterObservationEnd: summary.counts.afterObservationEnd - later.rows },
  };
}

/** The kernel: typed arrays in, typed arrays out. Rows with code -1 or a skip mark are ignored. */
function summarizeColumns(
  codes: Int32Array,
  keys: (string | number)[],
  day: Int32Array,
  amount: NumericArray,
  profit: NumericArray | null,
  skipMask: Uint8Array | null,
  skipped: number,
  endDay: number,
  timeUnit: TimeUnit,
): [Omit<CustomerSummary, 'warnings'>, KernelStats] {
  const n = codes.length;
  const k = keys.length;
  // Pass 1: rows per customer, among rows kept.
  const start = new Int32Array(k + 1);
  let afterEnd = 0;
  for (let i = 0; i < n; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    if (day[i] > endDay) {
      afterEnd++;
      continue;
    }
    start[codes[i] + 1]++;
  }
  // Customers with no kept row are dropped; the others get dense output slots.
  const slot = new Int32Array(k);
  let customers = 0;
  for (let c = 0; c < k; c++) slot[c] = start[c + 1] > 0 ? customers++ : -1;
  for (let c = 0; c < k; c++) start[c + 1] += start[c];
  const used = start[k];
  // Pass 2: counting sort by customer (stable), copying day and amount into customer order so
  // the per-customer pass below reads memory sequentially.
  const { sortedDay, sortedAmount, sortedProfit } = sortRowsByCustomer(codes, day, amount, profit, skipMask, endDay, start);
  const unit = DAYS_PER_UNIT[timeUnit];
  const out = {
    frequency: new Float64Array(customers),
    recency: new Float64Array(customers),
    T: new Float64Array(customers),
    monetary: new Float64Array(customers),
    revenue: new Float64Array(customers),
    profit: profit ? new Float64Array(customers) : undefined,
    firstPurchase: new Float64Array(customers),
    lastPurchase: new Float64Array(customers),
    transactions: new Float64Array(customers),
  };
  const ids = new Array<string | number>(customers);
  let scratchDay = new Int32Array(64);
  let scratchAmount = new Float64Array(64);
  const total = new ExactSum();
  const totalProfit = new ExactSum();
  const dayNet = new ExactSum();
  const repeat = new ExactSum();
  let kept = 0;
  let refundDays = 0;
  let nonPositiveNet = 0;
  let withoutPurchase = 0;
  let withoutPurchaseRows = 0;
  // for the warnings (no number depends on them)
  let negativeRows = 0;
  let negativeNet = 0;
  let sameDayAmount = 0;
  let example: KernelStats['example'] = null;
  const gaps = new Float64Array(customers);
  let repeaters = 0;
  let earliestFirst = Infinity;
  for (let c = 0; c < k; c++) {
    if (slot[c] < 0) continue;
    const from = start[c];
    const to = start[c + 1];
    const m = to - from;
    total.reset();
    let profitValue = 0;
    if (sortedProfit !== null) {
      totalProfit.reset();
      for (let j = from; j < to; j++) totalProfit.add(sortedProfit[j]);
      profitValue = totalProfit.value();
    }
    // The customer's rows in day order (insertion sort: rows usually arrive nearly sorted).
    if (m > scratchDay.length) {
      scratchDay = new Int32Array(m * 2);
      scratchAmount = new Float64Array(m * 2);
    }
    sortByDay(sortedDay, sortedAmount, from, m, scratchDay, scratchAmount);
    // Walk the calendar days: each day's net value is the exact sum of its rows. A day that
    // holds a refund (a negative amount) and nets to ≤ 0 is a refund day, not a purchase
    // occasion; every other day (a $0 day without refunds included, as in lifetimes) is one.
    let first = -1;
    let last = -1;
    let purchaseDays = 0;
    let repeatLow = Infinity;
    let repeatHigh = -Infinity;
    repeat.reset();
    for (let a = 0; a < m;) {
      const d = scratchDay[a];
      let refund = false;
      let net: number;
      let b = a + 1;
      if (b === m || scratchDay[b] !== d) {
        // a day of one row (the common case): its net value is the row's amount
        net = scratchAmount[a];
        total.add(net);
        if (net < 0) {
          refund = true;
          negativeRows++;
        }
      } else {
        dayNet.reset();
        for (b = a; b < m && scratchDay[b] === d; b++) {
          const v = scratchAmount[b];
          dayNet.add(v);
          total.add(v);
          if (v < 0) {
            refund = true;
            negativeRows++;
          }
          // rows are sorted by (day, amount): a repeated amount on the day is the row before; the
          // example is the earliest duplicate (then the smallest amount), whatever the row order
          if (b > a && v === scratchAmount[b - 1]) {
            if (example === null || d < example.day || (d === example.day && v < example.amount)) example = { customer: keys[c], day: d, amount: v };
            sameDayAmount++;
          }
        }
        net = dayNet.value();
      }
      const dayStart = a;
      a = b;
      if (refund && !(net > 0)) {
        refundDays++;
        continue;
      }
      if (first < 0) first = d;
      else {
        // The rows themselves, not the rounded day value: the repeat total is then the exact
        // sum of the repeat purchases however they are split across days, rounded once.
        for (let j = dayStart; j < b; j++) repeat.add(scratchAmount[j]);
        if (net < repeatLow) repeatLow = net;
        if (net > repeatHigh) repeatHigh = net;
      }
      last = d;
      purchaseDays++;
    }
    // every row went into the exact total on the walk (the order of the terms does not matter)
    const revenue = total.value();
    if (!Number.isFinite(revenue) || !Number.isFinite(profitValue)) throw overflowError(keys[c]);
    if (first < 0) {
      // Only refund days: no purchase to date the customer from. Left out, counted.
      withoutPurchase++;
      withoutPurchaseRows += m;
      continue;
    }
    const o = kept++;
    ids[o] = keys[c];
    if (!(revenue > 0)) nonPositiveNet++;
    if (revenue < 0) negativeNet++;
    const frequency = purchaseDays - 1;
    if (frequency > 0) gaps[repeaters++] = (last - first) / frequency;
    if (first < earliestFirst) earliestFirst = first;
    out.frequency[o] = frequency;
    out.recency[o] = (last - first) / unit;
    out.T[o] = (endDay - first) / unit;
    // Sum first (exactly), divide once: equal repeat spends give bit-identical means.
    // Equal repeat days give exactly that value (three 0.1s sum to 0.30000000000000004).
    out.monetary[o] = frequency === 0 ? 0 : repeatLow === repeatHigh ? repeatLow : repeat.value() / frequency;
    out.revenue[o] = revenue;
    if (out.profit) out.profit[o] = profitValue;
    out.firstPurchase[o] = first;
    out.lastPurchase[o] = last;
    out.transactions[o] = m;
  }
  const trim = <T extends Float64Array | undefined>(column: T): T => (kept === customers || column === undefined ? column : (column.slice(0, kept) as T));
  if (kept < customers) ids.length = kept;
  const summary = {
    customer: ids,
    frequency: trim(out.frequency),
    recency: trim(out.recency),
    T: trim(out.T),
    monetary: trim(out.monetary),
    revenue: trim(out.revenue),
    ...(out.profit ? { profit: trim(out.profit) } : {}),
    firstPurchase: trim(out.firstPurchase),
    lastPurchase: trim(out.lastPurchase),
    transactions: trim(out.transactions),
    timeUnit,
    observationEnd: isoDateOfDay(endDay),
    counts: {
      rows: n,
      used: used - withoutPurchaseRows,
      afterObservationEnd: afterEnd,
      skipped,
      customers: kept,
      refundDays,
      nonPositiveNet,
      withoutPurchase,
      withoutPurchaseRows,
    },
  };
  return [summary, { negativeRows, negativeNet, sameDayAmount, example, gaps, repeaters, earliestFirst }];
}

/**
 * Copy the m rows from `from` into the scratch buffers sorted by day, then amount (the order
 * within a day does not change any number — day values are exact sums — but it puts repeated
 * amounts of a day side by side for the duplicate-row warning). Insertion sort when short or
 * already nearly in order, an index sort otherwise.
 */
function sortByDay(day: Int32Array, amount: Float64Array, from: number, m: number, outDay: Int32Array, outAmount: Float64Array): void {
  let descents = 0;
  if (m > 32) {
    for (let j = 1; j < m; j++) {
      const d = day[from + j];
      const p = day[from + j - 1];
      if (d < p || (d === p && amount[from + j] < amount[from + j - 1])) descents++;
    }
  }
  if (m <= 32 || descents <= 8) {
    for (let i = 0; i < m; i++) {
      const d = day[from + i];
      const v = amount[from + i];
      let j = i - 1;
      while (j >= 0 && (outDay[j] > d || (outDay[j] === d && outAmount[j] > v))) {
        outDay[j + 1] = outDay[j];
        outAmount[j + 1] = outAmount[j];
        j--;
      }
      outDay[j + 1] = d;
      outAmount[j + 1] = v;
    }
    return;
  }
  const order = Int32Array.from({ length: m }, (_, i) => from + i).sort((a, b) => day[a] - day[b] || amount[a] - amount[b]);
  for (let i = 0; i < m; i++) {
    outDay[i] = day[order[i]];
    outAmount[i] = amount[order[i]];
  }
}

/** A customer whose amounts add up beyond the range of doubles: refused rather than Infinity. */
function overflowError(customer: string | number): CustomerValueError {
  return new CustomerValueError('invalid_value', `${FN}: the amounts of customer ${JSON.stringify(customer)} add up beyond the range of numbers`, [
    {
      function: FN,
      column: 'amount',
      expected: 'amounts whose per-customer sums stay finite (below about 1.8e308)',
      received: `a sum that overflows for customer ${JSON.stringify(customer)}`,
      hint: 'check the amount column for corrupt values, or rescale it (e.g. to thousands)',
    },
  ]);
}
