import { requireSkip } from '../internal/requireSkip.js';
import * as z from 'zod';
import { parseSpec } from '../internal/parseSpec.js';
import { quoteIdentifier, SQL_DOUBLE, sqlNumber, sqlTableNameSchema, sqlIsNaN, quoteTableName } from '../internal/sqlText.js';
import { missingValuesSchema } from '../io/missingValues.js';
import { itemListSchema } from '../satisfaction/surveyItems.js';
import { SQL_DIALECTS, type SqlDialect } from '../scoring/toSql.js';
import type { WarehouseSqlOptions } from './summarizeTransactionsSql.js';

const FN = 'surveyItemMomentsSql';

const specSchema = z.strictObject({
  items: itemListSchema,
  // the shared vocabulary; 'error' is refused below, as in summarizeTransactionsSql
  missing: missingValuesSchema,
});

const optionsSchema = z.strictObject({
  dialect: z.enum(SQL_DIALECTS),
  table: sqlTableNameSchema,
});

/** Which survey items to summarize: the item columns and the missing-answer rule. */
export interface SurveyItemMomentsSqlSpec {
  /** Item columns (at least 2, distinct), numeric in the engine (any type it casts to a double). */
  readonly items: readonly string[];
  /**
   * Must be `'skip'`, said explicitly: a respondent with a NULL or NaN answer to any item is
   * left out of every moment (listwise, as the in-memory functions with `missing: 'skip'`) and
   * counted. `'error'` is refused: plain SQL cannot stop at a missing value in every engine.
   */
  readonly missing: 'skip';
}

/** The query text and the output column names by item position (internal, shared with `itemMomentsInWarehouse`). */
export interface ItemMomentsQuery {
  readonly sql: string;
  readonly items: readonly string[];
}

/**
 * SQL text that reduces a survey table to its item moments inside the engine: ONE row, so no
 * respondent's answers leave it. Output columns, items indexed by their position in
 * `spec.items` (safe names whatever the items are called, and for any number of items):
 * `all_rows` (rows read), `n` (complete answers: every item non-NULL and not NaN, the listwise
 * rule of `missing: 'skip'`), `infinite_j` (answers ±Infinity to item j, which the in-memory
 * functions refuse: `itemMomentsInWarehouse` refuses them too; such rows are left out of the
 * moments), `mean_j`, `min_j`, `max_j` and `cov_j_k` for j ≤ k, the sample covariance (divided
 * by n − 1; NULL when n < 2) — p(p + 1)/2 of them.
 *
 * Method: two passes, as `momentMatrix` in memory: the means in a first CTE, then the sums of
 * products of deviations from them (`Σ (x_j − m_j)(x_k − m_k)`), never `Σ x_j·x_k − n·m_j·m_k`,
 * whose cancellation loses digits when the means are large against the spread. Numbers are
 * `CAST(... AS <double>)` first, so integer Likert columns are not averaged in integer or
 * decimal arithmetic. The engine sums in its own order (DuckDB's parallel `SUM` varies run to
 * run): the moments agree with the in-memory ones to double rounding (1e-12 relative in the
 * tests), not bit for bit, and the fits on them to 1e-9.
 *
 * Per dialect, only the NaN test and the quoting differ: `x = CAST('NaN' AS DOUBLE)` (DuckDB,
 * PostgreSQL and Snowflake, where NaN equals itself; `DOUBLE PRECISION` in PostgreSQL),
 * `isnan(x)` (Spark), `IS_NAN(x)` (BigQuery, whose double is `FLOAT64`); identifiers in double
 * quotes, or backticks in Spark and BigQuery. Everything else (`CROSS JOIN` of one-row CTEs,
 * `AVG`, `SUM`, `NULLIF`, `COALESCE`) is common SQL. Executed in the tests in DuckDB and
 * PostgreSQL against `itemMoments`; Spark, BigQuery and Snowflake text is checked by snapshot.
 *
 * @param spec `items` and `missing: 'skip'`.
 * @param options `dialect` and `table` (a name or its parts).
 * @throws {CustomerValueError} `invalid_spec` (a dialect not listed, fewer than 2 or repeated items, names that cannot be quoted safely, `missing` other than `'skip'`).
 * @example
 * const sql = surveyItemMomentsSql({ items: ['q1', 'q2', 'q3'], missing: 'skip' }, { dialect: 'postgres', table: ['survey', 'answers'] });
 * sql.includes('FROM "survey"."answers"'); // => true
 * sql.includes('AS "cov_0_2"'); // => true
 */
export function surveyItemMomentsSql(spec: SurveyItemMomentsSqlSpec, options: WarehouseSqlOptions): string {
  return itemMomentsQuery(spec, options, FN).sql;
}

/** The item moments query, with errors naming `fn`. Internal: not exported from the package. */
export function itemMomentsQuery(spec: SurveyItemMomentsSqlSpec, options: WarehouseSqlOptions, fn: string): ItemMomentsQuery {
  const s = parseSpec(specSchema, spec, fn);
  const o = parseSpec(optionsSchema, options, fn, 'options');
  requireSkip(fn, s.missing, "pass missing: 'skip' (respondents with a NULL or NaN answer are left out and counted: all_rows − n)");
  const items = s.items;
  const d: SqlDialect = o.dialect;
  const q = (name: string) => quoteIdentifier(name, d, fn, 'internal name', { path: 'options' });
  const column = (name: string) => quoteIdentifier(name, d, fn, 'column name', { column: name });
  const table = quoteTableName(o.table, d, fn, 'options.table');
  const double = SQL_DOUBLE[d];
  const num = (v: number) => sqlNumber(v, d, fn);
  const isNaN = (x: string) => sqlIsNaN(x, d);
  const answered = (x: string) => `${x} IS NOT NULL AND NOT (${isNaN(x)})`;
  const finite = (x: string) => `${x} >= ${num(-Number.MAX_VALUE)} AND ${x} <= ${num(Number.MAX_VALUE)}`;
  const idx = items.map((_, j) => j);
  const x = idx.map((j) => q(`__cv_x${j}`));
  const m = idx.map((j) => q(`__cv_m${j}`));
  const dev = idx.map((j) => q(`__cv_d${j}`));
  const pairs = idx.flatMap((j) => idx.filter((k) => k >= j).map((k) => [j, k] as const));
  const n = q('__cv_n');
  const ctes = [
    `${q('__cv_rows')} AS (SELECT ${items.map((item, j) => `CAST(${column(item)} AS ${double}) AS ${x[j]}`).join(', ')} FROM ${table})`,
    // rows read, and answers that are infinite (refused by the caller, left out of the moments)
    `${q('__cv_counts')} AS (SELECT COUNT(*) AS ${q('all_rows')}, ${idx
      .map((j) => `COALESCE(SUM(CASE WHEN ${answered(x[j])} AND NOT (${finite(x[j])}) THEN 1 ELSE 0 END), 0) AS ${q(`infinite_${j}`)}`)
      .join(', ')} FROM ${q('__cv_rows')})`,
    // missing: 'skip', listwise: every item answered (not NULL, not NaN) and finite
    `${q('__cv_complete')} AS (SELECT * FROM ${q('__cv_rows')} WHERE ${idx.map((j) => `${answered(x[j])} AND ${finite(x[j])}`).join(' AND ')})`,
    // pass 1: n and the means (min and max for the scale check)
    `${q('__cv_means')} AS (SELECT COUNT(*) AS ${n}, ${idx.map((j) => `AVG(${x[j]}) AS ${m[j]}, MIN(${x[j]}) AS ${q(`__cv_lo${j}`)}, MAX(${x[j]}) AS ${q(`__cv_hi${j}`)}`).join(', ')} FROM ${q('__cv_complete')})`,
    // pass 2: deviations from the means, then the sums of their products
    `${q('__cv_centered')} AS (SELECT ${idx.map((j) => `${x[j]} - ${m[j]} AS ${dev[j]}`).join(', ')} FROM ${q('__cv_complete')} CROSS JOIN ${q('__cv_means')})`,
    `${q('__cv_products')} AS (SELECT ${pairs.map(([j, k]) => `SUM(${dev[j]} * ${dev[k]}) AS ${q(`__cv_s${j}_${k}`)}`).join(', ')} FROM ${q('__cv_centered')})`,
  ];
  const columns = [
    q('all_rows'),
    `${n} AS ${q('n')}`,
    ...idx.map((j) => q(`infinite_${j}`)),
    ...idx.map((j) => `${m[j]} AS ${q(`mean_${j}`)}, ${q(`__cv_lo${j}`)} AS ${q(`min_${j}`)}, ${q(`__cv_hi${j}`)} AS ${q(`max_${j}`)}`),
    ...pairs.map(([j, k]) => `${q(`__cv_s${j}_${k}`)} / CAST(NULLIF(${n} - 1, 0) AS ${double}) AS ${q(`cov_${j}_${k}`)}`),
  ];
  const sql = `WITH ${ctes.join(',\n')}\nSELECT ${columns.join(', ')}\nFROM ${q('__cv_counts')} CROSS JOIN ${q('__cv_means')} CROSS JOIN ${q('__cv_products')}`;
  return { sql, items };
}
