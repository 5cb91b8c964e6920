import * as z from 'zod/mini';
import { CustomerValueError } from '../errors.js';
import type { NumericArray } from '../io/tableInput.js';

/** How features are put on one scale before clustering (zod/mini, issue 21: the spec of the segments and of chooseK). */
export const standardizeSchema = z.enum(['zscore', 'robust', 'none']);
export type Standardize = z.infer<typeof standardizeSchema>;

/** x → (x − center) / scale for one feature, learned at fit. */
export interface FeatureScaling {
  readonly feature: string;
  readonly center: number;
  readonly scale: number;
}

/**
 * Scaling parameters over the kept rows: `zscore` (mean, sample SD), `robust` (median,
 * interquartile range — as scikit-learn's RobustScaler) or `none` (0, 1).
 */
export function learnScaling(fn: string, feature: string, x: NumericArray, rows: Int32Array, standardize: Standardize): FeatureScaling {
  if (standardize === 'none') return { feature, center: 0, scale: 1 };
  const n = rows.length;
  let center: number;
  let scale: number;
  if (standardize === 'zscore') {
    let mean = 0;
    let m2 = 0;
    for (let a = 0; a < n; a++) {
      const v = x[rows[a]];
      const delta = v - mean;
      mean += delta / (a + 1);
      m2 += delta * (v - mean);
    }
    center = mean;
    scale = Math.sqrt(m2 / (n - 1));
  } else {
    const sorted = Float64Array.from(rows, (i) => x[i]).sort();
    const quantile = (q: number) => {
      const h = (n - 1) * q;
      const lo = Math.floor(h);
      return sorted[lo] + (h - lo) * ((sorted[Math.min(n - 1, lo + 1)] ?? sorted[lo]) - sorted[lo]);
    };
    center = quantile(0.5);
    scale = quantile(0.75) - quantile(0.25);
  }
  if (!(scale > 0)) throw notVaryingError(fn, feature, standardize);
  return { feature, center, scale };
}

/** The error for a feature that cannot be scaled: constant (`zscore`), or constant across its middle half (`robust`). */
export function notVaryingError(fn: string, feature: string, standardize: Standardize): CustomerValueError {
  return new CustomerValueError(
    'invalid_value',
    `${fn}: feature "${feature}" does not vary${standardize === 'robust' ? ' across its middle half' : ''}, so it cannot be scaled`,
    [
      {
        function: fn,
        column: feature,
        expected: standardize === 'robust' ? 'a positive interquartile range' : 'values that vary',
        received: standardize === 'robust' ? 'IQR 0' : 'a constant column',
        hint: standardize === 'robust' ? "use standardize: 'zscore' or drop the feature" : 'drop the feature',
      },
    ],
  );
}

/**
 * The scaled features of the given rows as one row-major matrix (`out[a·p + j]`): one compact
 * copy, written into `out` when given (the k-means kernel's own memory).
 */
export function scaledMatrix(
  columns: readonly NumericArray[],
  rows: Int32Array,
  scaling: readonly FeatureScaling[],
  out: Float64Array = new Float64Array(rows.length * columns.length),
): Float64Array {
  const p = columns.length;
  for (let j = 0; j < p; j++) {
    const x = columns[j];
    const center = scaling[j].center;
    const inv = 1 / scaling[j].scale;
    for (let a = 0; a < rows.length; a++) out[a * p + j] = (x[rows[a]] - center) * inv;
  }
  return out;
}
