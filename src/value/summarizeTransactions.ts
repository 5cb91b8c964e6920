import { CustomerValueError } from '../errors.js';
import { z } from 'zod';
import { daysFromDateValue, isoDateOfDay } from '../internal/civilDays.js';
import { ColumnReader } from '../internal/columnReader.js';
import { parseSpec, specError } from '../internal/parseSpec.js';
import { DAYS_PER_UNIT, timeUnitSchema, type TimeUnit } from '../internal/timeUnits.js';
import { describeValue } from '../errors.js';
import type { NumericArray, TableInput } from '../io/tableInput.js';

const FN = 'summarizeTransactions';

const specSchema = z.strictObject({
  customer: z.string().min(1),
  date: z.string().min(1),
  amount: z.string().min(1),
  profit: z.string().min(1).optional(),
  observationEnd: z.union([z.date(), z.string().min(1), z.number()]),
  timeUnit: timeUnitSchema,
  missing: z.enum(['error', 'skip']).default('error'),
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
  /** Rows with a missing customer, date or amount: `'error'` (default) or `'skip'` (counted). */
  readonly missing?: 'error' | 'skip';
}

/** Per-customer summary in columns (one entry per customer, in order of first appearance). */
export interface CustomerSummary {
  /** Customer ids as they appeared in the log. */
  readonly customer: (string | number)[];
  /** Number of repeat purchase days: distinct purchase days after the first. */
  readonly frequency: Float64Array;
  /** Time from the first to the last purchase day, in `timeUnit`. */
  readonly recency: Float64Array;
  /** Time from the first purchase day to `observationEnd`, in `timeUnit`. */
  readonly T: Float64Array;
  /** Mean value of the repeat purchase days (first day excluded, same-day values summed); 0 when frequency is 0. */
  readonly monetary: Float64Array;
  /** Total value of all transactions up to `observationEnd`, the first day included. */
  readonly revenue: Float64Array;
  /** Total profit, when the spec names a profit column. */
  readonly profit?: Float64Array;
  /** First purchase day, in days since 1970-01-01 (see `toIsoDate`). */
  readonly firstPurchase: Float64Array;
  /** Last purchase day, in days since 1970-01-01. */
  readonly lastPurchase: Float64Array;
  /** Number of transactions (rows) before same-day merging. */
  readonly transactions: Float64Array;
  readonly timeUnit: TimeUnit;
  /** `observationEnd` as `YYYY-MM-DD`. */
  readonly observationEnd: string;
  readonly counts: {
    /** Rows in the input. */
    readonly rows: number;
    /** Rows summarized. */
    readonly used: number;
    /** Rows dated after `observationEnd`, left out. */
    readonly afterObservationEnd: number;
    /** Rows skipped for missing values under `missing: 'skip'`. */
    readonly skipped: number;
    /** Customers in the summary. */
    readonly customers: number;
  };
}

/**
 * Summarize a transaction log into one row per customer in the conventions of the
 * "buy till you die" literature (Fader, Hardie & Lee 2005) and of Python's `lifetimes`:
 * same-day purchases of a customer merge into one purchase day (values summed); `frequency`
 * counts repeat purchase days; `recency` and `T` run from the first purchase day; `monetary`
 * is the mean value of the repeat purchase days. Transactions after `observationEnd`
 * (inclusive end) are left out and counted. Every row is accounted for:
 * `rows = used + afterObservationEnd + skipped`.
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
 */
export function summarizeTransactions(transactions: TableInput, spec: SummarizeTransactionsSpec): CustomerSummary {
  const s = parseSpec(specSchema, spec, FN);
  const endDay = daysFromDateValue(s.observationEnd);
  if (endDay !== endDay) {
    throw specError(FN, 'spec.observationEnd', "a date: a Date, 'YYYY-MM-DD' or a YYYYMMDD integer", describeValue(s.observationEnd));
  }
  const names = [s.customer, s.date, s.amount, ...(s.profit ? [s.profit] : [])];
  const reader = new ColumnReader(transactions, FN, names, s.missing);
  const customer = reader.key(s.customer, 'customer id');
  const day = reader.date(s.date, 'purchase date');
  const amount = reader.number(s.amount, 'transaction amount');
  const profit = s.profit ? reader.number(s.profit, 'transaction profit') : null;
  const { skipMask, skipped } = reader.finish();
  return summarizeColumns(customer.codes, customer.keys, day, amount, profit, skipMask, skipped, endDay, s.timeUnit);
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
): CustomerSummary {
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
  const sortedDay = new Int32Array(used);
  const sortedAmount = new Float64Array(used);
  const sortedProfit = profit ? new Float64Array(used) : null;
  const fill = start.slice(0, k);
  for (let i = 0; i < n; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    const d = day[i];
    if (d > endDay) continue;
    const at = fill[codes[i]]++;
    sortedDay[at] = d;
    sortedAmount[at] = amount[i];
    if (sortedProfit !== null && profit !== null) sortedProfit[at] = profit[i];
  }
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
  const ids: (string | number)[] = new Array(customers);
  let scratch = new Int32Array(64);
  for (let c = 0; c < k; c++) {
    const o = slot[c];
    if (o < 0) continue;
    ids[o] = keys[c];
    const from = start[c];
    const to = start[c + 1];
    const m = to - from;
    let first = sortedDay[from];
    let last = first;
    let total = 0;
    let totalProfit = 0;
    for (let j = from; j < to; j++) {
      const d = sortedDay[j];
      if (d < first) first = d;
      if (d > last) last = d;
      total += sortedAmount[j];
      if (sortedProfit !== null) totalProfit += sortedProfit[j];
    }
    if (!Number.isFinite(total) || !Number.isFinite(totalProfit)) throw overflowError(ids[o]);
    let firstDayValue = 0;
    for (let j = from; j < to; j++) if (sortedDay[j] === first) firstDayValue += sortedAmount[j];
    let distinct = 1;
    if (first !== last) {
      if (m > scratch.length) scratch = new Int32Array(m * 2);
      for (let j = 0; j < m; j++) scratch[j] = sortedDay[from + j];
      distinct = countDistinct(scratch, m);
    }
    const frequency = distinct - 1;
    out.frequency[o] = frequency;
    out.recency[o] = (last - first) / unit;
    out.T[o] = (endDay - first) / unit;
    out.monetary[o] = frequency > 0 ? (total - firstDayValue) / frequency : 0;
    out.revenue[o] = total;
    if (out.profit) out.profit[o] = totalProfit;
    out.firstPurchase[o] = first;
    out.lastPurchase[o] = last;
    out.transactions[o] = m;
  }
  return {
    customer: ids,
    frequency: out.frequency,
    recency: out.recency,
    T: out.T,
    monetary: out.monetary,
    revenue: out.revenue,
    ...(out.profit ? { profit: out.profit } : {}),
    firstPurchase: out.firstPurchase,
    lastPurchase: out.lastPurchase,
    transactions: out.transactions,
    timeUnit,
    observationEnd: isoDateOfDay(endDay),
    counts: { rows: n, used, afterObservationEnd: afterEnd, skipped, customers },
  };
}

/** Distinct values among the first m entries of a scratch buffer (sorts them in place). */
function countDistinct(values: Int32Array, m: number): number {
  if (m <= 32) {
    for (let i = 1; i < m; i++) {
      const v = values[i];
      let j = i - 1;
      while (j >= 0 && values[j] > v) {
        values[j + 1] = values[j];
        j--;
      }
      values[j + 1] = v;
    }
  } else {
    values.subarray(0, m).sort();
  }
  let distinct = 1;
  for (let i = 1; i < m; i++) if (values[i] !== values[i - 1]) distinct++;
  return distinct;
}

/** A customer whose amounts add up beyond the range of doubles: refused rather than Infinity. */
function overflowError(customer: string | number): CustomerValueError {
  return new CustomerValueError('invalid_value', `${FN}: the amounts of customer ${JSON.stringify(customer)} add up beyond the range of numbers`, [
    { function: FN, column: 'amount', expected: 'amounts whose per-customer sums stay finite (below about 1.8e308)', received: `a sum that overflows for customer ${JSON.stringify(customer)}`, hint: 'check the amount column for corrupt values, or rescale it (e.g. to thousands)' },
  ]);
}
