import type { NumericArray } from '../io/tableInput.js';

/**
 * Σ_i w_i·x_idx[i] per row: the scoring kernel shared by `fitSatisfactionIndex` (dimension
 * scores while fitting) and `scoreSatisfactionIndex` (index and dimension scores).
 */
export function weightedSum(columns: readonly NumericArray[], idx: readonly number[], weights: readonly number[], rows: number): Float64Array {
  const out = new Float64Array(rows);
  idx.forEach((j, a) => {
    const x = columns[j];
    const w = weights[a];
    for (let i = 0; i < rows; i++) out[i] += w * x[i];
  });
  return out;
}
