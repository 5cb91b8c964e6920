/**
 * Cholesky factor L (lower, row-major) of a symmetric positive-definite p × p matrix, or null
 * when the matrix is not numerically positive definite (singular or collinear).
 */
export function cholesky(matrix: Float64Array, p: number): Float64Array | null {
  const L = new Float64Array(p * p);
  let scale = 0;
  for (let j = 0; j < p; j++) scale = Math.max(scale, Math.abs(matrix[j * p + j]));
  const tolerance = 1e-12 * Math.max(scale, 1e-300);
  for (let j = 0; j < p; j++) {
    let d = matrix[j * p + j];
    for (let k = 0; k < j; k++) d -= L[j * p + k] * L[j * p + k];
    if (!(d > tolerance)) return null;
    const ljj = Math.sqrt(d);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = matrix[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = s / ljj;
    }
  }
  return L;
}

/** Inverse of an SPD matrix from its Cholesky factor. */
export function choleskyInverse(L: Float64Array, p: number): Float64Array {
  const inverse = new Float64Array(p * p);
  const column = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    column.fill(0);
    column[c] = 1;
    solveInPlace(L, p, column);
    for (let r = 0; r < p; r++) inverse[r * p + c] = column[r];
  }
  return inverse;
}

/** Solve (L Lᵀ) x = b in place. */
export function solveInPlace(L: Float64Array, p: number, b: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * b[k];
    b[i] = s / L[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * b[k];
    b[i] = s / L[i * p + i];
  }
}

/** log det of the matrix from its Cholesky factor. */
export function choleskyLogDet(L: Float64Array, p: number): number {
  let s = 0;
  for (let j = 0; j < p; j++) s += Math.log(L[j * p + j]);
  return 2 * s;
}
