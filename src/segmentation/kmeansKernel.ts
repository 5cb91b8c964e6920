import type { Random } from '../internal/random.js';
import { kmeansWasmKernel, type KmeansWasmKernel } from './kmeansWasmKernel.js';

/**
 * k-means kernels over a row-major matrix of scaled features (`data[a·p + j]`): one compact copy
 * of the features, read contiguously by every loop.
 */

/** One k-means run: centers (k × p, row-major), labels, inertia. */
export interface KmeansRun {
  readonly centers: Float64Array;
  readonly labels: Int32Array;
  readonly inertia: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Inertia after each center update (only with `trace`; never increases). */
  readonly inertiaTrace: number[];
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007): the first center uniformly at random, each
 * next one with probability proportional to the squared distance to the nearest chosen center.
 */
export function kmeansPlusPlus(data: Float64Array, n: number, p: number, k: number, random: Random): Float64Array {
  const centers = new Float64Array(k * p);
  const nearest = new Float64Array(n).fill(Infinity);
  let chosen = Math.floor(random.uniform() * n);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < p; j++) centers[c * p + j] = data[chosen * p + j];
    let total = 0;
    const cb = c * p;
    for (let a = 0; a < n; a++) {
      const base = a * p;
      let d = 0;
      for (let j = 0; j < p; j++) {
        const diff = data[base + j] - centers[cb + j];
        d += diff * diff;
      }
      if (d < nearest[a]) nearest[a] = d;
      total += nearest[a];
    }
    if (c + 1 === k) break;
    if (!(total > 0)) {
      chosen = Math.floor(random.uniform() * n); // every point sits on a chosen center
      continue;
    }
    let target = random.uniform() * total;
    chosen = n - 1;
    for (let a = 0; a < n; a++) {
      target -= nearest[a];
      if (target <= 0) {
        chosen = a;
        break;
      }
    }
  }
  return centers;
}

/**
 * Lloyd's algorithm — assign each row to its nearest center, move each center to its members'
 * mean, until no label changes or the centers move less than `tolerance` (squared, summed) —
 * with Hamerly's (2010) bounds, which give exactly Lloyd's iterates while skipping most
 * distance computations: each row keeps an upper bound on the distance to its center and a
 * lower bound on the distance to any other, both moved by how far centers moved; a row whose
 * upper bound stays below max(lower bound, half the distance from its center to the nearest
 * other center) cannot change cluster. An empty cluster is re-seeded at the row farthest from
 * its center, so k clusters always come back. No allocation inside the loop. With `trace`, the
 * inertia after every center update is recorded (a full pass each; for tests).
 *
 * The assignment passes (the first, Hamerly's, the last) run in a WebAssembly SIMD kernel
 * (`kmeansWasmKernel`) where the runtime has one, bit-identical to the JavaScript loops here,
 * which stay as the fallback and the oracle: `kernel` `'js'` forces them, `'wasm'` forces the
 * kernel whenever it is available, `'auto'` takes it from `MIN_WASM_ROWS` rows.
 */
export function lloyd(
  data: Float64Array,
  n: number,
  p: number,
  initial: Float64Array,
  k: number,
  maxIterations: number,
  tolerance: number,
  trace = false,
  kernel: KmeansKernelChoice | KmeansWasmKernel = 'auto',
): KmeansRun {
  const wasm = typeof kernel === 'object' ? kernel : kernel === 'js' || (kernel === 'auto' && n < MIN_WASM_ROWS) ? null : cachedKernel(data, n, p, k);
  if (wasm !== null && wasm.data !== data) {
    wasm.data.set(data.subarray(0, n * p));
    data = wasm.data;
  }
  const centers = wasm?.centers ?? new Float64Array(k * p);
  centers.set(initial.subarray(0, k * p));
  const previous = new Float64Array(k * p);
  const labels = wasm?.labels ?? new Int32Array(n);
  const upper = wasm?.upper ?? new Float64Array(n);
  const lower = wasm?.lower ?? new Float64Array(n);
  const sums = wasm?.sums ?? new Float64Array(k * p);
  const counts = wasm?.counts ?? new Float64Array(k);
  const moved = wasm?.moved ?? new Float64Array(k);
  const half = wasm?.half ?? new Float64Array(k);
  const inertiaTrace: number[] = [];
  const two = new Float64Array(2); // scratch for nearestCenter
  if (wasm !== null) {
    wasm.centersChanged();
    wasm.assignAll(n);
  } else for (let a = 0; a < n; a++) assignNearest(data, a, centers, k, p, labels, upper, lower, two);
  memberSums(data, n, p, labels, sums, counts);
  let converged = false;
  let labelsCurrent = true; // labels are the exact nearest centers of `centers`
  let iteration: number;
  for (iteration = 1; iteration <= maxIterations; iteration++) {
    for (let c = 0; c < k; c++) if (counts[c] === 0) reseed(data, p, c, labels, upper, lower, sums, counts);
    previous.set(centers);
    let shift = 0;
    for (let c = 0; c < k; c++) {
      let d = 0;
      for (let j = 0; j < p; j++) {
        const updated = sums[c * p + j] / counts[c];
        const diff = updated - previous[c * p + j];
        d += diff * diff;
        centers[c * p + j] = updated;
      }
      shift += d;
      moved[c] = Math.sqrt(d);
    }
    labelsCurrent = false;
    wasm?.centersChanged();
    if (trace) inertiaTrace.push(inertiaOfLabels(data, n, p, centers, labels));
    if (shift <= tolerance) {
      converged = true;
      break;
    }
    halfDistances(centers, k, p, half, two);
    const changed = wasm !== null ? reassignWasm(wasm, n, k, moved) : reassign(data, n, p, centers, k, labels, upper, lower, moved, half, sums, counts, two);
    labelsCurrent = true;
    if (changed === 0) {
      converged = true;
      break;
    }
  }
  const inertia = labelsCurrent ? inertiaOfLabels(data, n, p, centers, labels) : wasm !== null ? wasm.relabel(n) : relabel(data, n, p, centers, k, labels);
  return {
    // out of the kernel's memory, which is then free to go
    centers: wasm !== null ? centers.slice() : centers,
    labels: wasm !== null ? labels.slice() : labels,
    inertia,
    iterations: Math.min(iteration, maxIterations),
    converged,
    inertiaTrace,
  };
}

/** Which kernel runs `lloyd`'s assignment passes (see `lloyd`); a kernel object is used as it is (its `data` may already hold the rows). */
export type KmeansKernelChoice = 'auto' | 'js' | 'wasm';

/**
 * The WebAssembly kernel `'auto'` would give `lloyd` for n rows, p features and k centers, to
 * fill its `data` directly and reuse across runs (restarts) of the same (n, p, k); null for the
 * JavaScript loops.
 */
export function kmeansKernelFor(n: number, p: number, k: number): KmeansWasmKernel | null {
  return n < MIN_WASM_ROWS ? null : kmeansWasmKernel(n, p, k);
}

/**
 * Kernels by the rows they were made for: a caller running k-means many times over one matrix
 * (`chooseK`: every k, every restart) reuses one kernel memory (the rows are copied in again on
 * every run, so a changed matrix is still read right); the memory goes when the matrix does.
 */
const kernelsByData = new WeakMap<Float64Array, KmeansWasmKernel>();

function cachedKernel(data: Float64Array, n: number, p: number, k: number): KmeansWasmKernel | null {
  const kernel = kmeansWasmKernel(n, p, k, kernelsByData.get(data) ?? null);
  if (kernel !== null) kernelsByData.set(data, kernel);
  return kernel;
}

/** Fewer rows than this run the JavaScript kernel under `'auto'` (the WebAssembly one copies the rows into its memory). */
const MIN_WASM_ROWS = 4096;

/** The largest and second-largest center moves, and which center moved most (-1 when none moved). */
function largestMoves(moved: Float64Array, k: number): [maxMover: number, maxMove: number, secondMove: number] {
  let maxMove = 0;
  let secondMove = 0;
  let maxMover = -1;
  for (let c = 0; c < k; c++) {
    if (moved[c] > maxMove) {
      secondMove = maxMove;
      maxMove = moved[c];
      maxMover = c;
    } else if (moved[c] > secondMove) secondMove = moved[c];
  }
  return [maxMover, maxMove, secondMove];
}

/** Hamerly's reassignment pass in the WebAssembly kernel (the same pass as `reassign`). */
function reassignWasm(wasm: KmeansWasmKernel, n: number, k: number, moved: Float64Array): number {
  const [maxMover, maxMove, secondMove] = largestMoves(moved, k);
  return wasm.reassign(n, maxMover, maxMove, secondMove);
}

/** Sums and counts of the members of each cluster, from scratch. */
function memberSums(data: Float64Array, n: number, p: number, labels: Int32Array, sums: Float64Array, counts: Float64Array): void {
  sums.fill(0);
  counts.fill(0);
  for (let a = 0; a < n; a++) {
    const c = labels[a];
    counts[c]++;
    const base = a * p;
    const cb = c * p;
    for (let j = 0; j < p; j++) sums[cb + j] += data[base + j];
  }
}

/** Move the row farthest from its center (by upper bound) into empty cluster c. */
function reseed(
  data: Float64Array,
  p: number,
  c: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
): void {
  let far = 0;
  for (let a = 1; a < labels.length; a++) if (upper[a] > upper[far]) far = a;
  const old = labels[far];
  counts[old]--;
  counts[c] = 1;
  for (let j = 0; j < p; j++) {
    sums[old * p + j] -= data[far * p + j];
    sums[c * p + j] = data[far * p + j];
  }
  labels[far] = c;
  upper[far] = 0;
  lower[far] = 0;
}

/** half[c] = half the distance from center c to its nearest other center. */
function halfDistances(centers: Float64Array, k: number, p: number, half: Float64Array, two: Float64Array): void {
  // center c is its own nearest (distance 0), so the second nearest is the nearest other one
  for (let c = 0; c < k; c++) {
    nearestCenter(centers, c * p, centers, k, p, two);
    half[c] = 0.5 * Math.sqrt(two[1]);
  }
}

/**
 * The nearest center to the row at `data[base … base + p)`: returns its index (the first of equally
 * near ones) and writes the squared distances to the nearest and the second nearest center into
 * `two[0]` and `two[1]` (Infinity when k = 1). The one nearest-center loop of the kernel.
 */
export function nearestCenter(data: Float64Array, base: number, centers: Float64Array, k: number, p: number, two: Float64Array): number {
  let best = 0;
  let first = Infinity;
  let second = Infinity;
  for (let c = 0; c < k; c++) {
    const cb = c * p;
    let d = 0;
    for (let j = 0; j < p; j++) {
      const diff = data[base + j] - centers[cb + j];
      d += diff * diff;
    }
    if (d < first) {
      second = first;
      first = d;
      best = c;
    } else if (d < second) second = d;
  }
  two[0] = first;
  two[1] = second;
  return best;
}

/** Label row `a` with its nearest center, its upper bound the distance to it, its lower bound the distance to the second nearest. */
function assignNearest(
  data: Float64Array,
  a: number,
  centers: Float64Array,
  k: number,
  p: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  two: Float64Array,
): void {
  labels[a] = nearestCenter(data, a * p, centers, k, p, two);
  upper[a] = Math.sqrt(two[0]);
  lower[a] = Math.sqrt(two[1]);
}

/**
 * Hamerly's reassignment pass: move the bounds by the center moves, skip rows they prove cannot
 * change cluster, tighten the rest, rescan those still in doubt, and update the member sums of
 * rows that move. Returns how many rows changed cluster.
 */
function reassign(
  data: Float64Array,
  n: number,
  p: number,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
  moved: Float64Array,
  half: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  two: Float64Array,
): number {
  const [maxMover, maxMove, secondMove] = largestMoves(moved, k);
  let changed = 0;
  for (let a = 0; a < n; a++) {
    const c = labels[a];
    const u = upper[a] + moved[c];
    const l = lower[a] - (c === maxMover ? secondMove : maxMove);
    lower[a] = l;
    const bound = half[c] > l ? half[c] : l;
    if (u <= bound) {
      upper[a] = u;
      continue;
    }
    const base = a * p;
    const cb = c * p;
    let d = 0;
    for (let j = 0; j < p; j++) {
      const diff = data[base + j] - centers[cb + j];
      d += diff * diff;
    }
    const tight = Math.sqrt(d);
    upper[a] = tight;
    if (tight <= bound) continue;
    assignNearest(data, a, centers, k, p, labels, upper, lower, two);
    const now = labels[a];
    if (now !== c) {
      changed++;
      counts[c]--;
      counts[now]++;
      const nb = now * p;
      for (let j = 0; j < p; j++) {
        sums[cb + j] -= data[base + j];
        sums[nb + j] += data[base + j];
      }
    }
  }
  return changed;
}

/** Σ ‖x − c_label‖² with the given labels. */
function inertiaOfLabels(data: Float64Array, n: number, p: number, centers: Float64Array, labels: Int32Array): number {
  let total = 0;
  for (let a = 0; a < n; a++) {
    const base = a * p;
    const cb = labels[a] * p;
    for (let j = 0; j < p; j++) {
      const diff = data[base + j] - centers[cb + j];
      total += diff * diff;
    }
  }
  return total;
}

/** Assign every row to its nearest center and return the inertia. */
export function relabel(data: Float64Array, n: number, p: number, centers: Float64Array, k: number, labels: Int32Array): number {
  const two = new Float64Array(2);
  let total = 0;
  for (let a = 0; a < n; a++) {
    labels[a] = nearestCenter(data, a * p, centers, k, p, two);
    total += two[0];
  }
  return total;
}
