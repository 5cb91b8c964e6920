import { assembleModule, Code, instantiateModule, OP, SIMD, TYPE } from './wasmAssembler.js';

/**
 * A WebAssembly SIMD kernel for the cross-products of a block of centered rows (`momentMatrix`'s
 * inner loop), generated at run time for one column count p (no `.wasm` file shipped).
 *
 * Layout in the module's memory: the block holds `rows` centered values per column, columns
 * paired and interleaved (`block[(j >> 1)·2·rows + 2r + (j & 1)]`), so one 128-bit load reads
 * columns k and k + 1 of row r; p is padded to a multiple of 4 with zero columns. The running
 * sums sit after the block, a padded × padded row-major matrix of which the entries j ≤ k < p
 * are used. Pairs of columns are multiplied in 4 × 4 tiles: four broadcast loads of x, two
 * 128-bit loads of y, eight f64x2 products and sums per row, eight sums kept in registers for
 * the whole block, then added to the running sums.
 *
 * Bit-identical to the scalar JavaScript kernel: every lane holds one (j, k) sum, accumulated
 * from 0 over the block's rows in row order with a rounded product and a rounded sum
 * (WebAssembly has no fused multiply-add in its SIMD 2.0 set), then added to the running sum
 * once per block in block order — the very operations, in the very order, of the scalar loop.
 */
export interface CrossProductKernel {
  /** The block (a view over the module's memory); see `blockIndex`. */
  readonly block: Float64Array;
  /** Rows per block. */
  readonly rows: number;
  /** Add the cross-products of the block's first `filled` rows to the running sums. */
  accumulate(filled: number): void;
  /**
   * Staging rows, column-major (`stage[j·rows + r]`, raw values), and the column means: `center`
   * fills the block from them (value − mean, the same subtraction as a JavaScript fill), so the
   * caller can copy a column's slice with one `set` instead of writing every other slot.
   */
  readonly stage: Float64Array;
  readonly means: Float64Array;
  /** Fill the block's first `filled` rows from the staging rows, centered. */
  center(filled: number): void;
  /** The running sum for columns j ≤ k. */
  sum(j: number, k: number): number;
  /** Zero the running sums (the block keeps its zero padding columns). */
  reset(): void;
}

/** Index of column j, row r in a kernel's block of `rows` rows. */
export const blockIndex = (j: number, r: number, rows: number): number => (j >> 1) * 2 * rows + 2 * r + (j & 1);

/** Most columns the kernel is generated for: its code grows with p² (a 4 × 4 tile per pair of column quads). */
export const MAX_KERNEL_COLUMNS = 128;

const kernels = new Map<string, CrossProductKernel | null>();

/**
 * The kernel for p columns and blocks of `rows` rows, compiled once per (p, rows) and reused
 * (calls are synchronous and never nested, so one instance serves them all); null where
 * WebAssembly or its SIMD is missing, or p is 0 or above `MAX_KERNEL_COLUMNS`.
 */
export function crossProductKernel(p: number, rows: number): CrossProductKernel | null {
  const key = `${p}:${rows}`;
  if (!kernels.has(key)) kernels.set(key, p < 1 || p > MAX_KERNEL_COLUMNS ? null : buildKernel(p, rows));
  return kernels.get(key) ?? null;
}

function buildKernel(p: number, rows: number): CrossProductKernel | null {
  const padded = Math.ceil(p / 4) * 4;
  const pairBytes = 16 * rows; // one pair of columns
  const sumsAt = (padded / 2) * pairBytes;
  const stageAt = sumsAt + padded * padded * 8;
  const meansAt = stageAt + p * rows * 8;
  const bytes = meansAt + padded * 8;
  const pages = Math.ceil(bytes / 65536);
  // locals: 0 filled (param), 1 o, 2 end, 3..10 sums, 11 y0, 12 y1, 13 x
  const O = 1;
  const END = 2;
  const S = 3;
  const Y0 = 11;
  const Y1 = 12;
  const X = 13;
  const code = new Code();
  code.localGet(0).i32Const(16).op(OP.i32_mul).localSet(END);
  code.localGet(END).op(OP.i32_eqz);
  code.begin(OP.if).op(OP.return).end();
  const at = (j: number) => (j >> 1) * pairBytes + 8 * (j & 1);
  for (let j = 0; j < padded; j += 4) {
    for (let k = j; k < padded; k += 4) {
      for (let s = 0; s < 8; s++) code.f64x2Const(0).localSet(S + s);
      code.i32Const(0).localSet(O);
      code.begin(OP.loop);
      code.localGet(O).simdMemory(SIMD.v128_load, 3, at(k)).localSet(Y0);
      code
        .localGet(O)
        .simdMemory(SIMD.v128_load, 3, at(k + 2))
        .localSet(Y1);
      for (let a = 0; a < 4; a++) {
        code
          .localGet(O)
          .simdMemory(SIMD.v128_load64_splat, 3, at(j + a))
          .localSet(X);
        for (let b = 0; b < 2; b++) {
          const sum = S + 2 * a + b;
          code
            .localGet(sum)
            .localGet(X)
            .localGet(b === 0 ? Y0 : Y1)
            .simd(SIMD.f64x2_mul)
            .simd(SIMD.f64x2_add)
            .localSet(sum);
        }
      }
      code.localGet(O).i32Const(16).op(OP.i32_add).localTee(O).localGet(END).op(OP.i32_lt_u).brIf(0);
      code.end();
      for (let a = 0; a < 4; a++) {
        for (let b = 0; b < 2; b++) {
          const offset = sumsAt + 8 * ((j + a) * padded + k + 2 * b);
          code
            .i32Const(0)
            .i32Const(0)
            .simdMemory(SIMD.v128_load, 3, offset)
            .localGet(S + 2 * a + b)
            .simd(SIMD.f64x2_add)
            .simdMemory(SIMD.v128_store, 3, offset);
        }
      }
    }
  }
  // center(filled): block ← stage − means, pairs of columns interleaved two rows at a time
  // locals: 0 filled (param), 1 o (byte offset of row r in a staged column), 2 end, 3 a, 4 b
  const centerCode = new Code();
  centerCode.localGet(0).i32Const(8).op(OP.i32_mul).localSet(END);
  centerCode.localGet(END).op(OP.i32_eqz);
  centerCode.begin(OP.if).op(OP.return).end();
  const A = 3;
  const B = 4;
  for (let j = 0; j < p; j += 2) {
    const staged = (column: number) => stageAt + column * rows * 8;
    const pair = (j >> 1) * pairBytes;
    centerCode.i32Const(0).localSet(O);
    centerCode.begin(OP.loop);
    // a = x_j[r, r+1] − m_j; b = x_j+1[r, r+1] − m_j+1 (b = 0 for an odd p's last column: the padding stays zero)
    centerCode.localGet(O).simdMemory(SIMD.v128_load, 3, staged(j));
    centerCode.i32Const(0).simdMemory(SIMD.v128_load64_splat, 3, meansAt + 8 * j);
    centerCode.simd(SIMD.f64x2_sub).localSet(A);
    if (j + 1 < p) {
      centerCode.localGet(O).simdMemory(SIMD.v128_load, 3, staged(j + 1));
      centerCode.i32Const(0).simdMemory(SIMD.v128_load64_splat, 3, meansAt + 8 * (j + 1));
      centerCode.simd(SIMD.f64x2_sub).localSet(B);
    } else centerCode.f64x2Const(0).localSet(B);
    // rows r and r + 1 of the pair: [a0, b0], [a1, b1] at block offset 2·o
    const lo = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
    const hi = [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];
    centerCode.localGet(O).i32Const(1).op(OP.i32_shl);
    centerCode
      .localGet(A)
      .localGet(B)
      .simd(SIMD.i8x16_shuffle, ...lo);
    centerCode.simdMemory(SIMD.v128_store, 3, pair);
    centerCode.localGet(O).i32Const(1).op(OP.i32_shl);
    centerCode
      .localGet(A)
      .localGet(B)
      .simd(SIMD.i8x16_shuffle, ...hi);
    centerCode.simdMemory(SIMD.v128_store, 3, pair + 16);
    centerCode.localGet(O).i32Const(16).op(OP.i32_add).localTee(O).localGet(END).op(OP.i32_lt_u).brIf(0);
    centerCode.end();
  }
  const moduleBytes = assembleModule({
    functions: [
      {
        name: 'accumulate',
        params: [TYPE.i32],
        results: [],
        locals: [TYPE.i32, TYPE.i32, ...Array.from({ length: 11 }, () => TYPE.v128)],
        code,
      },
      { name: 'center', params: [TYPE.i32], results: [], locals: [TYPE.i32, TYPE.i32, TYPE.v128, TYPE.v128], code: centerCode },
    ],
    memory: { pages, maxPages: pages },
  });
  const exports = instantiateModule(moduleBytes);
  if (exports === null) return null;
  const buffer = (exports.memory as { buffer: ArrayBuffer }).buffer;
  const accumulate = exports.accumulate as (filled: number) => void;
  const center = exports.center as (filled: number) => void;
  const block = new Float64Array(buffer, 0, sumsAt / 8);
  const sums = new Float64Array(buffer, sumsAt, padded * padded);
  return {
    block,
    rows,
    accumulate,
    stage: new Float64Array(buffer, stageAt, p * rows),
    means: new Float64Array(buffer, meansAt, p),
    center,
    sum: (j, k) => sums[j * padded + k],
    reset: () => sums.fill(0),
  };
}
