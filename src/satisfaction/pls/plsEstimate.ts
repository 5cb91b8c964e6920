import { cholesky, solveInPlace } from '../../internal/cholesky.js';

/** The structure PLS estimates: item blocks, their modes, the paths and the inner scheme. */
export interface PlsStructure {
  /** Item indexes (into the correlation matrix) of each construct. */
  readonly blocks: readonly (readonly number[])[];
  readonly modes: readonly ('A' | 'B')[];
  /** `[from, to]` construct indexes. */
  readonly paths: readonly (readonly [number, number])[];
  readonly scheme: 'path' | 'centroid' | 'factorial';
  readonly maxIter: number;
  readonly tolerance: number;
}

/** Outer weights (one array per construct, normalized to unit construct variance) and convergence. */
export interface PlsEstimate {
  readonly weights: Float64Array[];
  /** Construct correlation matrix, C × C row-major. */
  readonly constructCorrelation: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Wold's PLS algorithm (Lohmöller 1989; Tenenhaus et al. 2005) on the item correlation matrix
 * `S` (p × p, row-major) of standardized items. Everything the iteration needs is a product with
 * S — construct scores Y = XW have covariances W'SW, and cov(X, Y) = SW — so one pass over the
 * data (for S) serves the whole estimation, and a bootstrap resample costs one new S.
 *
 * Each iteration: construct correlations R = W'SW; inner weights E from R (path scheme:
 * regression coefficients for a construct's predecessors, correlations for its successors;
 * centroid: signs of the correlations; factorial: the correlations); the inner proxy of
 * construct j is Z_j = Σ_i E[i][j] Y_i; mode A weights are cov(X_j, Z_j), mode B weights the
 * regression of Z_j on X_j; each block is rescaled to unit construct variance. Stops when the
 * summed absolute change of the weights is below `tolerance` (seminr's criterion) or after
 * `maxIter` iterations.
 */
export function estimatePls(S: Float64Array, p: number, structure: PlsStructure): PlsEstimate {
  const { blocks, modes, paths, scheme, maxIter, tolerance } = structure;
  const C = blocks.length;
  const predecessors = blocks.map((_, j) => paths.filter(([, to]) => to === j).map(([from]) => from));
  const adjacent = new Uint8Array(C * C);
  for (const [from, to] of paths) {
    adjacent[from * C + to] = 1;
    adjacent[to * C + from] = 1;
  }
  // mode B needs each block's inverse correlation: Cholesky factors once
  const blockFactors = blocks.map((block, j) => (modes[j] === 'B' ? cholesky(subMatrix(S, p, block, block), block.length) : null));
  let weights = blocks.map((block) => normalize(S, p, block, new Float64Array(block.length).fill(1)));
  // SW (items × constructs) serves both the construct correlations and the next proxies
  let SW = itemConstructCovariance(S, p, blocks, weights);
  let R = correlationFromCovariance(SW, blocks, weights);
  let iterations = 0;
  let converged = false;
  const E = new Float64Array(C * C);
  for (; iterations < maxIter;) {
    iterations++;
    // inner weights E[i][j]: how construct i enters construct j's inner proxy
    E.fill(0);
    for (let i = 0; i < C; i++) {
      for (let j = 0; j < C; j++) {
        if (!adjacent[i * C + j]) continue;
        const r = R[i * C + j];
        E[i * C + j] = scheme === 'centroid' ? Math.sign(r) : r;
      }
    }
    if (scheme === 'path') {
      for (let j = 0; j < C; j++) {
        const preds = predecessors[j];
        if (preds.length === 0) continue;
        const beta = regression(R, C, preds, j);
        preds.forEach((i, k) => (E[i * C + j] = beta[k]));
      }
    }
    const next = blocks.map((block, j) => {
      const target = new Float64Array(block.length);
      for (let a = 0; a < block.length; a++) {
        let sum = 0;
        for (let i = 0; i < C; i++) {
          const e = E[i * C + j];
          if (e !== 0) sum += e * SW[block[a] * C + i];
        }
        target[a] = sum;
      }
      const factor = blockFactors[j];
      if (factor) solveInPlace(factor, block.length, target);
      return normalize(S, p, block, target);
    });
    let change = 0;
    for (let j = 0; j < C; j++) for (let a = 0; a < next[j].length; a++) change += Math.abs(next[j][a] - weights[j][a]);
    weights = next;
    SW = itemConstructCovariance(S, p, blocks, weights);
    R = correlationFromCovariance(SW, blocks, weights);
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  if (orientBlocks(SW, blocks, weights)) {
    SW = itemConstructCovariance(S, p, blocks, weights);
    R = correlationFromCovariance(SW, blocks, weights);
  }
  return { weights, constructCorrelation: R, iterations, converged };
}

/**
 * The sign rule: a construct score is determined only up to its sign (−Y fits as well as Y), so
 * each construct is oriented to correlate positively with the majority of its items — flipped
 * when more of its loadings are negative than positive (on a tie, when their sum is negative).
 * This is the standard fix of PLS's sign indeterminacy (the orientation SmartPLS and seminr
 * report, with loadings mostly positive); every bootstrap resample applies the same rule, so a
 * resample cannot come out mirror-imaged. The algorithm is sign-equivariant (flipping Y_j flips
 * its correlations, inner weights and proxy together), so the flip is applied once, after the
 * iteration, and changes nothing else. Returns whether any block was flipped (`weights` negated
 * in place).
 */
export function orientBlocks(SW: Float64Array, blocks: readonly (readonly number[])[], weights: Float64Array[]): boolean {
  const C = blocks.length;
  let flipped = false;
  blocks.forEach((block, j) => {
    let positive = 0;
    let negative = 0;
    let sum = 0;
    for (const k of block) {
      const loading = SW[k * C + j];
      if (loading > 0) positive++;
      else if (loading < 0) negative++;
      sum += loading;
    }
    if (negative > positive || (negative === positive && sum < 0)) {
      for (let a = 0; a < weights[j].length; a++) weights[j][a] = -weights[j][a];
      flipped = true;
    }
  });
  return flipped;
}

/** Regression coefficients of construct `j` on constructs `preds`, from their correlation matrix R. */
export function regression(R: Float64Array, C: number, preds: readonly number[], j: number): Float64Array {
  const q = preds.length;
  const Rpp = new Float64Array(q * q);
  const rpj = new Float64Array(q);
  preds.forEach((a, x) => {
    rpj[x] = R[a * C + j];
    preds.forEach((b, y) => (Rpp[x * q + y] = R[a * C + b]));
  });
  const L = cholesky(Rpp, q);
  if (L === null) return new Float64Array(q).fill(Number.NaN);
  solveInPlace(L, q, rpj);
  return rpj;
}

/** Rows `rows` and columns `cols` of the p × p matrix S. */
export function subMatrix(S: Float64Array, p: number, rows: readonly number[], cols: readonly number[]): Float64Array {
  const out = new Float64Array(rows.length * cols.length);
  rows.forEach((r, a) => cols.forEach((c, b) => (out[a * cols.length + b] = S[r * p + c])));
  return out;
}

/** Scale a block's weights so its construct has unit variance: w / sqrt(w' S_jj w). */
function normalize(S: Float64Array, p: number, block: readonly number[], w: Float64Array): Float64Array {
  let variance = 0;
  for (let a = 0; a < block.length; a++) {
    let row = 0;
    for (let b = 0; b < block.length; b++) row += S[block[a] * p + block[b]] * w[b];
    variance += w[a] * row;
  }
  const scale = 1 / Math.sqrt(variance);
  for (let a = 0; a < w.length; a++) w[a] *= scale;
  return w;
}

/** Covariances of every item with every construct score: (S W), p × C row-major. */
export function itemConstructCovariance(S: Float64Array, p: number, blocks: readonly (readonly number[])[], weights: readonly Float64Array[]): Float64Array {
  const C = blocks.length;
  const out = new Float64Array(p * C);
  for (let k = 0; k < p; k++) {
    for (let j = 0; j < C; j++) {
      const block = blocks[j];
      const w = weights[j];
      let sum = 0;
      for (let a = 0; a < block.length; a++) sum += S[k * p + block[a]] * w[a];
      out[k * C + j] = sum;
    }
  }
  return out;
}

/** Construct correlations W'SW (unit diagonal for normalized weights) from SW, C × C row-major. */
function correlationFromCovariance(SW: Float64Array, blocks: readonly (readonly number[])[], weights: readonly Float64Array[]): Float64Array {
  const C = blocks.length;
  const R = new Float64Array(C * C);
  for (let i = 0; i < C; i++) {
    for (let j = 0; j < C; j++) {
      let sum = 0;
      const block = blocks[i];
      for (let a = 0; a < block.length; a++) sum += weights[i][a] * SW[block[a] * C + j];
      R[i * C + j] = sum;
    }
  }
  return R;
}
