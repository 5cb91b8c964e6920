import type { NumericArray } from '../io/tableInput.js';

/** Means, sample standard deviations, and the sample covariance and correlation matrices. */
export interface Moments {
  readonly n: number;
  readonly p: number;
  readonly means: Float64Array;
  readonly sds: Float64Array;
  /** p × p row-major, divided by n − 1. */
  readonly covariance: Float64Array;
  /** p × p row-major; NaN where an SD is 0 (callers check `sds` first). */
  readonly correlation: Float64Array;
}

const BLOCK = 256;

/**
 * Two-pass moments over typed-array columns, skipping rows marked in `skip`: means first, then
 * centered cross-products accumulated in row blocks (a block of centered rows is copied into a
 * small row-major buffer, so the p(p+1)/2 products per row run in cache). No row objects.
 */
export function momentMatrix(columns: readonly NumericArray[], skip: Uint8Array | null): Moments {
  const p = columns.length;
  const rows = p > 0 ? columns[0].length : 0;
  const means = new Float64Array(p);
  let n = 0;
  for (let i = 0; i < rows; i++) if (skip === null || skip[i] === 0) n++;
  for (let j = 0; j < p; j++) {
    const x = columns[j];
    let sum = 0;
    if (skip === null) for (let i = 0; i < rows; i++) sum += x[i];
    else for (let i = 0; i < rows; i++) if (skip[i] === 0) sum += x[i];
    means[j] = sum / n;
  }
  const cross = new Float64Array(p * p);
  const buffer = new Float64Array(BLOCK * p);
  let i = 0;
  while (i < rows) {
    let filled = 0;
    while (filled < BLOCK && i < rows) {
      if (skip === null || skip[i] === 0) {
        const base = filled * p;
        for (let j = 0; j < p; j++) buffer[base + j] = columns[j][i] - means[j];
        filled++;
      }
      i++;
    }
    for (let r = 0; r < filled; r++) {
      const base = r * p;
      for (let j = 0; j < p; j++) {
        const v = buffer[base + j];
        const row = j * p;
        for (let k = j; k < p; k++) cross[row + k] += v * buffer[base + k];
      }
    }
  }
  const covariance = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = j; k < p; k++) {
      const c = cross[j * p + k] / (n - 1);
      covariance[j * p + k] = c;
      covariance[k * p + j] = c;
    }
  }
  const sds = new Float64Array(p);
  for (let j = 0; j < p; j++) sds[j] = Math.sqrt(covariance[j * p + j]);
  const correlation = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) correlation[j * p + k] = j === k ? 1 : covariance[j * p + k] / (sds[j] * sds[k]);
  }
  return { n, p, means, sds, covariance, correlation };
}
