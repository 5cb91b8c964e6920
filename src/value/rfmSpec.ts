import * as z from 'zod/mini';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

// zod/mini (issue 21): a fitter and its scorer stay under 40 KB gzipped with their validation;
// parseSpec gives the same English messages as the classic API.

/** Which end of a dimension is better: `'higher'` (more spend) or `'lower'` (fewer days since last purchase). */
export const betterSchema = z.enum(['higher', 'lower']);

const dimension = <Better extends z.core.$ZodType<'higher' | 'lower'>>(better: Better) => z.strictObject({ column: z.string().check(z.minLength(1)), better });

export const rfmSpecSchema = z.strictObject({
  /** Recency has no default direction: "weeks from first to last purchase" (BTYD) is better high, "days since last purchase" better low. */
  recency: dimension(betterSchema),
  frequency: dimension(z._default(betterSchema, 'higher')),
  monetary: dimension(z._default(betterSchema, 'higher')),
  bins: z._default(z.number().check(z.int(), z.gte(2), z.lte(9)), 5),
  missing: z._default(missingValuesMiniSchema, 'error'),
});

/** Spec for `fitRfm`. */
export interface RfmSpec {
  /** Recency column and its direction (required: conventions differ, see `fitRfm`). */
  readonly recency: { readonly column: string; readonly better: 'higher' | 'lower' };
  /** Frequency column; higher is better unless said otherwise. */
  readonly frequency: { readonly column: string; readonly better?: 'higher' | 'lower' };
  /** Monetary column; higher is better unless said otherwise. */
  readonly monetary: { readonly column: string; readonly better?: 'higher' | 'lower' };
  /** Number of score levels, 2–9 (default 5: quintiles). */
  readonly bins?: number;
  /** Rows with a missing value: `'error'` (default) or `'skip'` (counted). */
  readonly missing?: MissingValues;
}

/** The three RFM dimensions, in code order. */
/** One of the three RFM dimensions. */
export type RfmDimension = 'recency' | 'frequency' | 'monetary';
export const RFM_DIMENSIONS: readonly RfmDimension[] = ['recency', 'frequency', 'monetary'];
