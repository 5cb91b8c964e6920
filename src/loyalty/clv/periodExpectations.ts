import { expectationIfAlive, throwIfNotFinite } from './betaGeoMath.js';
import type { BetaGeoModel } from './fitBetaGeo.js';
import type { RepeatBuying } from './repeatBuyingOf.js';
import { groupRows } from '../../internal/groupRows.js';

/** Per distinct (x, T): the CLV period sums for a customer alive now. */
export interface PeriodExpectations {
  /** Σ_i (E_i − E_{i−1}) · (1 + d)^−i over the horizon's periods. */
  readonly discounted: Float64Array;
  /** E_H: expected purchases over the whole horizon (undiscounted). */
  readonly undiscounted: Float64Array;
}

/**
 * The period sums of `customerLifetimeValue` for distinct (x, T) pairs: E_i = E[Y(i·step) | alive
 * at T] for i = 1..horizon (`step` = one period in the purchase model's time unit), summed in
 * that order with the discount factors `discount[i] = (1 + d)^−(i+1)`. The one code path shared by
 * `customerLifetimeValue` and the warehouse lookup table (`betaGeoScoreLookup`), so both give
 * the same bits. `rowOf(g)` names the input row of pair g (and its t_x) when a sum is not
 * finite (`not_converged`). With `interval.from` > 0 only periods from + 1..horizon are summed
 * (value earned in (from·step, horizon·step]); with `interval.flows` each period's expected
 * purchases E_i − E_{i−1} are kept there, period-major (index (i − from − 1)·pairs + g). With
 * from = 0 the arithmetic is the original one, bit for bit. `params` may be one set per pair (a
 * BG/NBD with covariates, each group of (covariates, x, T) at its own parameters). Internal: not
 * exported from the package.
 */
export function periodExpectations(
  params: BetaGeoModel['params'] | readonly BetaGeoModel['params'][],
  px: ArrayLike<number>,
  pT: ArrayLike<number>,
  horizon: number,
  step: number,
  discount: ArrayLike<number>,
  fn: string,
  rowOf: (g: number) => { row: number | undefined; tx: number },
  interval: { readonly from: number; readonly flows: Float64Array | null } = { from: 0, flows: null },
): PeriodExpectations {
  const discounted = new Float64Array(px.length);
  const undiscounted = new Float64Array(px.length);
  const { from, flows } = interval;
  const groups = px.length;
  for (let g = 0; g < groups; g++) {
    const pg = Array.isArray(params) ? (params as readonly BetaGeoModel['params'][])[g] : (params as BetaGeoModel['params']);
    const start = from === 0 ? 0 : expectationIfAlive(pg, px[g], pT[g], from * step);
    let previous = start;
    let sum = 0;
    for (let i = from; i < horizon; i++) {
      const current = expectationIfAlive(pg, px[g], pT[g], (i + 1) * step);
      if (!Number.isFinite(current) || !Number.isFinite(start)) {
        const { row, tx } = rowOf(g);
        throwIfNotFinite(Number.isFinite(start) ? current : start, fn, pg, px[g], tx, pT[g], Number.isFinite(start) ? (i + 1) * step : from * step, row);
      }
      if (flows !== null) flows[(i - from) * groups + g] = current - previous;
      sum += (current - previous) * discount[i];
      previous = current;
    }
    discounted[g] = sum;
    undiscounted[g] = from === 0 ? previous : previous - start;
  }
  return { discounted, undiscounted };
}

/** The discount factor of each period: (1 + d)^−i for i = 1..horizon, as `customerLifetimeValue` computes it. */
export function discountFactors(horizon: number, discountRate: number): number[] {
  return Array.from({ length: horizon }, (_, i) => Math.pow(1 + discountRate, -(i + 1)));
}

/**
 * The same period sums for distinct (x, T) pairs of any repeat-buying kind but BG/NBD's, of the
 * expectation of a customer alive at T: E_i = E[Y(i·step) | alive, x, T] for i = from + 1..horizon,
 * summed in that order with the discount factors. E[Y(t) | x, t_x, T] = P(alive | x, t_x, T) ·
 * E[Y(t) | alive, x, T] (the product `model.conditional` computes), so a history's sums are its
 * P(alive) times its pair's (equal to summing the conditional per history up to rounding, 1e-15
 * relative). With `flows` each period's expected purchases are kept there, period-major (index
 * (i − from − 1)·pairs + g). `model` may be one per pair (a Pareto/NBD with covariates, each
 * group of (covariates, x, T) at its own parameters). Internal: not exported from the package.
 */
export function aliveExpectations(
  model: RepeatBuying | readonly RepeatBuying[],
  px: ArrayLike<number>,
  pT: ArrayLike<number>,
  horizon: number,
  step: number,
  discount: ArrayLike<number>,
  interval: { readonly from: number; readonly flows: Float64Array | null } = { from: 0, flows: null },
): PeriodExpectations {
  const { from, flows } = interval;
  const groups = px.length;
  const discounted = new Float64Array(groups);
  const undiscounted = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    const m = Array.isArray(model) ? (model as readonly RepeatBuying[])[g] : (model as RepeatBuying);
    const start = from === 0 ? 0 : m.expectationIfAlive(px[g], pT[g], from * step);
    let previous = start;
    let sum = 0;
    for (let i = from; i < horizon; i++) {
      const current = m.expectationIfAlive(px[g], pT[g], (i + 1) * step);
      if (flows !== null) flows[(i - from) * groups + g] = current - previous;
      sum += (current - previous) * discount[i];
      previous = current;
    }
    discounted[g] = sum;
    undiscounted[g] = previous - start;
  }
  return { discounted, undiscounted };
}

/**
 * Per distinct history (x, t_x, T): P(alive) and the period sums of `aliveExpectations` times it,
 * `alive · discounted` and `alive · undiscounted` — the factors `customerLifetimeValue` multiplies
 * a customer's margin · spend by, in the same order, so the warehouse report's lookup table of a
 * Pareto/NBD or MBG/NBD pick gives the same bits. Internal: not exported from the package.
 */
export function historyExpectations(
  model: RepeatBuying,
  hx: ArrayLike<number>,
  htx: ArrayLike<number>,
  hT: ArrayLike<number>,
  horizon: number,
  step: number,
  discount: ArrayLike<number>,
): PeriodExpectations & { readonly alive: Float64Array } {
  const pairs = groupRows([hx, hT], hx.length);
  const [px, pT] = pairs.columns;
  const sums = aliveExpectations(model, px, pT, horizon, step, discount);
  const groups = hx.length;
  const discounted = new Float64Array(groups);
  const undiscounted = new Float64Array(groups);
  const alive = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    const pair = pairs.groupOf[g];
    alive[g] = model.alive(hx[g], htx[g], hT[g]);
    discounted[g] = alive[g] * sums.discounted[pair];
    undiscounted[g] = alive[g] * sums.undiscounted[pair];
  }
  return { discounted, undiscounted, alive };
}
