import type { TimeUnit } from '../value/timeUnit.js';

/** What `analyzeCustomerValue` (and `customerValueReport`) reads from a transaction log, and how it values customers. */
export interface CustomerValueReportSpec {
  /** Customer id column. */
  readonly customer: string;
  /** Purchase date column (Date, ISO `YYYY-MM-DD` or `YYYYMMDD`). */
  readonly date: string;
  /** Purchase amount column (revenue). */
  readonly amount: string;
  /** Unit for recency, tenure and the CLV horizon (default `'week'`). */
  readonly timeUnit?: TimeUnit;
  /** Last day of the period analysed (default: the latest purchase date in the log). */
  readonly observationEnd?: string;
  /**
   * Last day of a holdout period after `observationEnd` (which must then be given): the report
   * fits BG/NBD, MBG/NBD and Pareto/NBD up to `observationEnd`, compares them on the purchases
   * after it up to this day (log-likelihood, AIC, BIC, per-customer holdout MAE and RMSE,
   * aggregate error), uses the one with the smallest holdout MAE for its CLV, says why, and
   * tracks it period by period. Without it the CLV uses BG/NBD and nothing is compared.
   */
  readonly holdoutEnd?: string;
  /** CLV horizon in `timeUnit`s (default one year). */
  readonly horizon?: number;
  /** Yearly discount rate for CLV (default 0.1). */
  readonly annualDiscountRate?: number;
  /** A customer with no purchase for this many `timeUnit`s before the end has lapsed (default half a year). */
  readonly lapseAfter?: number;
  /** Name of the data in headings (default "your customers"). */
  readonly title?: string;
  /** Seed for k-means and the silhouette sample (default 1). */
  readonly seed?: number;
}

// The schema lives outside src/report/ so that fitInWarehouse (customer-value/warehouse) can check the spec without loading the report's modules.
export { customerValueReportSpecSchema } from '../internal/customerValueReportSpecSchema.js';
