/**
 * `Σ_j w_j·(max − min)`, summed in item order exactly as the scorers sum `Σ_j w_j·(x_j − min)`:
 * the weighted sum of a respondent who answers the scale maximum on every item. Dividing a
 * respondent's sum by it puts the index on [0, 1] with both ends exact in floating point — 0 for
 * all-minimum answers, 1 for all-maximum ones — although the weights sum to 1 only to rounding
 * (a plain `Σ w·x` gave −1.2e-15 on 0–100 for an all-minimum respondent with one set of weights).
 * Every scorer (`scoreSatisfactionIndex`, the compiled JavaScript and WebAssembly kernels, the
 * exported SQL and the PLS construct index) divides by this same number.
 */
export function fullScaleSum(weights: readonly number[], scale: readonly [number, number]): number {
  const range = scale[1] - scale[0];
  let sum = 0;
  for (const w of weights) sum += w * range;
  return sum;
}
