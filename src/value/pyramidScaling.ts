import { CustomerValueError } from '../errors.js';
import { valueScores } from './pyramidKernel.js';
import type { DimensionScaling } from './valuePyramidSpec.js';

// The arithmetic the value pyramid's fit shares between its two doors (raw rows in memory, and
// statistics computed in an engine): scaling from a dimension's moments and the descending ranks
// of the quantile tier cuts. Internal: not exported from the package.

/** What the scaling of one dimension reads from its values t(x): count, mean, sample SD, range. */
export interface DimensionMoments {
  readonly mean: number;
  /** Sample standard deviation (n − 1 in the denominator). */
  readonly sd: number;
  /** Smallest and largest t(x). */
  readonly lo: number;
  readonly hi: number;
}

/**
 * `{ center, spread }` of one dimension: `zscore` mean and sample SD, `minmax` the range (from
 * the better end's opposite), `none` (0, 1). A constant dimension cannot be scaled: `invalid_value`.
 */
export function dimensionScale(
  fn: string,
  m: DimensionMoments,
  scale: 'zscore' | 'minmax' | 'none',
  better: 'higher' | 'lower',
  column: string,
  /** The dimension's place in the spec, `dimensions[i]`, for the hint. */
  path: string,
): { center: number; spread: number } {
  if (scale === 'none') return { center: 0, spread: 1 };
  if (!(m.hi > m.lo)) {
    throw new CustomerValueError('invalid_value', `${fn}: column "${column}" is constant, so it cannot be scaled`, [
      {
        function: fn,
        column,
        expected: 'a column that varies across customers',
        received: `every value ${m.lo}`,
        hint: `drop the dimension or set ${path}.scale: 'none'`,
      },
    ]);
  }
  if (scale === 'zscore') return { center: m.mean, spread: m.sd };
  return better === 'higher' ? { center: m.lo, spread: m.hi - m.lo } : { center: m.hi, spread: m.hi - m.lo };
}

/**
 * Descending ranks (1-based) of the `quantile` tier cuts among `n` customers: tier j's lower
 * threshold is the value at rank ⌈c_j·n⌉ (c_j the cumulative share down to tier j, less 1e-9·n
 * so that a share sum like 0.01 + 0.04 + 0.15 = 0.2000000000000000x lands on the intended rank).
 */
export function quantileCutRanks(n: number, shares: readonly number[]): number[] {
  const out: number[] = [];
  let cumulative = 0;
  for (let j = 0; j < shares.length - 1; j++) {
    cumulative += shares[j];
    out.push(Math.min(n, Math.max(1, Math.ceil(cumulative * n - 1e-9 * n))));
  }
  return out;
}

/** The cumulative-share limits `c_j · total · (1 − 1e-12)` factors: c_j for each cut but the last tier. */
export function cumulativeCutShares(shares: readonly number[]): number[] {
  const out: number[] = [];
  let cumulative = 0;
  for (let j = 0; j < shares.length - 1; j++) {
    cumulative += shares[j];
    out.push(cumulative);
  }
  return out;
}

/** The tolerance factor of the cumulative-share cut: a customer whose running value reaches `c·total·CUMULATIVE_SLACK` closes the tier. */
export const CUMULATIVE_SLACK = 1 - 1e-12;

/** The `cumulativeShare` refusal of negative value scores. */
export function negativeValueError(fn: string, lowest: number): CustomerValueError {
  return new CustomerValueError('invalid_value', `${fn}: cumulativeShare tiers need non-negative values`, [
    {
      function: fn,
      path: 'spec.tiers.method',
      expected: 'value scores ≥ 0 (shares of total value)',
      received: `a lowest score of ${lowest}`,
      hint: "use scale 'none' on non-negative money columns or 'minmax', or tiers.method 'quantile'",
    },
  ]);
}

/** What `scalingFromStatistics` reads of a spec dimension. */
interface ScaledDimension {
  readonly column: string;
  readonly weight: number;
  readonly better: 'higher' | 'lower';
  readonly transform: 'none' | 'log1p';
  readonly scale: 'zscore' | 'minmax' | 'none';
}

/**
 * The model's `scaling` from per-dimension statistics (`mean`, `sd` of t(x); `min`, `max` of x,
 * t = log1p where asked), exactly as the raw-row fit builds it from the same numbers: weights
 * normalized to sum to 1, signed by direction.
 */
export function scalingFromStatistics(
  fn: string,
  dimensions: readonly ScaledDimension[],
  statistics: readonly { readonly mean: number | null; readonly sd: number | null; readonly min: number; readonly max: number }[],
): { column: string; center: number; spread: number; weight: number }[] {
  const totalWeight = dimensions.reduce((sum, d) => sum + d.weight, 0);
  return dimensions.map((d, i) => {
    const m = statistics[i];
    const t = (x: number) => (d.transform === 'log1p' ? Math.log1p(x) : x);
    const { center, spread } = dimensionScale(
      fn,
      { mean: m.mean ?? 0, sd: m.sd ?? 0, lo: t(m.min), hi: t(m.max) },
      d.scale,
      d.better,
      d.column,
      `dimensions[${i}]`,
    );
    const sign = d.better === 'higher' ? 1 : -1;
    return { column: d.column, center, spread, weight: (sign * d.weight) / totalWeight };
  });
}

/** One customer's value score from its dimension values, through the same kernel as the raw-row fit (so the same arithmetic). */
export function customerScore(values: readonly number[], scaling: readonly DimensionScaling[], log1p: readonly boolean[]): number {
  return valueScores(
    values.map((v) => Float64Array.of(v)),
    scaling,
    log1p,
    1,
  )[0];
}
