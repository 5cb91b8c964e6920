import type { TableInput } from '../io/tableInput.js';
import type { ActivitySpec } from './cohortRetention.js';
import { flowsOf } from './customerFlows.js';

/** A period-over-period rate. */
export interface PeriodRate {
  readonly period: string;
  /** Customers active in the previous period: the base of the rate. */
  readonly base: number;
  /** Of them, retained (for `retentionRate`) or lost (for `churnRate`). */
  readonly count: number;
  readonly rate: number;
}

/**
 * Retention rate per calendar period: of the customers who bought in the previous period, the
 * share who bought again in this one. Starts at the second period (the first has no base) and
 * stops at the last complete one: a period cut short by `observationEnd` (default the latest date)
 * is left out, as in `customerFlows`, never a low rate.
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
 * @throws {CustomerValueError} `invalid_spec`, `missing_column`, `invalid_value`, `too_few_rows`.
 * @example
 * const log = { customer: ['a', 'b', 'a', 'c', 'b'], date: [20240105, 20240110, 20240203, 20240215, 20240320] };
 * retentionRate(log, { customer: 'customer', date: 'date', period: 'month', observationEnd: '2024-03-31' }); // => [{ period: '2024-02', base: 2, count: 1, rate: 0.5 }, { period: '2024-03', base: 2, count: 0, rate: 0 }]
 * // without the end, the log ends on 20 March: March is cut short and left out, not a 0% month
 * retentionRate(log, { customer: 'customer', date: 'date', period: 'month' }).length; // => 1
 */
export function retentionRate(transactions: TableInput, spec: ActivitySpec): PeriodRate[] {
  return flowsOf(transactions, spec, 'retentionRate')
    .flows.filter((f) => f.retentionRate !== null)
    .map((f) => ({ period: f.period, base: f.retained + f.lost, count: f.retained, rate: f.retentionRate as number }));
}

/**
 * Churn rate per calendar period: of the customers who bought in the previous period, the share
 * who did not buy in this one (1 − retention rate). A period cut short by `observationEnd`
 * (default the latest date) is left out, as in `customerFlows`, never counted as churn.
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
 * @throws {CustomerValueError} `invalid_spec`, `missing_column`, `invalid_value`, `too_few_rows`.
 * @example
 * const log = { customer: ['a', 'b', 'a', 'c', 'b'], date: [20240105, 20240110, 20240203, 20240215, 20240320] };
 * churnRate(log, { customer: 'customer', date: 'date', period: 'month', observationEnd: 20240331 }).map((r) => r.rate); // => [0.5, 1]
 */
export function churnRate(transactions: TableInput, spec: ActivitySpec): PeriodRate[] {
  return flowsOf(transactions, spec, 'churnRate')
    .flows.filter((f) => f.churnRate !== null)
    .map((f) => ({ period: f.period, base: f.retained + f.lost, count: f.lost, rate: f.churnRate as number }));
}
