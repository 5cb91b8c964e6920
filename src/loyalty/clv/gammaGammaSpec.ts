import * as z from 'zod';
import { summaryColumnsSchema, type PurchaseSummaryColumns } from './purchaseSummary.js';
import { missingValuesSchema, type MissingValues } from '../../io/missingValues.js';

// The spec of `fitGammaGamma`, apart from the fitter so that loading or scoring a model
// (`parseModel`, `conditionalExpectedSpend`) never pulls in the optimizer.

export const gammaGammaSpecSchema = z.strictObject({
  columns: summaryColumnsSchema,
  missing: missingValuesSchema.default('error'),
  nonPositiveSpend: z.enum(['error', 'exclude']).default('error'),
  maxIterations: z.number().int().min(10).max(100_000).default(1000),
});

/** Spec for `fitGammaGamma`. */
export interface GammaGammaSpec {
  /**
   * Column names (default `frequency` and `monetary`, as `summarizeTransactions` writes them).
   * `recency` and `T` are not read here; they are accepted so one `columns` object serves `fitBetaGeo` and `fitGammaGamma`.
   */
  readonly columns?: PurchaseSummaryColumns;
  /** Rows with a missing value: `'error'` (default) or `'skip'` (counted). */
  readonly missing?: MissingValues;
  /** A repeat customer whose mean spend is ≤ 0: `'error'` (default) or `'exclude'` (counted in `nonPositiveExcluded`). */
  readonly nonPositiveSpend?: 'error' | 'exclude';
  readonly maxIterations?: number;
}
