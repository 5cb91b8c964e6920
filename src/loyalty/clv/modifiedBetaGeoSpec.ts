import * as z from 'zod';
import { timeUnitSchema } from '../../internal/timeUnits.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import { summaryColumnsSchema, type PurchaseSummaryColumns } from './purchaseSummary.js';
import { missingValuesSchema, type MissingValues } from '../../io/missingValues.js';

// The spec of `fitModifiedBetaGeo`, apart from the fitter so that loading a model or predicting
// with it (`parseModel`, `modifiedBetaGeoProbabilityAlive`) never pulls in the optimizer.

const paramsSchema = z.strictObject({
  r: z.number().gt(0).refine(Number.isFinite),
  alpha: z.number().gt(0).refine(Number.isFinite),
  a: z.number().gt(0).refine(Number.isFinite),
  b: z.number().gt(0).refine(Number.isFinite),
});

export const modifiedBetaGeoSpecSchema = z.strictObject({
  timeUnit: timeUnitSchema,
  columns: summaryColumnsSchema,
  missing: missingValuesSchema.default('error'),
  maxIterations: z.number().int().min(10).max(100_000).default(1000),
  starts: z.array(paramsSchema).min(1).max(20).optional(),
});

/** MBG/NBD parameters (Batislam, Denizel & Filiztekin 2007): the BG/NBD's, with dropout possible at time 0 too. */
export interface ModifiedBetaGeoParams {
  /** Shape of the gamma distribution of purchase rates λ across customers. */
  readonly r: number;
  /** Scale of the purchase-rate distribution, in the summary's time unit (E[λ] = r/α purchases per time unit). */
  readonly alpha: number;
  /** Beta shape of the dropout probability p, tried right after the first purchase and after every repeat purchase (E[p] = a/(a+b)). */
  readonly a: number;
  readonly b: number;
}

/** Spec for `fitModifiedBetaGeo`. */
export interface ModifiedBetaGeoSpec {
  /** Time unit of the summary's recency and T: required, never assumed (α is in it). */
  readonly timeUnit: TimeUnit;
  /**
   * Column names (default `frequency`, `recency`, `T`, as `summarizeTransactions` writes them;
   * `count` for grouped input). `monetary` is not read; it is accepted so one `columns` object
   * serves every CLV fitter.
   */
  readonly columns?: PurchaseSummaryColumns;
  /** Rows with a missing value: `'error'` (default) or `'skip'` (counted). */
  readonly missing?: MissingValues;
  /** BFGS iterations per start (default 1000). */
  readonly maxIterations?: number;
  /** Starting points; by default three data-based starts. */
  readonly starts?: readonly ModifiedBetaGeoParams[];
}
