import * as z from 'zod/mini';
import { parseSpec } from '../internal/parseSpec.js';
import { CustomerValueError, describeValue, type CustomerValueIssue } from '../errors.js';
import { symmetricEigen } from '../internal/symmetricEigen.js';

/** A varimax rotation: rotated loadings and the orthogonal rotation matrix. */
export interface VarimaxResult {
  /** Rotated loadings, p × m (items × components). */
  readonly loadings: number[][];
  /** The m × m orthogonal rotation matrix T: rotated = loadings · T. */
  readonly rotation: number[][];
  readonly iterations: number;
}

/** A loading matrix: a non-empty array of rows, each an array of finite numbers (checked once, at the door). */
const loadingsSchema = z.array(z.array(z.number(), 'an array of finite numbers (one per component)')).check(z.minLength(1, 'at least one row'));

/**
 * Check the loading matrix: every row an array of finite numbers, all as long as the first.
 * Returns m, the number of components; every problem row is named.
 */
function checkLoadings(loadings: unknown): number {
  const fail = (issues: CustomerValueIssue[]) => {
    throw new CustomerValueError('invalid_value', 'varimax: the loading matrix is not a finite p × m matrix', issues);
  };
  if (!Array.isArray(loadings)) {
    fail([{ function: 'varimax', path: 'loadings', expected: 'an array of rows of numbers (items × components)', received: describeValue(loadings) }]);
  }
  const rows = loadings as unknown[];
  const parsed = loadingsSchema.safeParse(rows);
  if (!parsed.success) {
    const seen = new Set<number>();
    const issues: CustomerValueIssue[] = [];
    for (const issue of parsed.error.issues) {
      const row = typeof issue.path[0] === 'number' ? issue.path[0] : undefined;
      if (row === undefined) {
        issues.push({ function: 'varimax', path: 'loadings', expected: 'an array of rows of numbers (items × components)', received: 'an empty array' });
        continue;
      }
      if (seen.has(row)) continue;
      seen.add(row);
      const column = typeof issue.path[1] === 'number' ? `loadings[${row}][${issue.path[1]}]` : `loadings[${row}]`;
      const value = typeof issue.path[1] === 'number' ? (rows[row] as unknown[])[issue.path[1]] : rows[row];
      issues.push({
        function: 'varimax',
        path: column,
        row,
        expected: typeof issue.path[1] === 'number' ? 'a finite number' : 'an array of finite numbers (one per component)',
        received: describeValue(value),
      });
    }
    fail(issues);
  }
  const m = (rows[0] as unknown[]).length;
  const ragged = rows.flatMap((row, j) => ((row as unknown[]).length === m ? [] : [j]));
  if (ragged.length > 0) {
    fail(
      ragged.map((j) => ({
        function: 'varimax',
        path: `loadings[${j}]`,
        row: j,
        expected: `${m} numbers, as row 0`,
        received: `${(rows[j] as unknown[]).length} numbers`,
      })),
    );
  }
  return m;
}

const optionsSchema = z.strictObject({ normalize: z._default(z.boolean(), true), eps: z._default(z.number().check(z.positive(), z.lte(1)), 1e-5) });

/**
 * Varimax rotation of a loading matrix (Kaiser 1958), exactly as R's `stats::varimax`: rows
 * Kaiser-normalized to unit length (when `normalize`), then repeated updates
 * `T ← U·Vᵀ` where `U·D·Vᵀ` is the SVD of `Aᵀ(Z³ − Z·diag(colSums(Z²))/p)`, `Z = A·T`, until the
 * criterion Σ D grows by less than a factor `1 + eps` (at most 1000 iterations); rows are then
 * scaled back. A single component is returned unchanged. Column signs and order are R's; the
 * satisfaction index applies its own sign rule afterwards.
 *
 * @param matrix p × m loading matrix (rows = items, columns = components): arrays or `Float64Array` / `Float32Array` rows.
 * @param options `normalize` (default true), `eps` (default 1e-5, R's).
 * @throws {CustomerValueError} `invalid_value` for a matrix that is not an array of rows of finite
 *   numbers of one length (a `null` row, a missing value, a ragged row), naming every bad row.
 * @example
 * // R: varimax(matrix(c(.7, .5, .7, .4, .6, -.5, .5, -.6), ncol = 2, byrow = TRUE))
 * const { loadings } = varimax([[0.7, 0.5], [0.7, 0.4], [0.6, -0.5], [0.5, -0.6]]);
 * loadings.map((row) => row.map((v) => Math.round(v * 100) / 100)); // => [[0.86, -0.05], [0.8, -0.13], [0.15, -0.77], [0.01, -0.78]]
 */
export function varimax(
  matrix: readonly (readonly number[] | Float64Array | Float32Array)[],
  options: { normalize?: boolean; eps?: number } = {},
): VarimaxResult {
  const { normalize, eps } = parseSpec(optionsSchema, options, 'varimax', 'options');
  // rows may be typed arrays (loadings as a PCA returns them): read as plain arrays
  const loadings = (
    Array.isArray(matrix) ? matrix.map((row: unknown) => (row instanceof Float64Array || row instanceof Float32Array ? Array.from(row) : row)) : matrix
  ) as readonly (readonly number[])[];
  const m = checkLoadings(loadings);
  const p = loadings.length;
  const identity = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, k) => (i === k ? 1 : 0)));
  if (m < 2) return { loadings: loadings.map((row) => [...row]), rotation: identity, iterations: 0 };
  const scale = loadings.map((row) => (normalize ? Math.sqrt(row.reduce((s, v) => s + v * v, 0)) : 1));
  const x = loadings.map((row, j) => row.map((v) => (scale[j] > 0 ? v / scale[j] : v)));
  let T: number[][] = identity;
  let d = 0;
  let iterations = 0;
  for (let iteration = 1; iteration <= 1000; iteration++) {
    iterations = iteration;
    const z = multiply(x, T);
    const columnSquares = new Array<number>(m).fill(0);
    for (const row of z) row.forEach((v, k) => (columnSquares[k] += v * v));
    const inner = z.map((row) => row.map((v, k) => v * v * v - (v * columnSquares[k]) / p));
    const B = multiply(transpose(x), inner); // m × m
    const { polar, singularSum } = polarFactor(B);
    T = polar;
    const past = d;
    d = singularSum;
    if (d < past * (1 + eps)) break;
  }
  const rotated = multiply(x, T).map((row, j) => row.map((v) => v * scale[j]));
  return { loadings: rotated, rotation: T, iterations };
}

/** U·Vᵀ and Σ singular values of a square matrix, from the eigen-decomposition of BᵀB. */
function polarFactor(B: number[][]): { polar: number[][]; singularSum: number } {
  const m = B.length;
  const btb = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let r = 0; r < m; r++) s += B[r][i] * B[r][k];
      btb[i * m + k] = s;
    }
  const { values, vectors } = symmetricEigen(btb, m);
  const largest = Math.sqrt(Math.max(values[0], 0));
  const singular = values.map((v) => Math.max(Math.sqrt(Math.max(v, 0)), largest * 1e-15, 1e-300));
  // (BᵀB)^(-1/2) = V · diag(1/σ) · Vᵀ, and U·Vᵀ = B · (BᵀB)^(-1/2)
  const inverseRoot = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, k) => vectors.reduce((s, v, c) => s + (v[i] * v[k]) / singular[c], 0)));
  return { polar: multiply(B, inverseRoot), singularSum: singular.reduce((a, b) => a + b, 0) };
}

function multiply(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  const inner = b.length;
  const cols = inner > 0 ? b[0].length : 0;
  return a.map((row) => {
    const out = new Array<number>(cols).fill(0);
    for (let k = 0; k < inner; k++) {
      const v = row[k];
      for (let c = 0; c < cols; c++) out[c] += v * b[k][c];
    }
    return out;
  });
}

function transpose(a: readonly (readonly number[])[]): number[][] {
  return a.length === 0 ? [] : a[0].map((_, c) => a.map((row) => row[c]));
}
