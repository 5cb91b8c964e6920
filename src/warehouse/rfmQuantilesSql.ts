import type { SqlDialect } from '../scoring/toSql.js';
import { valueTableSql, type ValueColumn } from '../internal/valueTableSql.js';
import { formatNumber } from '../scoring/formatNumber.js';

/** How the exact quantile is written: an ordered-set aggregate, or the `ROW_NUMBER()` window form. */
export type QuantileForm = 'orderedSet' | 'rowNumber';

/** The form used per dialect: `ROW_NUMBER()` where the dialect's discrete percentile is analytic-only (BigQuery) or its definition has changed between versions (Spark). */
export const QUANTILE_FORM: Readonly<Record<SqlDialect, QuantileForm>> = {
  duckdb: 'orderedSet',
  postgres: 'orderedSet',
  snowflake: 'orderedSet',
  spark: 'rowNumber',
  bigquery: 'rowNumber',
};

/**
 * Stage 2 of the RFM fit in an engine: one row with, per column d and cut b = 1..k−1, `q_d_b`,
 * the value at ascending rank r_b = ⌈b·n/k⌉ of the kept rows (the type-1 sample quantile at
 * b/k, exactly `fitRfm`'s threshold). The ranks are
 * computed in JavaScript from n (stage 1) in integers; each dialect then takes the value at a
 * rank exactly:
 * - DuckDB: `quantile_disc(x, p)`; PostgreSQL and Snowflake: `PERCENTILE_DISC(p) WITHIN GROUP
 *   (ORDER BY x)` — with p = (r − ½)/n, the middle of the rank's interval, so every definition
 *   in use (⌈p·n⌉, the first value whose cumulative share reaches p) lands on rank r whatever
 *   the rounding of p·n; on ties they return the tied value, as the in-memory sort does. The
 *   naive p = r/n (= b/k) is not safe: in the tests it moves a threshold to the neighbouring
 *   value in 9 of 16 specs in DuckDB 1.5 and 2 in PostgreSQL.
 * - Spark and BigQuery: `MAX(CASE WHEN ROW_NUMBER() OVER (ORDER BY x) = r THEN x END)` (BigQuery's
 *   `PERCENTILE_DISC` is analytic-only and `APPROX_QUANTILES` is not exact; Spark's
 *   `percentile_disc` changed definition in 3.5, `spark.sql.legacy.percentileDiscCalculation`).
 * `form` overrides the dialect's form (the tests run the window form in DuckDB and PostgreSQL).
 * Internal: the public door is `rfmStatisticsInWarehouse`.
 */
export function rfmQuantilesSql(
  fn: string,
  dialect: SqlDialect,
  table: string | readonly string[],
  columns: readonly ValueColumn[],
  n: number,
  bins: number,
  form: QuantileForm = QUANTILE_FORM[dialect],
): string {
  const v = valueTableSql(fn, dialect, table, columns);
  const ranks = Array.from({ length: bins - 1 }, (_, b) => Math.ceil(((b + 1) * n) / bins));
  const quantile = (i: number, b: number) => v.q(`q_${i}_${b + 1}`);
  const at = v.q('__cv_q');
  const ctes = [...v.ctes];
  const values: string[] = [];
  if (form === 'orderedSet') {
    columns.forEach((_, i) =>
      ranks.forEach((r, b) => {
        // a plain literal: the exact double does not matter (p is mid-interval), and every engine takes a constant there
        const p = formatNumber((r - 0.5) / n, fn);
        const disc = dialect === 'duckdb' ? `quantile_disc(${v.x[i]}, ${p})` : `PERCENTILE_DISC(${p}) WITHIN GROUP (ORDER BY ${v.x[i]})`;
        values.push(`${disc} AS ${quantile(i, b)}`);
      }),
    );
    ctes.push(`${at} AS (SELECT ${values.join(', ')} FROM ${v.q('__cv_kept')})`);
  } else {
    const rn = columns.map((_, i) => v.q(`__cv_rn${i}`));
    ctes.push(
      `${v.q('__cv_ranked')} AS (SELECT ${v.x.join(', ')}, ${rn.map((name, i) => `ROW_NUMBER() OVER (ORDER BY ${v.x[i]}) AS ${name}`).join(', ')} FROM ${v.q('__cv_kept')})`,
    );
    columns.forEach((_, i) => ranks.forEach((r, b) => values.push(`MAX(CASE WHEN ${rn[i]} = ${r} THEN ${v.x[i]} END) AS ${quantile(i, b)}`)));
    ctes.push(`${at} AS (SELECT ${values.join(', ')} FROM ${v.q('__cv_ranked')})`);
  }
  return `WITH ${ctes.join(',\n')}\nSELECT * FROM ${at}`;
}

/**
 * Stage 3 of the RFM fit in an engine: one row with `c_d_b`, how many kept rows of column d
 * are ≤ `thresholds[d][b-1]` (the quantiles stage 2 returned, written back as exact literals:
 * one scan, no join the planner could nest). Internal.
 */
export function rfmAtOrBelowSql(
  fn: string,
  dialect: SqlDialect,
  table: string | readonly string[],
  columns: readonly ValueColumn[],
  thresholds: readonly (readonly number[])[],
): string {
  const v = valueTableSql(fn, dialect, table, columns);
  const counts = columns.flatMap((_, i) => thresholds[i].map((t, b) => `COUNT(CASE WHEN ${v.x[i]} <= ${v.num(t)} THEN 1 END) AS ${v.q(`c_${i}_${b + 1}`)}`));
  return `WITH ${v.ctes.join(',\n')}\nSELECT ${counts.join(', ')} FROM ${v.q('__cv_kept')}`;
}
