// Public names of customer-value, grouped by domain. Runtime-neutral: no Node-only API here
// (file IO lives in `customer-value/node`).

// Errors
export { CustomerValueError } from './errors.js';
export type { CustomerValueErrorCode, CustomerValueIssue } from './errors.js';

// Data in and out
export { toColumns } from './io/toColumns.js';
export type { NumericColumns } from './io/toColumns.js';
export { parseCsv } from './io/parseCsv.js';
export type { CsvColumns, ParseCsvOptions } from './io/parseCsv.js';
export { toIsoDate } from './io/toIsoDate.js';
export type { ArrowLikeTable, ColumnTable, NumericArray, RowObject, TableInput } from './io/tableInput.js';
export type { TimeUnit } from './internal/timeUnits.js';

// Value: transaction summaries, RFM, value pyramid
export { summarizeTransactions } from './value/summarizeTransactions.js';
export type { CustomerSummary, SummarizeTransactionsSpec } from './value/summarizeTransactions.js';
