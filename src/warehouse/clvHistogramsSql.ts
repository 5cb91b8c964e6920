import { quoteIdentifier, quoteTableName } from '../internal/sqlText.js';
import type { SqlDialect } from '../scoring/toSql.js';
import { summaryQuery, type SummarizeTransactionsSqlSpec, type WarehouseSqlOptions } from './summarizeTransactionsSql.js';

/**
 * Both CLV histograms in one pass over the log: `GROUP BY GROUPING SETS ((frequency, recency,
 * T), (frequency, monetary))` on `summarizeTransactionsSql`'s summary, each row marked by
 * `GROUPING("monetary") AS "betageo"` — 1 for a BG/NBD row `(frequency, recency, T, customers)`,
 * 0 for a Gamma-Gamma row `(frequency, monetary, customers)` (its `frequency = 0` row is for the
 * reader to drop: Gamma-Gamma fits repeat customers only). The engine summarizes the log once
 * instead of once per histogram. GROUPING SETS and GROUPING() are standard in all five dialects.
 * Internal: not exported from the package (`fitClvInWarehouse` runs it).
 */
export function clvHistogramsQuery(spec: SummarizeTransactionsSqlSpec, options: WarehouseSqlOptions, fn: string): string {
  const { ctes, select } = clvHistogramsParts(spec, options, fn);
  return `WITH ${ctes.join(',\n')}\n${select}`;
}

/** `clvHistogramsQuery` in parts: its CTEs and the final GROUPING SETS select (for `CREATE TABLE ... AS`). Internal. */
export function clvHistogramsParts(
  spec: SummarizeTransactionsSqlSpec,
  options: WarehouseSqlOptions,
  fn: string,
): { readonly ctes: readonly string[]; readonly select: string } {
  const { ctes, columns, q } = summaryQuery(spec, options, fn);
  const [frequency, recency, T, monetary] = ['frequency', 'recency', 'T', 'monetary'].map(q);
  return {
    ctes: [...ctes, `${q('__cv_summary')} AS (SELECT ${columns.join(', ')} FROM ${q('__cv_customers')})`],
    select:
      `SELECT ${frequency}, ${recency}, ${T}, ${monetary}, GROUPING(${monetary}) AS ${q('betageo')}, COUNT(*) AS ${q('customers')} FROM ${q('__cv_summary')} ` +
      `GROUP BY GROUPING SETS ((${frequency}, ${recency}, ${T}), (${frequency}, ${monetary}))`,
  };
}
/**
 * The same two histograms from a table that already holds `summarizeTransactionsSql`'s summary
 * (columns `frequency`, `recency`, `T`, `monetary`; refused customers with NULL `frequency`):
 * one pass over customers, not over transactions. Internal.
 */
export function clvHistogramsFromSummaryQuery(table: string | readonly string[], dialect: SqlDialect, fn: string): string {
  const q = (name: string) => quoteIdentifier(name, dialect, fn, 'column name', { column: name });
  const source = quoteTableName(table, dialect, fn, 'options.summary');
  const [frequency, recency, T, monetary] = ['frequency', 'recency', 'T', 'monetary'].map(q);
  return (
    `SELECT ${frequency}, ${recency}, ${T}, ${monetary}, GROUPING(${monetary}) AS ${q('betageo')}, COUNT(*) AS ${q('customers')} FROM ${source} ` +
    `GROUP BY GROUPING SETS ((${frequency}, ${recency}, ${T}), (${frequency}, ${monetary}))`
  );
}
