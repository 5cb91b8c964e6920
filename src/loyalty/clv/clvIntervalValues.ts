import { purchaseSideOf, spendSideOf, type PurchaseAtDraw, type PurchaseSide, type SpendSide } from './clvIntervalModels.js';
import type { IntervalArrays, IntervalSizes } from './clvIntervalPercentiles.js';

// The values at every draw of `clvConfidenceIntervals`, split into units so that they run the
// same on one thread or many (customer-value/node). A key unit is a block of consecutive draws
// by a block of keys: a block of distinct (z, x, T) pairs — the P(alive) of every distinct (z, x,
// t_x, T) of those pairs and the pairs' period sums — or a block of distinct (z_s, x, m̄) spend
// groups; it builds the models at its draws once (from their plain parameters), then writes each
// key's row of the group-major arrays at its draws' columns (key outer, draws inner), so its
// scratch is bounded by the block sizes, not by the number of keys. Once every key unit is done,
// the over-time units (one per draw, with `totalsOverTime`) read those rows for the base totals
// at every horizon, a key block of pairs at a time (their scratch bounded by the block too). A value depends only on its draw and its key, and each per-draw total is
// summed by one unit in history order, so every number is the same whatever thread computes it
// and however the draws and keys are cut into units. A unit only flags a value that is not
// finite; the one-thread order of refusal (draw order, then group order) is `refuseInDrawOrder`'s.
// Internal.

/** Draws per key unit (its models are built once per unit, and each key's row written over this many draws). */
export const DRAW_BLOCK = 32;
/** Pair groups (with their histories' alive groups), or spend groups, per key unit: bounds a unit's scratch. */
export const KEY_BLOCK = 1024;

/** The value pass: plain data (models are plain JSON, the arrays typed, shared with workers in customer-value/node). */
export interface ValueJob {
  readonly fn: string;
  readonly sizes: IntervalSizes;
  readonly purchaseModel: unknown;
  /** The spend model, or null without one. */
  readonly spendModel: unknown;
  /** Each column's parameters (the draws', then the estimate's at W − 1): purchase, and spend (empty without one). */
  readonly purchaseParams: readonly Readonly<Record<string, number>>[];
  readonly spendParams: readonly Readonly<Record<string, number>>[];
  readonly horizon: number;
  /** Days of a horizon period in the model's time unit (1 for a BG/BB). */
  readonly step: number;
  readonly discount: readonly number[];
  readonly margin: number;
  readonly drawsPerUnit: number;
  /** Pair groups, or spend groups, per key unit. */
  readonly keysPerUnit: number;
  readonly arrays: IntervalArrays;
}

/** The two phases of the value pass: the key units, then (with totals over time) the over-time units, which read every key's values. */
export type ValuePhase = 'keys' | 'overTime';

/** Which value was not finite. */
export type ValueKind = 'alive' | 'undiscounted' | 'discounted' | 'spend';

/** The checked model sides the units evaluate. */
export interface ValueSides {
  readonly purchase: PurchaseSide;
  readonly spend: SpendSide | null;
  /** An input row of a pair or spend group (for errors). */
  readonly pairRow?: (group: number) => number;
  readonly spendRow?: (group: number) => number;
}

/** How the one-thread pass refuses: the sides, and what to do with the first value that is not finite (throw). */
export interface ValueContext extends ValueSides {
  /** Called with the first value that is not finite, in draw order, then group order: must throw. */
  readonly notFinite: (kind: ValueKind, group: number, d: number, value: number) => never;
}

const blocks = (n: number, size: number) => Math.ceil(n / size);

/** Units of a phase: draw blocks × (pair blocks + spend blocks); one per draw over time (none without totals over time). */
export function valueUnits(job: ValueJob, phase: ValuePhase): number {
  const { P, S, W, periods } = job.sizes;
  if (phase === 'overTime') return periods > 0 ? W : 0;
  return blocks(W, job.drawsPerUnit) * (blocks(P, job.keysPerUnit) + blocks(S, job.keysPerUnit));
}

/** A counter value past every unit: threads stop taking units (small enough that each thread's last `Atomics.add` cannot overflow). */
export const NO_MORE_UNITS = 0x3fffffff;

/**
 * The alive groups of each pair group, for the key units: `aliveByPair[aliveStart[p]..aliveStart[p + 1]]`
 * are pair p's alive groups, in alive-group order (a stable counting sort of `pairOfAlive`).
 */
export function indexAliveByPair(pairOfAlive: Int32Array, aliveStart: Int32Array, aliveByPair: Int32Array): void {
  aliveStart.fill(0);
  for (let a = 0; a < pairOfAlive.length; a++) aliveStart[pairOfAlive[a] + 1]++;
  for (let p = 1; p < aliveStart.length; p++) aliveStart[p] += aliveStart[p - 1];
  const next = aliveStart.slice(0, aliveStart.length - 1);
  for (let a = 0; a < pairOfAlive.length; a++) aliveByPair[next[pairOfAlive[a]]++] = a;
}

/**
 * A phase on a thread that must not throw (a worker, the caller's share beside them, or the
 * one-thread pass before it looks for the value to refuse): units taken from
 * `job.arrays.counter[0]` until none are left; a unit that meets a value that is not finite, or
 * throws, sets the flag (`counter[1]`) and stops the hand-out of units. The caller then calls
 * `refuseInDrawOrder`, which throws the one-thread function's error. `sides`: the checked models
 * (default: checked here from the job's plain models).
 */
export function runValueUnitsFlagged(job: ValueJob, phase: ValuePhase, sides?: ValueSides): void {
  const counter = job.arrays.counter;
  try {
    const checked = sides ?? {
      purchase: purchaseSideOf(job.purchaseModel, job.fn),
      spend: job.spendModel === null ? null : spendSideOf(job.spendModel, job.fn),
    };
    const U = valueUnits(job, phase);
    const work = phase === 'overTime' ? overTimeWork(job) : null;
    for (;;) {
      const u = Atomics.add(counter, 0, 1);
      if (u >= U) return;
      const finite = work === null ? keyUnit(job, checked, u) : (overTimeOfDraw(job, checked, u, work), true);
      if (!finite) break;
    }
  } catch {
    // flagged below: the caller computes the values again in draw order to refuse it
  }
  Atomics.store(counter, 1, 1);
  Atomics.store(counter, 0, NO_MORE_UNITS);
}

/**
 * Every value at every draw on the calling thread, as the one-thread function computes them: the
 * key units, then the over-time units; when a key unit flags a value that is not finite (or
 * throws), `refuseInDrawOrder` throws the error of the first one in draw order, then group order.
 */
export function runValuesInOrder(job: ValueJob, context: ValueContext): void {
  const counter = job.arrays.counter;
  Atomics.store(counter, 0, 0);
  Atomics.store(counter, 1, 0);
  runValueUnitsFlagged(job, 'keys', context);
  // a flagged value: every value again, draw by draw (over time too), throwing the first refusal
  if (Atomics.load(counter, 1) !== 0) {
    refuseInDrawOrder(job, context);
    return;
  }
  const U = valueUnits(job, 'overTime');
  const work = U > 0 ? overTimeWork(job) : null;
  for (let u = 0; u < U && work !== null; u++) overTimeOfDraw(job, context, u, work);
}

/** Key unit u (key block outer, draw block inner): false when one of its values is not finite. */
function keyUnit(job: ValueJob, sides: ValueSides, u: number): boolean {
  const { P, W } = job.sizes;
  const drawBlocks = blocks(W, job.drawsPerUnit);
  const keyBlock = Math.floor(u / drawBlocks);
  const d0 = (u % drawBlocks) * job.drawsPerUnit;
  const d1 = Math.min(W, d0 + job.drawsPerUnit);
  const pairBlocks = blocks(P, job.keysPerUnit);
  if (keyBlock < pairBlocks) {
    const p0 = keyBlock * job.keysPerUnit;
    return purchaseBlock(job, sides, d0, d1, p0, Math.min(P, p0 + job.keysPerUnit));
  }
  const k0 = (keyBlock - pairBlocks) * job.keysPerUnit;
  return spendBlock(job, sides, d0, d1, k0, Math.min(job.sizes.S, k0 + job.keysPerUnit));
}

/** The covariate columns of the pair groups (column-major, P per column), as views. */
function pairCovariatesOf(job: ValueJob): Float64Array[] {
  const { P, kp } = job.sizes;
  return Array.from({ length: kp }, (_, j) => job.arrays.pairZ.subarray(j * P, (j + 1) * P));
}

/** The covariate columns of the spend groups (column-major, S per column), as views. */
function spendCovariatesOf(job: ValueJob): Float64Array[] {
  const { S, ks } = job.sizes;
  const spendZ = job.arrays.spendZ;
  return spendZ === null ? [] : Array.from({ length: ks }, (_, j) => spendZ.subarray(j * S, (j + 1) * S));
}

/** The purchase model at draws d0..d1 − 1 over pairs p0..p1 − 1, built once. */
function purchaseModels(job: ValueJob, sides: ValueSides, d0: number, d1: number, p0: number, p1: number): PurchaseAtDraw[] {
  const covariates = pairCovariatesOf(job);
  const models: PurchaseAtDraw[] = [];
  for (let d = d0; d < d1; d++) models.push(sides.purchase.atDraw(job.purchaseParams[d], covariates, { first: p0, end: p1 }, sides.pairRow));
  return models;
}

/**
 * Draws d0..d1 − 1 of pairs p0..p1 − 1: P(alive) of each of their alive groups (its row's columns
 * d0..d1 − 1, written in turn), and the pairs' period sums. False when one of them is not finite.
 */
function purchaseBlock(job: ValueJob, sides: ValueSides, d0: number, d1: number, p0: number, p1: number): boolean {
  const W = job.sizes.W;
  const { ax, atx, aT, alive, aliveStart, aliveByPair } = job.arrays;
  const models = purchaseModels(job, sides, d0, d1, p0, p1);
  let finite = true;
  for (let p = p0; p < p1; p++) {
    for (let i = aliveStart[p]; i < aliveStart[p + 1]; i++) {
      const a = aliveByPair[i];
      const row = a * W;
      const x = ax[a];
      const tx = atx[a];
      const T = aT[a];
      for (let d = d0; d < d1; d++) {
        const v = models[d - d0].alive(x, tx, T, p);
        alive[row + d] = v;
        finite &&= Number.isFinite(v);
      }
    }
  }
  for (let d = d0; d < d1; d++) finite = pairSums(job, models[d - d0], d, p0, p1) && finite;
  return finite;
}

/**
 * Draw d's period sums of pairs p0..p1 − 1 (the model's range), undiscounted and discounted (without
 * spend, the expectation over the horizon only), at column d of their rows. False when one is not finite.
 */
function pairSums(job: ValueJob, model: PurchaseAtDraw, d: number, p0: number, p1: number): boolean {
  const W = job.sizes.W;
  const { px, pT, undiscounted, discounted } = job.arrays;
  const { horizon, step, discount } = job;
  let finite = true;
  if (discounted !== null) {
    const sums = model.sums(px, pT, horizon, step, discount);
    for (let p = p0; p < p1; p++) {
      const u = sums.undiscounted[p - p0];
      const v = sums.discounted[p - p0];
      undiscounted[p * W + d] = u;
      discounted[p * W + d] = v;
      finite &&= Number.isFinite(u) && Number.isFinite(v);
    }
  } else {
    for (let p = p0; p < p1; p++) {
      const u = model.expectationIfAlive(px[p], pT[p], horizon * step, p);
      undiscounted[p * W + d] = u;
      finite &&= Number.isFinite(u);
    }
  }
  return finite;
}

/** Draws d0..d1 − 1 of spend groups k0..k1 − 1 (each group's row in turn). False when one is not finite. */
function spendBlock(job: ValueJob, sides: ValueSides, d0: number, d1: number, k0: number, k1: number): boolean {
  const W = job.sizes.W;
  const { sx, sm, spend } = job.arrays;
  if (sides.spend === null || sx === null || sm === null || spend === null) return true;
  const covariates = spendCovariatesOf(job);
  const spendAt: ((k: number, x: number, m: number) => number)[] = [];
  for (let d = d0; d < d1; d++) spendAt.push(sides.spend.atDraw(job.spendParams[d], covariates, sides.spendRow));
  let finite = true;
  for (let k = k0; k < k1; k++) {
    const row = k * W;
    for (let d = d0; d < d1; d++) {
      const v = spendAt[d - d0](k, sx[k], sm[k]);
      spend[row + d] = v;
      finite &&= Number.isFinite(v);
    }
  }
  return finite;
}

/**
 * The one-thread order of refusal: draw by draw, P(alive) of every alive group (in group order),
 * the period sums of every pair and the spend of every spend group, computed (a model's own
 * refusal thrown as it meets one) and then checked in that order; the first value that is not
 * finite goes to `context.notFinite`, which throws; then, with totals over time, the draw's base
 * totals at every horizon (whose expectations at the periods before the horizon may be refused
 * by the model where the horizon's own was not), before the next draw's values. Called when a key
 * unit flagged one; should none be found, every value has been written again (the same values),
 * the totals over time included.
 */
export function refuseInDrawOrder(job: ValueJob, context: ValueContext): void {
  const { A, P, S, W } = job.sizes;
  const { ax, atx, aT, pairOfAlive, alive, undiscounted, discounted, spend } = job.arrays;
  const { notFinite } = context;
  const work = valueUnits(job, 'overTime') > 0 ? overTimeWork(job) : null;
  for (let d = 0; d < W; d++) {
    const model = purchaseModels(job, context, d, d + 1, 0, P)[0];
    for (let a = 0; a < A; a++) alive[a * W + d] = model.alive(ax[a], atx[a], aT[a], pairOfAlive[a]);
    pairSums(job, model, d, 0, P);
    spendBlock(job, context, d, d + 1, 0, S);
    let g = firstNotFinite(alive, d, A, W);
    if (g >= 0) notFinite('alive', g, d, alive[g * W + d]);
    if ((g = firstNotFinite(undiscounted, d, P, W)) >= 0) notFinite('undiscounted', g, d, undiscounted[g * W + d]);
    if (discounted !== null && (g = firstNotFinite(discounted, d, P, W)) >= 0) notFinite('discounted', g, d, discounted[g * W + d]);
    if (spend !== null && (g = firstNotFinite(spend, d, S, W)) >= 0) notFinite('spend', g, d, spend[g * W + d]);
    if (work !== null) overTimeOfDraw(job, context, d, work);
  }
}

/** The first i < count whose values[from + i · stride] is NaN or ±Infinity, or −1. */
export function firstNotFinite(values: Float64Array, from: number, count: number, stride: number): number {
  for (let i = 0; i < count; i++) if (!Number.isFinite(values[from + i * stride])) return i;
  return -1;
}

/**
 * An over-time unit's scratch, bounded by the key block: each period's expected purchases of one
 * block of pairs at a draw (period-major), each pair's weights (purchases, and value with spend),
 * and each period's sums over the pairs so far.
 */
interface OverTimeWork {
  readonly flows: Float64Array;
  readonly purchaseWeight: Float64Array;
  readonly valueWeight: Float64Array | null;
  readonly purchaseSum: Float64Array;
  readonly valueSum: Float64Array | null;
}

function overTimeWork(job: ValueJob): OverTimeWork {
  const { P, periods } = job.sizes;
  const withValue = job.arrays.overValue !== null;
  return {
    flows: new Float64Array(periods * Math.min(P, job.keysPerUnit)),
    purchaseWeight: new Float64Array(P),
    valueWeight: withValue ? new Float64Array(P) : null,
    purchaseSum: new Float64Array(periods),
    valueSum: withValue ? new Float64Array(periods) : null,
  };
}

/**
 * Over-time unit d (once every key unit is done): draw d's base totals at every horizon
 * 1..periods, expected purchases and (with spend) value. Each pair's weight is Σ over its
 * histories of weight · P(alive) (· margin · spend for value), in history order; the pairs' period
 * flows at the draw are computed a key block at a time (the model built over the block), and each
 * period's sum over the pairs is carried from block to block, so its terms are added in pair order
 * as over all pairs at once (the same bits), with scratch bounded by the block. The sums, times
 * the period's discount for value, accumulate over the periods. Writes column d only.
 */
function overTimeOfDraw(job: ValueJob, sides: ValueSides, d: number, work: OverTimeWork): void {
  const { P, W, periods } = job.sizes;
  const { px, pT, alive, spend, weights, aliveOf, pairOf, spendOf, overPurchases, overValue } = job.arrays;
  if (overPurchases === null) return;
  const { step, discount, margin } = job;
  const { flows, purchaseWeight, valueWeight, purchaseSum, valueSum } = work;
  const value = overValue !== null && spendOf !== null && spend !== null && valueWeight !== null && valueSum !== null;
  pairWeights(weights, (h) => alive[aliveOf[h] * W + d], pairOf, purchaseWeight);
  if (value) pairWeights(weights, (h) => margin * spend[spendOf[h] * W + d] * alive[aliveOf[h] * W + d], pairOf, valueWeight);
  purchaseSum.fill(0);
  valueSum?.fill(0);
  for (let p0 = 0; p0 < P; p0 += job.keysPerUnit) {
    const p1 = Math.min(P, p0 + job.keysPerUnit);
    const model = purchaseModels(job, sides, d, d + 1, p0, p1)[0];
    model.sums(px, pT, periods, step, discount, { from: 0, flows });
    addPeriodSums(flows, purchaseWeight, p0, p1, periods, purchaseSum);
    if (value) addPeriodSums(flows, valueWeight, p0, p1, periods, valueSum);
  }
  accumulate(purchaseSum, d, W, overPurchases);
  if (value) accumulate(valueSum, d, W, overValue, discount);
}

/** Each pair's Σ over its histories of weight · factor(h), in history order. */
function pairWeights(weights: ArrayLike<number>, factor: (h: number) => number, pairOf: Int32Array, out: Float64Array): void {
  out.fill(0);
  for (let h = 0; h < pairOf.length; h++) out[pairOf[h]] += weights[h] * factor(h);
}

/** Add pairs p0..p1 − 1's terms weight · flow to each period's sum (the block's flows period-major, p1 − p0 per period), in pair order. */
function addPeriodSums(flows: Float64Array, weight: Float64Array, p0: number, p1: number, periods: number, sums: Float64Array): void {
  const B = p1 - p0;
  for (let i = 0; i < periods; i++) {
    let sum = sums[i];
    for (let j = 0; j < B; j++) sum += weight[p0 + j] * flows[i * B + j];
    sums[i] = sum;
  }
}

/** The totals at horizons 1..periods: the period sums (times the period's discount when given) accumulated, at column d of `out` (W per period). */
function accumulate(sums: Float64Array, d: number, W: number, out: Float64Array, discount?: readonly number[]): void {
  let cumulative = 0;
  for (let i = 0; i < sums.length; i++) {
    cumulative += discount === undefined ? sums[i] : sums[i] * discount[i];
    out[i * W + d] = cumulative;
  }
}
