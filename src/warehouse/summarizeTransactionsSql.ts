import { requireSkip } from '../internal/requireSkip.js';
import * as z from 'zod';
import { describeValue } from '../errors.js';
import { daysFromDateValue } from '../internal/civilDays.js';
import { parseSpec, specError } from '../internal/parseSpec.js';
import { missingValuesSchema } from '../io/missingValues.js';
import { quoteIdentifier, SQL_DOUBLE, sqlNumber, sqlTableNameSchema, sqlIsNaN, sqlDayNumber, quoteTableName } from '../internal/sqlText.js';
import { DAYS_PER_UNIT } from '../internal/timeUnits.js';
import { SQL_DIALECTS, type SqlDialect } from '../scoring/toSql.js';
import { summarizeTransactionsSpecSchema, type SummarizeTransactionsSpec } from '../value/summarizeTransactions.js';
import { DATE_VALUE_EXPECTED } from '../internal/dateValueSchema.js';

const FN = 'summarizeTransactionsSql';

// summarizeTransactions' spec, with `missing` required: 'error' is refused below (SQL cannot stop at a missing value in every engine)
const specSchema = z.strictObject({ ...summarizeTransactionsSpecSchema.shape, missing: missingValuesSchema });

const optionsSchema = z.strictObject({
  dialect: z.enum(SQL_DIALECTS),
  table: sqlTableNameSchema,
});

/**
 * How to read a transaction log table: `summarizeTransactions`' spec (customer, amount, profit,
 * observation and calibration ends, time unit), with the date column and the missing-value rule
 * said for SQL.
 */
export interface SummarizeTransactionsSqlSpec extends Omit<SummarizeTransactionsSpec, 'date' | 'missing'> {
  /** Column with the purchase date: a `DATE`, or a value the engine casts to one (`TIMESTAMP`, ISO `'YYYY-MM-DD'` text). */
  readonly date: string;
  /**
   * Must be `'skip'`, said explicitly: rows with a NULL customer, date, amount (or profit), or a
   * NaN amount (or profit), are left out, as `summarizeTransactions` does with `missing: 'skip'`.
   * `'error'` is refused: plain SQL cannot stop with an error in every engine (PostgreSQL and
   * Snowflake have no `ERROR()` function); count the rows with missing values in the engine first.
   */
  readonly missing: 'skip';
}

/** Where the transaction log is and which SQL to write. */
export interface WarehouseSqlOptions {
  readonly dialect: SqlDialect;
  /** The transaction table: a name, or its parts (`['sales', 'orders']`). */
  readonly table: string | readonly string[];
}

/** The summary query as its CTEs and final SELECT list, for the histogram queries to build on. Internal. */
export interface SummaryQuery {
  /** `name AS (...)` clauses, in order; the last is `__cv_customers`. */
  readonly ctes: readonly string[];
  /** The output columns of the summary as `expr AS "name"` over `__cv_customers`. */
  readonly columns: readonly string[];
  /** Quote an identifier in the dialect. */
  readonly q: (name: string) => string;
}

/**
 * SQL text that turns a transaction log table into the per-customer summary
 * `summarizeTransactions` computes — inside the engine, so no transaction row leaves it. One
 * row per customer with a purchase day up to `observationEnd`, in no particular order, with
 * the columns `customer`, `frequency`, `recency`, `T`, `monetary`, `revenue`, (`profit`),
 * `first_purchase`, `last_purchase` (days since 1970-01-01, as `firstPurchase`) and
 * `transactions`. The same rules, step by step: rows dated after `observationEnd` are left
 * out; a customer's rows on one calendar day merge into one day whose net value is their sum;
 * a day holding a negative amount that nets to ≤ 0 is a refund day (not a purchase: it counts
 * in `revenue` only); `frequency` counts purchase days after the first, `recency` and `T` run
 * from the first purchase day in `timeUnit` (whole-day differences divided once by the days of
 * the unit, so they equal `summarizeTransactions`' bit for bit); `monetary` is the repeat days'
 * value over `frequency` (the value itself when every repeat day has the same value, 0 without
 * repeat days); customers with refund days only are left out.
 *
 * Differences from the in-memory function, by construction:
 * - Sums are the engine's double-precision `SUM`, not exact sums: `revenue` and `monetary`
 *   agree to rounding (≤ 1e-12 of the sum of |amounts| in the tests); a day whose net lies
 *   within rounding of 0 can be classed differently.
 * - Missing values: only `missing: 'skip'` (see the spec). No counts come back: count skipped,
 *   late and refund-only rows with your own query if you need `counts` and `warnings`.
 * - A customer with an infinite amount or profit up to `observationEnd` (which
 *   `summarizeTransactions` refuses, wherever the row is dated) gets a row with NULL in every
 *   column but `customer`: refused, never a silent Infinity.
 * - Dates: the column is `CAST(... AS DATE)`; a `TIMESTAMP WITH TIME ZONE` counts on its day in
 *   the session's time zone, and `YYYYMMDD` integers must be converted first.
 * - With `calibrationEnd`, the holdout columns `frequency_holdout` (purchase days after the
 *   calibration end, the first included), `monetary_holdout` (their mean value, 0 without one)
 *   and `duration_holdout` (in `timeUnit`) are `holdout.frequency`, `.monetary` and `.duration`
 *   as columns; `holdout.newCustomers` and the row counts do not come back.
 *
 * Per dialect, only the day number differs: `date - DATE '1970-01-01'` (DuckDB, PostgreSQL),
 * `DATEDIFF(date, DATE '1970-01-01')` (Spark), `UNIX_DATE(date)` (BigQuery),
 * `DATEDIFF(day, DATE '1970-01-01', date)` (Snowflake), and the NaN test: `x = CAST('NaN' AS
 * DOUBLE)` (DuckDB, PostgreSQL and Snowflake, where NaN equals itself), `isnan(x)` (Spark),
 * `IS_NAN(x)` (BigQuery). Output columns are quoted as written (lower case, and `T`): in
 * PostgreSQL and Snowflake, whose quoted names keep their case, refer to `"T"` quoted.
 * Identifiers are quoted and constants written as in `toSql`. Executed in tests in DuckDB and
 * PostgreSQL against `summarizeTransactions` (CDNOW and generated logs, with and without a
 * split); Spark, BigQuery and Snowflake text is checked by snapshot and parsed by
 * node-sql-parser's grammar for the dialect (Hive's for Spark, which it lacks; backtick-quoted
 * CTE names unquoted first, a construct its Hive and BigQuery grammars do not know), which checks
 * the statement's structure but not function names.
 *
 * @throws {CustomerValueError} `invalid_spec` (a dialect not listed, names that cannot be quoted safely, an observation end that is not a date, `missing` other than `'skip'`).
 * @example
 * const sql = summarizeTransactionsSql(
 *   { customer: 'customer_id', date: 'order_date', amount: 'amount', observationEnd: '1998-06-30', timeUnit: 'week', missing: 'skip' },
 *   { dialect: 'duckdb', table: ['sales', 'orders'] },
 * );
 * sql.includes('FROM "sales"."orders"'); // => true
 * sql.includes(`CAST("__cv_last" - "__cv_first" AS DOUBLE) / CAST('7.0' AS DOUBLE) END AS "recency"`); // => true
 */
export function summarizeTransactionsSql(spec: SummarizeTransactionsSqlSpec, options: WarehouseSqlOptions): string {
  const { ctes, columns, q } = summaryQuery(spec, options, FN);
  return `WITH ${ctes.join(',\n')}\nSELECT ${columns.join(', ')} FROM ${q('__cv_customers')}`;
}

/** The summary's CTEs and output columns (shared with the histogram queries). Internal: not exported from the package. */
export function summaryQuery(spec: SummarizeTransactionsSqlSpec, options: WarehouseSqlOptions, fn: string): SummaryQuery {
  const s = parseSpec(specSchema, spec, fn);
  const o = parseSpec(optionsSchema, options, fn, 'options');
  const endDay = daysFromDateValue(s.observationEnd);
  if (endDay !== endDay) {
    throw specError(fn, 'spec.observationEnd', DATE_VALUE_EXPECTED, describeValue(s.observationEnd));
  }
  requireSkip(
    fn,
    s.missing,
    "pass missing: 'skip' (rows with a NULL customer, date or amount, or a NaN amount, are left out) and count such rows with your own query first",
  );
  const split = s.calibrationEnd !== undefined;
  const calibrationDay = split ? daysFromDateValue(s.calibrationEnd) : endDay;
  if (split && !(calibrationDay < endDay)) {
    throw specError(fn, 'spec.calibrationEnd', "a date before observationEnd: a Date, 'YYYY-MM-DD' or a YYYYMMDD integer", describeValue(s.calibrationEnd));
  }
  const d = o.dialect;
  const q = (name: string) => quoteIdentifier(name, d, fn, 'internal name', { path: 'options' });
  const column = (name: string) => quoteIdentifier(name, d, fn, 'column name', { column: name });
  const table = quoteTableName(o.table, d, fn, 'options.table');
  const num = (v: number) => sqlNumber(v, d, fn);
  const double = SQL_DOUBLE[d];
  const date = `CAST(${column(s.date)} AS DATE)`;
  const isNaN = (x: string) => sqlIsNaN(x, d);
  const finite = (x: string) => `${x} >= ${num(-Number.MAX_VALUE)} AND ${x} <= ${num(Number.MAX_VALUE)}`;
  const [customer, day, amount, profit, net, refund, rows, bad, purchase, first, last] = [
    'customer',
    'day',
    'amount',
    'profit',
    'net',
    'refund',
    'count',
    'bad',
    'purchase',
    'first',
    'last',
  ].map((name) => q(`__cv_${name}`));
  const hasProfit = s.profit !== undefined;
  const read = [
    `${column(s.customer)} AS ${customer}`,
    `${sqlDayNumber(date, d)} AS ${day}`,
    `CAST(${column(s.amount)} AS ${double}) AS ${amount}`,
    ...(hasProfit ? [`CAST(${column(s.profit!)} AS ${double}) AS ${profit}`] : []),
  ];
  const present = [customer, day, amount, ...(hasProfit ? [profit] : [])].map((x) => `${x} IS NOT NULL`);
  const notNaN = [amount, ...(hasProfit ? [profit] : [])].map((x) => `NOT (${isNaN(x)})`);
  const infinite = [amount, ...(hasProfit ? [profit] : [])].map((x) => `NOT (${finite(x)})`).join(' OR ');
  const when = (condition: string, value: string) => `CASE WHEN ${condition} THEN ${value} END`;
  // with a split, the summary columns read the calibration period only
  const calibration = (condition: string) => (split ? `${condition} AND ${day} <= ${calibrationDay}` : condition);
  const inCalibration = (value: string) => (split ? when(`${day} <= ${calibrationDay}`, value) : value);
  const holdoutPurchase = `${purchase} = 1 AND ${day} > ${calibrationDay}`;
  const ctes = [
    `${q('__cv_rows')} AS (SELECT ${read.join(', ')} FROM ${table})`,
    // missing: 'skip' (NULL anywhere, NaN numbers) and the observation end
    `${q('__cv_kept')} AS (SELECT * FROM ${q('__cv_rows')} WHERE ${[...present, ...notNaN].join(' AND ')} AND ${day} <= ${endDay})`,
    // one row per customer and calendar day: net value, whether it holds a refund, rows, an infinite value.
    // DuckDB: MATERIALIZED, else it computes this GROUP BY twice (it rewrites the window below as
    // a join of the days with a per-customer aggregate of them): ~30% less CPU for the summary
    // (10M and 100M transactions). PostgreSQL materializes a CTE by itself; the other dialects
    // have no such keyword.
    `${q('__cv_days')} AS ${d === 'duckdb' ? 'MATERIALIZED ' : ''}(SELECT ${customer}, ${day}, SUM(${amount}) AS ${net}, MAX(CASE WHEN ${amount} < 0 THEN 1 ELSE 0 END) AS ${refund}, COUNT(*) AS ${rows}` +
      `${hasProfit ? `, SUM(${profit}) AS ${profit}` : ''}, MAX(CASE WHEN ${infinite} THEN 1 ELSE 0 END) AS ${bad} FROM ${q('__cv_kept')} GROUP BY ${customer}, ${day})`,
    // a day holding a refund that nets to ≤ 0 is a refund day; every other day is a purchase day
    `${q('__cv_marked')} AS (SELECT *, CASE WHEN ${refund} = 1 AND NOT (${net} > 0) THEN 0 ELSE 1 END AS ${purchase} FROM ${q('__cv_days')})`,
    `${q('__cv_dated')} AS (SELECT *, MIN(${when(calibration(`${purchase} = 1`), day)}) OVER (PARTITION BY ${customer}) AS ${first}, MAX(${bad}) OVER (PARTITION BY ${customer}) AS ${q('__cv_refused')} FROM ${q('__cv_marked')})`,
    `${q('__cv_customers')} AS (SELECT ${customer}, ${first}, MAX(${q('__cv_refused')}) AS ${bad}, SUM(${inCalibration(purchase)}) - 1 AS ${q('__cv_frequency')}, MAX(${when(calibration(`${purchase} = 1`), day)}) AS ${last}, ` +
      `SUM(${when(calibration(`${purchase} = 1 AND ${day} > ${first}`), net)}) AS ${q('__cv_repeat')}, MIN(${when(calibration(`${purchase} = 1 AND ${day} > ${first}`), net)}) AS ${q('__cv_low')}, ` +
      `MAX(${when(calibration(`${purchase} = 1 AND ${day} > ${first}`), net)}) AS ${q('__cv_high')}, SUM(${inCalibration(net)}) AS ${q('__cv_revenue')}${hasProfit ? `, SUM(${inCalibration(profit)}) AS ${profit}` : ''}, SUM(${inCalibration(rows)}) AS ${rows}` +
      `${split ? `, SUM(${when(holdoutPurchase, '1')}) AS ${q('__cv_holdout_days')}, SUM(${when(holdoutPurchase, net)}) AS ${q('__cv_holdout_value')}` : ''} ` +
      `FROM ${q('__cv_dated')} WHERE ${first} IS NOT NULL OR ${q('__cv_refused')} = 1 GROUP BY ${customer}, ${first})`,
  ];
  const unit = num(DAYS_PER_UNIT[s.timeUnit]);
  const frequency = q('__cv_frequency');
  const value = (expr: string, name: string) => `CASE WHEN ${bad} = 0 THEN ${expr} END AS ${q(name)}`;
  const columns = [
    `${customer} AS ${q('customer')}`,
    value(frequency, 'frequency'),
    value(`CAST(${last} - ${first} AS ${double}) / ${unit}`, 'recency'),
    value(`CAST(${calibrationDay} - ${first} AS ${double}) / ${unit}`, 'T'),
    value(
      `CASE WHEN ${frequency} = 0 THEN ${num(0)} WHEN ${q('__cv_low')} = ${q('__cv_high')} THEN ${q('__cv_low')} ELSE ${q('__cv_repeat')} / CAST(${frequency} AS ${double}) END`,
      'monetary',
    ),
    value(q('__cv_revenue'), 'revenue'),
    ...(hasProfit ? [value(profit, 'profit')] : []),
    value(first, 'first_purchase'),
    value(last, 'last_purchase'),
    value(rows, 'transactions'),
    ...(split
      ? [
          value(`COALESCE(${q('__cv_holdout_days')}, 0)`, 'frequency_holdout'),
          value(
            `CASE WHEN ${q('__cv_holdout_days')} IS NULL THEN ${num(0)} ELSE ${q('__cv_holdout_value')} / CAST(${q('__cv_holdout_days')} AS ${double}) END`,
            'monetary_holdout',
          ),
          value(num((endDay - calibrationDay) / DAYS_PER_UNIT[s.timeUnit]), 'duration_holdout'),
        ]
      : []),
  ];
  return { ctes, columns, q };
}
