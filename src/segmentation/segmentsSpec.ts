import * as z from 'zod/mini';
import { standardizeSchema } from './featureScaling.js';
import { missingValuesMiniSchema, type MissingValues } from '../io/missingValues.js';

// The spec of `fitSegments`, apart from the fitter so that loading or scoring a model
// (`parseModel`, `scoreSegments`, `compileScorer`) never pulls in the k-means kernel.
// zod/mini (issue 21): fitSegments with scoreSegments bundles without zod's classic API; the
// refusals read as before (test/segmentation/segmentsDoorIssues.test.ts).

export const segmentsSpecSchema = z.strictObject({
  features: z.array(z.string().check(z.minLength(1))).check(
    z.minLength(1),
    z.refine((f) => new Set(f).size === f.length, 'distinct feature names'),
  ),
  k: z.number().check(z.int(), z.gte(1), z.lte(1000)),
  standardize: z._default(standardizeSchema, 'zscore'),
  seed: z._default(z.number().check(z.int(), z.gte(0)), 0),
  restarts: z._default(z.number().check(z.int(), z.gte(1), z.lte(1000)), 10),
  maxIterations: z._default(z.number().check(z.int(), z.gte(1), z.lte(100_000)), 300),
  tolerance: z._default(z.number().check(z.gte(0)), 1e-8),
  init: z.optional(z.array(z.array(z.number().check(z.refine(Number.isFinite))))),
  missing: z._default(missingValuesMiniSchema, 'error'),
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
