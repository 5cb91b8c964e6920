import { ExtendedCode } from '../internal/extendedCode.js';
import { assembleModule, OP, SIMD, TYPE, wasmRuntime } from '../internal/wasmAssembler.js';

/**
 * The k-means assignment passes (`lloyd`'s hot loops) as a WebAssembly module generated at run
 * time for one (p, k), over one memory holding the rows and the per-row state:
 *
 * - `assignAll(n)`: every row to its nearest center (labels, upper bound = distance to it, lower
 *   bound = distance to the second nearest), the initial pass;
 * - `reassign(n, maxMover, maxMove, secondMove)`: Hamerly's pass (bounds moved, rows proven to
 *   stay skipped, the rest tightened and rescanned, member sums updated for rows that move, in
 *   row order); returns how many rows changed cluster. The distance to a row's own center is
 *   computed for every row before the bound test (and used only when the test fails), so the
 *   rows are read in one stream rather than scattered: 1.25–1.31× on 1M × 6, k = 8, 20
 *   iterations (benchmarks/README.md, session 29), the same decisions and values;
 * - `relabel(n)`: every row to its nearest center, returning Σ squared distance.
 *
 * The nearest-center scan computes the distances to two centers at once (f64x2 lanes over a
 * pair of centers, the features summed in order from 0 in each lane: a rounded difference, a
 * rounded square, a rounded sum — the scalar loop's very operations), then compares them one
 * center at a time in center order with the scalar rules (strict `<`, the first of equally near
 * centers wins). Everything else is scalar f64 in the scalar loop's order. So every label, bound,
 * sum and inertia is the same, bit for bit, as the JavaScript kernel in `kmeansKernel.ts`, which
 * stays as the fallback and the oracle in tests.
 */
export interface KmeansWasmKernel {
  readonly n: number;
  readonly p: number;
  /** Most centers its memory holds (a kernel for another k ≤ capacity may reuse the memory). */
  readonly capacity: number;
  readonly memory: { readonly buffer: ArrayBuffer | SharedArrayBuffer };
  /** Row-major rows (n × p), to be filled by the caller. */
  readonly data: Float64Array;
  readonly labels: Int32Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  /** Centers, k × p row-major: write them, then call `centersChanged`. */
  readonly centers: Float64Array;
  readonly moved: Float64Array;
  readonly half: Float64Array;
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  /** Copy `centers` into the paired layout the SIMD scan reads. */
  centersChanged(): void;
  assignAll(n: number): void;
  reassign(n: number, maxMover: number, maxMove: number, secondMove: number): number;
  relabel(n: number): number;
}

/** Rows per call into the module (see `assignAll`). */
const CHUNK = 16_384;

/** Rows × features above which the memory would pass 2 GiB: the JavaScript kernel runs instead. */
const MAX_BYTES = 2 ** 31 - 2 ** 20;

const modules = new Map<string, object | null>();

/**
 * The kernel for n rows of p features and k centers (null where WebAssembly or its SIMD is
 * missing, or the memory would be too large). The module is compiled once per (p, k). The
 * memory is `reuse`'s when that kernel has the same n and p and room for k centers (so runs for
 * several k over the same rows — `chooseK`, restarts — share one memory), else a new one with
 * room for at least 16 centers. A kernel's content is the caller's to fill (`data`, `centers`).
 */
export function kmeansWasmKernel(n: number, p: number, k: number, reuse: KmeansWasmKernel | null = null): KmeansWasmKernel | null {
  const runtime = wasmRuntime();
  if (runtime === null || p < 1 || k < 1) return null;
  const pairs = Math.ceil(k / 2);
  const shared = reuse !== null && reuse.n === n && reuse.p === p && reuse.capacity >= k ? reuse : null;
  const capacity = shared?.capacity ?? Math.max(k, 16);
  // layout (bytes): data | upper | lower | labels | centers | paired centers | moved | half | sums | counts,
  // the per-center parts sized for `capacity` centers
  const DATA = 0;
  const UPPER = DATA + n * p * 8;
  const LOWER = UPPER + n * 8;
  const LABELS = LOWER + n * 8;
  const CENTERS = LABELS + Math.ceil(n / 2) * 8;
  const PAIRED = CENTERS + capacity * p * 8;
  const MOVED = PAIRED + Math.ceil(capacity / 2) * p * 16;
  const HALF = MOVED + capacity * 8;
  const SUMS = HALF + capacity * 8;
  const COUNTS = SUMS + capacity * p * 8;
  const bytes = COUNTS + capacity * 8;
  if (bytes > MAX_BYTES) return null;
  const key = `${p}:${k}`;
  if (!modules.has(key)) {
    const moduleBytes = kernelModule(p, k);
    let compiled: object | null;
    try {
      compiled = runtime.validate(moduleBytes) ? new runtime.Module(moduleBytes) : null;
    } catch {
      compiled = null; // no SIMD, or the runtime refuses to compile: the JavaScript kernel runs
    }
    modules.set(key, compiled);
  }
  const compiled = modules.get(key) ?? null;
  if (compiled === null) return null;
  const pages = Math.ceil(bytes / 65536);
  let memory: { buffer: ArrayBuffer | SharedArrayBuffer };
  let exports: Record<string, unknown>;
  try {
    memory = shared?.memory ?? new runtime.Memory({ initial: pages, maximum: pages });
    exports = new runtime.Instance(compiled, { env: { memory } }).exports;
  } catch {
    return null; // no memory for it: the JavaScript kernel runs
  }
  const buffer = memory.buffer;
  const f64 = (at: number, length: number) => new Float64Array(buffer, at, length);
  const centers = f64(CENTERS, k * p);
  const paired = f64(PAIRED, pairs * p * 2);
  const base = { DATA, CENTERS, PAIRED, MOVED, HALF, SUMS, COUNTS, UPPER, LOWER, LABELS };
  const call = exports as Record<'assignAll' | 'reassign' | 'relabel', (...args: number[]) => number>;
  const layout = offsets(base);
  // an odd k's last pair has one center: the other lane is computed from whatever the memory
  // holds but never compared (the comparisons run over c < k only)
  return {
    n,
    p,
    capacity,
    memory,
    data: f64(DATA, n * p),
    labels: new Int32Array(buffer, LABELS, n),
    upper: f64(UPPER, n),
    lower: f64(LOWER, n),
    centers,
    moved: f64(MOVED, k),
    half: f64(HALF, k),
    sums: f64(SUMS, k * p),
    counts: f64(COUNTS, k),
    centersChanged() {
      for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) paired[((c >> 1) * p + j) * 2 + (c & 1)] = centers[c * p + j];
    },
    // called a chunk of rows at a time: V8 compiles a module's functions first with its baseline
    // compiler and swaps in the optimized code at a later call, never inside a running loop
    assignAll(rows) {
      for (let start = 0; start < rows; start += CHUNK) call.assignAll(start, Math.min(rows, start + CHUNK), ...layout);
    },
    reassign(rows, maxMover, maxMove, secondMove) {
      let changed = 0;
      for (let start = 0; start < rows; start += CHUNK)
        changed += call.reassign(start, Math.min(rows, start + CHUNK), maxMover, maxMove, secondMove, ...layout);
      return changed;
    },
    relabel(rows) {
      let total = 0;
      for (let start = 0; start < rows; start += CHUNK) total = call.relabel(start, Math.min(rows, start + CHUNK), total, ...layout);
      return total;
    },
  };
}

/** The memory layout's offsets, in the order every kernel function takes them after its own parameters. */
const LAYOUT_NAMES = ['DATA', 'CENTERS', 'PAIRED', 'MOVED', 'HALF', 'SUMS', 'COUNTS', 'UPPER', 'LOWER', 'LABELS'] as const;
type Layout = Record<(typeof LAYOUT_NAMES)[number], number>;
const offsets = (l: Layout): number[] => LAYOUT_NAMES.map((name) => l[name]);
const LAYOUT_PARAMS = LAYOUT_NAMES.length;
/** Index of a layout offset among a function's parameters, after its `own` first ones. */
const layoutParam = (own: number, name: keyof Layout) => own + LAYOUT_NAMES.indexOf(name);

/**
 * The module for (p, k). Every function takes the row count, its own scalars, then the ten
 * layout offsets (so one compiled module serves memories of any size).
 */
function kernelModule(p: number, k: number): Uint8Array {
  const pairs = Math.ceil(k / 2);
  const [i32, f64, v128] = [TYPE.i32, TYPE.f64, TYPE.v128];
  const layout = Array.from({ length: LAYOUT_PARAMS }, () => i32);

  /**
   * Emit the nearest-center scan of the row whose byte address is in local `row`; leaves the
   * index in `best`, the squared distances in `first`, `second`. `acc` is the first of `pairs`
   * v128 locals, `x` and `x + 1` v128 locals, `d` an f64 local.
   */
  const emitNearest = (
    code: ExtendedCode,
    L: { row: number; paired: number; best: number; first: number; second: number; acc: number; x: number; d: number },
  ) => {
    for (let q = 0; q < pairs; q++) code.f64x2Const(0).localSet(L.acc + q);
    for (let j = 0; j < p; j++) {
      code
        .localGet(L.row)
        .simdMemory(SIMD.v128_load64_splat, 3, 8 * j)
        .localSet(L.x);
      for (let q = 0; q < pairs; q++) {
        // acc_q += (x − [c_2q, c_2q+1]_j)²
        code.localGet(L.acc + q);
        code
          .localGet(L.x)
          .localGet(L.paired)
          .simdMemory(SIMD.v128_load, 3, (q * p + j) * 16)
          .simd(SIMD.f64x2_sub)
          .localTee(L.x + 1);
        code
          .localGet(L.x + 1)
          .simd(SIMD.f64x2_mul)
          .simd(SIMD.f64x2_add)
          .localSet(L.acc + q);
      }
    }
    code.i32Const(0).localSet(L.best);
    code.f64Const(Infinity).localSet(L.first);
    code.f64Const(Infinity).localSet(L.second);
    for (let c = 0; c < k; c++) {
      code
        .localGet(L.acc + (c >> 1))
        .simd(SIMD.f64x2_extract_lane, c & 1)
        .localSet(L.d);
      // if (d < first) { second = first; first = d; best = c } else if (d < second) second = d
      code.localGet(L.d).localGet(L.first).op(OP.f64_lt);
      code.begin(OP.if);
      code.localGet(L.first).localSet(L.second).localGet(L.d).localSet(L.first).i32Const(c).localSet(L.best);
      code.op(OP.else);
      code.localGet(L.d).localGet(L.second).op(OP.f64_lt);
      code.begin(OP.if).localGet(L.d).localSet(L.second).end();
      code.end();
    }
  };

  // parameters shared by every function after its own: 10 layout offsets
  const withLayout = (own: readonly TYPE[]) => [...own, ...layout];

  // assignAll(start, end; layout): rows [start, end)
  const assignAll = (() => {
    const own = 2;
    const P = (name: keyof Layout) => layoutParam(own, name);
    const base = own + LAYOUT_PARAMS;
    const L = {
      a: base,
      row: base + 1,
      best: base + 2,
      first: base + 3,
      second: base + 4,
      d: base + 5,
      acc: base + 6,
      x: base + 6 + pairs,
      paired: P('PAIRED'),
    };
    const code = new ExtendedCode();
    code.localGet(0).localGet(1).op(OP.i32_lt_u).op(OP.i32_eqz).begin(OP.if).op(OP.return).end();
    code
      .localGet(0)
      .localSet(L.a)
      .localGet(0)
      .i32Const(8 * p)
      .op(OP.i32_mul)
      .localGet(P('DATA'))
      .op(OP.i32_add)
      .localSet(L.row);
    code.begin(OP.loop);
    emitNearest(code, L);
    const a4 = () => code.localGet(L.a).i32Const(2).op(OP.i32_shl);
    const a8 = () => code.localGet(L.a).i32Const(3).op(OP.i32_shl);
    a4().localGet(P('LABELS')).op(OP.i32_add).localGet(L.best).memory(OP.i32_store, 2);
    a8().localGet(P('UPPER')).op(OP.i32_add).localGet(L.first).op(OP.f64_sqrt).memory(OP.f64_store, 3);
    a8().localGet(P('LOWER')).op(OP.i32_add).localGet(L.second).op(OP.f64_sqrt).memory(OP.f64_store, 3);
    code
      .localGet(L.row)
      .i32Const(8 * p)
      .op(OP.i32_add)
      .localSet(L.row);
    code.localGet(L.a).i32Const(1).op(OP.i32_add).localTee(L.a).localGet(1).op(OP.i32_lt_u).brIf(0);
    code.end();
    return {
      name: 'assignAll',
      params: withLayout([i32, i32]),
      results: [],
      locals: [i32, i32, i32, f64, f64, f64, ...Array.from({ length: pairs + 2 }, () => v128)],
      code,
    };
  })();

  // relabel(start, end, total; layout) → total + Σ first over rows [start, end), in row order
  const relabel = (() => {
    const own = 3;
    const P = (name: keyof Layout) => layoutParam(own, name);
    const base = own + LAYOUT_PARAMS;
    const L = {
      a: base,
      row: base + 1,
      best: base + 2,
      first: base + 3,
      second: base + 4,
      d: base + 5,
      total: base + 6,
      acc: base + 7,
      x: base + 7 + pairs,
      paired: P('PAIRED'),
    };
    const code = new ExtendedCode();
    code.localGet(2).localSet(L.total);
    code.localGet(0).localGet(1).op(OP.i32_lt_u).op(OP.i32_eqz);
    code.begin(OP.if).localGet(L.total).op(OP.return).end();
    code
      .localGet(0)
      .localSet(L.a)
      .localGet(0)
      .i32Const(8 * p)
      .op(OP.i32_mul)
      .localGet(P('DATA'))
      .op(OP.i32_add)
      .localSet(L.row);
    code.begin(OP.loop);
    emitNearest(code, L);
    code.localGet(L.a).i32Const(2).op(OP.i32_shl).localGet(P('LABELS')).op(OP.i32_add).localGet(L.best).memory(OP.i32_store, 2);
    code.localGet(L.total).localGet(L.first).op(OP.f64_add).localSet(L.total);
    code
      .localGet(L.row)
      .i32Const(8 * p)
      .op(OP.i32_add)
      .localSet(L.row);
    code.localGet(L.a).i32Const(1).op(OP.i32_add).localTee(L.a).localGet(1).op(OP.i32_lt_u).brIf(0);
    code.end();
    code.localGet(L.total);
    return {
      name: 'relabel',
      params: withLayout([i32, i32, f64]),
      results: [f64],
      locals: [i32, i32, i32, f64, f64, f64, f64, ...Array.from({ length: pairs + 2 }, () => v128)],
      code,
    };
  })();

  // reassign(start, end, maxMover, maxMove, secondMove; layout) → rows of [start, end) that changed cluster
  const reassign = (() => {
    const own = 5;
    const P = (name: keyof Layout) => layoutParam(own, name);
    const START = 0;
    const END = 1;
    const MAX_MOVER = 2;
    const MAX_MOVE = 3;
    const SECOND_MOVE = 4;
    const base = own + LAYOUT_PARAMS;
    // i32 locals
    const a = base;
    const row = base + 1;
    const best = base + 2;
    const c = base + 3;
    const changed = base + 4;
    const cb = base + 5; // byte offset of center c's row (c·p·8)
    const nb = base + 6;
    // f64 locals
    const first = base + 7;
    const second = base + 8;
    const d = base + 9;
    const u = base + 10;
    const l = base + 11;
    const bound = base + 12;
    const h = base + 13;
    const diff = base + 14;
    const acc = base + 15;
    const x = acc + pairs;
    const L = { row, best, first, second, acc, x, d, paired: P('PAIRED') };
    const code = new ExtendedCode();
    const at = (offset: number, index: number, shift: number) => code.localGet(index).i32Const(shift).op(OP.i32_shl).localGet(offset).op(OP.i32_add);
    code.i32Const(0).localSet(changed);
    code.localGet(START).localGet(END).op(OP.i32_lt_u).op(OP.i32_eqz);
    code.begin(OP.if).localGet(changed).op(OP.return).end();
    code
      .localGet(START)
      .localSet(a)
      .localGet(START)
      .i32Const(8 * p)
      .op(OP.i32_mul)
      .localGet(P('DATA'))
      .op(OP.i32_add)
      .localSet(row);
    code.begin(OP.loop);
    code.begin(OP.block); // `br 0` from inside = continue with the next row
    // c = labels[a]
    at(P('LABELS'), a, 2).memory(OP.i32_load, 2).localSet(c);
    // d = Σ_j (x_j − center_c,j)², for every row before the bound test: the rows are then read
    // in one stream instead of scattered (most rows need it in the first iterations)
    code
      .localGet(c)
      .i32Const(8 * p)
      .op(OP.i32_mul)
      .localGet(P('CENTERS'))
      .op(OP.i32_add)
      .localSet(cb);
    code.f64Const(0).localSet(d);
    for (let j = 0; j < p; j++) {
      code
        .localGet(row)
        .memory(OP.f64_load, 3, 8 * j)
        .localGet(cb)
        .memory(OP.f64_load, 3, 8 * j)
        .op(OP.f64_sub)
        .localTee(diff);
      code.localGet(diff).op(OP.f64_mul).localGet(d).op(OP.f64_add).localSet(d);
    }
    // u = upper[a] + moved[c]
    at(P('UPPER'), a, 3).memory(OP.f64_load, 3);
    at(P('MOVED'), c, 3).memory(OP.f64_load, 3);
    code.op(OP.f64_add).localSet(u);
    // l = lower[a] − (c === maxMover ? secondMove : maxMove); lower[a] = l
    at(P('LOWER'), a, 3).memory(OP.f64_load, 3);
    code.localGet(SECOND_MOVE).localGet(MAX_MOVE).localGet(c).localGet(MAX_MOVER).op(OP.i32_eq).op(OP.select);
    code.op(OP.f64_sub).localSet(l);
    at(P('LOWER'), a, 3).localGet(l).memory(OP.f64_store, 3);
    // bound = half[c] > l ? half[c] : l
    at(P('HALF'), c, 3).memory(OP.f64_load, 3).localSet(h);
    code.localGet(h).localGet(l).localGet(h).localGet(l).op(OP.f64_gt).op(OP.select).localSet(bound);
    // if (u <= bound) { upper[a] = u; continue }
    code.localGet(u).localGet(bound).op(OP.f64_le);
    code.begin(OP.if);
    at(P('UPPER'), a, 3).localGet(u).memory(OP.f64_store, 3);
    code.br(1);
    code.end();
    // tight = √d; upper[a] = tight; if (tight <= bound) continue
    at(P('UPPER'), a, 3).localGet(d).op(OP.f64_sqrt).localTee(u).memory(OP.f64_store, 3);
    code.localGet(u).localGet(bound).op(OP.f64_le).brIf(0);
    // rescan
    emitNearest(code, L);
    at(P('LABELS'), a, 2).localGet(best).memory(OP.i32_store, 2);
    at(P('UPPER'), a, 3).localGet(first).op(OP.f64_sqrt).memory(OP.f64_store, 3);
    at(P('LOWER'), a, 3).localGet(second).op(OP.f64_sqrt).memory(OP.f64_store, 3);
    code.localGet(best).localGet(c).op(OP.i32_eq).brIf(0);
    // moved: counts and member sums, in the scalar loop's order
    code.localGet(changed).i32Const(1).op(OP.i32_add).localSet(changed);
    at(P('COUNTS'), c, 3);
    at(P('COUNTS'), c, 3).memory(OP.f64_load, 3).f64Const(1).op(OP.f64_sub).memory(OP.f64_store, 3);
    at(P('COUNTS'), best, 3);
    at(P('COUNTS'), best, 3).memory(OP.f64_load, 3).f64Const(1).op(OP.f64_add).memory(OP.f64_store, 3);
    code
      .localGet(c)
      .i32Const(8 * p)
      .op(OP.i32_mul)
      .localGet(P('SUMS'))
      .op(OP.i32_add)
      .localSet(cb);
    code
      .localGet(best)
      .i32Const(8 * p)
      .op(OP.i32_mul)
      .localGet(P('SUMS'))
      .op(OP.i32_add)
      .localSet(nb);
    for (let j = 0; j < p; j++) {
      code
        .localGet(cb)
        .localGet(cb)
        .memory(OP.f64_load, 3, 8 * j)
        .localGet(row)
        .memory(OP.f64_load, 3, 8 * j)
        .op(OP.f64_sub)
        .memory(OP.f64_store, 3, 8 * j);
      code
        .localGet(nb)
        .localGet(nb)
        .memory(OP.f64_load, 3, 8 * j)
        .localGet(row)
        .memory(OP.f64_load, 3, 8 * j)
        .op(OP.f64_add)
        .memory(OP.f64_store, 3, 8 * j);
    }
    code.end(); // block
    code
      .localGet(row)
      .i32Const(8 * p)
      .op(OP.i32_add)
      .localSet(row);
    code.localGet(a).i32Const(1).op(OP.i32_add).localTee(a).localGet(END).op(OP.i32_lt_u).brIf(0);
    code.end(); // loop
    code.localGet(changed);
    return {
      name: 'reassign',
      params: withLayout([i32, i32, i32, f64, f64]),
      results: [i32],
      locals: [i32, i32, i32, i32, i32, i32, i32, f64, f64, f64, f64, f64, f64, f64, f64, ...Array.from({ length: pairs + 2 }, () => v128)],
      code,
    };
  })();

  return assembleModule({ functions: [assignAll, reassign, relabel], memory: { pages: 1, import: ['env', 'memory'] } });
}
