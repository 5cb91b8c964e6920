/** Eigenvalues (descending) and unit eigenvectors (`vectors[k]` belongs to `values[k]`). */
export interface EigenDecomposition {
  readonly values: number[];
  readonly vectors: number[][];
}

/** Sweeps allowed; a symmetric p × p matrix with p ≤ 100 converges in fewer than 15. */
const MAX_SWEEPS = 100;

/**
 * Eigen-decomposition of a small symmetric matrix (p × p, row-major, only the upper triangle
 * read), by the cyclic Jacobi method (Golub & Van Loan, "Matrix Computations", 4th ed.,
 * algorithm 8.5.3): sweeps of plane rotations, each zeroing one off-diagonal element, until the
 * off-diagonal part is below 1e-15 of the matrix's Frobenius norm, then one more sweep (the
 * convergence is quadratic, so that sweep leaves it at rounding level). Only ever called on
 * p × p matrices (correlations, varimax's BᵀB), never on the data; our own so that a browser
 * bundle does not carry a matrix library (issue 21: ml-pca → ml-matrix cost ≈ 70 KB minified
 * and does not tree-shake).
 *
 * Eigenvalues are returned descending (ties in the order Jacobi leaves them on the diagonal).
 * Sign convention: each eigenvector's component of largest magnitude is positive (the first
 * component within 1e-9 of the largest magnitude, so that rounding does not decide a tie). Callers do not depend on it (`componentWeights` signs the
 * loadings itself, varimax's polar factor uses V·D·Vᵀ) but it makes results reproducible.
 * Checked against numpy.linalg.eigh in test/internal/symmetricEigen.test.ts.
 */
export function symmetricEigen(matrix: Float64Array, p: number): EigenDecomposition {
  const a = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      a[i * p + j] = matrix[i * p + j];
      a[j * p + i] = matrix[i * p + j];
    }
  }
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  let norm = 0;
  for (let i = 0; i < p * p; i++) norm += a[i] * a[i];
  const tolerance = 1e-15 * Math.sqrt(norm);
  let extraSweeps = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) off += a[i * p + j] * a[i * p + j];
    if (off === 0) break;
    if (Math.sqrt(2 * off) <= tolerance && extraSweeps-- === 0) break;
    for (let q = 0; q < p - 1; q++) for (let r = q + 1; r < p; r++) rotate(a, v, p, q, r);
  }
  const diagonal = Array.from({ length: p }, (_, k) => a[k * p + k]);
  const order = diagonal.map((_, k) => k).sort((x, y) => diagonal[y] - diagonal[x] || x - y);
  return {
    values: order.map((k) => diagonal[k]),
    vectors: order.map((k) => {
      const column = Array.from({ length: p }, (_, i) => v[i * p + k]);
      const largest = Math.max(...column.map(Math.abs));
      const first = column.find((x) => Math.abs(x) >= largest * (1 - 1e-9)) ?? 0;
      return first < 0 ? column.map((x) => -x) : column;
    }),
  };
}

/** One Jacobi rotation in the (q, r) plane zeroing a[q][r]: A ← JᵀAJ, V ← VJ. */
function rotate(a: Float64Array, v: Float64Array, p: number, q: number, r: number): void {
  const aqr = a[q * p + r];
  if (aqr === 0) return;
  const tau = (a[r * p + r] - a[q * p + q]) / (2 * aqr);
  // the smaller root of t² + 2τt − 1 = 0 (|angle| ≤ π/4), without overflow for a huge τ
  const t = Math.abs(tau) > 1e150 ? 1 / (2 * tau) : (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
  const c = 1 / Math.sqrt(1 + t * t);
  const s = t * c;
  for (let k = 0; k < p; k++) {
    const akq = a[k * p + q];
    const akr = a[k * p + r];
    a[k * p + q] = c * akq - s * akr;
    a[k * p + r] = s * akq + c * akr;
  }
  for (let k = 0; k < p; k++) {
    const aqk = a[q * p + k];
    const ark = a[r * p + k];
    a[q * p + k] = c * aqk - s * ark;
    a[r * p + k] = s * aqk + c * ark;
  }
  a[q * p + r] = 0;
  a[r * p + q] = 0;
  for (let k = 0; k < p; k++) {
    const vkq = v[k * p + q];
    const vkr = v[k * p + r];
    v[k * p + q] = c * vkq - s * vkr;
    v[k * p + r] = s * vkq + c * vkr;
  }
}
