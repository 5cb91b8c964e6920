import * as z from 'zod';
import { standardizeSchema } from './featureScaling.js';
import { missingValuesSchema, type MissingValues } from '../io/missingValues.js';

// The spec of `fitSegments`, apart from the fitter so that loading or scoring a model
// (`parseModel`, `scoreSegments`, `compileScorer`) never pulls in the k-means kernel.

export const segmentsSpecSchema = z.strictObject({
  features: z
    .array(z.string().min(1))
    .min(1)
    .refine((f) => new Set(f).size === f.length, 'distinct feature names'),
  k: z.number().int().min(1).max(1000),
  standardize: standardizeSchema.default('zscore'),
  seed: z.number().int().min(0).default(0),
  restarts: z.number().int().min(1).max(1000).default(10),
  maxIterations: z.number().int().min(1).max(100_000).default(300),
  tolerance: z.number().min(0).default(1e-8),
  init: z.array(z.array(z.number().refine(Number.isFinite))).optional(),
  missing: missingValuesSchema.default('error'),
});

/** Spec for `fitSegments`. */
export interface SegmentsSpec {
  /** Numeric feature columns. */
  readonly features: readonly string[];
  /** Number of segments. */
  readonly k: number;
  /** `'zscore'` (default), `'robust'` (median and IQR) or `'none'`. */
  readonly standardize?: 'zscore' | 'robust' | 'none';
  /** Seed of the k-means++ draws (default 0): same seed, same segments. */
  readonly seed?: number;
  /** k-means++ restarts; the lowest inertia wins (default 10). */
  readonly restarts?: number;
  readonly maxIterations?: number;
  /** Stop when the centers move less than this (squared, scaled units; default 1e-8). */
  readonly tolerance?: number;
  /** Starting centers in original units (k rows of features), instead of k-means++. */
  readonly init?: readonly (readonly number[])[];
  readonly missing?: MissingValues;
}
