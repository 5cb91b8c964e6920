import { z } from 'zod';
import { ColumnReader, requireRows } from '../internal/columnReader.js';
import type { NumericArray, TableInput } from '../io/tableInput.js';
import { calendarPeriodSchema, periodIndex, type CalendarPeriod } from './calendarPeriods.js';

/** The spec shared by cohort and flow functions. */
export const activitySpecSchema = z.strictObject({
  customer: z.string().min(1),
  date: z.string().min(1),
  period: calendarPeriodSchema,
  amount: z.string().min(1).optional(),
  missing: z.enum(['error', 'skip']).default('error'),
});

/** Transactions reduced to (customer, period) activity. */
export interface Activity {
  /** Dense customer codes per kept row, and the ids. */
  readonly customerCodes: Int32Array;
  readonly customers: (string | number)[];
  /** Period index per kept row. */
  readonly periods: Int32Array;
  readonly amounts: NumericArray | null;
  readonly firstPeriod: number;
  readonly lastPeriod: number;
  readonly period: CalendarPeriod;
  readonly rows: number;
  readonly skipped: number;
}

export function readActivity(data: TableInput, fn: string, spec: z.output<typeof activitySpecSchema>): Activity {
  const reader = new ColumnReader(data, fn, [spec.customer, spec.date, ...(spec.amount ? [spec.amount] : [])], spec.missing);
  const customer = reader.key(spec.customer, 'customer id');
  const day = reader.date(spec.date, 'purchase date');
  const amount = spec.amount ? reader.number(spec.amount, 'transaction amount') : null;
  const { skipMask, skipped } = reader.finish();
  requireRows(fn, reader.rowCount - skipped, 1, 'transactions');
  const kept = reader.rowCount - skipped;
  const customerCodes = new Int32Array(kept);
  const periods = new Int32Array(kept);
  const amounts = amount ? new Float64Array(kept) : null;
  let first = Infinity;
  let last = -Infinity;
  let lastDay = Number.NaN;
  let lastPeriod = 0;
  for (let i = 0, j = 0; i < reader.rowCount; i++) {
    if (skipMask !== null && skipMask[i] === 1) continue;
    customerCodes[j] = customer.codes[i];
    if (day[i] !== lastDay) {
      lastDay = day[i];
      lastPeriod = periodIndex(lastDay, spec.period);
    }
    periods[j] = lastPeriod;
    if (amounts && amount) amounts[j] = amount[i];
    if (lastPeriod < first) first = lastPeriod;
    if (lastPeriod > last) last = lastPeriod;
    j++;
  }
  return { customerCodes, customers: customer.keys, periods, amounts, firstPeriod: first, lastPeriod: last, period: spec.period, rows: reader.rowCount, skipped };
}
