import type { SqlDialect } from '../scoring/toSql.js';
import { valueTableSql, type ValueColumn } from '../internal/valueTableSql.js';

/** A column of `valueMomentsSql`: whether its mean and sample SD are needed (a `zscore` dimension). */
export interface MomentColumn extends ValueColumn {
  readonly moments: boolean;
}

/**
 * Stage 1 of the value pyramid and RFM fits in an engine: one row with `rows` (all rows read),
 * `n` (rows kept: every column present, not NaN, finite, > −1 under log1p), and per column i
 * `refused_i` (rows whose value is present but ±Infinity, or ≤ −1 under log1p: the in-memory fit
 * refuses them), `min_i` and `max_i` of x over the kept rows, and, where `moments`, `mean_i`
 * (`AVG`) and `sd_i` (`STDDEV_SAMP`, the sample SD, n − 1) of t(x) — NULL elsewhere, so a money
 * column in raw units cannot overflow a sum it does not need. The same aggregates in every
 * dialect; only NaN tests and quoting differ (see `valueTableSql`). Internal: the public door is
 * `valuePyramidStatisticsInWarehouse` / `rfmStatisticsInWarehouse`.
 */
export function valueMomentsSql(fn: string, dialect: SqlDialect, table: string | readonly string[], columns: readonly MomentColumn[]): string {
  const v = valueTableSql(fn, dialect, table, columns);
  const k = v.q('__cv_k');
  const flagged = `${v.q('__cv_flagged')} AS (SELECT *, CASE WHEN ${v.kept} THEN 1 ELSE 0 END AS ${k} FROM ${v.q('__cv_rows')})`;
  const onKept = (expr: string) => `CASE WHEN ${k} = 1 THEN ${expr} END`;
  const select = [`COUNT(*) AS ${v.q('rows')}`, `COUNT(${onKept('1')}) AS ${v.q('n')}`];
  columns.forEach((c, i) => {
    select.push(
      `COUNT(CASE WHEN ${v.refused[i]} THEN 1 END) AS ${v.q(`refused_${i}`)}`,
      `MIN(${onKept(v.x[i])}) AS ${v.q(`min_${i}`)}`,
      `MAX(${onKept(v.x[i])}) AS ${v.q(`max_${i}`)}`,
      c.moments ? `AVG(${onKept(v.t[i])}) AS ${v.q(`mean_${i}`)}` : `CAST(NULL AS ${v.double}) AS ${v.q(`mean_${i}`)}`,
      c.moments ? `STDDEV_SAMP(${onKept(v.t[i])}) AS ${v.q(`sd_${i}`)}` : `CAST(NULL AS ${v.double}) AS ${v.q(`sd_${i}`)}`,
    );
  });
  return `WITH ${[v.ctes[0], flagged].join(',\n')}\nSELECT ${select.join(', ')} FROM ${v.q('__cv_flagged')}`;
}
