// The `customer-value/report` entry: the customer-value report of a transaction log. The
// analysis is plain data; the Markdown and the SVG charts are rendered from it. Kept out of the
// root entry, so importing `customer-value` loads no chart code.
export { customerValueReport } from './customerValueReport.js';
export type { CustomerValueReport } from './customerValueReport.js';
export { analyzeCustomerValue } from './analyzeCustomerValue.js';
export type { CustomerValueAnalysis, CustomerValueColumns, CustomerValueReportOptions, SegmentRuns } from './analyzeCustomerValue.js';
export type { ReportModelComparison, ReportModelRow, ReportPurchaseModel } from '../loyalty/clv/reportModelComparison.js';
export { analyzeCustomerValueInWarehouse } from './analyzeCustomerValueInWarehouse.js';
export type { CustomerValueAnalysisInWarehouse } from './analyzeCustomerValueInWarehouse.js';
export { renderReportMarkdown } from './renderReportMarkdown.js';
export { renderReportCharts } from './renderReportCharts.js';
export type { CustomerValueReportSpec } from './customerValueReportSpec.js';
