import * as z from 'zod/mini';
import { summaryColumnsSchema, type PurchaseSummaryColumns } from './purchaseSummary.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';

// The spec of `fitGammaGamma`, apart from the fitter so that loading or scoring a model
// (`parseModel`, `conditionalExpectedSpend`) never pulls in the optimizer. In `zod/mini` (issue 21:
// zod's classic API costs about 28 KB gzipped in a browser bundle); parseSpec reads it with the
// same English messages as the classic schema it replaces. Classic schemas that need it
// (fitGammaGammaWithCovariates' spec, fitClvInWarehouse's) take its shape's fields.

export const gammaGammaSpecSchema = z.strictObject({
  columns: summaryColumnsSchema,
  missing: z._default(missingValuesMiniSchema, 'error'),
  nonPositiveSpend: z._default(z.enum(['error', 'exclude']), 'error'),
  maxIterations: z._default(z.number().check(z.int(), z.gte(10), z.lte(100_000)), 1000),
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
