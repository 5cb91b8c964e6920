import * as z from 'zod/mini';
import { timeUnitSchema } from '../../internal/timeUnits.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import { summaryColumnsSchema, type PurchaseSummaryColumns } from './purchaseSummary.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';

// The spec of `fitBetaGeo`, apart from the fitter so that loading or scoring a model
// (`parseModel`, `probabilityAlive`, `compileScorer`) never pulls in the optimizer. In `zod/mini`
// (issue 21: zod's classic API costs about 28 KB gzipped in a browser bundle); parseSpec reads it
// with the same English messages as the classic schema it replaces. Classic schemas that need it
// (fitBetaGeoWithCovariates' spec, fitClvInWarehouse's) take its shape's fields.

const positive = () => z.number().check(z.gt(0), z.refine(Number.isFinite));
const paramsSchema = z.strictObject({ r: positive(), alpha: positive(), a: positive(), b: positive() });

export const betaGeoSpecSchema = z.strictObject({
  timeUnit: timeUnitSchema,
  columns: summaryColumnsSchema,
  missing: z._default(missingValuesMiniSchema, 'error'),
  maxIterations: z._default(z.number().check(z.int(), z.gte(10), z.lte(100_000)), 1000),
  starts: z.optional(z.array(paramsSchema).check(z.minLength(1), z.maxLength(20))),
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
