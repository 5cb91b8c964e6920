import * as z from 'zod/mini';
import { describeValue } from '../errors.js';
import { daysFromDateValue, isoDateOfDay } from '../internal/civilDays.js';
import { ColumnReader, requireRows } from '../internal/columnReader.js';
import { readKeys } from '../internal/keyColumns.js';
import { readDates } from '../internal/dateColumns.js';
import { specError } from '../internal/parseSpec.js';
import type { NumericArray, TableInput } from '../io/tableInput.js';
import { calendarPeriodSchema, periodIndex, periodLabel, periodStart, type CalendarPeriod } from './calendarPeriods.js';
import { missingValuesMiniSchema } from '../io/missingValues.js';
import { DATE_VALUE_EXPECTED, dateValueSchema } from '../internal/dateValueSchema.js';

/** The spec shared by cohort and flow functions. */
export const activitySpecSchema = z.strictObject({
  customer: z.string().check(z.minLength(1)),
  date: z.string().check(z.minLength(1)),
  period: calendarPeriodSchema,
  amount: z.optional(z.string().check(z.minLength(1))),
  missing: z._default(missingValuesMiniSchema, 'error'),
  observationEnd: z.optional(dateValueSchema()),
});

/**
 * The last period when the observation end cuts it short (it ends after the observation end):
 * left out of every figure, because a customer who has not bought in it yet may still do so.
 */
export interface PartialPeriod {
  /** Its label, as the periods are labelled (`2024-Q2`). */
  readonly period: string;
  /** First and last day of the full period, `YYYY-MM-DD`. */
  readonly from: string;
  readonly to: string;
  /** Rows dated in it up to the observation end, left out. */
  readonly rows: number;
}

/** Transactions reduced to (customer, period) activity. */
export interface Activity {
  /** Dense customer codes per kept row, and the ids. */
  readonly customerCodes: Int32Array;
  readonly customers: (string | number)[];
  /** Period index per kept row. */
  readonly periods: Int32Array;
  readonly amounts: NumericArray | null;
  /** First and last complete period (lastPeriod < firstPeriod when none is complete). */
  readonly firstPeriod: number;
  readonly lastPeriod: number;
  readonly period: CalendarPeriod;
  readonly rows: number;
  readonly skipped: number;
  /** The observation end, `YYYY-MM-DD`: the spec's, or the latest date in the log. */
  readonly observationEnd: string;
  /** Rows dated after the observation end, left out. */
  readonly afterObservationEnd: number;
  readonly partialPeriod: PartialPeriod | null;
}

/**
 * Read the log into (customer, period) activity over one window: rows after the observation end
 * are left out (counted), and so is the last period when the end cuts it short (counted, named).
 * Kept rows: `rows = kept + skipped + afterObservationEnd + partialPeriod.rows`.
 */
export function readActivity(data: TableInput, fn: string, spec: z.output<typeof activitySpecSchema>): Activity {
  let endDay = Number.NaN;
  if (spec.observationEnd !== undefined) {
    endDay = daysFromDateValue(spec.observationEnd);
    if (endDay !== endDay) throw specError(fn, 'spec.observationEnd', DATE_VALUE_EXPECTED, describeValue(spec.observationEnd));
  }
  const reader = new ColumnReader(data, fn, [spec.customer, spec.date, ...(spec.amount ? [spec.amount] : [])], spec.missing);
  const customer = readKeys(reader, spec.customer, 'customer id');
  const day = readDates(reader, spec.date, 'purchase date');
  const amount = spec.amount ? reader.number(spec.amount, 'transaction amount') : null;
  const { skipMask, skipped } = reader.finish();
  requireRows(fn, reader.rowCount - skipped, 1, 'transactions');
  const n = reader.rowCount;
  if (endDay !== endDay) {
    endDay = -Infinity;
    for (let i = 0; i < n; i++) if ((skipMask === null || skipMask[i] === 0) && day[i] > endDay) endDay = day[i];
  }
  // The period holding the end is partial unless the end is its last day.
  const endPeriod = periodIndex(endDay, spec.period);
  const partial = periodStart(endPeriod + 1, spec.period) - 1 > endDay ? endPeriod : null;
  let afterEnd = 0;
  let inPartial = 0;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    if (day[i] > endDay) afterEnd++;
    else kept++;
  }
  const customerCodes = new Int32Array(kept);
  const periods = new Int32Array(kept);
  const amounts = amount ? new Float64Array(kept) : null;
  let first = Infinity;
  let last = -Infinity;
  let lastDay = Number.NaN;
  let lastPeriod = 0;
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    if (day[i] > endDay) continue;
    if (day[i] !== lastDay) {
      lastDay = day[i];
      lastPeriod = periodIndex(lastDay, spec.period);
    }
    if (lastPeriod === partial) {
      inPartial++;
      continue;
    }
    customerCodes[j] = customer.codes[i];
    periods[j] = lastPeriod;
    if (amounts && amount) amounts[j] = amount[i];
    if (lastPeriod < first) first = lastPeriod;
    if (lastPeriod > last) last = lastPeriod;
    j++;
  }
  return {
    customerCodes: customerCodes.subarray(0, j),
    customers: customer.keys,
    periods: periods.subarray(0, j),
    amounts: amounts ? amounts.subarray(0, j) : null,
    firstPeriod: j === 0 ? 0 : first,
    lastPeriod: j === 0 ? -1 : last,
    period: spec.period,
    rows: n,
    skipped,
    observationEnd: isoDateOfDay(endDay),
    afterObservationEnd: afterEnd,
    partialPeriod:
      partial === null
        ? null
        : {
            period: periodLabel(partial, spec.period),
            from: isoDateOfDay(periodStart(partial, spec.period)),
            to: isoDateOfDay(periodStart(partial + 1, spec.period) - 1),
            rows: inPartial,
          },
  };
}
