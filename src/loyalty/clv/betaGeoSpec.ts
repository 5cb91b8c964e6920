import * as z from 'zod';
import { timeUnitSchema } from '../../internal/timeUnits.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import { summaryColumnsSchema, type PurchaseSummaryColumns } from './purchaseSummary.js';
import { missingValuesSchema, type MissingValues } from '../../io/missingValues.js';

// The spec of `fitBetaGeo`, apart from the fitter so that loading or scoring a model
// (`parseModel`, `probabilityAlive`, `compileScorer`) never pulls in the optimizer.

const paramsSchema = z.strictObject({
  r: z.number().gt(0).refine(Number.isFinite),
  alpha: z.number().gt(0).refine(Number.isFinite),
  a: z.number().gt(0).refine(Number.isFinite),
  b: z.number().gt(0).refine(Number.isFinite),
});

export const betaGeoSpecSchema = z.strictObject({
  timeUnit: timeUnitSchema,
  columns: summaryColumnsSchema,
  missing: missingValuesSchema.default('error'),
  maxIterations: z.number().int().min(10).max(100_000).default(1000),
  starts: z.array(paramsSchema).min(1).max(20).optional(),
});

/** BG/NBD parameters. */
export interface BetaGeoParams {
  /** Shape of the gamma mixing distribution of purchase rates λ. */
  readonly r: number;
  /** Scale of the purchase-rate distribution, in the summary's time unit (E[λ] = r/α). */
  readonly alpha: number;
  /** Beta shape of the dropout probability p (E[p] = a/(a+b)). */
  readonly a: number;
  readonly b: number;
}

/** Spec for `fitBetaGeo`. */
export interface BetaGeoSpec {
  /** Time unit of the summary's recency and T: required, never assumed. */
  readonly timeUnit: TimeUnit;
  /**
   * Column names (default `frequency`, `recency`, `T`, as `summarizeTransactions` writes them).
   * `monetary` is not read here; it is accepted so one `columns` object serves `fitBetaGeo` and `fitGammaGamma`.
   */
  readonly columns?: PurchaseSummaryColumns;
  /** Rows with a missing value: `'error'` (default) or `'skip'` (counted). */
  readonly missing?: MissingValues;
  /** BFGS iterations per start (default 1000). */
  readonly maxIterations?: number;
  /** Starting points; by default three data-based starts. */
  readonly starts?: readonly BetaGeoParams[];
}
