import { quantilesBySelection } from '../../internal/percentiles.js';

// The percentile pass of `clvConfidenceIntervals`, split into independent units so that it runs
// the same on one thread or many (customer-value/node): the values at every draw are computed
// first (group-major, W = draws + 1 per group, the estimate last; clvIntervalValues.ts, in units
// of draws by keys); then each unit takes the
// percentiles of a block of groups or histories and writes them at their own rows, and each
// block of histories writes its own partial per-draw base totals, which are added in block order
// afterwards. Every number is computed by the same code in the same order whatever thread runs
// the unit, so the result is bit-identical on any number of threads. Only typed arrays: the
// threaded version carves them from shared memory and hands them to its workers. Internal.

/** Histories per block of the per-history pass: its per-draw totals are summed within a block, then the blocks in order. Fixed: it sets the summation order. */
export const HISTORY_BLOCK = 2048;
/** Groups per unit of the P(alive) and spend percentiles (any size gives the same numbers). */
const GROUP_BLOCK = 2048;

/**
 * Sizes of the pass: A distinct (z, x, t_x, T), P distinct (z, x, T), S distinct (z_s, x, m̄) (0
 * without spend), H distinct histories, W draws + 1, L levels; kp purchase and ks spend covariate
 * columns, and `periods` horizons of the totals over time (0 without them).
 */
export interface IntervalSizes {
  readonly A: number;
  readonly P: number;
  readonly S: number;
  readonly H: number;
  readonly W: number;
  readonly L: number;
  readonly withSpend: boolean;
  readonly kp: number;
  readonly ks: number;
  readonly periods: number;
}

/**
 * The pass's arrays. In: the values at every draw (group-major: group g's draw d at g · W + d),
 * the keys of each history (its alive, pair and spend group, its customers) and each alive
 * group's pair group (and each pair group's alive groups). Out: per group, the estimate then each level's percentile ((1 + L) · groups,
 * level l's at (1 + l) · groups + g), and each history block's per-draw totals (purchases at
 * 2b · W, value at (2b + 1) · W). `counter[0]` hands out the units (of the value pass, then of the
 * percentile pass); `counter[1]` is the value pass's flag (1: a unit met a value that is not
 * finite, or threw). The distinct keys the values at every draw are computed from (`ax`, `atx`,
 * `aT` per alive group, `px`, `pT` and the covariates `pairZ` (column-major, P per column) per
 * pair group, `sx`, `sm` and `spendZ` per spend group) and the per-draw totals over time
 * (`overPurchases`, `overValue`: horizon i's draw d at i · W + d) live here too.
 */
export interface IntervalArrays {
  readonly counter: Int32Array;
  readonly ax: Float64Array;
  readonly atx: Float64Array;
  readonly aT: Float64Array;
  readonly px: Float64Array;
  readonly pT: Float64Array;
  readonly pairZ: Float64Array;
  readonly sx: Float64Array | null;
  readonly sm: Float64Array | null;
  readonly spendZ: Float64Array | null;
  readonly overPurchases: Float64Array | null;
  readonly overValue: Float64Array | null;
  readonly alive: Float64Array;
  readonly undiscounted: Float64Array;
  readonly discounted: Float64Array | null;
  readonly spend: Float64Array | null;
  readonly weights: Float64Array;
  readonly probabilityAlive: Float64Array;
  readonly expectedPurchases: Float64Array;
  readonly expectedSpend: Float64Array | null;
  readonly clv: Float64Array | null;
  readonly blockTotals: Float64Array;
  readonly pairOfAlive: Int32Array;
  /** The alive groups of each pair group, for the value pass's key units: pair p's at `aliveByPair[aliveStart[p]..aliveStart[p + 1]]`. */
  readonly aliveStart: Int32Array;
  readonly aliveByPair: Int32Array;
  readonly aliveOf: Int32Array;
  readonly pairOf: Int32Array;
  readonly spendOf: Int32Array | null;
}

/** A pass: its sizes, levels, margin and arrays (plain data, so it can be posted to a worker). */
export interface PercentileJob {
  readonly sizes: IntervalSizes;
  readonly levels: readonly number[];
  readonly margin: number;
  readonly arrays: IntervalArrays;
}

const blocks = (n: number, size: number) => Math.ceil(n / size);

/** The arrays' lengths, Float64 ones first (then Int32), in carving order. */
function lengths(z: IntervalSizes): { f64: [keyof IntervalArrays, number][]; i32: [keyof IntervalArrays, number][] } {
  const { A, P, S, H, W, L, withSpend, kp, ks, periods } = z;
  return {
    f64: [
      ['ax', A],
      ['atx', A],
      ['aT', A],
      ['px', P],
      ['pT', P],
      ['pairZ', kp * P],
      ['sx', withSpend ? S : -1],
      ['sm', withSpend ? S : -1],
      ['spendZ', withSpend ? ks * S : -1],
      ['overPurchases', periods > 0 ? periods * W : -1],
      ['overValue', periods > 0 && withSpend ? periods * W : -1],
      ['alive', A * W],
      ['undiscounted', P * W],
      ['discounted', withSpend ? P * W : -1],
      ['spend', withSpend ? S * W : -1],
      ['weights', H],
      ['probabilityAlive', (1 + L) * A],
      ['expectedPurchases', (1 + L) * A],
      ['expectedSpend', withSpend ? (1 + L) * S : -1],
      ['clv', withSpend ? (1 + L) * H : -1],
      ['blockTotals', 2 * W * blocks(H, HISTORY_BLOCK)],
    ],
    i32: [
      ['pairOfAlive', A],
      ['aliveStart', P + 1],
      ['aliveByPair', A],
      ['aliveOf', H],
      ['pairOf', H],
      ['spendOf', withSpend ? H : -1],
    ],
  };
}

/** Bytes of one buffer holding every array of the pass (the counter and the flag in the first 8). */
export function intervalBytes(sizes: IntervalSizes): number {
  const { f64, i32 } = lengths(sizes);
  let bytes = 8;
  for (const [, n] of f64) bytes += 8 * Math.max(0, n);
  for (const [, n] of i32) bytes += 4 * Math.max(0, n);
  return bytes;
}

/** The pass's arrays: carved from `buffer` (at least `intervalBytes(sizes)` long; contents not cleared) or, without one, allocated. */
export function intervalArrays(sizes: IntervalSizes, buffer: SharedArrayBuffer | null): IntervalArrays {
  const { f64, i32 } = lengths(sizes);
  const out: Record<string, unknown> = { counter: buffer === null ? new Int32Array(2) : new Int32Array(buffer, 0, 2) };
  let at = 8;
  for (const [name, n] of f64) {
    out[name] = n < 0 ? null : buffer === null ? new Float64Array(n) : new Float64Array(buffer, at, n);
    at += 8 * Math.max(0, n);
  }
  for (const [name, n] of i32) {
    out[name] = n < 0 ? null : buffer === null ? new Int32Array(n) : new Int32Array(buffer, at, n);
    at += 4 * Math.max(0, n);
  }
  return out as unknown as IntervalArrays;
}

/** Units of the pass: the history blocks (the heaviest, first), then the alive and spend group blocks. */
export function percentileUnits(sizes: IntervalSizes): number {
  return blocks(sizes.H, HISTORY_BLOCK) + blocks(sizes.A, GROUP_BLOCK) + blocks(sizes.S, GROUP_BLOCK);
}

/** Take units from `counter` until none are left, running each (the one-thread pass calls this once, with the counter at 0). */
export function runPercentileUnits(job: PercentileJob): void {
  const { sizes, arrays } = job;
  const U = percentileUnits(sizes);
  const historyBlocks = blocks(sizes.H, HISTORY_BLOCK);
  const aliveBlocks = blocks(sizes.A, GROUP_BLOCK);
  const scratch = new Float64Array(sizes.W);
  const work = { scratch, draws: scratch.subarray(0, sizes.W - 1), quantiles: new Float64Array(sizes.L) };
  for (;;) {
    const u = Atomics.add(arrays.counter, 0, 1);
    if (u >= U) return;
    if (u < historyBlocks) historyBlock(job, u, work);
    else if (u < historyBlocks + aliveBlocks) aliveBlock(job, (u - historyBlocks) * GROUP_BLOCK, work);
    else spendBlock(job, (u - historyBlocks - aliveBlocks) * GROUP_BLOCK, work);
  }
}

interface Work {
  /** W values: the draws' then the estimate's. */
  readonly scratch: Float64Array;
  /** The draws' values (the first W − 1 of `scratch`; permuted by the selection). */
  readonly draws: Float64Array;
  readonly quantiles: Float64Array;
}

/** Group g of `target` ((1 + L) · groups): the estimate (scratch's last value) and the percentiles of the draws' values. */
function summarize(target: Float64Array, groups: number, g: number, levels: readonly number[], work: Work): void {
  const { scratch, draws, quantiles } = work;
  target[g] = scratch[draws.length];
  quantilesBySelection(draws, levels, quantiles);
  for (let l = 0; l < quantiles.length; l++) target[(1 + l) * groups + g] = quantiles[l];
}

/** P(alive) and expected purchases (P(alive) · the pair's expectation if alive) of alive groups a0.. (one block). */
function aliveBlock(job: PercentileJob, a0: number, work: Work): void {
  const { A, W } = job.sizes;
  const { alive, undiscounted, pairOfAlive, probabilityAlive, expectedPurchases } = job.arrays;
  const scratch = work.scratch;
  const a1 = Math.min(A, a0 + GROUP_BLOCK);
  for (let a = a0; a < a1; a++) {
    const row = a * W;
    const p = pairOfAlive[a] * W;
    for (let d = 0; d < W; d++) scratch[d] = alive[row + d];
    summarize(probabilityAlive, A, a, job.levels, work);
    for (let d = 0; d < W; d++) scratch[d] = alive[row + d] * undiscounted[p + d];
    summarize(expectedPurchases, A, a, job.levels, work);
  }
}

/** Expected spend of spend groups k0.. (one block). */
function spendBlock(job: PercentileJob, k0: number, work: Work): void {
  const { S, W } = job.sizes;
  const { spend, expectedSpend } = job.arrays;
  if (spend === null || expectedSpend === null) return;
  const k1 = Math.min(S, k0 + GROUP_BLOCK);
  for (let k = k0; k < k1; k++) {
    work.scratch.set(spend.subarray(k * W, (k + 1) * W));
    summarize(expectedSpend, S, k, job.levels, work);
  }
}

/**
 * History block b, in input order: its per-draw base totals (Σ customers · expectation over its
 * histories, from 0, in history order) and, with spend, each history's CLV at every draw and its
 * percentiles. Typed arrays only, so the loops compile tight.
 */
function historyBlock(job: PercentileJob, b: number, work: Work): void {
  const { H, W } = job.sizes;
  const { aliveOf, pairOf, spendOf, weights, alive, undiscounted, discounted, spend, clv, blockTotals } = job.arrays;
  const margin = job.margin;
  const scratch = work.scratch;
  const totalPurchases = blockTotals.subarray(2 * b * W, (2 * b + 1) * W);
  const totalValue = blockTotals.subarray((2 * b + 1) * W, (2 * b + 2) * W);
  totalPurchases.fill(0);
  totalValue.fill(0);
  const h1 = Math.min(H, (b + 1) * HISTORY_BLOCK);
  for (let h = b * HISTORY_BLOCK; h < h1; h++) {
    const a = aliveOf[h] * W;
    const p = pairOf[h] * W;
    const customers = weights[h];
    for (let d = 0; d < W; d++) totalPurchases[d] += customers * (alive[a + d] * undiscounted[p + d]);
    if (clv !== null && spend !== null && spendOf !== null && discounted !== null) {
      const k = spendOf[h] * W;
      for (let d = 0; d < W; d++) {
        const v = margin * spend[k + d] * (alive[a + d] * discounted[p + d]);
        scratch[d] = v;
        totalValue[d] += customers * v;
      }
      summarize(clv, H, h, job.levels, work);
    }
  }
}

/** The base's per-draw totals: each history block's partial totals added in block order (whatever thread computed them). */
export function sumBlockTotals(job: PercentileJob): { totalPurchases: Float64Array; totalValue: Float64Array } {
  const { H, W } = job.sizes;
  const blockTotals = job.arrays.blockTotals;
  const totalPurchases = new Float64Array(W);
  const totalValue = new Float64Array(W);
  for (let b = 0; b < blocks(H, HISTORY_BLOCK); b++) {
    for (let d = 0; d < W; d++) {
      totalPurchases[d] += blockTotals[2 * b * W + d];
      totalValue[d] += blockTotals[(2 * b + 1) * W + d];
    }
  }
  return { totalPurchases, totalValue };
}

/** The estimate and percentiles of `groups` groups in a pass's output array, as views. */
export function groupColumns(values: Float64Array, groups: number, L: number): { estimate: Float64Array; percentiles: Float64Array[] } {
  return {
    estimate: values.subarray(0, groups),
    percentiles: Array.from({ length: L }, (_, l) => values.subarray((1 + l) * groups, (2 + l) * groups)),
  };
}
