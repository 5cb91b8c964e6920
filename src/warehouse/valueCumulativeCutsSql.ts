import type { SqlDialect } from '../scoring/toSql.js';
import { valueTableSql, type ScoreTerm, type ValueColumn } from '../internal/valueTableSql.js';
import { rankedScoresCtes } from './valueScoreRanksSql.js';

/**
 * Stage 2 of a `cumulativeShare` value pyramid fit in an engine: one row with, per tier cut j,
 * `cut_j`, the first descending rank whose running value `SUM(score) OVER (ORDER BY score DESC
 * ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)` reaches `shares[j] · total · slack` (n when
 * none does), `n` — the in-memory loop's rule — and `lowest`, the lowest score (a negative one is refused before any further query). The same windows in every dialect. The
 * engine adds in its own order: a customer whose running share lies within rounding (≈1e-12
 * relative, the slack) of a cut can land on the other side of it. Stage 3
 * (`valueScoreRanksSql`) then returns the customers at those ranks. Internal.
 */
export function valueCumulativeCutsSql(
  fn: string,
  dialect: SqlDialect,
  table: string | readonly string[],
  columns: readonly ValueColumn[],
  terms: readonly ScoreTerm[],
  shares: readonly number[],
  slack: number,
): string {
  const v = valueTableSql(fn, dialect, table, columns);
  const [cum, total, rn] = ['__cv_cum', '__cv_total', '__cv_rn'].map(v.q);
  const ctes = rankedScoresCtes(v, terms, (score, order) => [
    `SUM(${score}) OVER (${order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS ${cum}`,
    `SUM(${score}) OVER () AS ${total}`,
  ]);
  const cuts = shares.map(
    (share, j) => `COALESCE(MIN(CASE WHEN ${cum} >= ${v.num(share)} * ${total} * ${v.num(slack)} THEN ${rn} END), COUNT(*)) AS ${v.q(`cut_${j}`)}`,
  );
  return `WITH ${[...v.ctes, ...ctes].join(',\n')}\nSELECT ${cuts.join(', ')}, COUNT(*) AS ${v.q('n')}, MIN(${v.q('__cv_score')}) AS ${v.q('lowest')} FROM ${v.q('__cv_ranked')}`;
}
