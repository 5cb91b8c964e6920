import { summaryQuery, type SummarizeTransactionsSqlSpec, type WarehouseSqlOptions } from './summarizeTransactionsSql.js';

const FN = 'gammaGammaHistogramSql';

/**
 * SQL text for the Gamma-Gamma sufficient statistics of a transaction log: one row per distinct
 * `(frequency, monetary)` among repeat customers (frequency > 0, the customers `fitGammaGamma`
 * fits on) with the number of `customers` sharing it, built in the engine on
 * `summarizeTransactionsSql`'s summary (same spec, same rules, same dialects). `monetary` is the
 * engine's double sum over `frequency`, or the exact day value when every repeat day has the
 * same value, so identical spend histories group together. Customers the summary refuses (an
 * infinite amount) form one row with NULL `frequency` and `monetary`, kept so they are counted.
 * Rows come in no particular order.
 *
 * @throws {CustomerValueError} `invalid_spec`, as `summarizeTransactionsSql`.
 * @example
 * const sql = gammaGammaHistogramSql(
 *   { customer: 'customer_id', date: 'order_date', amount: 'amount', observationEnd: '1998-06-30', timeUnit: 'week', missing: 'skip' },
 *   { dialect: 'bigquery', table: ['shop', 'orders'] },
 * );
 * sql.includes('FROM `shop`.`orders`'); // => true
 * sql.endsWith('WHERE `frequency` IS NULL OR `frequency` > 0 GROUP BY `frequency`, `monetary`'); // => true
 */
export function gammaGammaHistogramSql(spec: SummarizeTransactionsSqlSpec, options: WarehouseSqlOptions): string {
  return gammaGammaHistogramQuery(spec, options, FN);
}

/** The histogram query, with errors naming `fn` (for the functions that run it). Internal: not exported from the package. */
export function gammaGammaHistogramQuery(spec: SummarizeTransactionsSqlSpec, options: WarehouseSqlOptions, fn: string): string {
  const { ctes, columns, q } = summaryQuery(spec, options, fn);
  const keys = ['frequency', 'monetary'].map(q).join(', ');
  return (
    `WITH ${[...ctes, `${q('__cv_summary')} AS (SELECT ${columns.join(', ')} FROM ${q('__cv_customers')})`].join(',\n')}\n` +
    `SELECT ${keys}, COUNT(*) AS ${q('customers')} FROM ${q('__cv_summary')} WHERE ${q('frequency')} IS NULL OR ${q('frequency')} > 0 GROUP BY ${keys}`
  );
}
