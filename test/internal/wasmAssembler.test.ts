import { describe, expect, it } from 'vitest';
import { assembleModule, instantiateModule, OP, SIMD, signedLeb128, TYPE, unsignedLeb128, wasmRuntime } from '../../src/internal/wasmAssembler.js';
import { ExtendedCode } from '../../src/internal/extendedCode.js';

describe('wasmAssembler', () => {
  it('LEB128 matches the published examples', () => {
    // Wikipedia "LEB128" (the DWARF examples): 624485 → E5 8E 26, −123456 → C0 BB 78
    expect(unsignedLeb128(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(signedLeb128(-123456n)).toEqual([0xc0, 0xbb, 0x78]);
    expect(unsignedLeb128(0)).toEqual([0]);
    expect(unsignedLeb128(127)).toEqual([0x7f]);
    expect(unsignedLeb128(128)).toEqual([0x80, 0x01]);
    expect(signedLeb128(63n)).toEqual([0x3f]);
    expect(signedLeb128(64n)).toEqual([0xc0, 0x00]);
    expect(signedLeb128(-64n)).toEqual([0x40]);
    expect(signedLeb128(-65n)).toEqual([0xbf, 0x7f]);
    expect(signedLeb128(-(1n << 63n))).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f]);
    expect(() => unsignedLeb128(-1)).toThrow(RangeError);
  });

  it('assembles a SIMD kernel that WebAssembly validates and runs: f64x2 arithmetic, compares, bitselect, lane stores', () => {
    // out[i] = x[i] > t ? sqrt(x[i]) * 2 : x[i] − 1, over pairs in memory; count[i] (u8) = (x > t) + (x < 0)
    const code = new ExtendedCode();
    const [n, i, x, m] = [0, 1, 2, 3];
    code.i32Const(0).localSet(i);
    code.begin(OP.block).begin(OP.loop);
    code.localGet(i).localGet(n).op(OP.i32_ge_s).brIf(1);
    code.localGet(i).i32Const(3).op(OP.i32_shl).simdMemory(SIMD.v128_load, 3, 0).localSet(x);
    code.localGet(x).f64x2Const(2.5).simd(SIMD.f64x2_gt).localSet(m);
    // address of out (byte 1024 + 8i)
    code.localGet(i).i32Const(3).op(OP.i32_shl);
    code.localGet(x).simd(SIMD.f64x2_sqrt).f64x2Const(2).simd(SIMD.f64x2_mul);
    code.localGet(x).f64x2Const(1).simd(SIMD.f64x2_sub);
    code.localGet(m).simd(SIMD.v128_bitselect).simdMemory(SIMD.v128_store, 3, 1024);
    // counts: 0 − mask(x > t) − mask(x < 0), as i64 lanes, stored as bytes at 2048 + i
    code.localGet(i);
    code.i64x2Const(0n).localGet(m).simd(SIMD.i64x2_sub).localGet(x).f64x2Const(0).simd(SIMD.f64x2_lt).simd(SIMD.i64x2_sub).localSet(m);
    code.localGet(m).simdLane(SIMD.v128_store8_lane, 0, 2048, 0);
    code.localGet(i).localGet(m).simdLane(SIMD.v128_store8_lane, 0, 2049, 8);
    code.localGet(i).i32Const(2).op(OP.i32_add).localSet(i).br(0);
    code.end().end();
    code.localGet(i);
    const bytes = assembleModule({
      functions: [{ name: 'run', params: [TYPE.i32], results: [TYPE.i32], locals: [TYPE.i32, TYPE.v128, TYPE.v128], code }],
      memory: { pages: 1 },
    });
    expect(wasmRuntime()?.validate(bytes)).toBe(true);
    const exports = instantiateModule(bytes)!;
    const memory = exports.memory as { buffer: ArrayBuffer };
    const xs = [-3, 0, 2.5, 4, 9, -0, 1e-320, 16];
    new Float64Array(memory.buffer, 0, 8).set(xs);
    expect((exports.run as (n: number) => number)(8)).toBe(8);
    const out = Array.from(new Float64Array(memory.buffer, 1024, 8));
    expect(out).toEqual(xs.map((v) => (v > 2.5 ? Math.sqrt(v) * 2 : v - 1)));
    expect(Array.from(new Uint8Array(memory.buffer, 2048, 8))).toEqual(xs.map((v) => +(v > 2.5) + +(v < 0)));
  });

  it('instantiateModule gives null for bytes that do not validate', () => {
    expect(instantiateModule(Uint8Array.from([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]))).toBeNull();
  });

  it('keeps the exact bits of f64 constants (−0, subnormals) and exports an imported-memory module', () => {
    const code = new ExtendedCode().f64Const(-0).f64Const(5e-324).op(OP.f64_add).op(OP.f64_sqrt);
    const bytes = assembleModule({
      functions: [{ name: 'f', params: [], results: [TYPE.f64], locals: [], code }],
      memory: { pages: 1, import: ['env', 'memory'] },
    });
    const runtime = wasmRuntime()!;
    const f = instantiateModule(bytes, { env: { memory: new runtime.Memory({ initial: 1 }) } })!;
    expect(Object.is((f.f as () => number)(), Math.sqrt(-0 + 5e-324))).toBe(true);
    const negZero = new ExtendedCode().f64Const(-0);
    const zero = assembleModule({ functions: [{ name: 'z', params: [], results: [TYPE.f64], locals: [], code: negZero }] });
    expect(Object.is((instantiateModule(zero)!.z as () => number)(), -0)).toBe(true);
  });
});
