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
 * share who bought again in this one. Starts at the second period (the first has no base).
 *
 * @throws {CustomerValueError} `invalid_spec`, `missing_column`, `invalid_value`, `too_few_rows`.
 * @example
 * const log = { customer: ['a', 'b', 'a', 'c', 'b'], date: [20240105, 20240110, 20240203, 20240215, 20240320] };
 * retentionRate(log, { customer: 'customer', date: 'date', period: 'month' }); // => [{ period: '2024-02', base: 2, count: 1, rate: 0.5 }, { period: '2024-03', base: 2, count: 0, rate: 0 }]
 */
export function retentionRate(transactions: TableInput, spec: ActivitySpec): PeriodRate[] {
  return flowsOf(transactions, spec, 'retentionRate')
    .flows.filter((f) => f.retentionRate !== null)
    .map((f) => ({ period: f.period, base: f.retained + f.lost, count: f.retained, rate: f.retentionRate as number }));
}

/**
 * Churn rate per calendar period: of the customers who bought in the previous period, the share
 * who did not buy in this one (1 − retention rate).
 *
 * @throws {CustomerValueError} `invalid_spec`, `missing_column`, `invalid_value`, `too_few_rows`.
 * @example
 * const log = { customer: ['a', 'b', 'a', 'c', 'b'], date: [20240105, 20240110, 20240203, 20240215, 20240320] };
 * churnRate(log, { customer: 'customer', date: 'date', period: 'month' }).map((r) => r.rate); // => [0.5, 1]
 */
export function churnRate(transactions: TableInput, spec: ActivitySpec): PeriodRate[] {
  return flowsOf(transactions, spec, 'churnRate')
    .flows.filter((f) => f.churnRate !== null)
    .map((f) => ({ period: f.period, base: f.retained + f.lost, count: f.lost, rate: f.churnRate as number }));
}
