import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { cohortMatrix } from '../internal/cohortMatrix.js';
import { type CalendarPeriod } from './calendarPeriods.js';
import { activitySpecSchema, readActivity, type PartialPeriod } from './readActivity.js';
import { type MissingValues } from '../io/missingValues.js';

const FN = 'cohortRetention';

/** Spec shared by `cohortRetention`, `customerFlows`, `retentionRate` and `churnRate`. */
export interface ActivitySpec {
  /** Customer id column. */
  readonly customer: string;
  /** Purchase date column (`Date`, ISO string or `YYYYMMDD`). */
  readonly date: string;
  /** Calendar period: `'week'` (ISO, Monday start), `'month'`, `'quarter'` or `'year'`. Required. */
  readonly period: CalendarPeriod;
  /** Optional amount column, totalled per cell. */
  readonly amount?: string;
  /** Rows with a missing value: `'error'` (default) or `'skip'` (counted). */
  readonly missing?: MissingValues;
  /**
   * Last day observed, inclusive (`Date`, `'YYYY-MM-DD'` or `YYYYMMDD`; default: the latest date
   * in the log). Rows after it are left out and counted (`afterObservationEnd`); the period it
   * cuts short, if any, is left out and named (`partialPeriod`).
   */
  readonly observationEnd?: Date | string | number;
}

/** An acquisition-cohort × period-offset matrix. Cells after the last observed period are null. */
export interface CohortRetentionResult {
  /** Cohort labels (period of first purchase), oldest first. */
  readonly cohorts: readonly string[];
  /** Customers acquired in each cohort. */
  readonly size: readonly number[];
  /** active[c][k]: customers of cohort c who bought in period c + k. */
  readonly active: readonly (readonly (number | null)[])[];
  /** retention[c][k] = active[c][k] / size[c]; retention[c][0] = 1. */
  readonly retention: readonly (readonly (number | null)[])[];
  /** revenue[c][k]: amount spent by cohort c in period c + k (with an amount column). */
  readonly revenue: readonly (readonly (number | null)[])[] | null;
  readonly period: CalendarPeriod;
  readonly rows: number;
  readonly skipped: number;
  /** The observation end used, `YYYY-MM-DD`. */
  readonly observationEnd: string;
  /** Rows dated after the observation end, left out. */
  readonly afterObservationEnd: number;
  /**
   * The last period when the observation end falls before its last day: left out (its rows
   * counted here), never shown as a low share or 0. Null when the end closes a period.
   */
  readonly partialPeriod: PartialPeriod | null;
}

/**
 * Acquisition-cohort retention: customers grouped by the calendar period of their first purchase,
 * and for each later period the number (and share) of them who bought again, with revenue per
 * cell when an amount column is given. Offsets run to the last complete period; cells beyond
 * it are null (not observed), never 0.
 *
 * One window: rows after `observationEnd` (default: the latest date in the log) are left out and
 * counted. Partial periods are DROPPED, not flagged: when the end falls before the last day of its
 * period (a quarter cut in mid-May), that period is left out — its cells would count only the
 * weeks seen so far and read as churn — and named in `partialPeriod` with its row count; its
 * customers' first purchases there start no cohort. Pass the period's last day as
 * `observationEnd` when the log is complete to it (e.g. no sales on the last days).
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
 * @throws {CustomerValueError} `invalid_spec` (e.g. no period), `missing_column`, `invalid_value`, `too_few_rows`.
 * @example
 * const log = {
 *   customer: ['a', 'a', 'b', 'c', 'c', 'a'],
 *   date: ['2024-01-05', '2024-02-10', '2024-01-20', '2024-02-02', '2024-03-15', '2024-03-01'],
 * };
 * const result = cohortRetention(log, { customer: 'customer', date: 'date', period: 'month', observationEnd: '2024-03-31' });
 * result.cohorts; // => ['2024-01', '2024-02']
 * result.active; // => [[2, 1, 1], [1, 1, null]]
 * result.retention[0]; // => [1, 0.5, 0.5]
 * // the log ends on 15 March: March is cut short and left out, not shown as a drop
 * cohortRetention(log, { customer: 'customer', date: 'date', period: 'month', observationEnd: '2024-03-15' }).partialPeriod; // => { period: '2024-03', from: '2024-03-01', to: '2024-03-31', rows: 2 }
 */
export function cohortRetention(transactions: TableInput, spec: ActivitySpec): CohortRetentionResult {
  const s = parseSpec(activitySpecSchema, spec, FN);
  const activity = readActivity(transactions, FN, s);
  const { customerCodes, periods, amounts, firstPeriod, lastPeriod } = activity;
  const k = activity.customers.length;
  const span = Math.max(0, lastPeriod - firstPeriod + 1);
  // First period per customer.
  const cohortOf = new Int32Array(k).fill(2147483647);
  for (let i = 0; i < periods.length; i++) if (periods[i] < cohortOf[customerCodes[i]]) cohortOf[customerCodes[i]] = periods[i];
  // Distinct (customer, period) activity: mark with a per-customer last-seen bitmap over periods.
  const activeCounts = new Float64Array(span * span);
  const revenueSums = amounts ? new Float64Array(span * span) : null;
  const seen = new Set<number>();
  for (let i = 0; i < periods.length; i++) {
    const c = customerCodes[i];
    const cohort = cohortOf[c] - firstPeriod;
    const offset = periods[i] - cohortOf[c];
    const cell = cohort * span + offset;
    const key = c * span + offset;
    if (!seen.has(key)) {
      seen.add(key);
      activeCounts[cell]++;
    }
    if (revenueSums && amounts) revenueSums[cell] += amounts[i];
  }
  const matrix = cohortMatrix({ firstPeriod, span, active: activeCounts, revenue: revenueSums }, s.period);
  return {
    ...matrix,
    period: s.period,
    rows: activity.rows,
    skipped: activity.skipped,
    observationEnd: activity.observationEnd,
    afterObservationEnd: activity.afterObservationEnd,
    partialPeriod: activity.partialPeriod,
  };
}
