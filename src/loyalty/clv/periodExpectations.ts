import { expectationIfAlive, throwIfNotFinite } from './betaGeoMath.js';
import type { BetaGeoModel } from './fitBetaGeo.js';

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
 * finite (`not_converged`). Internal: not exported from the package.
 */
export function periodExpectations(
  params: BetaGeoModel['params'],
  px: ArrayLike<number>,
  pT: ArrayLike<number>,
  horizon: number,
  step: number,
  discount: ArrayLike<number>,
  fn: string,
  rowOf: (g: number) => { row: number | undefined; tx: number },
): PeriodExpectations {
  const discounted = new Float64Array(px.length);
  const undiscounted = new Float64Array(px.length);
  for (let g = 0; g < px.length; g++) {
    let previous = 0;
    let sum = 0;
    for (let i = 0; i < horizon; i++) {
      const current = expectationIfAlive(params, px[g], pT[g], (i + 1) * step);
      if (!Number.isFinite(current)) {
        const { row, tx } = rowOf(g);
        throwIfNotFinite(current, fn, params, px[g], tx, pT[g], (i + 1) * step, row);
      }
      sum += (current - previous) * discount[i];
      previous = current;
    }
    discounted[g] = sum;
    undiscounted[g] = previous;
  }
  return { discounted, undiscounted };
}

/** The discount factor of each period: (1 + d)^−i for i = 1..horizon, as `customerLifetimeValue` computes it. */
export function discountFactors(horizon: number, discountRate: number): number[] {
  return Array.from({ length: horizon }, (_, i) => Math.pow(1 + discountRate, -(i + 1)));
}
