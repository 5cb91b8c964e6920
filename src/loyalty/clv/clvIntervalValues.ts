import { purchaseSideOf, spendSideOf, type PurchaseSide, type SpendSide } from './clvIntervalModels.js';
import type { IntervalArrays, IntervalSizes } from './clvIntervalPercentiles.js';

// The values at every draw of `clvConfidenceIntervals`, split into units of consecutive draws so
// that they run the same on one thread or many (customer-value/node): unit u evaluates draws
// u · drawsPerUnit.. (the model rebuilt at each draw from its plain parameters), each draw's
// P(alive) per distinct (z, x, t_x, T), period sums per distinct (z, x, T), spend per distinct
// (z_s, x, m̄) and totals over time, and writes them at its own draws' columns of the group-major
// arrays. A value depends only on its draw and its key, so every number is the same whatever
// thread computes it and however the draws are cut into units. Internal.

/** Draws per unit: each unit's P(alive) and spend are written draw-major into a block of this many draws, then transposed into the group-major rows (one strided write per value was a cache miss each). */
export const DRAW_BLOCK = 32;

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
  readonly arrays: IntervalArrays;
}

/** Which value was not finite. */
export type ValueKind = 'alive' | 'undiscounted' | 'discounted' | 'spend';

/** How the units evaluate: the checked sides, an input row of a pair or spend group (for errors), and what to do with a value that is not finite (throw). */
export interface ValueContext {
  readonly purchase: PurchaseSide;
  readonly spend: SpendSide | null;
  readonly pairRow?: (group: number) => number;
  readonly spendRow?: (group: number) => number;
  /** Called with the first value that is not finite of a draw (the draws in order within a unit): must throw. */
  readonly notFinite: (kind: ValueKind, group: number, d: number, value: number) => never;
}

/** Units of the value pass. */
export function valueUnits(job: ValueJob): number {
  return Math.ceil(job.sizes.W / job.drawsPerUnit);
}

/** A counter value past every unit: threads stop taking units (small enough that each thread's last `Atomics.add` cannot overflow). */
export const NO_MORE_UNITS = 0x3fffffff;

/**
 * Take units from `job.arrays.counter[0]` until none are left, running each (the one-thread pass
 * calls this once, with the counter at 0: the units, and so the draws, in order, so the first
 * value refused is the first in draw order, then group order).
 */
export function runValueUnits(job: ValueJob, context: ValueContext): void {
  const { A, P, S, kp, ks } = job.sizes;
  const arrays = job.arrays;
  const pairCovariates = Array.from({ length: kp }, (_, j) => arrays.pairZ.subarray(j * P, (j + 1) * P));
  const spendCovariates = arrays.spendZ === null ? [] : Array.from({ length: ks }, (_, j) => arrays.spendZ!.subarray(j * S, (j + 1) * S));
  const block = Math.min(job.drawsPerUnit, job.sizes.W);
  const work: UnitWork = {
    pairCovariates,
    spendCovariates,
    aliveBlock: new Float64Array(block * A),
    spendBlock: new Float64Array(block * S),
    flows: job.sizes.periods > 0 ? new Float64Array(job.sizes.periods * P) : null,
  };
  const U = valueUnits(job);
  for (;;) {
    const u = Atomics.add(arrays.counter, 0, 1);
    if (u >= U) return;
    valueUnit(job, context, u, work);
  }
}

/**
 * The value pass on a thread that must not throw (a worker, or the caller's share beside them):
 * a unit that meets a value that is not finite, or throws, sets the flag (`counter[1]`) and stops
 * the hand-out of units; the caller then runs the pass again on its own thread (`runValueUnits`
 * in draw order), which throws the one-thread function's error.
 */
export function runValueUnitsFlagged(job: ValueJob): void {
  try {
    const context: ValueContext = {
      purchase: purchaseSideOf(job.purchaseModel, job.fn),
      spend: job.spendModel === null ? null : spendSideOf(job.spendModel, job.fn),
      notFinite: () => {
        throw new Error('a value at a draw is not finite');
      },
    };
    runValueUnits(job, context);
  } catch {
    Atomics.store(job.arrays.counter, 1, 1);
    Atomics.store(job.arrays.counter, 0, NO_MORE_UNITS);
  }
}

interface UnitWork {
  readonly pairCovariates: readonly Float64Array[];
  readonly spendCovariates: readonly Float64Array[];
  /** Draw-major P(alive) (A per draw) and spend (S per draw) of the unit's draws. */
  readonly aliveBlock: Float64Array;
  readonly spendBlock: Float64Array;
  /** Each period's expected purchases per pair group at a draw (period-major), for the totals over time. */
  readonly flows: Float64Array | null;
}

/** Unit u: draws u · drawsPerUnit.. in order, each checked before the next is computed. */
function valueUnit(job: ValueJob, context: ValueContext, u: number, work: UnitWork): void {
  const { A, P, S, W, periods } = job.sizes;
  const { ax, atx, aT, px, pT, sx, sm, pairOfAlive, alive, undiscounted, discounted, spend, weights, aliveOf, pairOf, spendOf } = job.arrays;
  const { overPurchases, overValue } = job.arrays;
  const { purchase, spend: spendSide, notFinite } = context;
  const { aliveBlock, spendBlock, flows, pairCovariates, spendCovariates } = work;
  const { horizon, step, discount, margin } = job;
  const d0 = u * job.drawsPerUnit;
  const d1 = Math.min(W, d0 + job.drawsPerUnit);
  for (let d = d0; d < d1; d++) {
    const j = d - d0;
    const model = purchase.atDraw(job.purchaseParams[d], pairCovariates, P, context.pairRow);
    for (let a = 0; a < A; a++) aliveBlock[j * A + a] = model.alive(ax[a], atx[a], aT[a], pairOfAlive[a]);
    if (discounted !== null) {
      const sums = model.sums(px, pT, horizon, step, discount);
      for (let p = 0; p < P; p++) {
        undiscounted[p * W + d] = sums.undiscounted[p];
        discounted[p * W + d] = sums.discounted[p];
      }
    } else {
      for (let p = 0; p < P; p++) undiscounted[p * W + d] = model.expectationIfAlive(px[p], pT[p], horizon * step, p);
    }
    if (spendSide !== null && sx !== null && sm !== null) {
      const spendOfGroup = spendSide.atDraw(job.spendParams[d], spendCovariates, context.spendRow);
      for (let k = 0; k < S; k++) spendBlock[j * S + k] = spendOfGroup(k, sx[k], sm[k]);
    }
    // a value that could not be computed at this draw is refused here, never carried into the output as NaN or ±Infinity
    let g = firstNotFinite(aliveBlock, j * A, A, 1);
    if (g >= 0) notFinite('alive', g, d, aliveBlock[j * A + g]);
    if ((g = firstNotFinite(undiscounted, d, P, W)) >= 0) notFinite('undiscounted', g, d, undiscounted[g * W + d]);
    if (discounted !== null && (g = firstNotFinite(discounted, d, P, W)) >= 0) notFinite('discounted', g, d, discounted[g * W + d]);
    if (spendSide !== null && (g = firstNotFinite(spendBlock, j * S, S, 1)) >= 0) notFinite('spend', g, d, spendBlock[j * S + g]);
    if (flows !== null && overPurchases !== null) {
      model.sums(px, pT, periods, step, discount, { from: 0, flows });
      overTimeOfDraw(d, W, flows, P, periods, weights, (h) => aliveBlock[j * A + aliveOf[h]], pairOf, overPurchases);
      if (overValue !== null && spendOf !== null) {
        const value = (h: number) => margin * spendBlock[j * S + spendOf[h]] * aliveBlock[j * A + aliveOf[h]];
        overTimeOfDraw(d, W, flows, P, periods, weights, value, pairOf, overValue, discount);
      }
    }
  }
  transposeInto(aliveBlock, A, d1 - d0, alive, W, d0);
  if (spend !== null) transposeInto(spendBlock, S, d1 - d0, spend, W, d0);
}

/** The first i < count whose values[from + i · stride] is NaN or ±Infinity, or −1. */
export function firstNotFinite(values: Float64Array, from: number, count: number, stride: number): number {
  for (let i = 0; i < count; i++) if (!Number.isFinite(values[from + i * stride])) return i;
  return -1;
}

/** out[g · W + d0 + j] = block[j · groups + g] for the block's `count` draws (draw-major into group-major). */
function transposeInto(block: Float64Array, groups: number, count: number, out: Float64Array, W: number, d0: number): void {
  for (let g = 0; g < groups; g++) {
    const row = g * W + d0;
    for (let j = 0; j < count; j++) out[row + j] = block[j * groups + g];
  }
}

/**
 * Add draw d's base totals at every horizon 1..periods to `out` (period-major, W per period): the
 * flows of each distinct (x, T) pair (period-major, P per period) times Σ over its histories of
 * weight · factor(h), times the period's discount when given, accumulated over the periods. Each
 * draw writes its own column only.
 */
function overTimeOfDraw(
  d: number,
  W: number,
  flows: Float64Array,
  P: number,
  periods: number,
  weights: ArrayLike<number>,
  factor: (h: number) => number,
  pairOf: Int32Array,
  out: Float64Array,
  discount?: readonly number[],
): void {
  const pairWeight = new Float64Array(P);
  for (let h = 0; h < pairOf.length; h++) pairWeight[pairOf[h]] += weights[h] * factor(h);
  let cumulative = 0;
  for (let i = 0; i < periods; i++) {
    let sum = 0;
    for (let p = 0; p < P; p++) sum += pairWeight[p] * flows[i * P + p];
    cumulative += discount === undefined ? sum : sum * discount[i];
    out[i * W + d] = cumulative;
  }
}
