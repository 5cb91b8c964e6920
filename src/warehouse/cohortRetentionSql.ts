import { activityQuery, type ActivityQuery } from '../internal/activitySql.js';
import type { ActivitySpec } from '../loyalty/cohortRetention.js';
import type { WarehouseSqlOptions } from './summarizeTransactionsSql.js';

const FN = 'cohortRetentionSql';

/**
 * How to read a transaction log table for the retention figures: `cohortRetention`'s and
 * `customerFlows`' spec, with the date column and the missing-value rule said for SQL.
 */
export interface ActivitySqlSpec extends Omit<ActivitySpec, 'missing'> {
  /** Column with the purchase date: a `DATE`, or a value the engine casts to one (`TIMESTAMP`, ISO `'YYYY-MM-DD'` text). */
  readonly date: string;
  /**
   * Must be `'skip'`, said explicitly: rows with a NULL customer or date (or, with `amount`, a
   * NULL or NaN amount) are left out and counted in `skipped`, as the in-memory functions do with
   * `missing: 'skip'`. `'error'` is refused: plain SQL cannot stop at a missing value in every engine.
   */
  readonly missing: 'skip';
}

/** The cohort cells query (internal: cohortRetentionInWarehouse runs it). */
export function cohortRetentionQuery(spec: ActivitySqlSpec, options: WarehouseSqlOptions, fn: string): { sql: string; query: ActivityQuery } {
  const query = activityQuery(spec, options, fn);
  const { ctes, q, spec: s, countColumns } = query;
  const [customer, period, amount] = ['customer', 'period', 'amount'].map((name) => q(`__cv_${name}`));
  const cells = [
    ...ctes,
    // each row with its customer's first period (the cohort): the earliest kept period
    `${q('__cv_cohorts')} AS (SELECT *, MIN(${period}) OVER (PARTITION BY ${customer}) AS ${q('__cv_cohort')} FROM ${q('__cv_kept')})`,
    `${q('__cv_cells')} AS (SELECT ${q('__cv_cohort')} AS ${q('cohort')}, ${period} AS ${q('period')}, COUNT(DISTINCT ${customer}) AS ${q('active')}, ` +
      `COUNT(*) AS ${q('cell_rows')}${s.amount ? `, SUM(${amount}) AS ${q('revenue')}` : ''} FROM ${q('__cv_cohorts')} GROUP BY ${q('__cv_cohort')}, ${period})`,
  ];
  const cellColumns = ['cohort', 'period', 'active', 'cell_rows', ...(s.amount ? ['revenue'] : [])].map((name) => `${q('__cv_cells')}.${q(name)}`);
  const sql = `WITH ${cells.join(',\n')}\nSELECT ${[...countColumns, ...cellColumns].join(', ')} FROM ${q('__cv_counts')} LEFT JOIN ${q('__cv_cells')} ON 1 = 1`;
  return { sql, query };
}

/**
 * SQL text that groups a transaction log into the cells of `cohortRetention`'s matrix inside the
 * engine: one row per (cohort, period) — the calendar period of the customers' first purchase,
 * the period of the activity (both as period indexes: ISO weeks since 1970, `year * 12 + month − 1`,
 * `year * 4 + quarter − 1`, or the year) — with the distinct customers active (`active`), the rows
 * (`cell_rows`) and, with `amount`, their sum (`revenue`). At most periods² rows leave the engine,
 * never one per customer. Every row also carries the window's counts: `log_rows`, `present_rows`
 * (nothing missing), `after_end` (present rows after `observationEnd`), `last_day` (the latest
 * present day, days since 1970-01-01) and `infinite_rows` (an infinite amount); a log with no
 * kept row gives one row of counts with NULL cells. `cohortRetentionInWarehouse` runs it and
 * turns the rows into `cohortRetention`'s result (observation end, partial period and the
 * matrix by the same rules); use this function to run the query yourself.
 *
 * Same rules as the in-memory function: rows after `observationEnd` are left out (without it,
 * the end is the latest date in the log); the period the end cuts short is in the cells, and left
 * out by the JS finish, which counts its rows. Per dialect, only the day number
 * (as `summarizeTransactionsSql`) and the NaN test differ; periods use `EXTRACT(YEAR | MONTH |
 * QUARTER FROM date)` (Spark: `YEAR(date)`, `MONTH(date)`, `QUARTER(date)`), weeks `FLOOR((day + 3) / 7)`. Dates are `CAST(... AS DATE)`: a
 * `TIMESTAMP WITH TIME ZONE` counts on its day in the session's time zone, and `YYYYMMDD`
 * integers must be converted first. Revenue is the engine's double `SUM` (equal to rounding).
 *
 * @throws {CustomerValueError} `invalid_spec` (a dialect not listed, names that cannot be quoted safely, an observation end that is not a date, no period, `missing` other than `'skip'`).
 * @example
 * const sql = cohortRetentionSql(
 *   { customer: 'customer_id', date: 'order_date', period: 'month', observationEnd: '1997-09-30', missing: 'skip' },
 *   { dialect: 'bigquery', table: ['shop', 'orders'] },
 * );
 * sql.includes('FROM `shop`.`orders`'); // => true
 * sql.includes('COUNT(DISTINCT `__cv_customer`) AS `active`'); // => true
 */
export function cohortRetentionSql(spec: ActivitySqlSpec, options: WarehouseSqlOptions): string {
  return cohortRetentionQuery(spec, options, FN).sql;
}
