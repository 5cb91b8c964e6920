import type { NumericArray } from '../io/tableInput.js';

/**
 * Σ_i w_i·(x_idx[i] − origin) per row: the scoring kernel shared by `fitSatisfactionIndex`
 * (dimension scores while fitting) and `scoreSatisfactionIndex` (index and dimension scores).
 * `origin` is the scale minimum for the index (see `fullScaleSum`), 0 for dimension scores.
 */
export function weightedSum(columns: readonly NumericArray[], idx: readonly number[], weights: readonly number[], rows: number, origin = 0): Float64Array {
  const out = new Float64Array(rows);
  idx.forEach((j, a) => {
    const x = columns[j];
    const w = weights[a];
    // x − 0 is x bit for bit (−0 included), so one loop serves dimension scores (origin 0) too
    for (let i = 0; i < rows; i++) out[i] += w * (x[i] - origin);
  });
  return out;
}
