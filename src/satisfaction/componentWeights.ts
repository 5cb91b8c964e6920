import * as z from 'zod/mini';
import { CustomerValueError } from '../errors.js';
import { symmetricEigen } from '../internal/symmetricEigen.js';
import { varimax } from './varimax.js';

/** Which components to keep. */
export const retentionSchema = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('kaiser') }),
  z.strictObject({ rule: z.literal('variance'), target: z.number().check(z.gt(0), z.lte(1)) }),
  z.strictObject({ rule: z.literal('fixed'), k: z.number().check(z.int(), z.gte(1)) }),
]);
export type Retention = z.infer<typeof retentionSchema>;

/** One line of SPSS's "Total Variance Explained" table. */
export interface VarianceRow {
  readonly component: number;
  /** Eigenvalue (initial, extraction) or sum of squared rotated loadings (rotation). */
  readonly total: number;
  readonly percent: number;
  readonly cumulativePercent: number;
}

/** What SPSS shows for one principal-component analysis, and the weights derived from it. */
export interface ComponentWeights {
  /** All p eigenvalues of the correlation matrix, descending (they sum to p). */
  readonly eigenvalues: readonly number[];
  /** Components retained. */
  readonly components: number;
  readonly rotation: 'none' | 'varimax';
  /** SPSS "Total Variance Explained": initial (all), extraction (retained) and rotation sums. */
  readonly varianceExplained: {
    readonly initial: readonly VarianceRow[];
    readonly extraction: readonly VarianceRow[];
    readonly rotation: readonly VarianceRow[] | null;
  };
  /** Loadings, p × m (rotated when asked), signed so each component's loadings sum > 0. */
  readonly loadings: readonly (readonly number[])[];
  /** Variance s_k of each retained component (λ_k, or Σ_j a_jk² after rotation). */
  readonly componentVariances: readonly number[];
  /** c_j = Σ_k (a_jk / √s_k) · s_k / Σ_k s_k. */
  readonly coefficients: readonly number[];
  /** w_j = c_j / Σ c_j: they sum to 1 and may be negative (reported, not hidden). */
  readonly weights: readonly number[];
}

/**
 * PCA weights from a p × p correlation matrix (row-major), by the method of
 * `fitSatisfactionIndex`. Throws `invalid_value` when the coefficients sum to 0.
 */
export function componentWeights(
  correlation: Float64Array,
  names: readonly string[],
  retention: Retention,
  rotation: 'none' | 'varimax',
  fn: string,
): ComponentWeights {
  const p = names.length;
  const { values, vectors } = symmetricEigen(correlation, p);
  const eigenvalues = values.map((v) => (Math.abs(v) < 1e-13 ? 0 : v));
  const m = retainedCount(eigenvalues, retention, p, fn);
  let loadings = Array.from({ length: p }, (_, j) => Array.from({ length: m }, (_, k) => vectors[k][j] * Math.sqrt(Math.max(eigenvalues[k], 0))));
  loadings = signed(loadings);
  let variances = eigenvalues.slice(0, m);
  if (rotation === 'varimax' && m >= 2) {
    loadings = signed(varimax(loadings).loadings);
    variances = Array.from({ length: m }, (_, k) => loadings.reduce((s, row) => s + row[k] * row[k], 0));
  }
  const totalVariance = variances.reduce((a, b) => a + b, 0);
  const coefficients = loadings.map((row) => row.reduce((s, a, k) => s + (a * Math.sqrt(variances[k])) / totalVariance, 0));
  const sum = coefficients.reduce((a, b) => a + b, 0);
  if (!(Math.abs(sum) > 1e-12)) {
    throw new CustomerValueError('invalid_value', `${fn}: the component coefficients sum to 0, so no weights can be formed`, [
      {
        function: fn,
        column: names.join(', '),
        expected: 'items that share a common direction',
        received: 'coefficients summing to 0',
        hint: 'check for reverse-coded items and recode them',
      },
    ]);
  }
  const table = (totals: readonly number[]) => {
    let cumulative = 0;
    return totals.map((total, k) => {
      const percent = (100 * total) / p;
      cumulative += percent;
      return { component: k + 1, total, percent, cumulativePercent: cumulative };
    });
  };
  return {
    eigenvalues,
    components: m,
    rotation: rotation === 'varimax' && m >= 2 ? 'varimax' : 'none',
    varianceExplained: {
      initial: table(eigenvalues),
      extraction: table(eigenvalues.slice(0, m)),
      rotation: rotation === 'varimax' && m >= 2 ? table(variances) : null,
    },
    loadings,
    componentVariances: variances,
    coefficients,
    weights: coefficients.map((c) => c / sum),
  };
}

function retainedCount(eigenvalues: readonly number[], retention: Retention, p: number, fn: string): number {
  switch (retention.rule) {
    case 'kaiser':
      return Math.max(1, eigenvalues.filter((v) => v > 1).length);
    case 'variance': {
      let cumulative = 0;
      for (let k = 0; k < p; k++) {
        cumulative += eigenvalues[k] / p;
        if (cumulative >= retention.target - 1e-12) return k + 1;
      }
      return p;
    }
    case 'fixed':
      if (retention.k > p) {
        throw new CustomerValueError('invalid_spec', `${fn}: cannot retain ${retention.k} components from ${p} items`, [
          { function: fn, path: 'spec.retention.k', expected: `at most ${p} components (one per item)`, received: String(retention.k) },
        ]);
      }
      return retention.k;
  }
}

/** Flip each component so its loadings sum to a positive number. */
function signed(loadings: number[][]): number[][] {
  const m = loadings.length > 0 ? loadings[0].length : 0;
  for (let k = 0; k < m; k++) {
    const sum = loadings.reduce((s, row) => s + row[k], 0);
    if (sum < 0) for (const row of loadings) row[k] = -row[k];
  }
  return loadings;
}
