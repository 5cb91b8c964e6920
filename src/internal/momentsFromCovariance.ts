import type { Moments } from './momentMatrix.js';

/**
 * SDs and the correlation matrix from a covariance matrix (p × p row-major): `sd_j = √C_jj`,
 * `r_jk = C_jk / (sd_j · sd_k)` off the diagonal, 1 on it (NaN where an SD is 0: callers check
 * `sds` first). The one tail of `momentMatrix` (moments from rows) and of the satisfaction
 * functions' moments from an `ItemMoments` summary or of item combinations, so both doors give
 * the same doubles from the same covariances.
 */
export function momentsFromCovariance(n: number, means: Float64Array, covariance: Float64Array): Moments {
  const p = means.length;
  const sds = new Float64Array(p);
  for (let j = 0; j < p; j++) sds[j] = Math.sqrt(covariance[j * p + j]);
  const correlation = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) correlation[j * p + k] = j === k ? 1 : covariance[j * p + k] / (sds[j] * sds[k]);
  }
  return { n, p, means, sds, covariance, correlation };
}
