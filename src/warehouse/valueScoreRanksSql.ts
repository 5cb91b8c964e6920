import type { SqlDialect } from '../scoring/toSql.js';
import { scoreExpression, valueTableSql, type ScoreTerm, type ValueColumn, type ValueTableSql } from '../internal/valueTableSql.js';

/** The scored and ranked customers: `__cv_scored` (x…, score) and `__cv_ranked` (x…, score, rn by descending score, and the windows asked for). Internal. */
export function rankedScoresCtes(v: ValueTableSql, terms: readonly ScoreTerm[], extraWindows: (score: string, order: string) => string[] = () => []): string[] {
  const score = v.q('__cv_score');
  const xs = v.x.join(', ');
  const order = `ORDER BY ${score} DESC`;
  return [
    `${v.q('__cv_scored')} AS (SELECT ${xs}, ${scoreExpression(v, terms)} AS ${score} FROM ${v.q('__cv_kept')})`,
    `${v.q('__cv_ranked')} AS (SELECT ${xs}, ${score}, ${[`ROW_NUMBER() OVER (${order}) AS ${v.q('__cv_rn')}`, ...extraWindows(score, order)].join(', ')} FROM ${v.q('__cv_scored')})`,
  ];
}

/**
 * Stage 2 of the value pyramid fit in an engine (stage 3 under `cumulativeShare`, after
 * `valueCumulativeCutsSql`): the value score of every kept customer, computed in the engine with
 * the scaling learned from stage 1 (`scoreExpression`), ranked by `ROW_NUMBER() OVER (ORDER BY
 * score DESC)` — the same window form in every dialect — and only the customers at the given
 * descending `ranks` come back: `rank`, their values `x0, x1, …` (the fitter computes their score
 * itself, so a threshold is a customer's value under the model's scaling) and the engine's
 * `score` (the tally tiers by it, so its counts agree with the engine's ranks even where a log1p
 * dimension makes the engine's score differ from JavaScript's by an ulp).
 *
 * For `quantile` tiers the ranks are ⌈c_j·n⌉ (`quantileCutRanks`) and n: the exact type-1
 * quantile of the score at 1 − c_j (ascending rank n − ⌈c_j·n⌉ + 1). Ranks are computed in
 * JavaScript in integers, so no engine's `p·n` rounding or `percentile_disc` variant (DuckDB's
 * `quantile_disc`, Spark's legacy rule, BigQuery's analytic-only `PERCENTILE_DISC`) can move
 * them, and the row itself comes back, which no percentile function returns. Tied scores give
 * the same value whichever tied row the engine numbers first. Internal: the public door is
 * `valuePyramidStatisticsInWarehouse`.
 */
export function valueScoreRanksSql(
  fn: string,
  dialect: SqlDialect,
  table: string | readonly string[],
  columns: readonly ValueColumn[],
  terms: readonly ScoreTerm[],
  ranks: readonly number[],
): string {
  const v = valueTableSql(fn, dialect, table, columns);
  const wanted = [...new Set(ranks)].map((r) => String(Math.trunc(r)));
  return (
    `WITH ${[...v.ctes, ...rankedScoresCtes(v, terms)].join(',\n')}\n` +
    `SELECT ${v.q('__cv_rn')} AS ${v.q('rank')}, ${v.x.join(', ')}, ${v.q('__cv_score')} AS ${v.q('score')} FROM ${v.q('__cv_ranked')} WHERE ${v.q('__cv_rn')} IN (${wanted.join(', ')})`
  );
}
