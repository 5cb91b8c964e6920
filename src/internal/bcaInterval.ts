import { erfc, normalQuantile } from './normalQuantile.js';
import { quantileOfSorted } from './percentiles.js';

/** A bias-corrected and accelerated interval with the two quantities that make it. Internal. */
export interface BcaInterval {
  readonly lower: number;
  readonly upper: number;
  /** Bias correction: Φ⁻¹ of the share of resamples below the estimate (ties count half). */
  readonly z0: number;
  /** Acceleration from the jackknife: Σd³ / (6 (Σd²)^{3/2}), d = mean − θ₍ᵢ₎. */
  readonly acceleration: number;
}

/** Standard normal distribution function. */
function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * The quantile levels of a BCa interval (Efron & Tibshirani 1993, eq. 14.10) — the formula of
 * scipy.stats.bootstrap's `_bca_interval`: α₁ = Φ(z0 + (z0 + z_α) / (1 − a (z0 + z_α))), and α₂
 * the same with z_{1−α}. With z0 = a = 0 they are α and 1 − α: the percentile interval. Internal.
 */
export function bcaLevels(z0: number, acceleration: number, alpha: number): [number, number] {
  const zAlpha = normalQuantile(alpha);
  const num1 = z0 + zAlpha;
  const num2 = z0 - zAlpha;
  return [normalCdf(z0 + num1 / (1 - acceleration * num1)), normalCdf(z0 + num2 / (1 - acceleration * num2))];
}

/**
 * BCa interval (Efron 1987) at two-sided `level` from resample estimates sorted ascending, the
 * estimate on the data, and jackknife estimates (leave-one-out, or leave-one-group-out: the
 * acceleration formula is the same). As scipy.stats.bootstrap(method='BCa'): z0 = Φ⁻¹ of the
 * share of resamples below the estimate, counting ties half ((#< + #≤) / 2B); a = Σd³ / (6
 * (Σd²)^{3/2}); the bounds are type-7 quantiles (numpy's default) at the levels of `bcaLevels`.
 * Null when not defined: every resample on one side of the estimate (z0 infinite — scipy gives
 * NaN and a warning there), a jackknife with no spread, or fewer than two resamples. Internal.
 */
export function bcaInterval(sorted: ArrayLike<number>, estimate: number, jackknife: ArrayLike<number>, level: number): BcaInterval | null {
  const B = sorted.length;
  if (B < 2 || !Number.isFinite(estimate)) return null;
  let below = 0;
  let atOrBelow = 0;
  for (let b = 0; b < B; b++) {
    if (sorted[b] < estimate) below++;
    if (sorted[b] <= estimate) atOrBelow++;
  }
  const z0 = normalQuantile((below + atOrBelow) / (2 * B));
  if (!Number.isFinite(z0)) return null;
  const J = jackknife.length;
  let mean = 0;
  for (let i = 0; i < J; i++) mean += jackknife[i];
  mean /= J;
  let num = 0;
  let den = 0;
  for (let i = 0; i < J; i++) {
    const d = mean - jackknife[i];
    num += d * d * d;
    den += d * d;
  }
  const acceleration = num / (6 * den ** 1.5);
  if (!Number.isFinite(acceleration)) return null;
  const [a1, a2] = bcaLevels(z0, acceleration, (1 - level) / 2);
  return { lower: quantileOfSorted(sorted, a1), upper: quantileOfSorted(sorted, a2), z0, acceleration };
}
