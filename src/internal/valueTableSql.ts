import { quoteIdentifier, SQL_DOUBLE, sqlNumber, sqlIsNaN, quoteTableName } from './sqlText.js';
import type { SqlDialect } from '../scoring/toSql.js';

// The SQL every value-statistics query (value pyramid, RFM) starts from: the spec's columns read
// as doubles, the rows kept under missing: 'skip', the refused values counted, and t(x) (log1p
// where asked) written so that it matches Math.log1p to a few ulps. Internal: not exported.

/** One numeric column of the customer table and whether it enters as log1p(x). */
export interface ValueColumn {
  readonly column: string;
  readonly log1p: boolean;
}

/** The shared pieces of one value-statistics query. */
export interface ValueTableSql {
  /** `__cv_rows` (x0, x1, ... as doubles) and `__cv_kept` (rows with every value present, not NaN, finite, and > −1 under log1p). */
  readonly ctes: readonly string[];
  /** Quoted name of dimension i's value, `__cv_x<i>`. */
  readonly x: readonly string[];
  /** Dimension i's t(x): the value, or log1p of it. */
  readonly t: readonly string[];
  /** Per dimension, the condition "present, not NaN, but refused" (±Infinity, or ≤ −1 under log1p). */
  readonly refused: readonly string[];
  /** The condition a kept row meets. */
  readonly kept: string;
  /** Quote an internal name. */
  readonly q: (name: string) => string;
  /** A double constant. */
  readonly num: (value: number) => string;
  readonly double: string;
}

/**
 * Build the shared CTEs for `columns` of `table`. NaN is tested as `x = CAST('NaN' AS DOUBLE)`
 * (DuckDB, PostgreSQL, Snowflake: NaN equals itself there), `isnan(x)` (Spark), `IS_NAN(x)`
 * (BigQuery); log1p(x) as `LN(1 + x) · x / ((1 + x) − 1)` (x itself when 1 + x rounds to 1), the
 * classic accurate form (Goldberg 1991, theorem 4), since DuckDB, PostgreSQL, BigQuery and
 * Snowflake have no log1p.
 */
export function valueTableSql(fn: string, dialect: SqlDialect, table: string | readonly string[], columns: readonly ValueColumn[]): ValueTableSql {
  const d = dialect;
  const q = (name: string) => quoteIdentifier(name, d, fn, 'internal name', { path: 'options' });
  const tableName = quoteTableName(table, d, fn, 'options.table');
  const double = SQL_DOUBLE[d];
  const num = (value: number) => sqlNumber(value, d, fn);
  const x = columns.map((_, i) => q(`__cv_x${i}`));
  const read = columns.map((c, i) => `CAST(${quoteIdentifier(c.column, d, fn, 'column name', { column: c.column })} AS ${double}) AS ${x[i]}`);
  const isNaN = (v: string) => sqlIsNaN(v, d);
  const finite = (v: string) => `${v} >= ${num(-Number.MAX_VALUE)} AND ${v} <= ${num(Number.MAX_VALUE)}`;
  const allowed = (v: string, log1p: boolean) => `${finite(v)}${log1p ? ` AND ${v} > ${num(-1)}` : ''}`;
  const present = (v: string) => `${v} IS NOT NULL AND NOT (${isNaN(v)})`;
  const refused = columns.map((c, i) => `${present(x[i])} AND NOT (${allowed(x[i], c.log1p)})`);
  const kept = columns.map((c, i) => `${present(x[i])} AND ${allowed(x[i], c.log1p)}`).join(' AND ');
  const one = num(1);
  const t = columns.map((c, i) =>
    c.log1p
      ? `CASE WHEN ${x[i]} > ${num(-1)} AND ${one} + ${x[i]} <> ${one} THEN LN(${one} + ${x[i]}) * ${x[i]} / ((${one} + ${x[i]}) - ${one}) ELSE ${x[i]} END`
      : x[i],
  );
  const ctes = [`${q('__cv_rows')} AS (SELECT ${read.join(', ')} FROM ${tableName})`, `${q('__cv_kept')} AS (SELECT * FROM ${q('__cv_rows')} WHERE ${kept})`];
  return { ctes, x, t, refused, kept, q, num, double };
}

/** How dimension i enters the value score: `a · (t(x) − c)`, with `a = weight / spread` and `c = center` as the in-memory kernel computes them. */
export interface ScoreTerm {
  readonly a: number;
  readonly c: number;
}

/**
 * The value score `((a0·(t0 − c0)) + a1·(t1 − c1)) + …`, added in dimension order as
 * `valueScores` does: with IEEE doubles and no fused multiply-add, the engine's score equals the
 * in-memory one bit for bit on dimensions without log1p (log1p dimensions: to a few ulps).
 */
export function scoreExpression(v: ValueTableSql, terms: readonly ScoreTerm[]): string {
  return terms.map((term, i) => `(${v.num(term.a)} * (${v.t[i]} - ${v.num(term.c)}))`).reduce((sum, next) => `(${sum} + ${next})`);
}
