import {
  allocateScoringMemory,
  isInScoringMemory,
  releaseScoringMemory,
  releaseWhenCollected,
  SCORING_MEMORY_MAX_PAGES,
  scoringMemory,
} from './scoringMemory.js';
import { ExtendedCode } from './extendedCode.js';
import { assembleModule, instantiateModule, OP, SIMD, TYPE, wasmRuntime, type ValueType } from './wasmAssembler.js';

/** Output element types, as `compileScorer`'s `OutputType`. */
type KernelOutputType = 'float64' | 'int32' | 'uint8' | 'uint16';

/**
 * The description of a compiled scorer's WebAssembly kernel: the module bytes (built at run time
 * by `src/internal/wasmAssembler.ts`), the block of rows it scores per call, its scratch region
 * (the block's input slots, the outputs it leaves to copy, and the argument table), and the
 * JavaScript loop of the outputs it does not compute (kinds without a WebAssembly path). The
 * module imports its memory (`env.memory`): the shared scoring memory where the runtime has one
 * (`shared`), so it reads columns that live there in place and writes outputs there in place;
 * else a private memory of its own. Plain data: a worker rebuilds the kernel from it.
 */
export interface ScorerKernelSpec {
  readonly bytes: Uint8Array;
  /** Rows per block (even). */
  readonly block: number;
  /**
   * Input slots: scorer input `k`, as is or through `Math.log1p` (computed in JavaScript before
   * the block runs), copied to byte `offset` of the scratch region when not read in place; `arg`
   * is its entry in the argument table (the byte address the kernel reads the block from).
   */
  readonly inputs: readonly { readonly k: number; readonly log1p: boolean; readonly offset: number; readonly arg: number }[];
  /** Outputs the kernel computes: scorer output `k` of `type`, written at byte `offset` of the scratch region (then copied out) or in place; `arg` as for inputs. */
  readonly outputs: readonly { readonly k: number; readonly type: 'float64' | 'int32' | 'uint8' | 'uint16'; readonly offset: number; readonly arg: number }[];
  /** Byte offset of the argument table (one i32 address per input slot and output) in the scratch region. */
  readonly args: number;
  /** Bytes of the scratch region. */
  readonly scratch: number;
  /**
   * The same module importing a shared memory (the scoring memory), or null where the runtime
   * has none: the kernel that reads and writes columns in the scoring memory in place. Copying
   * into a shared memory is slower than into a private one (V8 copies shared memory with relaxed
   * atomic word moves), so columns from elsewhere go through `bytes`, which imports a private one.
   */
  readonly sharedBytes: Uint8Array | null;
  /** Body of the JavaScript loop `(inputs, outputs, start, end)` writing the other outputs ('' when none). */
  readonly restSource: string;
}

/**
 * The block driver, as source text so that a worker compiles the very same code. For each block
 * it writes the kernel's argument table: an input column that lives in the kernel's memory
 * (`inMemory`, a `Float64Array`) is read in place; any other is copied into its slot of the
 * scratch region (`TypedArray.set` of a subarray: a memcpy for `Float64Array` columns, a
 * converting copy for other numeric arrays; log1p slots by a JavaScript pass). An output array
 * in the kernel's memory of the output's type is written in place; any other is written in the
 * scratch region and copied out after the call. A block of odd length (the last one) is always
 * copied: the kernel scores rows in pairs and would touch one element past the columns.
 * `runChecked` runs the checked kernel; a block with a value outside the domain is handed to the
 * JavaScript checked loop from its first row, which scores up to the bad row and returns its
 * index — so both paths stop at the same row and leave the same outputs.
 * `(spec, exports, checked, rest, memory, base, inMemory, owner) → { run, runChecked }`:
 * `base` is the scratch region's byte address; `owner` is kept alive by both functions.
 */
export const KERNEL_DRIVER_SOURCE = `
const TYPES = { float64: Float64Array, int32: Int32Array, uint8: Uint8Array, uint16: Uint16Array };
const B = spec.block;
const score = exports.score;
const scoreChecked = exports.scoreChecked;
const argsAt = base + spec.args;
let buffer = null;
let args = null;
let slots = [];
let outs = [];
const refresh = () => {
  const b = memory.buffer;
  if (b === buffer) return;
  buffer = b;
  args = new Int32Array(b, argsAt, spec.inputs.length + spec.outputs.length);
  slots = spec.inputs.map((s) => ({ k: s.k, log1p: s.log1p, arg: s.arg, at: base + s.offset, view: new Float64Array(b, base + s.offset, B + 2), direct: false }));
  outs = spec.outputs.map((o) => {
    const Type = TYPES[o.type];
    return { k: o.k, Type, arg: o.arg, at: base + o.offset, size: Type.BYTES_PER_ELEMENT, view: new Type(b, base + o.offset, B + 2), whole: new Type(b, base + o.offset, B), direct: false };
  });
};
const plan = (inputs, outputs) => {
  refresh();
  owner.runs++;
  for (let s = 0; s < slots.length; s++) {
    const column = inputs[slots[s].k];
    slots[s].direct = !slots[s].log1p && column.constructor === Float64Array && inMemory(column);
  }
  for (let o = 0; o < outs.length; o++) {
    const target = outputs[outs[o].k];
    outs[o].direct = target.constructor === outs[o].Type && inMemory(target);
  }
};
const fill = (inputs, outputs, start, n) => {
  const even = (n & 1) === 0;
  for (let s = 0; s < slots.length; s++) {
    const slot = slots[s];
    const column = inputs[slot.k];
    if (slot.direct && even) {
      args[slot.arg] = column.byteOffset + start * 8;
      continue;
    }
    args[slot.arg] = slot.at;
    const view = slot.view;
    if (slot.log1p) {
      for (let j = 0; j < n; j++) view[j] = Math.log1p(column[start + j]);
    } else if (typeof column.subarray === 'function') {
      view.set(column.subarray(start, start + n));
    } else {
      for (let j = 0; j < n; j++) view[j] = column[start + j];
    }
    if (!even) view[n] = view[n - 1];
  }
  for (let o = 0; o < outs.length; o++) {
    const out = outs[o];
    args[out.arg] = out.direct && even ? outputs[out.k].byteOffset + start * out.size : out.at;
  }
};
const drain = (outputs, start, n) => {
  const even = (n & 1) === 0;
  for (let o = 0; o < outs.length; o++) {
    const out = outs[o];
    if (out.direct && even) continue;
    const target = outputs[out.k];
    const view = out.view;
    if (typeof target.set === 'function') target.set(n === B ? out.whole : view.subarray(0, n), start);
    else for (let j = 0; j < n; j++) target[start + j] = view[j];
  }
};
const run = (inputs, outputs, start, end) => {
  plan(inputs, outputs);
  for (let s = start; s < end; s += B) {
    const n = Math.min(B, end - s);
    fill(inputs, outputs, s, n);
    score(n, argsAt);
    drain(outputs, s, n);
  }
  if (rest !== null) rest(inputs, outputs, start, end);
};
const runChecked = (inputs, outputs, start, end) => {
  plan(inputs, outputs);
  for (let s = start; s < end; s += B) {
    const n = Math.min(B, end - s);
    fill(inputs, outputs, s, n);
    if (scoreChecked(n, argsAt) === 0) return checked(inputs, outputs, s, end);
    drain(outputs, s, n);
    if (rest !== null) rest(inputs, outputs, s, s + n);
  }
  return -1;
};
return { run, runChecked };
`;

/** A scorer loop: `(inputs, outputs, start, end)`. */
export type KernelLoop = (inputs: readonly ArrayLike<number>[], outputs: readonly { [i: number]: number }[], start: number, end: number) => number | undefined;

type Driver = (
  spec: ScorerKernelSpec,
  exports: Record<string, unknown>,
  checked: KernelLoop,
  rest: KernelLoop | null,
  memory: unknown,
  base: number,
  inMemory: (array: ArrayBufferView) => boolean,
  owner: { runs: number },
) => { run: KernelLoop; runChecked: (...args: Parameters<KernelLoop>) => number };

/** A kernel's two loops. */
type KernelPair = { run: KernelLoop; runChecked: (...args: Parameters<KernelLoop>) => number };

/**
 * The kernel's `run` and `runChecked` (same contract as the JavaScript loops), or null when this
 * runtime has no WebAssembly (or no SIMD) or refuses to compile the module: the caller then
 * keeps the JavaScript loops. Two instances of the module: one over a private memory, which
 * copies every column block by block, and — built on first use — one over the shared scoring
 * memory, which takes its scratch region there (given back when both loops are garbage
 * collected) and runs whenever a column or an output array lives in that memory, reading and
 * writing those in place. Needs code generation from strings (the driver is compiled with
 * `new Function`, as the loops are).
 */
export function instantiateScorerKernel(spec: ScorerKernelSpec, checked: KernelLoop, rest: KernelLoop | null): KernelPair | null {
  const runtime = wasmRuntime();
  if (runtime === null) return null;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = new Function('spec', 'exports', 'checked', 'rest', 'memory', 'base', 'inMemory', 'owner', KERNEL_DRIVER_SOURCE) as Driver;
  const owner = { runs: 0 };
  let memory: unknown;
  try {
    memory = new runtime.Memory({ initial: Math.ceil(spec.scratch / 65536), maximum: SCORING_MEMORY_MAX_PAGES });
  } catch {
    return null;
  }
  const exports = instantiateModule(spec.bytes, { env: { memory } });
  if (exports === null) return null;
  const own = make(spec, exports, checked, rest, memory, 0, () => false, owner);
  // the in-place kernel, on first use (undefined: not built yet; null: not available)
  let inPlace: KernelPair | null | undefined = spec.sharedBytes === null ? null : undefined;
  const shared = (): KernelPair | null => {
    if (inPlace !== undefined) return inPlace;
    inPlace = null;
    const scoring = scoringMemory();
    const base = scoring === null ? null : allocateScoringMemory(spec.scratch);
    if (base === null) return null;
    const sharedExports = instantiateModule(spec.sharedBytes as Uint8Array, { env: { memory: scoring } });
    if (sharedExports === null) {
      releaseScoringMemory(base, spec.scratch);
      return null;
    }
    inPlace = make(spec, sharedExports, checked, rest, scoring, base, isInScoringMemory, owner);
    releaseWhenCollected(owner, base, spec.scratch);
    return inPlace;
  };
  const slots = spec.inputs.filter((s) => !s.log1p).map((s) => s.k);
  const outs = spec.outputs.map((o) => o.k);
  const pick = (inputs: readonly ArrayLike<number>[], outputs: readonly { [i: number]: number }[]): KernelPair => {
    if (inPlace === null) return own;
    for (const k of slots) if (ArrayBuffer.isView(inputs[k]) && isInScoringMemory(inputs[k])) return shared() ?? own;
    for (const k of outs) if (ArrayBuffer.isView(outputs[k]) && isInScoringMemory(outputs[k])) return shared() ?? own;
    return own;
  };
  return {
    run: (inputs, outputs, start, end) => pick(inputs, outputs).run(inputs, outputs, start, end),
    runChecked: (inputs, outputs, start, end) => pick(inputs, outputs).runChecked(inputs, outputs, start, end),
  };
}

const OUTPUT_SHIFT: Record<KernelOutputType, number> = { float64: 3, int32: 2, uint16: 1, uint8: 0 };
const LANE_STORE = { int32: SIMD.v128_store32_lane, uint16: SIMD.v128_store16_lane, uint8: SIMD.v128_store8_lane } as const;

/** A row pair's input value: a local holding the f64x2 of an input slot. */
export interface SlotRef {
  readonly local: number;
}

/**
 * Builds the kernel's two functions, `score(n)` and `scoreChecked(n) → 1 | 0`, over pairs of rows
 * (f64x2 lanes). Emitters ask for a row pair's input values (`input`, `log1pInput`), append
 * instructions to `code`, and store outputs (`storeF64`, `storeInt`). Every operation is the
 * scalar JavaScript one applied per lane in the same order (WebAssembly f64 arithmetic is IEEE 754
 * binary64, round to nearest, no fused multiply-add), so each lane equals the JavaScript loop's
 * value bit for bit (NaN payloads aside, which `Object.is` does not see).
 *
 * Memory: the scratch region holds `block + 2` doubles per input slot and per output, in order
 * of first use, then the argument table; the row loop reads each slot and writes each output at
 * the address the table gives for the block (the scratch copy, or the column itself in place).
 */
export class ScorerKernelBuilder {
  /** Rows per block (even). */
  readonly block: number;
  /** The row-pair body (after the slot loads and checks). */
  readonly code = new ExtendedCode();
  private readonly stride: number;
  private regions = 0;
  private readonly slots: { k: number; log1p: boolean; offset: number; local: number; arg: number; base: number }[] = [];
  private readonly outputSlots: { k: number; type: KernelOutputType; offset: number; arg: number; base: number }[] = [];
  private argCount = 0;
  /** Locals after the parameters n and args: i, the check mask, the byte offset of the pair (i·8), then the rest. */
  private readonly locals: ValueType[] = [TYPE.i32, TYPE.v128, TYPE.i32];
  private readonly addressLocals = new Map<number, number>();
  private readonly checks = new ExtendedCode();
  private checkCount = 0;
  /** Constants hoisted out of the row loop into locals (a \`v128.const\` in the loop is rebuilt on every pass). */
  private readonly constants = new Map<string, number>();
  private readonly constantCode = new ExtendedCode();

  constructor(block: number) {
    this.block = block;
    this.stride = Math.ceil(((block + 2) * 8) / 16) * 16;
    this.addressLocals.set(3, 4);
  }

  /** A new local of `type`. */
  local(type: ValueType): number {
    this.locals.push(type);
    return this.locals.length + 1; // locals 0 and 1 are the parameters n and args
  }

  /** A local holding `value` in both f64 lanes (exact bits), set once before the row loop. */
  f64x2(value: number): number {
    const key = `f${new BigInt64Array(new Float64Array([value]).buffer)[0]}`;
    let local = this.constants.get(key);
    if (local === undefined) {
      local = this.local(TYPE.v128);
      this.constants.set(key, local);
      this.constantCode.f64x2Const(value).localSet(local);
    }
    return local;
  }

  /** A local holding `value` in both i64 lanes, set once before the row loop. */
  i64x2(value: bigint): number {
    const key = `i${value}`;
    let local = this.constants.get(key);
    if (local === undefined) {
      local = this.local(TYPE.v128);
      this.constants.set(key, local);
      this.constantCode.i64x2Const(value).localSet(local);
    }
    return local;
  }

  private slot(k: number, log1p: boolean): SlotRef {
    let s = this.slots.find((x) => x.k === k && x.log1p === log1p);
    if (s === undefined) {
      s = { k, log1p, offset: this.regions++ * this.stride, local: this.local(TYPE.v128), arg: this.argCount++, base: this.local(TYPE.i32) };
      this.slots.push(s);
    }
    return { local: s.local };
  }

  /** A row pair's values of input `k`, as is. */
  input(k: number): SlotRef {
    return this.slot(k, false);
  }

  /** A row pair's `Math.log1p` of input `k` (computed in JavaScript by the driver before the block runs: WebAssembly has no log1p). */
  log1pInput(k: number): SlotRef {
    return this.slot(k, true);
  }

  private address(shift: number): number {
    let local = this.addressLocals.get(shift);
    if (local === undefined) {
      local = this.local(TYPE.i32);
      this.addressLocals.set(shift, local);
    }
    return local;
  }

  /** The local holding the byte address of output `k`'s block (read from the argument table). */
  private outputSlot(k: number, type: KernelOutputType): number {
    let o = this.outputSlots.find((x) => x.k === k);
    if (o === undefined) {
      o = { k, type, offset: this.regions++ * this.stride, arg: this.argCount++, base: this.local(TYPE.i32) };
      this.outputSlots.push(o);
    }
    return o.base;
  }

  /** Store the f64x2 in local `value` to scorer output `k` (float64). */
  storeF64(k: number, value: number): this {
    const base = this.outputSlot(k, 'float64');
    this.code.localGet(base).localGet(this.address(3)).op(OP.i32_add).localGet(value).simdMemory(SIMD.v128_store, 3, 0);
    return this;
  }

  /** Store the two whole numbers (i64x2) in local `value` to scorer output `k`: lane stores keep the low bytes, as a typed array store does. */
  storeInt(k: number, type: 'int32' | 'uint8' | 'uint16', value: number): this {
    const base = this.outputSlot(k, type);
    const shift = OUTPUT_SHIFT[type];
    const address = this.address(shift);
    this.code.localGet(base).localGet(address).op(OP.i32_add).localGet(value).simdLane(LANE_STORE[type], shift, 0, 0);
    this.code
      .localGet(base)
      .localGet(address)
      .op(OP.i32_add)
      .localGet(value)
      .simdLane(LANE_STORE[type], shift, 1 << shift, 8 >> shift);
    return this;
  }

  /**
   * Push the count of thresholds `t` with `x > t` (`'gt'`) or `x < t` (`'lt'`), `x` in local
   * `value`: a whole number in the low 32 bits of each 64-bit lane (the i32x4 arithmetic the
   * integer outputs use: their lane stores keep only low bytes, and the low bits of a sum, a
   * difference or a product depend only on the operands' low bits).
   */
  count(value: number, thresholds: readonly number[], compare: 'gt' | 'lt'): this {
    // 0 − Σ masks: a true compare is an all-ones lane (−1)
    this.code.localGet(this.i64x2(0n));
    for (const t of thresholds) {
      this.code
        .localGet(value)
        .localGet(this.f64x2(t))
        .simd(compare === 'gt' ? SIMD.f64x2_gt : SIMD.f64x2_lt)
        .simd(SIMD.i32x4_sub);
    }
    return this;
  }

  /** Add a domain check of the checked function: `condition` pushes a lane mask (all ones: the row passes). */
  check(condition: (code: ExtendedCode) => void): this {
    condition(this.checks);
    if (this.checkCount > 0) this.checks.simd(SIMD.v128_and);
    this.checkCount++;
    return this;
  }

  /** Assemble the module: `restSource` is the JavaScript loop of the outputs without a kernel path. Null when no output is computed here. */
  assemble(restSource: string): ScorerKernelSpec | null {
    if (this.outputSlots.length === 0) return null;
    const argsAt = this.regions * this.stride;
    const [N, ARGS, I, OK, A8] = [0, 1, 2, 3, 4];
    const build = (checked: boolean): ExtendedCode => {
      const c = new ExtendedCode();
      // the block's addresses: each input slot and output, in place or in the scratch region
      for (const x of [...this.slots, ...this.outputSlots])
        c.localGet(ARGS)
          .memory(OP.i32_load, 2, 4 * x.arg)
          .localSet(x.base);
      if (checked) c.i64x2Const(-1n).localSet(OK);
      c.emit(...this.constantCode.bytes);
      c.i32Const(0).localSet(I);
      c.begin(OP.block).begin(OP.loop);
      c.localGet(I).localGet(N).op(OP.i32_ge_s).brIf(1);
      for (const [shift, local] of this.addressLocals) {
        c.localGet(I);
        if (shift > 0) c.i32Const(shift).op(OP.i32_shl);
        c.localSet(local);
      }
      for (const s of this.slots) c.localGet(s.base).localGet(A8).op(OP.i32_add).simdMemory(SIMD.v128_load, 3, 0).localSet(s.local);
      if (checked && this.checkCount > 0) {
        c.localGet(OK)
          .emit(...this.checks.bytes)
          .simd(SIMD.v128_and)
          .localSet(OK);
      }
      c.emit(...this.code.bytes);
      c.localGet(I).i32Const(2).op(OP.i32_add).localSet(I).br(0);
      c.end().end();
      if (checked) c.localGet(OK).simd(SIMD.i64x2_all_true);
      else c.i32Const(1);
      return c;
    };
    const locals = [...this.locals];
    const functions = [
      { name: 'score', params: [TYPE.i32, TYPE.i32], results: [TYPE.i32], locals, code: build(false) },
      { name: 'scoreChecked', params: [TYPE.i32, TYPE.i32], results: [TYPE.i32], locals, code: build(true) },
    ];
    const module = (shared: boolean) =>
      assembleModule({ functions, memory: { pages: 1, maxPages: SCORING_MEMORY_MAX_PAGES, shared, import: ['env', 'memory'] } });
    return {
      bytes: module(false),
      sharedBytes: scoringMemory() === null ? null : module(true),
      block: this.block,
      inputs: this.slots.map(({ k, log1p, offset, arg }) => ({ k, log1p, offset, arg })),
      outputs: this.outputSlots.map(({ k, type, offset, arg }) => ({ k, type, offset, arg })),
      args: argsAt,
      scratch: argsAt + 4 * this.argCount,
      restSource,
    };
  }
}
