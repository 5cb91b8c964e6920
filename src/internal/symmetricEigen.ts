import { PCA } from 'ml-pca';

/** Eigenvalues (descending) and unit eigenvectors (`vectors[k]` belongs to `values[k]`). */
export interface EigenDecomposition {
  readonly values: number[];
  readonly vectors: number[][];
}

/**
 * Eigen-decomposition of a small symmetric matrix (p × p, row-major), by ml-pca's
 * eigen-solver on the matrix taken as a covariance matrix (Householder tridiagonalization and QL,
 * the JAMA algorithm). Only ever called on p × p matrices, never on the data.
 */
export function symmetricEigen(matrix: Float64Array, p: number): EigenDecomposition {
  const rows: number[][] = [];
  for (let j = 0; j < p; j++) rows.push(Array.from(matrix.subarray(j * p, (j + 1) * p)));
  const pca = new PCA(rows, { isCovarianceMatrix: true });
  const values = pca.getEigenvalues();
  const columns = pca.getEigenvectors().to2DArray();
  const order = values.map((_, k) => k).sort((a, b) => values[b] - values[a]);
  return {
    values: order.map((k) => values[k]),
    vectors: order.map((k) => columns.map((row) => row[k])),
  };
}
