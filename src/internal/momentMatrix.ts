import type { NumericArray } from '../io/tableInput.js';
import { blockIndex, crossProductKernel, type CrossProductKernel } from './crossProductKernel.js';
import { momentsFromCovariance } from './momentsFromCovariance.js';

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

/** Fewer rows than this take the JavaScript kernel by default (the WebAssembly one costs a memory and an instance per p). */
const MIN_WASM_ROWS = 4096;

/**
 * Which cross-product kernel runs: `'auto'` (WebAssembly SIMD from `MIN_WASM_ROWS` rows when the
 * runtime has it, else JavaScript), `'js'` (the scalar loop: the fallback, and the oracle in
 * tests) or `'wasm'` (SIMD whenever available, for tests). All give the same bits.
 */
export type MomentKernel = 'auto' | 'js' | 'wasm';

/** Bounds every value must lie in (inclusive, finite), checked by `momentMatrix` in its first pass. */
export interface ValueRange {
  readonly min: number;
  readonly max: number;
}

/**
 * Two-pass moments over typed-array columns, skipping rows marked in `skip`: means first, then
 * centered cross-products accumulated over blocks of rows held in a small cache-resident buffer.
 * No row objects; only the p × p result is allocated beyond the buffer. The cross-products run
 * in a WebAssembly SIMD kernel (`crossProductKernel`) where available, bit-identical to the
 * scalar loop here: each (j, k) sum is accumulated over a block's rows in row order, then added
 * to its running sum once per block, in block order, by both.
 *
 * With `range` (and no `skip`), the first pass also proves every value finite and within it —
 * the smallest and largest value of each column kept beside its sum, and the sum finite (a NaN
 * or an infinity makes it NaN or infinite) — and the result is null, before any cross-product,
 * when one is not: a caller that read the columns unchecked (`ColumnReader.uncheckedFloat64`)
 * then reads them again the checking way, and so reads clean data once instead of twice. (A sum
 * overflowing on finite values near ±1.8e308 also gives null; the checking read then finds them
 * fine.) The sums, so the moments, are the same doubles with or without `range`.
 */
export function momentMatrix(columns: readonly NumericArray[], skip: Uint8Array | null, kernel?: MomentKernel): Moments;
export function momentMatrix(columns: readonly NumericArray[], skip: null, kernel: MomentKernel, range: ValueRange): Moments | null;
export function momentMatrix(
  columns: readonly NumericArray[],
  skip: Uint8Array | null,
  kernel: MomentKernel = 'auto',
  range: ValueRange | null = null,
): Moments | null {
  const p = columns.length;
  const rows = p > 0 ? columns[0].length : 0;
  const means = new Float64Array(p);
  let n = 0;
  for (let i = 0; i < rows; i++) if (skip === null || skip[i] === 0) n++;
  let j0 = 0;
  if (range !== null) {
    if (skip !== null) throw new Error('momentMatrix: range is checked without skip only');
    if (!rangeMeans(columns, rows, n, range, means)) return null;
    j0 = p;
  } else if (skip === null) {
    // four columns per pass: four independent sums (each still in row order) instead of one
    // waiting on its own additions
    for (; j0 + 4 <= p; j0 += 4) {
      const x0 = columns[j0];
      const x1 = columns[j0 + 1];
      const x2 = columns[j0 + 2];
      const x3 = columns[j0 + 3];
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < rows; i++) {
        s0 += x0[i];
        s1 += x1[i];
        s2 += x2[i];
        s3 += x3[i];
      }
      means[j0] = s0 / n;
      means[j0 + 1] = s1 / n;
      means[j0 + 2] = s2 / n;
      means[j0 + 3] = s3 / n;
    }
  }
  for (let j = j0; j < p; j++) {
    const x = columns[j];
    let sum = 0;
    if (skip === null) for (let i = 0; i < rows; i++) sum += x[i];
    else for (let i = 0; i < rows; i++) if (skip[i] === 0) sum += x[i];
    means[j] = sum / n;
  }
  const simd = kernel === 'js' || (kernel === 'auto' && rows < MIN_WASM_ROWS) ? null : crossProductKernel(p, BLOCK);
  const cross = simd === null ? scalarCross(columns, skip, means) : simdCross(columns, skip, means, simd);
  const covariance = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = j; k < p; k++) {
      const c = cross[j * p + k] / (n - 1);
      covariance[j * p + k] = c;
      covariance[k * p + j] = c;
    }
  }
  return momentsFromCovariance(n, means, covariance);
}

/**
 * `momentMatrix`'s means pass (four columns at a time, each sum in row order: the same doubles)
 * that also keeps each column's smallest and largest value; false as soon as a column has a
 * value outside `range` or a sum that is not finite.
 */
function rangeMeans(columns: readonly NumericArray[], rows: number, n: number, range: ValueRange, means: Float64Array): boolean {
  const p = columns.length;
  const { min, max } = range;
  let j0 = 0;
  for (; j0 + 4 <= p; j0 += 4) {
    const x0 = columns[j0];
    const x1 = columns[j0 + 1];
    const x2 = columns[j0 + 2];
    const x3 = columns[j0 + 3];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let outside = 0;
    for (let i = 0; i < rows; i++) {
      const v0 = x0[i];
      const v1 = x1[i];
      const v2 = x2[i];
      const v3 = x3[i];
      s0 += v0;
      s1 += v1;
      s2 += v2;
      s3 += v3;
      // branch-free: a count of values outside (a NaN is counted by neither test, and makes its sum NaN)
      outside += ((v0 < min) as unknown as number) + ((v0 > max) as unknown as number) + ((v1 < min) as unknown as number) + ((v1 > max) as unknown as number);
      outside += ((v2 < min) as unknown as number) + ((v2 > max) as unknown as number) + ((v3 < min) as unknown as number) + ((v3 > max) as unknown as number);
    }
    if (!(outside === 0 && Number.isFinite(s0) && Number.isFinite(s1) && Number.isFinite(s2) && Number.isFinite(s3))) return false;
    means[j0] = s0 / n;
    means[j0 + 1] = s1 / n;
    means[j0 + 2] = s2 / n;
    means[j0 + 3] = s3 / n;
  }
  for (let j = j0; j < p; j++) {
    const x = columns[j];
    let sum = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < rows; i++) {
      const v = x[i];
      sum += v;
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
    if (!(lo >= min && hi <= max && Number.isFinite(sum))) return false;
    means[j] = sum / n;
  }
  return true;
}

/** Centered cross-products, a block of rows at a time, in scalar JavaScript. */
function scalarCross(columns: readonly NumericArray[], skip: Uint8Array | null, means: Float64Array): Float64Array {
  // Centered cross-products, a block of rows at a time. The block is held column-major
  // (BLOCK centered values per column, contiguous; p rounded up to even with a zero column),
  // and pairs of columns are multiplied in 2 × 2 tiles: four loads feed four products, and the
  // four sums stay in registers for the whole block.
  const p = columns.length;
  const rows = p > 0 ? columns[0].length : 0;
  const cross = new Float64Array(p * p);
  const padded = p + (p & 1);
  const block = new Float64Array(BLOCK * padded);
  const rowsInBlock = new Int32Array(BLOCK);
  let i = 0;
  while (i < rows) {
    let filled = 0;
    if (skip === null) {
      filled = Math.min(BLOCK, rows - i);
      for (let j = 0; j < p; j++) {
        const x = columns[j];
        const mean = means[j];
        const base = j * BLOCK;
        for (let r = 0; r < filled; r++) block[base + r] = x[i + r] - mean;
      }
      i += filled;
    } else {
      while (filled < BLOCK && i < rows) {
        if (skip[i] === 0) rowsInBlock[filled++] = i;
        i++;
      }
      for (let j = 0; j < p; j++) {
        const x = columns[j];
        const mean = means[j];
        const base = j * BLOCK;
        for (let r = 0; r < filled; r++) block[base + r] = x[rowsInBlock[r]] - mean;
      }
    }
    for (let j = 0; j < padded; j += 2) {
      const a0 = j * BLOCK;
      const a1 = a0 + BLOCK;
      for (let k = j; k < padded; k += 2) {
        const b0 = k * BLOCK;
        const b1 = b0 + BLOCK;
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        for (let r = 0; r < filled; r++) {
          const x0 = block[a0 + r];
          const x1 = block[a1 + r];
          const y0 = block[b0 + r];
          const y1 = block[b1 + r];
          s00 += x0 * y0;
          s01 += x0 * y1;
          s10 += x1 * y0;
          s11 += x1 * y1;
        }
        if (k < p) {
          cross[j * p + k] += s00;
          if (j + 1 < p && k >= j + 1) cross[(j + 1) * p + k] += s10;
        }
        if (k + 1 < p) {
          cross[j * p + k + 1] += s01;
          if (j + 1 < p) cross[(j + 1) * p + k + 1] += s11;
        }
      }
    }
  }
  return cross;
}

/** The same sums with the WebAssembly SIMD kernel: blocks filled here (paired columns interleaved), multiplied there. */
function simdCross(columns: readonly NumericArray[], skip: Uint8Array | null, means: Float64Array, kernel: CrossProductKernel): Float64Array {
  const p = columns.length;
  const rows = columns[0].length;
  const { block, stage } = kernel;
  const rowsInBlock = new Int32Array(BLOCK);
  kernel.reset();
  kernel.means.set(means);
  let i = 0;
  while (i < rows) {
    let filled = 0;
    if (skip === null) {
      // raw slices copied as they are; the kernel centers them into the block
      filled = Math.min(BLOCK, rows - i);
      for (let j = 0; j < p; j++) {
        const x = columns[j];
        if (x instanceof Float64Array) stage.set(x.subarray(i, i + filled), j * BLOCK);
        else for (let r = 0; r < filled; r++) stage[j * BLOCK + r] = x[i + r];
      }
      kernel.center(filled);
      i += filled;
    } else {
      while (filled < BLOCK && i < rows) {
        if (skip[i] === 0) rowsInBlock[filled++] = i;
        i++;
      }
      for (let j = 0; j < p; j++) {
        const x = columns[j];
        const mean = means[j];
        const base = blockIndex(j, 0, BLOCK);
        for (let r = 0; r < filled; r++) block[base + 2 * r] = x[rowsInBlock[r]] - mean;
      }
    }
    kernel.accumulate(filled);
  }
  const cross = new Float64Array(p * p);
  for (let j = 0; j < p; j++) for (let k = j; k < p; k++) cross[j * p + k] = kernel.sum(j, k);
  return cross;
}
