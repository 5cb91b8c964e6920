import { activityQuery, type ActivityQuery } from '../internal/activitySql.js';
import type { ActivitySqlSpec } from './cohortRetentionSql.js';
import type { WarehouseSqlOptions } from './summarizeTransactionsSql.js';

const FN = 'customerFlowsSql';

/** The per-period flows query (internal: customerFlowsInWarehouse runs it). */
export function customerFlowsQuery(spec: ActivitySqlSpec, options: WarehouseSqlOptions, fn: string): { sql: string; query: ActivityQuery } {
  const query = activityQuery(spec, options, fn);
  const { ctes, q, countColumns } = query;
  const [customer, period, rows, previous] = ['customer', 'period', 'rows', 'previous'].map((name) => q(`__cv_${name}`));
  const all = [
    ...ctes,
    // one row per customer and active period, with the customer's previous active period
    `${q('__cv_active')} AS (SELECT ${customer}, ${period}, COUNT(*) AS ${rows} FROM ${q('__cv_kept')} GROUP BY ${customer}, ${period})`,
    `${q('__cv_lagged')} AS (SELECT ${period}, ${rows}, LAG(${period}) OVER (PARTITION BY ${customer} ORDER BY ${period}) AS ${previous} FROM ${q('__cv_active')})`,
    `${q('__cv_cells')} AS (SELECT ${period} AS ${q('period')}, COUNT(*) AS ${q('active')}, SUM(CASE WHEN ${previous} IS NULL THEN 1 ELSE 0 END) AS ${q('new_customers')}, ` +
      `SUM(CASE WHEN ${previous} = ${period} - 1 THEN 1 ELSE 0 END) AS ${q('retained')}, SUM(${rows}) AS ${q('cell_rows')} FROM ${q('__cv_lagged')} GROUP BY ${period})`,
  ];
  const cellColumns = ['period', 'active', 'new_customers', 'retained', 'cell_rows'].map((name) => `${q('__cv_cells')}.${q(name)}`);
  const sql = `WITH ${all.join(',\n')}\nSELECT ${[...countColumns, ...cellColumns].join(', ')} FROM ${q('__cv_counts')} LEFT JOIN ${q('__cv_cells')} ON 1 = 1`;
  return { sql, query };
}

/**
 * SQL text that groups a transaction log into `customerFlows`' counts per calendar period inside
 * the engine: one row per period with activity (as a period index, as in `cohortRetentionSql`)
 * with the distinct customers active (`active`), those buying for the first time
 * (`new_customers`), those active in the previous period too (`retained`, found with
 * `LAG(period)` over each customer's active periods) and the rows (`cell_rows`). One row per
 * period leaves the engine, never one per customer; every row also carries the window's counts
 * as `cohortRetentionSql` does. `customerFlowsInWarehouse` runs it and turns the rows into
 * `customerFlows`' result (returning = active − new − retained, lost, cumulative customers,
 * rates; periods without activity filled in; the partial period left out by the same rules).
 *
 * Per dialect, only the day number, the period fields (`EXTRACT`, or Spark's `YEAR()`/`MONTH()`/
 * `QUARTER()`) and the NaN test differ. Dates are `CAST(... AS DATE)`, as in `cohortRetentionSql`.
 *
 * @throws {CustomerValueError} `invalid_spec` (a dialect not listed, names that cannot be quoted safely, an observation end that is not a date, no period, `missing` other than `'skip'`).
 * @example
 * const sql = customerFlowsSql(
 *   { customer: 'customer_id', date: 'order_date', period: 'quarter', observationEnd: '1998-06-30', missing: 'skip' },
 *   { dialect: 'spark', table: ['shop', 'orders'] },
 * );
 * sql.includes('LAG(`__cv_period`) OVER (PARTITION BY `__cv_customer` ORDER BY `__cv_period`)'); // => true
 * sql.includes('YEAR(CAST(`order_date` AS DATE)) * 4 + QUARTER(CAST(`order_date` AS DATE)) - 1'); // => true
 */
export function customerFlowsSql(spec: ActivitySqlSpec, options: WarehouseSqlOptions): string {
  return customerFlowsQuery(spec, options, FN).sql;
}
