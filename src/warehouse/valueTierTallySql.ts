import type { SqlDialect } from '../scoring/toSql.js';
import { scoreExpression, valueTableSql, type ScoreTerm, type ValueColumn } from '../internal/valueTableSql.js';

/**
 * Stage 3 of the value pyramid fit in an engine: per tier (0 = top), its `customers` and the
 * `value` (sum of scores), with the tier counted as `tierIndexes` does — the number of
 * thresholds the score is below, so a score equal to a threshold lands in the higher tier. The
 * score is the engine's `scoreExpression` (bit-equal to the in-memory score without log1p), so
 * the counts are exact; the sums are the engine's `SUM` in its own order (shares agree to
 * rounding, ≤ 1e-12 in the tests). Tiers without customers return no row. Internal.
 */
export function valueTierTallySql(
  fn: string,
  dialect: SqlDialect,
  table: string | readonly string[],
  columns: readonly ValueColumn[],
  terms: readonly ScoreTerm[],
  thresholds: readonly number[],
): string {
  const v = valueTableSql(fn, dialect, table, columns);
  const [score, tier] = ['score', 'tier'].map((name) => v.q(`__cv_${name}`));
  const below = thresholds.map((t) => `CASE WHEN ${score} < ${v.num(t)} THEN 1 ELSE 0 END`).join(' + ') || '0';
  const scored = `${v.q('__cv_scored')} AS (SELECT ${scoreExpression(v, terms)} AS ${score} FROM ${v.q('__cv_kept')})`;
  const tiered = `${v.q('__cv_tiered')} AS (SELECT ${score}, ${below} AS ${tier} FROM ${v.q('__cv_scored')})`;
  return (
    `WITH ${[...v.ctes, scored, tiered].join(',\n')}\n` +
    `SELECT ${tier} AS ${v.q('tier')}, COUNT(*) AS ${v.q('customers')}, SUM(${score}) AS ${v.q('value')} FROM ${v.q('__cv_tiered')} GROUP BY ${tier}`
  );
}
