import { parseSpec } from '../internal/parseSpec.js';
import type { TableInput } from '../io/tableInput.js';
import { customerFlowTable } from '../internal/customerFlowTable.js';
import type { ActivitySpec } from './cohortRetention.js';
import { activitySpecSchema, readActivity, type PartialPeriod } from './readActivity.js';

/** One period of the leaky bucket. */
export interface CustomerFlow {
  readonly period: string;
  /** Customers who bought in the period. */
  readonly active: number;
  /** First purchase ever in this period. */
  readonly new: number;
  /** Bought in this period and the previous one. */
  readonly retained: number;
  /** Bought in this period, not the previous one, but some time before: won back. */
  readonly returning: number;
  /** Bought in the previous period but not this one. */
  readonly lost: number;
  /** Customers acquired so far. */
  readonly cumulativeCustomers: number;
  /** retained / active in the previous period (null in the first period). */
  readonly retentionRate: number | null;
  /** lost / active in the previous period = 1 − retentionRate (null in the first period). */
  readonly churnRate: number | null;
}

/** Flows per complete period, oldest first. */
export interface CustomerFlowsResult {
  readonly flows: readonly CustomerFlow[];
  readonly rows: number;
  readonly skipped: number;
  /** The observation end used, `YYYY-MM-DD`. */
  readonly observationEnd: string;
  /** Rows dated after the observation end, left out. */
  readonly afterObservationEnd: number;
  /**
   * The last period when the observation end falls before its last day: left out (its rows
   * counted here), never reported as churn. Null when the end closes a period.
   */
  readonly partialPeriod: PartialPeriod | null;
}

const FN = 'customerFlows';

/**
 * The "leaky bucket" of a customer base, per calendar period: customers active, new, retained
 * from the previous period, returning (won back after a gap) and lost, with the cumulative
 * customer count and period-over-period retention and churn rates. Identities that always hold:
 * `active = new + retained + returning` and `retained + lost = active(previous period)`.
 *
 * One window: rows after `observationEnd` (default: the latest date in the log) are left out and
 * counted. Partial periods are DROPPED, not flagged: when the end falls before the last day of its
 * period (a quarter cut in mid-May), that period is left out — its customers who have not bought
 * yet would count as lost — and named in `partialPeriod` with its row count (`retentionRate` and
 * `churnRate` likewise stop at the last complete period). Pass the period's last day as
 * `observationEnd` when the log is complete to it.
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
 * const log = {
 *   customer: ['a', 'b', 'a', 'c', 'b'],
 *   date: [20240105, 20240110, 20240203, 20240215, 20240320],
 * };
 * const { flows } = customerFlows(log, { customer: 'customer', date: 'date', period: 'month', observationEnd: '2024-03-31' });
 * flows.map((f) => [f.period, f.active, f.new, f.retained, f.returning, f.lost]); // => [['2024-01', 2, 2, 0, 0, 0], ['2024-02', 2, 1, 1, 0, 1], ['2024-03', 1, 0, 0, 1, 2]]
 * flows[1].retentionRate; // => 0.5
 * // ending on 20 March, March is cut short: left out, not 2 customers lost
 * const cut = customerFlows(log, { customer: 'customer', date: 'date', period: 'month', observationEnd: '2024-03-20' });
 * [cut.flows.length, cut.partialPeriod?.period, cut.partialPeriod?.rows]; // => [2, '2024-03', 1]
 */
export function customerFlows(transactions: TableInput, spec: ActivitySpec): CustomerFlowsResult {
  return flowsOf(transactions, spec, FN);
}

/** Shared by `customerFlows`, `retentionRate` and `churnRate`. */
export function flowsOf(transactions: TableInput, spec: ActivitySpec, fn: string): CustomerFlowsResult {
  const s = parseSpec(activitySpecSchema, spec, fn);
  const activity = readActivity(transactions, fn, s);
  const { customerCodes, periods, firstPeriod, lastPeriod } = activity;
  const span = Math.max(0, lastPeriod - firstPeriod + 1);
  const k = activity.customers.length;
  // Sort activity by period (counting sort), then sweep periods with per-customer last-active marks.
  const byPeriod = new Int32Array(span + 1);
  for (let i = 0; i < periods.length; i++) byPeriod[periods[i] - firstPeriod + 1]++;
  for (let p = 0; p < span; p++) byPeriod[p + 1] += byPeriod[p];
  const order = new Int32Array(periods.length);
  const fill = byPeriod.slice(0, span);
  for (let i = 0; i < periods.length; i++) order[fill[periods[i] - firstPeriod]++] = customerCodes[i];
  const lastActive = new Int32Array(k).fill(-1); // period offset of the customer's last activity
  const active = new Float64Array(span);
  const isNew = new Float64Array(span);
  const retained = new Float64Array(span);
  for (let p = 0; p < span; p++) {
    for (let j = byPeriod[p]; j < byPeriod[p + 1]; j++) {
      const c = order[j];
      const last = lastActive[c];
      if (last === p) continue; // already counted this period
      active[p]++;
      if (last < 0) isNew[p]++;
      else if (last === p - 1) retained[p]++;
      lastActive[c] = p;
    }
  }
  const flows = customerFlowTable({ firstPeriod, span, active, new: isNew, retained }, s.period);
  return {
    flows,
    rows: activity.rows,
    skipped: activity.skipped,
    observationEnd: activity.observationEnd,
    afterObservationEnd: activity.afterObservationEnd,
    partialPeriod: activity.partialPeriod,
  };
}
