/**
 * Weighted means and centered cross-products (upper triangle, row-major p × p) of items packed
 * row-major (`rows[i * p + k]`), row i counted `counts[i]` times — a bootstrap resample given by
 * how often it drew each respondent; `n` is the sum of the counts. Fills `means` and `cross`;
 * `centered` is scratch of length p.
 */
export function weightedCrossProducts(
  rows: Float64Array,
  n: number,
  p: number,
  counts: Int32Array,
  means: Float64Array,
  cross: Float64Array,
  centered: Float64Array,
): void {
  means.fill(0);
  const size = counts.length;
  for (let i = 0; i < size; i++) {
    const w = counts[i];
    if (w === 0) continue;
    for (let k = 0; k < p; k++) means[k] += w * rows[i * p + k];
  }
  for (let k = 0; k < p; k++) means[k] /= n;
  cross.fill(0);
  for (let i = 0; i < size; i++) {
    const w = counts[i];
    if (w === 0) continue;
    for (let k = 0; k < p; k++) centered[k] = rows[i * p + k] - means[k];
    for (let k = 0; k < p; k++) {
      const a = w * centered[k];
      for (let l = k; l < p; l++) cross[k * p + l] += a * centered[l];
    }
  }
}

/** Standard deviations (n − 1) and correlations from centered cross-products (upper triangle); true when an item is constant (the correlations are then not filled). */
export function fillCorrelation(cross: Float64Array, p: number, n: number, sds: Float64Array, correlation: Float64Array): boolean {
  for (let k = 0; k < p; k++) {
    sds[k] = Math.sqrt(cross[k * p + k] / (n - 1));
    if (!(sds[k] > 0)) return true;
  }
  for (let k = 0; k < p; k++) {
    for (let l = k; l < p; l++) {
      const r = k === l ? 1 : cross[k * p + l] / Math.sqrt(cross[k * p + k] * cross[l * p + l]);
      correlation[k * p + l] = r;
      correlation[l * p + k] = r;
    }
  }
  return false;
}
