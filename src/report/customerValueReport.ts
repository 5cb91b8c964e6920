import type { TableInput } from '../io/tableInput.js';
import type { TransactionWarning } from '../value/transactionWarning.js';
import type { TierSummaryResult } from '../value/tierSummary.js';
import { analyzeCustomerValueColumns, type CustomerValueAnalysis, type CustomerValueColumns, type CustomerValueReportOptions } from './analyzeCustomerValue.js';
import type { CustomerValueReportSpec } from './customerValueReportSpec.js';
import { renderReportCharts } from './renderReportCharts.js';
import { renderReportMarkdown } from './renderReportMarkdown.js';

/** The report: Markdown with chart references, the charts as SVG by file name, the analysis and the main figures. */
export interface CustomerValueReport {
  readonly markdown: string;
  /** SVG documents by file name, as the Markdown links them (`value-pyramid.svg`, ...). */
  readonly charts: Readonly<Record<string, string>>;
  /** What the Markdown and charts were rendered from: plain JSON-safe data (`analyzeCustomerValue`). */
  readonly analysis: CustomerValueAnalysis;
  readonly customers: CustomerValueColumns;
  readonly valueTiers: TierSummaryResult;
  /**
   * What changes the figures silently, from `summarizeTransactions` (refunds, net spend ≤ 0,
   * duplicate rows, times of day, a calibration too short for BG/NBD): the report states each.
   */
  readonly warnings: readonly TransactionWarning[];
}

/**
 * The customer-value report of a transaction log — what `npm run demo` shows for CDNOW, for any
 * log (the `customer-value report` command writes it to a folder): `analyzeCustomerValue`, then
 * `renderReportMarkdown` and `renderReportCharts` on its result, plus the per-customer columns
 * (summary, CLV, periods inactive). Potential value (BG/NBD + Gamma-Gamma CLV over the horizon),
 * the value pyramid on realized + potential value with each tier's share of customers, revenue
 * and expected revenue, RFM quintiles and named RFM segments, retention (monthly cohorts,
 * quarterly flows, Kaplan–Meier active lifetime of repeat buyers) and k-means segments with k
 * chosen by silhouette on a seeded sample of ≤ 3,000 customers (see `analyzeCustomerValue`).
 * Returns Markdown and SVG charts; `options.onProgress` hears each stage, the last `charts`. From `customer-value/report` (the root
 * entry loads no chart code).
 *
 * Active lifetime: a repeat buyer has lapsed after no purchase for more than `lapseAfter`; a lapse
 * shows only `lapseAfter` after it happens, so customers who have not lapsed are censored at
 * T − `lapseAfter`, not at T (see `activeLifetimes`), and the curve and its figures stop at the
 * data's reach — the largest T − `lapseAfter` — which the report states; a quarter, half a year
 * or a year beyond it is named as not shown, never given the curve's last value.
 *
 * Dates: a `Date` counts on its local calendar day in the process's time zone (what `pg` and
 * `mysql2` return for a DATE column: local midnight, or the first local time on a DST day without
 * one); a `Date` at exactly 00:00:00.000 UTC that is not at local midnight counts on its UTC day
 * (as `new Date('2024-01-05')` and `Date.UTC` make). Timestamp text, ISO 8601 or as PostgreSQL
 * prints it (`2024-01-05 10:00:00+00`, `2024-01-05 10:00:00.123456+05:30`, `2024-01-05T10:00Z`;
 * offsets `Z`, `±hh`, `±hh:mm`, `±hhmm`), counts on the date as written — the day in the offset
 * it carries; impossible text (2024-02-30, hour 24, an offset beyond ±14:00) is refused saying
 * why. So results are the same in every time zone.
 *
 * @throws {CustomerValueError} for a bad spec or log (as `summarizeTransactions`), or when the log cannot support a model (e.g. no repeat buyers for Gamma-Gamma).
 * @example
 * const log = await readCsvFile('examples/data/cdnow_master.csv');
 * const report = customerValueReport(log.columns, { customer: 'customer_id', date: 'date', amount: 'dollar_value', observationEnd: '1997-09-30', title: 'CDNOW' });
 * [report.customers.counts.customers, report.valueTiers.tiers.length, Object.keys(report.charts).length]; // => [23570, 4, 4]
 */
export function customerValueReport(transactions: TableInput, spec: CustomerValueReportSpec, options: CustomerValueReportOptions = {}): CustomerValueReport {
  const { analysis, customers } = analyzeCustomerValueColumns(transactions, spec, 'customerValueReport', options);
  const start = performance.now();
  const markdown = renderReportMarkdown(analysis);
  const charts = renderReportCharts(analysis);
  options.onProgress?.({ stage: 'charts', rows: analysis.counts.customers, seconds: (performance.now() - start) / 1000 });
  return {
    markdown,
    charts,
    analysis,
    customers,
    valueTiers: analysis.valueTiers,
    warnings: analysis.warnings,
  };
}
