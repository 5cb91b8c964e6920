import * as z from 'zod';
import { missingValuesSchema, type MissingValues } from '../io/missingValues.js';

/** Which end of a dimension is better: `'higher'` (more spend) or `'lower'` (fewer days since last purchase). */
export const betterSchema = z.enum(['higher', 'lower']);

const dimension = <Better extends z.ZodType<'higher' | 'lower'>>(better: Better) => z.strictObject({ column: z.string().min(1), better });

export const rfmSpecSchema = z.strictObject({
  /** Recency has no default direction: "weeks from first to last purchase" (BTYD) is better high, "days since last purchase" better low. */
  recency: dimension(betterSchema),
  frequency: dimension(betterSchema.default('higher')),
  monetary: dimension(betterSchema.default('higher')),
  bins: z.number().int().min(2).max(9).default(5),
  missing: missingValuesSchema.default('error'),
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
