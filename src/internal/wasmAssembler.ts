/**
 * A small WebAssembly assembler: module bytes built in JavaScript, so a kernel needs no `.wasm`
 * file and no toolchain — at run time where the kernel is generated for its problem's shape (the
 * compiled scorer's SIMD block loop, the k-means passes), or once, its bytes committed, where one
 * module serves every shape (the cross-product kernel: `crossProductKernelModule.ts`). It writes the binary format of the WebAssembly core
 * specification 2.0 (§5, "Binary Format"): LEB128 integers, the type, import, function, memory,
 * global, export and code sections, and the opcodes in `OP` (control, locals, memory, numeric)
 * and `SIMD` (the 0xFD-prefixed 128-bit operations). Instructions are appended to a `Code`
 * buffer with its helpers; nothing here validates a function body: `WebAssembly.validate` does.
 *
 * Keep this file additive: other kernels import it.
 */

/** Value types (§5.3.1). */
export const enum TYPE {
  i32 = 0x7f,
  i64 = 0x7e,
  f32 = 0x7d,
  f64 = 0x7c,
  v128 = 0x7b,
}
export type ValueType = TYPE;

/** Block type of a `block`/`loop`/`if` without results. */
export const EMPTY_BLOCK = 0x40;

/** Core opcodes (one byte) used by the kernels. */
export const enum OP {
  unreachable = 0x00,
  nop = 0x01,
  block = 0x02,
  loop = 0x03,
  if = 0x04,
  else = 0x05,
  end = 0x0b,
  br = 0x0c,
  br_if = 0x0d,
  return = 0x0f,
  call = 0x10,
  drop = 0x1a,
  select = 0x1b,
  local_get = 0x20,
  local_set = 0x21,
  local_tee = 0x22,
  global_get = 0x23,
  global_set = 0x24,
  i32_load = 0x28,
  i64_load = 0x29,
  f32_load = 0x2a,
  f64_load = 0x2b,
  i32_load8_u = 0x2d,
  i32_load16_u = 0x2f,
  i32_store = 0x36,
  i64_store = 0x37,
  f32_store = 0x38,
  f64_store = 0x39,
  i32_store8 = 0x3a,
  i32_store16 = 0x3b,
  i64_store8 = 0x3c,
  i64_store16 = 0x3d,
  i64_store32 = 0x3e,
  memory_size = 0x3f,
  memory_grow = 0x40,
  i32_const = 0x41,
  i64_const = 0x42,
  f32_const = 0x43,
  f64_const = 0x44,
  i32_eqz = 0x45,
  i32_eq = 0x46,
  i32_ne = 0x47,
  i32_lt_s = 0x48,
  i32_lt_u = 0x49,
  i32_gt_s = 0x4a,
  i32_gt_u = 0x4b,
  i32_le_s = 0x4c,
  i32_ge_s = 0x4e,
  i64_eqz = 0x50,
  i64_eq = 0x51,
  i64_ne = 0x52,
  f64_eq = 0x61,
  f64_ne = 0x62,
  f64_lt = 0x63,
  f64_gt = 0x64,
  f64_le = 0x65,
  f64_ge = 0x66,
  i32_add = 0x6a,
  i32_sub = 0x6b,
  i32_mul = 0x6c,
  i32_and = 0x71,
  i32_or = 0x72,
  i32_xor = 0x73,
  i32_shl = 0x74,
  i32_shr_s = 0x75,
  i32_shr_u = 0x76,
  i64_add = 0x7c,
  i64_sub = 0x7d,
  i64_mul = 0x7e,
  i64_and = 0x83,
  i64_or = 0x84,
  i64_shl = 0x86,
  i64_shr_u = 0x88,
  f64_abs = 0x99,
  f64_neg = 0x9a,
  f64_ceil = 0x9b,
  f64_floor = 0x9c,
  f64_trunc = 0x9d,
  f64_nearest = 0x9e,
  f64_sqrt = 0x9f,
  f64_add = 0xa0,
  f64_sub = 0xa1,
  f64_mul = 0xa2,
  f64_div = 0xa3,
  f64_min = 0xa4,
  f64_max = 0xa5,
  i32_wrap_i64 = 0xa7,
  i32_trunc_f64_s = 0xaa,
  i64_extend_i32_s = 0xac,
  i64_extend_i32_u = 0xad,
  i64_trunc_f64_s = 0xb0,
  f64_convert_i32_s = 0xb7,
  f64_convert_i64_s = 0xb9,
  i64_reinterpret_f64 = 0xbd,
  f64_reinterpret_i64 = 0xbf,
}

/** SIMD opcodes (after the 0xFD prefix, LEB128-encoded; WebAssembly 2.0 §5.4.8). */
export const enum SIMD {
  v128_load = 0x00,
  v128_load64_splat = 0x0a,
  v128_store = 0x0b,
  v128_const = 0x0c,
  i8x16_shuffle = 0x0d,
  i8x16_swizzle = 0x0e,
  i8x16_splat = 0x0f,
  i16x8_splat = 0x10,
  i32x4_splat = 0x11,
  i64x2_splat = 0x12,
  f32x4_splat = 0x13,
  f64x2_splat = 0x14,
  i8x16_extract_lane_u = 0x16,
  i32x4_extract_lane = 0x1b,
  i64x2_extract_lane = 0x1d,
  i64x2_replace_lane = 0x1e,
  f64x2_extract_lane = 0x21,
  f64x2_replace_lane = 0x22,
  i32x4_eq = 0x37,
  f64x2_eq = 0x47,
  f64x2_ne = 0x48,
  f64x2_lt = 0x49,
  f64x2_gt = 0x4a,
  f64x2_le = 0x4b,
  f64x2_ge = 0x4c,
  v128_not = 0x4d,
  v128_and = 0x4e,
  v128_andnot = 0x4f,
  v128_or = 0x50,
  v128_xor = 0x51,
  v128_bitselect = 0x52,
  v128_any_true = 0x53,
  v128_load8_lane = 0x54,
  v128_load16_lane = 0x55,
  v128_load32_lane = 0x56,
  v128_load64_lane = 0x57,
  v128_store8_lane = 0x58,
  v128_store16_lane = 0x59,
  v128_store32_lane = 0x5a,
  v128_store64_lane = 0x5b,
  v128_load32_zero = 0x5c,
  v128_load64_zero = 0x5d,
  i8x16_all_true = 0x63,
  i8x16_bitmask = 0x64,
  i8x16_narrow_i16x8_u = 0x66,
  i8x16_add = 0x6e,
  i8x16_sub = 0x71,
  i16x8_narrow_i32x4_u = 0x86,
  i16x8_add = 0x8e,
  i16x8_sub = 0x91,
  i16x8_mul = 0x95,
  i32x4_all_true = 0xa3,
  i32x4_bitmask = 0xa4,
  i32x4_add = 0xae,
  i32x4_sub = 0xb1,
  i32x4_mul = 0xb5,
  i64x2_all_true = 0xc3,
  i64x2_bitmask = 0xc4,
  i64x2_add = 0xce,
  i64x2_sub = 0xd1,
  i64x2_mul = 0xd5,
  i64x2_eq = 0xd6,
  i64x2_ne = 0xd7,
  f64x2_ceil = 0x74,
  f64x2_floor = 0x75,
  f64x2_trunc = 0x7a,
  f64x2_nearest = 0x94,
  f64x2_abs = 0xec,
  f64x2_neg = 0xed,
  f64x2_sqrt = 0xef,
  f64x2_add = 0xf0,
  f64x2_sub = 0xf1,
  f64x2_mul = 0xf2,
  f64x2_div = 0xf3,
  f64x2_min = 0xf4,
  f64x2_max = 0xf5,
  f64x2_pmin = 0xf6,
  f64x2_pmax = 0xf7,
  f64x2_convert_low_i32x4_s = 0xfe,
}

/** Unsigned LEB128 (§5.2.2) of a non-negative safe integer. */
export function unsignedLeb128(value: number): number[] {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`unsignedLeb128: ${value} is not a non-negative safe integer`);
  const bytes: number[] = [];
  let v = value;
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (v !== 0);
  return bytes;
}

/** Signed LEB128 (§5.2.2) of a bigint (any i64, or an i32 given as a bigint). */
export function signedLeb128(value: bigint): number[] {
  const bytes: number[] = [];
  let v = value;
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n; // arithmetic shift on bigint
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

/** A UTF-8 name, length-prefixed (§5.2.4). */
export function encodeName(name: string): number[] {
  const utf8 = Array.from(new TextEncoder().encode(name));
  return [...unsignedLeb128(utf8.length), ...utf8];
}

/** A vector (§5.1.3): count, then the items' bytes. */
function vector(items: readonly (readonly number[])[]): number[] {
  const out = unsignedLeb128(items.length);
  for (const item of items) out.push(...item);
  return out;
}

/** The 8 bytes of a double, little-endian (exact bits). */
export const f64Bytes = (value: number): number[] => Array.from(new Uint8Array(new Float64Array([value]).buffer));

/**
 * A function body under construction: an append-only byte buffer with the instruction helpers
 * every kernel uses (the cross-product kernel's generator, `crossProductKernelModule.ts`, uses only
 * these); the k-means and scoring kernels, assembled at run time, build with `ExtendedCode`
 * (extendedCode.ts).
 */
export class Code {
  readonly bytes: number[] = [];

  /** Append raw bytes (an opcode with its immediates). */
  emit(...bytes: number[]): this {
    for (const b of bytes) this.bytes.push(b);
    return this;
  }
  op(opcode: number): this {
    return this.emit(opcode);
  }
  /** A SIMD instruction: 0xFD, the LEB128 opcode, then its immediates. */
  simd(opcode: number, ...immediates: number[]): this {
    return this.emit(0xfd, ...unsignedLeb128(opcode), ...immediates);
  }
  localGet(index: number): this {
    return this.emit(OP.local_get, ...unsignedLeb128(index));
  }
  localSet(index: number): this {
    return this.emit(OP.local_set, ...unsignedLeb128(index));
  }
  localTee(index: number): this {
    return this.emit(OP.local_tee, ...unsignedLeb128(index));
  }
  i32Const(value: number): this {
    return this.emit(OP.i32_const, ...signedLeb128(BigInt(value | 0)));
  }
  /** `v128.const` holding `value` in both f64 lanes, exact bits. */
  f64x2Const(value: number): this {
    const lane = f64Bytes(value);
    return this.simd(SIMD.v128_const, ...lane, ...lane);
  }
  /** A SIMD memory instruction with its memarg. */
  simdMemory(opcode: number, align: number, offset = 0): this {
    return this.simd(opcode, ...unsignedLeb128(align), ...unsignedLeb128(offset));
  }
  /** `block`/`loop`/`if` with an empty block type. */
  begin(opcode: OP.block | OP.loop | OP.if): this {
    return this.emit(opcode, EMPTY_BLOCK);
  }
  end(): this {
    return this.emit(OP.end);
  }
  brIf(depth: number): this {
    return this.emit(OP.br_if, ...unsignedLeb128(depth));
  }
}

/** A function of a module: its signature, its extra locals (after the parameters), its body. */
export interface WasmFunction {
  readonly name?: string;
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
  readonly locals: readonly ValueType[];
  readonly code: Code;
}

/** What a module holds. Memory is defined in the module (and exported as `memory`) or imported. */
export interface WasmModule {
  readonly functions: readonly WasmFunction[];
  /** Pages of 64 KiB; `import: ['env', 'memory']` imports it instead of defining it. */
  readonly memory?: { readonly pages: number; readonly maxPages?: number; readonly shared?: boolean; readonly import?: readonly [string, string] };
}

const section = (id: number, content: readonly number[]) => [id, ...unsignedLeb128(content.length), ...content];

/** The module's bytes: named functions are exported under their names, the memory as `memory`. */
export function assembleModule(module: WasmModule): Uint8Array {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: string[] = [];
  const typeIndex = module.functions.map((f) => {
    const encoded = JSON.stringify([0x60, ...vector(f.params.map((t) => [t])), ...vector(f.results.map((t) => [t]))]);
    let index = types.indexOf(encoded);
    if (index < 0) index = types.push(encoded) - 1;
    return index;
  });
  out.push(...section(1, vector(types.map((t) => JSON.parse(t) as number[]))));
  const memory = module.memory;
  const limits = (m: NonNullable<WasmModule['memory']>) => {
    const flags = (m.maxPages !== undefined ? 1 : 0) | (m.shared ? 2 : 0);
    return [flags, ...unsignedLeb128(m.pages), ...(m.maxPages !== undefined ? unsignedLeb128(m.maxPages) : [])];
  };
  if (memory?.import) out.push(...section(2, vector([[...encodeName(memory.import[0]), ...encodeName(memory.import[1]), 0x02, ...limits(memory)]])));
  out.push(...section(3, vector(typeIndex.map((i) => unsignedLeb128(i)))));
  if (memory && !memory.import) out.push(...section(5, vector([limits(memory)])));
  const exports: number[][] = [];
  module.functions.forEach((f, i) => {
    if (f.name !== undefined) exports.push([...encodeName(f.name), 0x00, ...unsignedLeb128(i)]);
  });
  if (memory && !memory.import) exports.push([...encodeName('memory'), 0x02, 0x00]);
  out.push(...section(7, vector(exports)));
  const bodies = module.functions.map((f) => {
    // locals run-length encoded by type
    const groups: number[][] = [];
    for (let i = 0; i < f.locals.length;) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      groups.push([...unsignedLeb128(j - i), f.locals[i]]);
      i = j;
    }
    const body = [...vector(groups), ...f.code.bytes, OP.end];
    return [...unsignedLeb128(body.length), ...body];
  });
  out.push(...section(10, vector(bodies)));
  return Uint8Array.from(out);
}

/** The part of the `WebAssembly` global the kernels use (the project's `lib` has no DOM types). */
export interface WasmRuntime {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => { readonly buffer: ArrayBuffer | SharedArrayBuffer };
}

/** The runtime's `WebAssembly`, or null where there is none (or a test removed it). */
export function wasmRuntime(): WasmRuntime | null {
  const runtime = (globalThis as { WebAssembly?: unknown }).WebAssembly;
  return typeof runtime === 'object' && runtime !== null && typeof (runtime as WasmRuntime).Module === 'function' ? (runtime as WasmRuntime) : null;
}

/**
 * Compile and instantiate `bytes` synchronously; null when there is no WebAssembly, the module
 * does not validate (e.g. no SIMD) or the runtime refuses to compile it.
 */
export function instantiateModule(bytes: Uint8Array, imports?: Record<string, Record<string, unknown>>): Record<string, unknown> | null {
  const runtime = wasmRuntime();
  if (runtime === null) return null;
  try {
    if (!runtime.validate(bytes)) return null;
    return new runtime.Instance(new runtime.Module(bytes), imports).exports;
  } catch {
    return null;
  }
}
