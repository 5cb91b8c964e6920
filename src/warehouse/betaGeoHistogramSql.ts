import { summaryQuery, type SummarizeTransactionsSqlSpec, type WarehouseSqlOptions } from './summarizeTransactionsSql.js';

const FN = 'betaGeoHistogramSql';

/**
 * SQL text for the BG/NBD sufficient statistics of a transaction log: one row per distinct
 * history `(frequency, recency, T)` with the number of `customers` sharing it, built in the
 * engine on `summarizeTransactionsSql`'s summary (same spec, same rules, same dialects). BG/NBD
 * depends on a customer only through that triple, so the histogram carries the whole likelihood
 * in far fewer rows than customers (recency and T are whole days over the unit: at most one
 * row per (frequency, first day, last day)). Customers the summary refuses (an infinite amount)
 * form one row with NULL `frequency`, `recency` and `T`, kept so they are counted, never lost.
 * Rows come in no particular order.
 *
 * @throws {CustomerValueError} `invalid_spec`, as `summarizeTransactionsSql`.
 * @example
 * const sql = betaGeoHistogramSql(
 *   { customer: 'customer_id', date: 'order_date', amount: 'amount', observationEnd: '1998-06-30', timeUnit: 'week', missing: 'skip' },
 *   { dialect: 'postgres', table: 'orders' },
 * );
 * sql.endsWith('SELECT "frequency", "recency", "T", COUNT(*) AS "customers" FROM "__cv_summary" GROUP BY "frequency", "recency", "T"'); // => true
 */
export function betaGeoHistogramSql(spec: SummarizeTransactionsSqlSpec, options: WarehouseSqlOptions): string {
  return betaGeoHistogramQuery(spec, options, FN);
}

/** The histogram query, with errors naming `fn` (for the functions that run it). Internal: not exported from the package. */
export function betaGeoHistogramQuery(spec: SummarizeTransactionsSqlSpec, options: WarehouseSqlOptions, fn: string): string {
  const { ctes, columns, q } = summaryQuery(spec, options, fn);
  const keys = ['frequency', 'recency', 'T'].map(q).join(', ');
  return (
    `WITH ${[...ctes, `${q('__cv_summary')} AS (SELECT ${columns.join(', ')} FROM ${q('__cv_customers')})`].join(',\n')}\n` +
    `SELECT ${keys}, COUNT(*) AS ${q('customers')} FROM ${q('__cv_summary')} GROUP BY ${keys}`
  );
}
