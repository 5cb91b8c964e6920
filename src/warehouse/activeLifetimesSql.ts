import * as z from 'zod';
import { parseSpec } from '../internal/parseSpec.js';
import { sqlNumber } from '../internal/sqlText.js';
import { summaryQuery, type SummarizeTransactionsSqlSpec, type WarehouseSqlOptions } from './summarizeTransactionsSql.js';

const FN = 'activeLifetimesSql';

const lapseSchema = z.strictObject({ lapseAfter: z.number().positive().finite() });

/** The transaction log's spec (as `summarizeTransactionsSql`) and `activeLifetimes`' lapse window. */
export interface ActiveLifetimesSqlSpec extends SummarizeTransactionsSqlSpec {
  /** The lapse window, in `timeUnit` (> 0), as `activeLifetimes`' `lapseAfter`. */
  readonly lapseAfter: number;
}

/** The grouped lifetimes query (internal: activeLifetimesInWarehouse runs it). */
export function activeLifetimesQuery(spec: ActiveLifetimesSqlSpec, options: WarehouseSqlOptions, fn: string): string {
  const { lapseAfter, ...log } = spec ?? ({} as ActiveLifetimesSqlSpec);
  const { ctes, columns, q } = summaryQuery(log, options, fn);
  const lapse = parseSpec(lapseSchema, { lapseAfter }, fn).lapseAfter;
  const dialect = options.dialect; // checked by summaryQuery
  const [frequency, recency, T, censor, group, gone] = ['frequency', 'recency', 'T', '__cv_censor', '__cv_group', '__cv_gone'].map(q);
  const all = [
    ...ctes,
    `${q('__cv_summary')} AS (SELECT ${columns.join(', ')} FROM ${q('__cv_customers')})`,
    // as activeLifetimes: censored at T − lapseAfter, where a lapse stops being observable
    `${q('__cv_censored')} AS (SELECT ${frequency}, ${recency}, ${T} - ${sqlNumber(lapse, dialect, fn)} AS ${censor} FROM ${q('__cv_summary')})`,
    // group 0: included; 1: one-time buyers; 2: too recent; 3: refused by the summary (an infinite amount)
    `${q('__cv_grouped')} AS (SELECT CASE WHEN ${frequency} IS NULL THEN 3 WHEN ${frequency} = 0 THEN 1 WHEN NOT (${censor} > 0) THEN 2 ELSE 0 END AS ${group}, ` +
      `CASE WHEN ${recency} < ${censor} THEN 1 ELSE 0 END AS ${gone}, ${recency}, ${censor} FROM ${q('__cv_censored')})`,
    `${q('__cv_lives')} AS (SELECT ${group}, CASE WHEN ${group} = 0 THEN CASE WHEN ${gone} = 1 THEN ${recency} ELSE ${censor} END END AS ${q('duration')}, ` +
      `CASE WHEN ${group} = 0 THEN ${gone} END AS ${q('lapsed')}, CASE WHEN ${group} = 0 THEN ${censor} END AS ${censor} FROM ${q('__cv_grouped')})`,
  ];
  return (
    `WITH ${all.join(',\n')}\nSELECT ${group} AS ${q('customer_group')}, ${q('duration')}, ${q('lapsed')}, MAX(${censor}) AS ${q('reach')}, COUNT(*) AS ${q('customers')} ` +
    `FROM ${q('__cv_lives')} GROUP BY ${group}, ${q('duration')}, ${q('lapsed')}`
  );
}

/**
 * SQL text that turns a transaction log into `activeLifetimes`' Kaplan–Meier input grouped in
 * the engine: the log is summarized as `summarizeTransactionsSql` does, each customer's active
 * lifetime is found by `activeLifetimes`' rule (lapsed when the last purchase is more than
 * `lapseAfter` before the end: duration `recency`; else censored at `T − lapseAfter`), and only the
 * distinct `(duration, lapsed)` pairs come out with their `customers` count and the largest
 * censoring time (`reach`). `customer_group` is 0 for those rows, and marks the customers left
 * out: 1 one-time buyers, 2 too recent (`T ≤ lapseAfter`), 3 refused by the summary (an infinite
 * amount). `recency`, `T` and `T − lapseAfter` are the summary's doubles, equal to the in-memory
 * ones bit for bit, so the groups are exact. `activeLifetimesInWarehouse` runs it and fits the
 * Kaplan–Meier curve on the groups.
 *
 * @throws {CustomerValueError} `invalid_spec` (as `summarizeTransactionsSql`, or `lapseAfter` not a positive number).
 * @example
 * const sql = activeLifetimesSql(
 *   { customer: 'customer_id', date: 'order_date', amount: 'total', observationEnd: '1998-06-30', timeUnit: 'week', missing: 'skip', lapseAfter: 26 },
 *   { dialect: 'snowflake', table: ['shop', 'orders'] },
 * );
 * sql.includes(`"T" - CAST('26.0' AS DOUBLE) AS "__cv_censor"`); // => true
 */
export function activeLifetimesSql(spec: ActiveLifetimesSqlSpec, options: WarehouseSqlOptions): string {
  return activeLifetimesQuery(spec, options, FN);
}
