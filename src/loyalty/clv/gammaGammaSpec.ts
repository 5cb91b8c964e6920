import { z } from 'zod';
import { summaryColumnsSchema } from './purchaseSummary.js';
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
  readonly columns?: {
    readonly frequency?: string;
    readonly recency?: string;
    readonly T?: string;
    readonly monetary?: string;
    /**
     * Grouped input: a column holding how many customers share the row's history (a whole number
     * ≥ 1, e.g. `COUNT(*)` of a `GROUP BY`). The fit is exact: the same as on one row per
     * customer. Without it, each row is one customer.
     */
    readonly count?: string;
  };
  /** Rows with a missing value: `'error'` (default) or `'skip'` (counted). */
  readonly missing?: MissingValues;
  /** A repeat customer whose mean spend is ≤ 0: `'error'` (default) or `'exclude'` (counted in `nonPositiveExcluded`). */
  readonly nonPositiveSpend?: 'error' | 'exclude';
  readonly maxIterations?: number;
}
