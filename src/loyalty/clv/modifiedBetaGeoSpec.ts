import * as z from 'zod/mini';
import { timeUnitSchema } from '../../internal/timeUnits.js';
import type { TimeUnit } from '../../value/timeUnit.js';
import { summaryColumnsSchema, type PurchaseSummaryColumns } from './purchaseSummary.js';
import { missingValuesMiniSchema, type MissingValues } from '../../io/missingValues.js';

// The spec of `fitModifiedBetaGeo`, apart from the fitter so that loading a model or predicting
// with it (`parseModel`, `modifiedBetaGeoProbabilityAlive`) never pulls in the optimizer. In `zod/mini` (issue 21: zod's classic API costs about 28 KB gzipped in a
// browser bundle); parseSpec reads it with the same English messages as the classic schema it replaces.

const positive = () => z.number().check(z.gt(0), z.refine(Number.isFinite));
const paramsSchema = z.strictObject({ r: positive(), alpha: positive(), a: positive(), b: positive() });

export const modifiedBetaGeoSpecSchema = z.strictObject({
  timeUnit: timeUnitSchema,
  columns: summaryColumnsSchema,
  missing: z._default(missingValuesMiniSchema, 'error'),
  maxIterations: z._default(z.number().check(z.int(), z.gte(10), z.lte(100_000)), 1000),
  starts: z.optional(z.array(paramsSchema).check(z.minLength(1), z.maxLength(20))),
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
