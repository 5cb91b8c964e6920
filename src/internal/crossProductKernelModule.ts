import { assembleModule, Code, OP, SIMD, TYPE } from './wasmAssembler.js';

/**
 * The cross-product kernel's WebAssembly module (`crossProductKernel.ts`), written with the
 * assembler. Not imported by the library at run time: the module's bytes are generated once and
 * committed (`crossProductKernelBytes.ts`), so a bundle of `cronbachAlpha`, `kmo` or the item
 * moments carries ~1 KB of bytes instead of the assembler and this generator;
 * `test/internal/crossProductKernelBytes.test.ts` fails when the two differ and rewrites the bytes
 * with `UPDATE_KERNEL_BYTES=1`.
 *
 * One module serves every column count: the layout is read from the functions' parameters, and
 * the loops over 4 × 4 tiles of columns run in the module (they were unrolled per column count
 * when the module was assembled at run time: the same loads, products and sums, in the same
 * order, so the same bits). The memory is imported (`env.memory`), sized by the caller.
 *
 * - `accumulate(filled, padded, pairBytes, sumsAt)`: for every tile of columns (j, k), j ≤ k,
 *   four columns each, the cross-products of the block's first `filled` rows summed from 0 in
 *   eight f64x2 sums, then added to the running sums (`padded` × `padded`, row-major, at `sumsAt`).
 *   Column pair q of the block sits at `q · pairBytes`, its two columns interleaved row by row.
 * - `center(filled, p, pairBytes, stageAt, meansAt, columnBytes)`: the block's first `filled` rows
 *   from the staging rows (column-major, `columnBytes` per column, at `stageAt`) minus the means
 *   (at `meansAt`), two columns and two rows at a time. For an odd p the column after the last is
 *   read as zeros with a zero mean (the caller leaves both zero), so the padding stays zero.
 */
export function crossProductKernelModule(): Uint8Array {
  return assembleModule({
    functions: [
      {
        name: 'accumulate',
        params: [TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32],
        results: [],
        locals: [...Array.from({ length: 9 }, () => TYPE.i32), ...Array.from({ length: 12 }, () => TYPE.v128)],
        code: accumulateCode(),
      },
      {
        name: 'center',
        params: [TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32],
        results: [],
        locals: [TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32, TYPE.v128, TYPE.v128],
        code: centerCode(),
      },
    ],
    memory: { pages: 1, import: ['env', 'memory'] },
  });
}

function accumulateCode(): Code {
  // parameters: 0 filled, 1 padded, 2 pairBytes, 3 sumsAt
  const PADDED = 1;
  const PAIR = 2;
  const SUMS_AT = 3;
  // locals: 4 o (row offset in a pair), 5 end, 6 j, 7 k, 8 jA, 9 jB, 10 kA, 11 kB (pair offsets),
  // 12 at (running sums' address), 13..20 the eight sums, 21 y0, 22 y1, 23 x, 24 zero (never
  // written: locals start at zero, and reading it is shorter than a 16-byte v128.const)
  const O = 4;
  const END = 5;
  const J = 6;
  const K = 7;
  const JA = 8;
  const JB = 9;
  const KA = 10;
  const KB = 11;
  const AT = 12;
  const S = 13;
  const Y0 = 21;
  const Y1 = 22;
  const X = 23;
  const ZERO = 24;
  const code = new Code();
  code.localGet(0).i32Const(16).op(OP.i32_mul).localSet(END);
  code.localGet(END).op(OP.i32_eqz);
  code.begin(OP.if).op(OP.return).end();
  code.i32Const(0).localSet(J);
  code.begin(OP.loop); // over column quads j
  code.localGet(J).i32Const(1).op(OP.i32_shr_u).localGet(PAIR).op(OP.i32_mul).localTee(JA);
  code.localGet(PAIR).op(OP.i32_add).localSet(JB);
  code.localGet(J).localSet(K);
  code.begin(OP.loop); // over column quads k ≥ j
  code.localGet(K).i32Const(1).op(OP.i32_shr_u).localGet(PAIR).op(OP.i32_mul).localTee(KA);
  code.localGet(PAIR).op(OP.i32_add).localSet(KB);
  for (let s = 0; s < 8; s++) code.localGet(ZERO).localSet(S + s);
  code.i32Const(0).localSet(O);
  code.begin(OP.loop); // over the block's rows
  code.localGet(O).localGet(KA).op(OP.i32_add).simdMemory(SIMD.v128_load, 3, 0).localSet(Y0);
  code.localGet(O).localGet(KB).op(OP.i32_add).simdMemory(SIMD.v128_load, 3, 0).localSet(Y1);
  for (let a = 0; a < 4; a++) {
    code
      .localGet(O)
      .localGet(a < 2 ? JA : JB)
      .op(OP.i32_add)
      .simdMemory(SIMD.v128_load64_splat, 3, 8 * (a & 1))
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
  // at = sumsAt + 8 · (j · padded + k): the tile's first row of running sums
  code.localGet(J).localGet(PADDED).op(OP.i32_mul).localGet(K).op(OP.i32_add).i32Const(3).op(OP.i32_shl);
  code.localGet(SUMS_AT).op(OP.i32_add).localSet(AT);
  for (let a = 0; a < 4; a++) {
    for (let b = 0; b < 2; b++) {
      code
        .localGet(AT)
        .localGet(AT)
        .simdMemory(SIMD.v128_load, 3, 16 * b)
        .localGet(S + 2 * a + b)
        .simd(SIMD.f64x2_add)
        .simdMemory(SIMD.v128_store, 3, 16 * b);
    }
    if (a < 3) code.localGet(AT).localGet(PADDED).i32Const(3).op(OP.i32_shl).op(OP.i32_add).localSet(AT);
  }
  code.localGet(K).i32Const(4).op(OP.i32_add).localTee(K).localGet(PADDED).op(OP.i32_lt_u).brIf(0);
  code.end();
  code.localGet(J).i32Const(4).op(OP.i32_add).localTee(J).localGet(PADDED).op(OP.i32_lt_u).brIf(0);
  code.end();
  return code;
}

function centerCode(): Code {
  // parameters: 0 filled, 1 p, 2 pairBytes, 3 stageAt, 4 meansAt, 5 columnBytes
  const P = 1;
  const PAIR = 2;
  const STAGE_AT = 3;
  const MEANS_AT = 4;
  const COLUMN = 5;
  // locals: 6 o (row offset in a staged column), 7 end, 8 j, 9 staged (column j's address),
  // 10 pair (pair j / 2's offset in the block), 11 mean (mean j's address), 12 a, 13 b
  const O = 6;
  const END = 7;
  const J = 8;
  const STAGED = 9;
  const PAIR_AT = 10;
  const MEAN = 11;
  const A = 12;
  const B = 13;
  const code = new Code();
  code.localGet(0).i32Const(8).op(OP.i32_mul).localSet(END);
  code.localGet(END).op(OP.i32_eqz);
  code.begin(OP.if).op(OP.return).end();
  code.i32Const(0).localSet(J);
  code.localGet(STAGE_AT).localSet(STAGED);
  code.i32Const(0).localSet(PAIR_AT);
  code.localGet(MEANS_AT).localSet(MEAN);
  code.begin(OP.loop); // over pairs of columns j, j + 1
  code.i32Const(0).localSet(O);
  code.begin(OP.loop); // two rows at a time
  // a = x_j[r, r+1] − m_j; b = x_j+1[r, r+1] − m_j+1
  code.localGet(O).localGet(STAGED).op(OP.i32_add).simdMemory(SIMD.v128_load, 3, 0);
  code.localGet(MEAN).simdMemory(SIMD.v128_load64_splat, 3, 0);
  code.simd(SIMD.f64x2_sub).localSet(A);
  code.localGet(O).localGet(STAGED).op(OP.i32_add).localGet(COLUMN).op(OP.i32_add).simdMemory(SIMD.v128_load, 3, 0);
  code.localGet(MEAN).simdMemory(SIMD.v128_load64_splat, 3, 8);
  code.simd(SIMD.f64x2_sub).localSet(B);
  // rows r and r + 1 of the pair: [a0, b0], [a1, b1] at block offset pair + 2·o
  const lo = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
  const hi = [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];
  code.localGet(O).i32Const(1).op(OP.i32_shl).localGet(PAIR_AT).op(OP.i32_add);
  code
    .localGet(A)
    .localGet(B)
    .simd(SIMD.i8x16_shuffle, ...lo);
  code.simdMemory(SIMD.v128_store, 3, 0);
  code.localGet(O).i32Const(1).op(OP.i32_shl).localGet(PAIR_AT).op(OP.i32_add);
  code
    .localGet(A)
    .localGet(B)
    .simd(SIMD.i8x16_shuffle, ...hi);
  code.simdMemory(SIMD.v128_store, 3, 16);
  code.localGet(O).i32Const(16).op(OP.i32_add).localTee(O).localGet(END).op(OP.i32_lt_u).brIf(0);
  code.end();
  code.localGet(STAGED).localGet(COLUMN).i32Const(1).op(OP.i32_shl).op(OP.i32_add).localSet(STAGED);
  code.localGet(PAIR_AT).localGet(PAIR).op(OP.i32_add).localSet(PAIR_AT);
  code.localGet(MEAN).i32Const(16).op(OP.i32_add).localSet(MEAN);
  code.localGet(J).i32Const(2).op(OP.i32_add).localTee(J).localGet(P).op(OP.i32_lt_u).brIf(0);
  code.end();
  return code;
}
