import * as z from 'zod/mini';
import { columnNameSchema } from '../../internal/columnNameSchema.js';
import { CustomerValueError, describeValue } from '../../errors.js';
import { daysFromDateValue, isoDateOfDay } from '../../internal/civilDays.js';
import { openTable } from '../../internal/openTable.js';
import { parseSpec, specError } from '../../internal/parseSpec.js';
import { timeUnitSchema } from '../../internal/timeUnits.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';
import type { TableInput } from '../../io/tableInput.js';
import { summarizeTransactions, type CustomerHoldout } from '../../value/summarizeTransactions.js';
import type { TransactionWarning } from '../../value/transactionWarning.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import { dateValueSchema } from '../../internal/dateValueSchema.js';

const FN = 'calibrationHoldout';
const DATE = dateValueSchema();

// In zod/mini (issue 21), as the date and time-unit schemas it takes.
const specSchema = z.strictObject({
  customer: columnNameSchema(),
  date: columnNameSchema(),
  value: z.optional(columnNameSchema()),
  calibrationEnd: DATE,
  observationEnd: DATE,
  timeUnit: timeUnitSchema,
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** How to read a transaction log and where to split it. */
export interface CalibrationHoldoutSpec {
  /** Column with the customer id (string or number). */
  readonly customer: string;
  /** Column with the purchase date: `Date`, `'YYYY-MM-DD'` (or an ISO timestamp) or a `YYYYMMDD` integer. */
  readonly date: string;
  /** Optional column with the transaction value (refunds negative): adds `monetary` and `monetaryHoldout`. */
  readonly value?: string;
  /** Last day of the calibration period, inclusive: T runs to it. Same formats as `date`. */
  readonly calibrationEnd: Date | string | number;
  /** Last day of the holdout period, inclusive, after `calibrationEnd`; later rows are left out and counted. */
  readonly observationEnd: Date | string | number;
  /** Unit of recency, T and the holdout's duration: required, never assumed (a month is 30.4375 days). */
  readonly timeUnit: TimeUnit;
  /** Rows with a missing customer, date or value: `'error'` (default) or `'skip'` (counted). */
  readonly missing?: MissingValues;
}

/**
 * One row per customer first seen by the calibration end: the calibration summary and the holdout
 * columns, named as the CLI's `summarize --calibration-end` writes them.
 */
export interface CalibrationHoldout {
  /** Customer ids as they appeared in the log (first-appearance order). */
  readonly customer: (string | number)[];
  /** Repeat purchase days in the calibration period. */
  readonly frequency: Float64Array;
  /** Time from the first to the last calibration purchase day, in `timeUnit`. */
  readonly recency: Float64Array;
  /** Time from the first purchase day to `calibrationEnd`, in `timeUnit`. */
  readonly T: Float64Array;
  /** Mean value of the calibration repeat purchase days (0 without one); only with `spec.value`. */
  readonly monetary?: Float64Array;
  /** Purchase days in the holdout period (calibrationEnd, observationEnd], every one counted. */
  readonly frequencyHoldout: Float64Array;
  /** Mean value of the holdout purchase days (0 without one); only with `spec.value`. */
  readonly monetaryHoldout?: Float64Array;
  /** The holdout period's length in `timeUnit`, the same on every row (the CLI's column). */
  readonly durationHoldout: Float64Array;
  /** The holdout period's length in `timeUnit` (the scalar). */
  readonly duration: number;
  readonly timeUnit: TimeUnit;
  /** `calibrationEnd` as `YYYY-MM-DD`. */
  readonly calibrationEnd: string;
  /** `observationEnd` as `YYYY-MM-DD`. */
  readonly observationEnd: string;
  /** The split as `summarizeTransactions` gives it (what `holdoutByFrequency` reads without a spec). */
  readonly holdout: CustomerHoldout;
  /** Every row accounted for: `rows = calibrationRows + holdoutRows + afterObservationEnd + skipped + withoutPurchaseRows`. */
  readonly counts: {
    /** Rows in the input. */
    readonly rows: number;
    /** Customers in the table (first purchase on or before `calibrationEnd`). */
    readonly customers: number;
    /** Rows dated up to `calibrationEnd` of the table's customers. */
    readonly calibrationRows: number;
    /** Rows dated in the holdout period, of the table's customers or not. */
    readonly holdoutRows: number;
    /** Customers first seen in the holdout period: left out, as in lifetimes and BTYD. */
    readonly newInHoldout: number;
    /** Rows dated after `observationEnd`, left out. */
    readonly afterObservationEnd: number;
    /** Rows skipped for a missing value under `missing: 'skip'`. */
    readonly skipped: number;
    /** Customers with refund days only up to `calibrationEnd`: left out. */
    readonly withoutPurchase: number;
    /** Their calibration rows. */
    readonly withoutPurchaseRows: number;
  };
  /** What changes the calibration statistics silently (refunds, duplicates, time zones, a short calibration): `summarizeTransactions`' warnings. */
  readonly warnings: readonly TransactionWarning[];
}

/**
 * Split a transaction log into a calibration period and a holdout period, one row per customer
 * first seen by `calibrationEnd`: the calibration summary (`frequency`, `recency`, `T`,
 * `monetary`, in the conventions of `summarizeTransactions`: same-day purchases merged, refund
 * days no purchase) beside the holdout columns `frequencyHoldout` (purchase days after
 * `calibrationEnd` up to `observationEnd`, inclusive), `monetaryHoldout` (their mean value) and
 * `durationHoldout` (the holdout's length in `timeUnit`). What lifetimes'
 * `calibration_and_holdout_data`, BTYD's `dc.ElogToCbsCbt` (cbs `x`, `t.x`, `T.cal`, `x.star`)
 * and CLVTools' `estimation.split` give; the columns are named as the CLI's
 * `summarize --calibration-end` writes them, so the table goes as it is to `fitBetaGeo`,
 * `fitParetoNbd`, `fitGammaGamma`, `holdoutByFrequency` and `compareModels`. Customers first
 * seen in the holdout are left out (BTYD and lifetimes do the same) and counted. Computed by
 * `summarizeTransactions` with `calibrationEnd` (one pass, exact sums).
 *
 * @param transactions Rows, columns or an Arrow-like table: one row per transaction.
 * @param spec Column names, the two period ends and the required `timeUnit`.
 * @throws {CustomerValueError} `invalid_spec` for an unparsable `calibrationEnd` or
 *   `observationEnd`, a `calibrationEnd` on or after `observationEnd`, or before the first
 *   purchase (path names the field); `missing_column`; `invalid_value` for a bad id, date or
 *   value (with the row).
 * @example
 * // Calibration to Jan 15, holdout to Jan 29 (2 weeks): b bought on Jan 22 and 23; c is new in the holdout.
 * const split = calibrationHoldout(
 *   { id: ['a', 'a', 'b', 'b', 'b', 'c'], day: [19970101, 19970108, 19970110, 19970122, 19970123, 19970120], spend: [10, 5, 7, 4, 6, 9] },
 *   { customer: 'id', date: 'day', value: 'spend', calibrationEnd: '1997-01-15', observationEnd: '1997-01-29', timeUnit: 'week' },
 * );
 * split.customer; // => ['a', 'b']
 * [Array.from(split.frequency), Array.from(split.frequencyHoldout), Array.from(split.monetaryHoldout)]; // => [[1, 0], [0, 2], [0, 5]]
 * [split.duration, split.counts.newInHoldout, split.counts.holdoutRows]; // => [2, 1, 3]
 */
export function calibrationHoldout(transactions: TableInput, spec: CalibrationHoldoutSpec): CalibrationHoldout {
  const s = parseSpec(specSchema, spec, FN);
  const endDay = daysFromDateValue(s.observationEnd);
  if (endDay !== endDay) throw specError(FN, 'spec.observationEnd', "a date: a Date, 'YYYY-MM-DD' or a YYYYMMDD integer", describeValue(s.observationEnd));
  const calibrationDay = daysFromDateValue(s.calibrationEnd);
  if (calibrationDay !== calibrationDay) {
    throw specError(FN, 'spec.calibrationEnd', "a date: a Date, 'YYYY-MM-DD' or a YYYYMMDD integer", describeValue(s.calibrationEnd));
  }
  if (!(calibrationDay < endDay)) {
    throw specError(FN, 'spec.calibrationEnd', `a date before observationEnd (${isoDateOfDay(endDay)})`, describeValue(s.calibrationEnd));
  }
  const table = openTable(transactions, FN, [s.customer, s.date, ...(s.value ? [s.value] : [])]);
  // without a value column every order is a purchase of value 0 (as the CLI's summarize does); no monetary columns
  const amount = s.value ?? '\u0000value';
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const name of [s.customer, s.date, ...(s.value ? [s.value] : [])]) {
    const values = table.column(name);
    if (values !== undefined) columns[name] = values;
  }
  if (!s.value) columns[amount] = new Float64Array(table.rowCount);
  const summary = inOurWords(() =>
    summarizeTransactions(columns as TableInput, {
      customer: s.customer,
      date: s.date,
      amount,
      calibrationEnd: isoDateOfDay(calibrationDay),
      observationEnd: isoDateOfDay(endDay),
      timeUnit: s.timeUnit,
      missing: s.missing,
    }),
  );
  const holdout = summary.holdout!;
  if (summary.customer.length === 0) {
    const dates = columns[s.date];
    let first = Infinity;
    for (let i = 0; i < dates.length; i++) {
      const d = daysFromDateValue(dates[i]);
      if (d < first) first = d;
    }
    throw specError(
      FN,
      'spec.calibrationEnd',
      first === Infinity ? 'a date on or after the first purchase' : `a date on or after the first purchase (${isoDateOfDay(first)})`,
      describeValue(s.calibrationEnd),
      'no customer has a purchase by the calibration end: move it later',
    );
  }
  const n = summary.customer.length;
  const c = summary.counts;
  return {
    customer: summary.customer,
    frequency: summary.frequency,
    recency: summary.recency,
    T: summary.T,
    ...(s.value ? { monetary: summary.monetary } : {}),
    frequencyHoldout: holdout.frequency,
    ...(s.value ? { monetaryHoldout: holdout.monetary } : {}),
    durationHoldout: new Float64Array(n).fill(holdout.duration),
    duration: holdout.duration,
    timeUnit: s.timeUnit,
    calibrationEnd: holdout.calibrationEnd,
    observationEnd: summary.observationEnd,
    holdout,
    counts: {
      rows: c.rows,
      customers: n,
      calibrationRows: c.used,
      holdoutRows: holdout.rows,
      newInHoldout: holdout.newCustomers,
      afterObservationEnd: c.afterObservationEnd,
      skipped: c.skipped,
      withoutPurchase: c.withoutPurchase,
      withoutPurchaseRows: c.withoutPurchaseRows,
    },
    warnings: summary.warnings,
  };
}

/** Run `summarizeTransactions`, its errors told as this function's (the value column named by `spec.value`). */
function inOurWords<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof CustomerValueError)) throw error;
    const summary = error.message.split('\n')[0].replaceAll('summarizeTransactions', FN);
    const issues = error.issues.map((issue) => ({
      ...issue,
      function: issue.function === 'summarizeTransactions' ? FN : issue.function,
      ...(issue.path === 'spec.amount' ? { path: 'spec.value' } : {}),
      ...(issue.hint ? { hint: issue.hint.replaceAll('summarizeTransactions', FN) } : {}),
    }));
    throw new CustomerValueError(error.code, summary, issues, error.totalIssues);
  }
}
