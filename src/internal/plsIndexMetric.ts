/**
 * The SD (n − 1) and the type-7 percentile interval of bootstrap draws at `confidence` (sorts
 * `draws`). Both ends are interpolated at (n − 1)·α/2 from their end with the same fraction, so
 * negated draws (the groups swapped) give exactly lower' = −upper and upper' = −lower.
 */
export function percentileInterval(draws: Float64Array, confidence: number): { sd: number; lower: number; upper: number } {
  const n = draws.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += draws[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (draws[i] - mean) ** 2;
  draws.sort();
  const last = n - 1;
  const at = last * ((1 - confidence) / 2);
  const j = Math.floor(at);
  const fraction = at - j;
  const lower = j >= last ? draws[last] : draws[j] + fraction * (draws[j + 1] - draws[j]);
  const upper = j >= last ? draws[0] : draws[last - j] - fraction * (draws[last - j] - draws[last - j - 1]);
  return { sd: Math.sqrt(ss / (n - 1)), lower, upper };
}

/**
 * A construct's index weights on the item metric: the PLS outer weights (on standardized items)
 * divided by the items' SDs, normalized to sum to 1 (`out`); returns the sum before normalizing.
 */
export function indexWeights(weights: ArrayLike<number>, sds: ArrayLike<number>, out: Float64Array): number {
  let total = 0;
  for (let a = 0; a < out.length; a++) {
    out[a] = weights[a] / sds[a];
    total += out[a];
  }
  for (let a = 0; a < out.length; a++) out[a] /= total;
  return total;
}
