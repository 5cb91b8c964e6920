import { Code, f64Bytes, OP, SIMD, unsignedLeb128 } from './wasmAssembler.js';

/**
 * `Code` with the helpers only the k-means and scoring kernels use: scalar and i64-lane constants,
 * scalar memory instructions, SIMD lane loads/stores and `br`. Kept out of `Code` so that a
 * bundle holding `Code` alone does not carry them (a class's methods do not tree-shake).
 */
export class ExtendedCode extends Code {
  /** `f64.const` with the exact bits of `value` (−0, subnormals and NaN payloads kept). */
  f64Const(value: number): this {
    return this.emit(OP.f64_const, ...f64Bytes(value));
  }
  /** `v128.const` holding `value` in both i64 lanes. */
  i64x2Const(value: bigint): this {
    const lane = Array.from(new Uint8Array(new BigInt64Array([BigInt.asIntN(64, value)]).buffer));
    return this.simd(SIMD.v128_const, ...lane, ...lane);
  }
  /** A memory instruction with its memarg (alignment as log2 bytes, offset). */
  memory(opcode: number, align: number, offset = 0): this {
    return this.emit(opcode, ...unsignedLeb128(align), ...unsignedLeb128(offset));
  }
  /** A SIMD lane store/load (`v128.store8_lane` …): memarg, then the lane index. */
  simdLane(opcode: number, align: number, offset: number, lane: number): this {
    return this.simd(opcode, ...unsignedLeb128(align), ...unsignedLeb128(offset), lane);
  }
  br(depth: number): this {
    return this.emit(OP.br, ...unsignedLeb128(depth));
  }
}
